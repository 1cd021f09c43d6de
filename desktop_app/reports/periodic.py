"""The periodic report (Báo cáo kết quả công tác dân vận) and, at a merging unit, the
consolidated report: the narrative in the outline of REPORTS.md, the signature and "Nơi
nhận", then the statistics annex on landscape pages.

The builder is given everything it prints; it reads nothing from the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import Flowable

from desktop_app.domain.indicators import CONSOLIDATED_KEYS, Indicator, indicator, indicator_groups
from desktop_app.domain.l10n import _, format_date, format_number
from desktop_app.domain.periods import Period
from desktop_app.domain.text import sentence_case
from desktop_app.reports.document import DocumentClass, DocumentSpec, OfficialDocument
from desktop_app.reports.narrative import SECTIONS

Figures = dict[str, object]
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass
class UnitRow:
    """One unit under a merging unit, with its figures for the period."""

    code: str
    name: str
    figures: Figures
    has_data: bool


@dataclass
class PeriodicContent:
    spec: DocumentSpec
    period: Period
    sections: dict[str, str]
    figures: Figures
    previous: Figures
    changes: dict[str, float | None]
    issuer_name: str  # "Đảng ủy xã Vô Ngại", for "(Kèm theo Báo cáo số … của …)"
    units: list[UnitRow] | None = None  # a consolidated report
    missing: list[str] = field(default_factory=list)  # names of units with no data for the period
    unlocked: list[str] = field(default_factory=list)  # names of units that have not locked the period


def figure_text(item: Indicator, value: object) -> str:
    """A figure as an annex cell shows it: 1.381.610; 85,7; "-" when there is none."""
    if value is None:
        return "-"
    if item.is_percent:
        return format_number(value, 1)  # type: ignore[arg-type]
    return format_number(value)  # type: ignore[arg-type]


def _change_text(change: float | None) -> str:
    if change is None:
        return "-"
    sign = "+" if change > 0 else ""
    return sign + format_number(change, 1)


def annex_subtitle(content: PeriodicContent) -> str:
    """"(Kèm theo Báo cáo số 12-BC/ĐU ngày 05/02/2026 của Đảng ủy xã Vô Ngại)"."""
    spec = content.spec
    if spec.number is None:
        return _("(Kèm theo báo cáo ngày {date} của {issuer})").format(
            date=format_date(spec.doc_date), issuer=content.issuer_name
        )
    return _("(Kèm theo Báo cáo số {code} ngày {date} của {issuer})").format(
        code=spec.profile.document_code(spec.number, spec.kind_code, spec.letterhead.issuer_code),
        date=format_date(spec.doc_date), issuer=content.issuer_name,
    )


def annex_lines() -> list[tuple[str, str, Indicator | None]]:
    """The lines of the statistics annex in order: (STT, label, indicator), the indicator
    None on a group's heading line. The PDF and the .xlsx annex both print these."""
    lines: list[tuple[str, str, Indicator | None]] = []
    for number, group in enumerate(indicator_groups()):
        lines.append((ROMAN[number], group.display_title, None))
        position = 0
        for item in group.indicators:
            if item.indent:
                lines.append(("", "- " + item.display_label, item))
            else:
                position += 1
                lines.append((str(position), item.display_label, item))
    return lines


def statistics_rows(content: PeriodicContent) -> tuple[list[list[str]], list[int]]:
    """The rows of the statistics annex, with the indexes of its group rows."""
    rows: list[list[str]] = []
    group_rows: list[int] = []
    for stt, label, item in annex_lines():
        if item is None:
            group_rows.append(len(rows))
            rows.append([stt, label, "", "", "", ""])
            continue
        rows.append([
            stt, label, item.display_unit,
            figure_text(item, content.figures.get(item.key)),
            figure_text(item, content.previous.get(item.key)),
            "-" if item.is_percent else _change_text(content.changes.get(item.key)),
        ])  # fmt: skip
    return rows, group_rows


def statistics_header(period: Period) -> list[str]:
    return [_("STT"), _("Chỉ tiêu"), _("Đơn vị tính"), sentence_case(period.label),
            _("Cùng kỳ năm {year}").format(year=period.previous_year().start.year), _("Tăng, giảm (%)")]  # fmt: skip


def consolidated_header() -> list[str]:
    return [_("STT"), _("Đơn vị")] + [
        f"{indicator(key).display_label} ({indicator(key).display_unit})" for key in CONSOLIDATED_KEYS
    ]


def consolidated_rows(content: PeriodicContent) -> list[list[str]]:
    """One row per unit, then the total row (the area's figures, which are the units' sums)."""
    rows = []
    for number, unit in enumerate(content.units or [], start=1):
        name = unit.name if unit.has_data else _("{name} (chưa có số liệu)").format(name=unit.name)
        rows.append([str(number), name] + [figure_text(indicator(k), unit.figures.get(k)) for k in CONSOLIDATED_KEYS])
    rows.append(["", _("Tổng cộng")] + [figure_text(indicator(k), content.figures.get(k)) for k in CONSOLIDATED_KEYS])
    return rows


def _narrative(doc: OfficialDocument, content: PeriodicContent) -> list[Flowable]:
    story: list[Flowable] = []
    for section in SECTIONS:
        story.append(doc.heading(section.display_heading))
        if section.key == "results" and content.units is not None:
            story.extend(doc.paragraphs(coverage_sentence(content)))
        story.extend(doc.paragraphs(content.sections.get(section.key, "")))
    return story


def coverage_sentence(content: PeriodicContent) -> str:
    units = content.units or []
    text = _("Báo cáo tổng hợp số liệu của {have}/{total} đơn vị trực thuộc.").format(
        have=format_number(len(units) - len(content.missing)), total=format_number(len(units))
    )
    if content.missing:
        text += " " + missing_sentence(content)
    if content.unlocked:
        text += " " + unlocked_sentence(content)
    return text


def unlocked_sentence(content: PeriodicContent) -> str:
    if len(content.unlocked) == len(content.units or []):
        return _("Chưa đơn vị nào chốt số liệu kỳ này.")
    return _("Các đơn vị chưa chốt số liệu kỳ này: {names}.").format(names=", ".join(content.unlocked))


def missing_sentence(content: PeriodicContent) -> str:
    return _("Các đơn vị chưa có số liệu trong kỳ: {names}.").format(names=", ".join(content.missing))


def build_periodic(content: PeriodicContent, document: DocumentClass = OfficialDocument) -> bytes:
    """The PDF of a periodic or consolidated report."""
    doc = document(content.spec)
    story: list[Flowable] = [*doc.opening(), *_narrative(doc, content), doc.closing()]
    story += doc.start_landscape()
    title = _("Số liệu thống kê kết quả công tác dân vận {period}").format(period=content.period.label)
    story += doc.annex_title(title, annex_subtitle(content))
    rows, group_rows = statistics_rows(content)
    story.append(doc.table([statistics_header(content.period)], rows, "CLCRRR",
                           bold_rows=group_rows))  # fmt: skip
    if content.units is not None:
        story += doc.start_landscape()
        story += doc.annex_title(
            _("Số liệu của các đơn vị trực thuộc {period}").format(period=content.period.label),
            annex_subtitle(content),
        )
        rows = consolidated_rows(content)
        align = "CL" + "R" * len(CONSOLIDATED_KEYS)
        story.append(doc.table([consolidated_header()], rows, align, bold_rows=[len(rows) - 1]))
        notes = [missing_sentence(content)] if content.missing else []
        notes += [unlocked_sentence(content)] if content.unlocked else []
        for note in notes:
            story.extend(doc.paragraphs(note))
    return doc.render(story)
