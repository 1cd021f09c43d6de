"""The text cells of an old register read as Unicode (domain/legacy_text.py): for an import and
for a file converted on its own. What changed, cell by cell, and what could not be decided, so
that the window shows them before anything is written and the command line says how many.

The officer chooses per file (``auto``, ``tcvn3``, ``vni`` or ``off``) and may choose otherwise
for a column; the heading row is read the same way, so "Ngµy tiÕp" finds its column.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.l10n import N_, _, format_number, ngettext
from desktop_app.domain.legacy_text import Judgement, Legacy, Verdict, judge, reads_as_vietnamese

AUTO, OFF = "auto", "off"
MODES = {AUTO: N_("Tự nhận biết"), Legacy.TCVN3.value: N_("TCVN3 (ABC, .VnTime)"),
         Legacy.VNI.value: N_("VNI (VNI-Times)"), OFF: N_("Không chuyển")}  # fmt: skip
NAMES = {Legacy.TCVN3: "TCVN3", Legacy.VNI: "VNI"}
SHOWN = 10  # undecided cells named in a sentence; the window lists them all


@dataclass(frozen=True)
class CellChange:
    row: int  # in the file, the heading being row 1
    column: int  # from 0
    before: str
    after: str
    legacy: Legacy


@dataclass
class LegacyReport:
    changes: list[CellChange] = field(default_factory=list)
    undecided: list[tuple[int, int, str]] = field(default_factory=list)  # (row, column, text)

    @property
    def found(self) -> bool:
        """Whether the file holds any cell in the old fonts (converted or undecided)."""
        return bool(self.changes or self.undecided)

    def counts(self) -> Counter[Legacy]:
        return Counter(change.legacy for change in self.changes)

    def by_column(self) -> dict[int, Counter[Legacy]]:
        found: dict[int, Counter[Legacy]] = {}
        for change in self.changes:
            found.setdefault(change.column, Counter())[change.legacy] += 1
        return found

    def summary(self) -> str:
        """What was converted and what was left, in one sentence ("" when nothing beyond ASCII
        or Unicode was found)."""
        parts = []
        counts = self.counts()
        if counts:
            done = _(" và ").join(
                ngettext("{count} ô từ {encoding}", "{count} ô từ {encoding}", count).format(
                    count=format_number(count), encoding=NAMES[legacy])
                for legacy, count in sorted(counts.items()))  # fmt: skip
            parts.append(_("Đã chuyển {cells} sang Unicode.").format(cells=done))
        if self.undecided:
            named = ", ".join(_("dòng {row} cột {column} («{text}»)").format(row=row, column=column + 1, text=text)
                              for row, column, text in self.undecided[:SHOWN])  # fmt: skip
            more = len(self.undecided) - SHOWN
            if more > 0:
                named += ngettext(" và {count} ô khác", " và {count} ô khác", more).format(count=format_number(more))
            parts.append(ngettext("{count} ô không rõ bảng mã, để nguyên: {cells}.",
                                  "{count} ô không rõ bảng mã, để nguyên: {cells}.", len(self.undecided)).format(
                count=format_number(len(self.undecided)), cells=named))  # fmt: skip
        return " ".join(parts)


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ValueError(_("Bảng mã cũ «{mode}» không có; chọn một trong: {modes}.").format(
            mode=mode, modes=", ".join(MODES)))  # fmt: skip
    return mode


def convert_rows(rows: list[list[Any]], mode: str = AUTO, columns: dict[int, str] | None = None,
                 eight_bit: list[list[Any]] | None = None) -> tuple[list[list[Any]], LegacyReport]:  # fmt: skip
    """``rows`` with their legacy text cells read as Unicode, and what was done. ``columns``: the
    officer's choice for some columns (by index), over ``mode``. ``eight_bit``: the same rows as
    Windows-1252 text, for a CSV read as Windows-1258 (whose tone marks would hide the old
    fonts' letters).

    One sheet is typed in one font. A cell both encodings would read as Vietnamese takes the
    encoding the other cells of its column were found in, else that of the sheet. A cell that
    reads as Unicode but could be the old font too ("Thô lý", "Thụ lý" in TCVN3) is read in the
    old font only where its column (for the heading, the heading row; where they tell nothing,
    the rows under the heading) holds converted cells and no cell proven Unicode."""
    check_mode(mode)
    for chosen in (columns or {}).values():
        check_mode(chosen)
    readings = {column: None if chosen == AUTO else Legacy(chosen)
                for column, chosen in (columns or {}).items() if chosen != OFF}  # fmt: skip
    skipped = {column for column, chosen in (columns or {}).items() if chosen == OFF}
    default = None if mode in (AUTO, OFF) else Legacy(mode)
    found: dict[tuple[int, int], Judgement] = {}
    judged: dict[tuple[str, Legacy | None], Judgement] = {}  # a register repeats its values: each judged once
    for index, row in enumerate(rows):
        for column, cell in enumerate(row):
            if not isinstance(cell, str) or cell.isascii() or column in skipped or (
                    mode == OFF and column not in readings):  # fmt: skip
                continue
            legacy = readings.get(column, default)
            source = eight_bit[index][column] if eight_bit is not None else cell
            if eight_bit is not None and legacy is None and reads_as_vietnamese(cell):
                source = cell  # Windows-1258 Unicode as typed on a Vietnamese Windows
            key = (source, legacy)
            if key not in judged:
                judged[key] = judge(source, legacy)
            found[index, column] = judged[key]
    sheet, body = _Context(), _Context()  # every cell; the cells under the heading
    contexts: dict[object, _Context] = {}
    for (index, column), judgement in found.items():
        for context in (sheet, contexts.setdefault("heading" if index == 0 else column, _Context())):
            context.add(judgement)
        if index:
            body.add(judgement)
    report = LegacyReport()
    converted = [list(row) for row in rows]
    for (index, column), judgement in found.items():
        cell = rows[index][column]
        own = contexts["heading" if index == 0 else column]
        judgement = _decided(judgement, own if own.decided else body, sheet)
        if judgement.verdict == Verdict.CONVERTED and judgement.legacy is not None:
            converted[index][column] = judgement.text
            report.changes.append(CellChange(index + 1, column, cell, judgement.text, judgement.legacy))
        elif judgement.verdict == Verdict.UNDECIDED:
            report.undecided.append((index + 1, column, cell))
    return converted, report


@dataclass
class _Context:
    """What the cells of a column (or the heading row, or the sheet) were found to be."""

    converted: Counter[Legacy] = field(default_factory=Counter)
    proven_unicode: int = 0

    def add(self, judgement: Judgement) -> None:
        if judgement.verdict == Verdict.CONVERTED and judgement.legacy is not None:
            self.converted[judgement.legacy] += 1
        self.proven_unicode += judgement.proven

    @property
    def decided(self) -> bool:
        """Whether any of its cells tells the font: a converted cell, or one proven Unicode."""
        return bool(self.converted) or self.proven_unicode > 0

    @property
    def legacy(self) -> Legacy | None:
        return self.converted.most_common(1)[0][0] if self.converted else None


def _decided(judgement: Judgement, own: _Context, sheet: _Context) -> Judgement:
    """An open judgement settled by the cells around it."""
    if not judgement.readings:
        return judgement
    if judgement.verdict == Verdict.UNDECIDED:
        for legacy in (own.legacy, sheet.legacy):
            if legacy is not None and (reading := judgement.read_as(legacy)) is not None:
                return reading
    elif judgement.verdict == Verdict.UNICODE and own.legacy is not None and not own.proven_unicode:
        return judgement.read_as(own.legacy) or judgement
    return judgement
