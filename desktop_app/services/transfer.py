"""Import and export of a register as .csv or .xlsx (and import of Excel 97-2003 .xls).

Columns match a field by its Vietnamese or English label or its code name. An import is all
or nothing: every row is checked first, each bad row is reported by its row number in the file
(the heading is row 1), and nothing is written unless every row is good.

An export ends with the record id column ("Mã bản ghi"). A row that brings back the id of a
record of this register corrects that record (a new revision) instead of adding a copy, so an
officer can export, correct in Excel and import again. Columns left out of the file, and
senders exported as "(giữ bí mật)", keep their stored values.

Text typed with the old TCVN3 or VNI fonts is read as Unicode cell by cell on the way in
(services/legacy_cells.py); the result says what was converted and what was left undecided.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.domain.fields import Field, Kind
from desktop_app.domain.l10n import N_, _
from desktop_app.domain.legacy_text import sheet_text
from desktop_app.domain.register import MASK, Register, field_by_label
from desktop_app.domain.roles import Right
from desktop_app.domain.text import fold
from desktop_app.files import sha256_of, written_in_place
from desktop_app.services import accounts, audit, backups, batch, legacy_cells, records, spreadsheet_cells
from desktop_app.services.legacy_cells import AUTO, LegacyReport
from desktop_app.services.progress import Progress, Steps
from desktop_app.store import queries, sealed
from desktop_app.store import records as store

SUFFIXES = (".csv", ".xlsx")  # written and read
READ_ONLY_SUFFIXES = (".xls",)  # read only: old registers
UUID_HEADING = N_("Mã bản ghi")
RECORD_ID = "__record_id__"  # the key the record id column is read under
MAX_ERRORS_SHOWN = 50


class TransferError(ValueError):
    """A file that cannot be imported or written; the message names the file and what is wrong."""


@dataclass
class ImportResult:
    added: int
    updated: int
    path: Path
    encoding: str = "xlsx"  # a key of spreadsheet_cells.ENCODINGS, or "xlsx" or "xls"
    legacy: LegacyReport = dataclasses.field(default_factory=LegacyReport)  # the old fonts' cells read as Unicode

    @property
    def encoding_label(self) -> str:
        if self.encoding in spreadsheet_cells.ENCODINGS:
            return _(spreadsheet_cells.ENCODINGS[self.encoding])
        return _("Excel 97-2003 .xls") if self.encoding == "xls" else _("Excel .xlsx")

    @property
    def imported(self) -> int:
        return self.added + self.updated


def _check_suffix(path: Path, suffixes: tuple[str, ...] = SUFFIXES + READ_ONLY_SUFFIXES) -> str:
    suffix = path.suffix.lower()
    if suffix not in suffixes:
        raise TransferError(_("Tệp {path}: chỉ nhận tệp {kinds}.").format(
            path=path.name, kinds=_(" hoặc ").join(", ".join(suffixes).rsplit(", ", 1))))  # fmt: skip
    return suffix


# ------------------------------------------------------------------------- reading


def _read_csv(path: Path) -> tuple[list[list[Any]], str, list[list[Any]] | None]:
    """The rows, the encoding, and for an 8-bit file the same rows as Windows-1252 text (where the
    old fonts' letters are found)."""
    data = path.read_bytes()
    try:
        content, encoding = spreadsheet_cells.decode(data)
    except UnicodeDecodeError as error:
        raise TransferError(
            _("Tệp {path} không phải văn bản UTF-8, UTF-16 hay Windows-1258; hãy lưu lại dưới dạng CSV UTF-8.").format(
                path=path.name)
        ) from error
    sample = content[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[spreadsheet_cells.from_csv(cell) for cell in row] for row in csv.reader(content.splitlines(), dialect)]
    eight_bit = None
    if encoding == "cp1258":
        eight_bit = [[spreadsheet_cells.from_csv(cell) for cell in row]
                     for row in csv.reader(sheet_text(data).splitlines(), dialect)]  # fmt: skip
    return rows, encoding, eight_bit


def _read_xls(path: Path) -> list[list[Any]]:
    """The first sheet of an Excel 97-2003 workbook: dates as dates, whole numbers as integers."""
    import xlrd

    try:
        book = xlrd.open_workbook(path, on_demand=True)
    except (xlrd.XLRDError, OSError, ValueError, KeyError, IndexError, AssertionError) as error:
        raise TransferError(_("Tệp {path} không phải tệp Excel 97-2003 .xls hợp lệ.").format(path=path.name)) from error
    try:
        sheet = book.sheet_by_index(0)
        rows = []
        for number in range(sheet.nrows):
            row: list[Any] = []
            for cell in sheet.row(number):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value: Any = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
                elif cell.ctype == xlrd.XL_CELL_NUMBER:
                    value = int(cell.value) if float(cell.value).is_integer() else cell.value
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(cell.value)
                elif cell.ctype in (xlrd.XL_CELL_TEXT,):
                    value = cell.value
                else:  # empty, blank, an error value
                    value = None
                row.append(value)
            rows.append(row)
        return rows
    finally:
        book.release_resources()


def _read_xlsx(path: Path) -> list[list[Any]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as error:
        raise TransferError(_("Tệp {path} không phải tệp Excel .xlsx hợp lệ.").format(path=path.name)) from error
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _columns(register: Register, heading: list[Any], path: Path) -> list[str | None]:
    """The field name each column holds (RECORD_ID for the record id column, None for blank headings)."""
    names: list[str | None] = []
    unknown: list[str] = []
    hamlet_names = {fold(records.HAMLET_LABEL), fold(_(records.HAMLET_LABEL)), "hamlet"}
    for cell in heading:
        title = "" if cell is None else str(cell).strip()
        if not title:
            names.append(None)
        elif fold(title) in (fold(UUID_HEADING), fold(_(UUID_HEADING)), "uuid"):
            names.append(RECORD_ID)
        elif fold(title) in hamlet_names:
            names.append("hamlet")
        elif (fld := field_by_label(register, title)) is not None:
            names.append(fld.name if fld.editable else None)  # computed columns are not read back
        else:
            unknown.append(title)
    if unknown:
        raise TransferError(
            _("Tệp {path}: không nhận ra cột {columns} của sổ «{register}».").format(
                path=path.name, columns=", ".join(f"«{t}»" for t in unknown), register=register.display_title
            )
        )
    duplicated = {name for name in names if name and names.count(name) > 1}
    if duplicated:
        labels = ", ".join(f"«{register.field(n).display_label}»" for n in duplicated if n != "hamlet")
        raise TransferError(_("Tệp {path}: cột {columns} xuất hiện hai lần.").format(path=path.name, columns=labels))
    return names


@dataclass
class RawTable:
    """A file's rows as they stand in it, before the old fonts' cells are read as Unicode."""

    rows: list[list[Any]]
    encoding: str  # a key of spreadsheet_cells.ENCODINGS, or "xlsx" or "xls"
    eight_bit: list[list[Any]] | None = None  # an 8-bit CSV's rows as Windows-1252 text

    def converted(self, legacy: str = AUTO, columns: dict[int, str] | None = None
                  ) -> tuple[list[list[Any]], LegacyReport]:  # fmt: skip
        """The rows with the old fonts' cells read as Unicode (``legacy``: auto, tcvn3, vni or
        off; ``columns``: the officer's choice for some columns), and what was done."""
        return legacy_cells.convert_rows(self.rows, legacy, columns, self.eight_bit)


def read_raw(path: Path | str) -> RawTable:
    """The first sheet of a .csv, .xlsx or .xls file as it stands."""
    path = Path(path)
    suffix = _check_suffix(path)
    if not path.exists():
        raise TransferError(_("Không tìm thấy tệp {path}.").format(path=path))
    if suffix == ".csv":
        rows, encoding, eight_bit = _read_csv(path)
        return RawTable(rows, encoding, eight_bit)
    read, encoding = (_read_xls, "xls") if suffix == ".xls" else (_read_xlsx, "xlsx")
    return RawTable([[unicodedata.normalize("NFC", c) if isinstance(c, str) else c for c in row] for row in read(path)],
                    encoding)  # fmt: skip


def read_table(path: Path, legacy: str = AUTO,
               columns: dict[int, str] | None = None) -> tuple[list[list[Any]], str, LegacyReport]:  # fmt: skip
    """The rows of a file, the encoding it was read in, and what was read as Unicode from the old
    fonts (``RawTable.converted``)."""
    raw = read_raw(path)
    rows, report = raw.converted(legacy, columns)
    return rows, raw.encoding, report


def read_rows(register: Register, path: Path, legacy: str = AUTO, columns: dict[int, str] | None = None
              ) -> tuple[list[tuple[int, dict[str, Any]]], str, LegacyReport]:  # fmt: skip
    """(row number, raw values by field name) for every non-blank row of the file, the encoding
    it was read in, and what was read as Unicode from the old fonts."""
    rows, encoding, report = read_table(path, legacy, columns)
    if not rows or all(_is_blank(cell) for cell in rows[0]):
        raise TransferError(_("Tệp {path} không có dòng tiêu đề.").format(path=path.name))
    names = _columns(register, rows[0], path)
    found = [(number, {name: value for name, value in zip(names, row, strict=False) if name})
             for number, row in enumerate(rows[1:], start=2) if not all(_is_blank(cell) for cell in row)]  # fmt: skip
    return found, encoding, report


def import_file(register: Register, path: Path | str, *, user: str | None = None, today: dt.date | None = None,
                progress: Progress | None = None, legacy: str = AUTO,
                legacy_columns: dict[int, str] | None = None) -> ImportResult:  # fmt: skip
    """Import every row of ``path`` into ``register``, or none of them: every row is read and
    checked first (services/batch.py), then all are written in one transaction; ``progress``
    hears how far it is. ``legacy`` and ``legacy_columns``: how cells typed in the old fonts are
    read (services/legacy_cells.py)."""
    path = Path(path)
    try:
        accounts.require(Right.IMPORT)
        accounts.require(Right.EDIT_RECORDS)
    except accounts.NotAllowed as error:
        raise TransferError(str(error)) from error
    found, encoding, report = read_rows(register, path, legacy, legacy_columns)
    if not found:
        raise TransferError(_("Tệp {path} không có dòng dữ liệu nào.").format(path=path.name))
    ids = {number: _record_id(raw) for number, raw in found}
    stored = store.get_many(register, sorted({uuid for uuid in ids.values() if uuid}))
    rows = [(number, ids[number] if ids[number] in stored else None,
             _with_stored_values(register, raw, stored.get(ids[number] or ""))) for number, raw in found]  # fmt: skip
    try:
        prepared = batch.prepare(register, rows, today=today, progress=progress)
    except batch.Refused as refused:
        raise TransferError(_refusal(path, refused.lines)) from None
    if len(rows) > backups.LARGE_IMPORT:
        try:
            backups.backup_before("import_rows")
        except backups.BackupError as error:
            raise TransferError(_("Tệp {path}: chưa nhập vì {reason}").format(path=path.name, reason=error)) from error
    with store.atomic():
        audit.record_event(accounts.current(), "import", {"file": path.name, "sha256": sha256_of(path),
                                                          "rows": len(rows)}, register=register.name)  # fmt: skip
        batch.save(prepared, user=user, detail={"import": path.name}, progress=progress)
    updated = sum(1 for _number, existing, _record in prepared.rows if existing is not None)
    return ImportResult(len(rows) - updated, updated, path, encoding, report)


def _refusal(path: Path, lines: list[str]) -> str:
    shown = lines[:MAX_ERRORS_SHOWN]
    more = len(lines) - len(shown)
    tail = [_("… và {count} lỗi khác.").format(count=more)] if more else []
    return _("Tệp {path}: không nhập dòng nào vì có lỗi:").format(path=path.name) + "\n" + "\n".join(shown + tail)


def _record_id(raw: dict[str, Any]) -> str | None:
    """The record id a row names (taken out of the row), or None."""
    record_id = raw.pop(RECORD_ID, None)
    return str(record_id).strip() if not _is_blank(record_id) else None


def _with_stored_values(register: Register, raw: dict[str, Any], stored: dict[str, Any] | None) -> dict[str, Any]:
    """A row that names a stored record: its stored values, overlaid with the row's cells (a
    row naming an unknown id, from a file of another database, is a new record)."""
    if stored is None:
        return raw
    merged: dict[str, Any] = {"hamlet": stored.get("hamlet")}
    merged.update({f.name: stored.get(f.name) for f in register.editable_fields})
    for name, value in raw.items():
        masked = name != "hamlet" and register.field(name).sensitive and str(value).strip() in (MASK, _(MASK))
        if not masked:
            merged[name] = value
    return merged


# ------------------------------------------------------------------------- writing


def export_fields(register: Register, *, include_sensitive: bool = True) -> list[Field]:
    return [f for f in register.fields if include_sensitive or not f.sensitive]


def _masked(register: Register, record: dict[str, Any], field: Field) -> bool:
    """A petition whose sender is kept secret has its sender masked in every export."""
    return bool(record.get("identity_confidential")) and field.sensitive and register.name == "petition"


def _cell_text(field: Field, value: Any) -> Any:
    if value is None:
        return ""
    if field.kind in (Kind.COUNT, Kind.MONEY, Kind.YEAR, Kind.NUMBER):
        return value
    return field.display(value)


def export_file(register: Register, path: Path | str, *, include_sensitive: bool = True,
                progress: Progress | None = None) -> int:  # fmt: skip
    """Write the live records of ``register`` to ``path`` (.csv or .xlsx); returns the count.

    A role that may not export sensitive fields gets their columns masked, so the file still
    comes back in with ``import_file`` without emptying them. The export is in the audit trail.
    ``progress`` hears of the records written; a stop raised from it leaves no file."""
    path = Path(path)
    suffix = _check_suffix(path, SUFFIXES)
    try:
        session = accounts.require(Right.EXPORT)
    except accounts.NotAllowed as error:
        raise TransferError(str(error)) from error
    reveal = session.may(Right.EXPORT_SENSITIVE) and records.may_read_sensitive()
    fields = export_fields(register, include_sensitive=include_sensitive)
    heading = [_(records.HAMLET_LABEL)] + [f.display_label for f in fields] + [_(UUID_HEADING)]
    hidden = _(MASK)

    def row_cells(record: dict[str, Any], raw_values: bool) -> list[Any]:
        if reveal and include_sensitive:
            record = sealed.reveal(register, record)
        values: list[Any] = [record.get("hamlet") or ""]
        for field in fields:
            value = record.get(field.name)
            if value and field.sensitive and (not reveal or _masked(register, record, field)):
                values.append(hidden)
            elif raw_values and field.kind == Kind.DATE:
                values.append(value)
            else:
                values.append(_cell_text(field, value))
        values.append(record["uuid"])
        return values

    count = 0
    steps = Steps(progress, queries.count(queries.ListQuery(register)) if progress else 0)
    try:
        with written_in_place(path) as temporary:
            if suffix == ".csv":
                with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(heading)
                    for record in steps.counted(store.iter_all(register)):
                        writer.writerow([spreadsheet_cells.to_csv(v) for v in row_cells(record, raw_values=False)])
                        count += 1
            else:
                count = _write_xlsx(register, steps.counted(store.iter_all(register)), temporary, heading, fields,
                                    row_cells)  # fmt: skip
            steps.end()
            sensitive = "none" if not include_sensitive or not register.sensitive_fields else (
                "included" if reveal else "masked")
            with store.atomic():
                audit.record_event(session, "export", {"file": path.name, "records": count, "sensitive": sensitive},
                                   register=register.name)
    except OSError as error:
        message = _("Không ghi được tệp {path}: {reason}").format(path=path, reason=error.strerror)
        raise TransferError(message) from error
    return count


def _write_xlsx(register: Register, records_: Iterable[dict[str, Any]], path: Path, heading: list[str],
                fields: list[Field], cells: Callable[[dict[str, Any], bool], list[Any]]) -> int:  # fmt: skip
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=register.display_short_title[:31])
    formats = {1 + i: _xlsx_format(f) for i, f in enumerate(fields)}
    for index in range(len(heading)):
        sheet.column_dimensions[get_column_letter(index + 1)].width = 18
    sheet.freeze_panes = "A2"
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES

    def styled(values: list[Any], bold: bool = False) -> list[Any]:
        """The row's cells: a cell object where a cell needs more than its value (a heading, a
        number format, a text openpyxl would take for a formula or an error), else the value."""
        row = []
        for index, value in enumerate(values):
            number_format = formats.get(index) if value is not None and value != "" else None  # none for an empty cell
            if not (bold or number_format or (isinstance(value, str) and (value[:1] == "=" or value in ERROR_CODES))):
                row.append(value)
                continue
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: "=HYPERLINK(…)" typed as a name is never a formula
            if bold:
                cell.font = Font(bold=True)
            elif number_format:
                cell.number_format = number_format
            row.append(cell)
        return row

    sheet.append(styled(heading, bold=True))
    count = 0
    try:
        for record in records_:
            sheet.append(styled(cells(record, True)))
            count += 1
    except BaseException:
        _discard(sheet)
        raise
    workbook.save(path)
    return count


def _discard(sheet: Any) -> None:
    """Remove the temporary file openpyxl keeps a write-only sheet's rows in until the book is
    saved: an export stopped halfway leaves no copy of its records behind."""
    writer = sheet._writer
    if writer is None:
        return
    if sheet._rows is not None:
        sheet._rows.close()
    writer.close()
    writer.cleanup()


def _xlsx_format(field: Field) -> str | None:
    if field.kind == Kind.DATE:
        return "DD/MM/YYYY"
    if field.kind in (Kind.MONEY, Kind.COUNT):
        return "#,##0"
    return None


# ------------------------------------------------------------------------- converting an old sheet


def convert_legacy_file(source: Path | str, target: Path | str, legacy: str = AUTO) -> LegacyReport:
    """Write the first sheet of ``source`` (.xls, .xlsx or .csv) to ``target`` (.xlsx or .csv) with
    its cells typed in the old fonts read as Unicode, for an office that cleans a sheet before
    anything else; nothing else in it changes. ``source`` is never written."""
    source, target = Path(source), Path(target)
    target_suffix = _check_suffix(target, SUFFIXES)
    if target.exists() and target.resolve() == source.resolve():
        raise TransferError(_("Tệp {path}: hãy ghi ra một tệp khác, tệp gốc được giữ nguyên.").format(path=target.name))
    rows, _encoding, report = read_table(source, legacy)
    with written_in_place(target) as temporary:
        if target_suffix == ".csv":
            with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                for row in rows:
                    writer.writerow([spreadsheet_cells.to_csv(_plain_cell(value)) for value in row])
        else:
            _write_plain_xlsx(rows, temporary)
    return report


def _plain_cell(value: Any) -> Any:
    if isinstance(value, dt.date):  # a date, or the datetime a workbook keeps it as
        return value.strftime("%d/%m/%Y")
    return "" if value is None else value


def _write_plain_xlsx(rows: list[list[Any]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for values in rows:
        row: list[Any] = []
        for value in values:
            if isinstance(value, str | dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, whatever it begins with
                else:
                    cell.number_format = "dd/mm/yyyy"
                row.append(cell)
            else:
                row.append(value)
        sheet.append(row)
    workbook.save(path)
