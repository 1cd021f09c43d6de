"""Old registers come in: Excel 97-2003 files written by a real writer (LibreOffice, headless) and
text typed in the TCVN3 and VNI fonts, converted cell by cell on the way in; Unicode and ASCII
files come in as they are."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain.legacy_text import Legacy
from desktop_app.domain.registers import get_register
from desktop_app.services import transfer
from desktop_app.store.queries import ListQuery, select_page

MODELS = get_register("exemplary_model")
TODAY = dt.date(2026, 11, 24)
HEADING = ["Loại", "Tên mô hình / điển hình", "Lĩnh vực", "Chủ thể thực hiện (tập thể / cá nhân)", "Ngày bắt đầu",
           "Kinh phí hỗ trợ (đồng)", "Thôn, tổ dân phố"]
ROWS = [["Mô hình", "Đường hoa nông thôn mới", "Văn hóa - xã hội", "Chi hội Phụ nữ", dt.datetime(2026, 3, 1),
         7_000_000, "Thôn Nà Áng"],
        ["Điển hình", "Ông Lường Văn Pó", "Kinh tế", "Lường Văn Pó", dt.datetime(2026, 4, 2), None, "Thôn Nà Áng"]]
VNI_ROWS = [["Moâ hình", "Ñöôøng hoa noâng thoân môùi", "Vaên hoùa - xaõ hoäi", "Chi hoäi Phuï nöõ",
             dt.datetime(2026, 3, 1), 7_000_000, "Thoân Naø AÙng"],
            ["Ñieån hình", "OÂng Löôøng Vaên Poù", "Kinh teá", "Löôøng Vaên Poù", dt.datetime(2026, 4, 2), None,
             "Thoân Naø AÙng"]]  # fmt: skip


def tcvn3(text):
    """``text`` as a .VnTime font leaves it in a sheet, made by the C library's TCVN 5712 converter."""
    if not isinstance(text, str):
        return text
    data = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=text.encode(), capture_output=True,
                          check=True).stdout  # fmt: skip
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def as_xls(rows: list[list], folder: Path, name: str) -> Path:
    """An Excel 97-2003 file written by LibreOffice from a workbook holding ``rows``."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    source = folder / f"{name}.xlsx"
    book.save(source)
    profile = f"-env:UserInstallation=file://{folder / 'lo'}"
    subprocess.run(["soffice", profile, "--headless", "--convert-to", "xls", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    out = folder / f"{name}.xls"
    assert out.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1"), "an OLE2 (BIFF) workbook, not a renamed xlsx"
    return out


def stored():
    return [(r["kind"], r["name"], r["field"], r["lead"], r["start_date"], r["funding_vnd"], r["hamlet"])
            for r in select_page(ListQuery(MODELS, sort_field="start_date"), 0, 10)]  # fmt: skip


EXPECTED = [("mo_hinh", "Đường hoa nông thôn mới", "van_hoa_xa_hoi", "Chi hội Phụ nữ", dt.date(2026, 3, 1), 7_000_000,
             "Thôn Nà Áng"),
            ("dien_hinh", "Ông Lường Văn Pó", "kinh_te", "Lường Văn Pó", dt.date(2026, 4, 2), None, "Thôn Nà Áng")]


@pytest.mark.parametrize("legacy", [Legacy.TCVN3, Legacy.VNI])
def test_an_old_xls_in_either_encoding_comes_in_as_unicode(commune_db, tmp_path, legacy):
    rows = [[tcvn3(cell) for cell in row] for row in ROWS] if legacy == Legacy.TCVN3 else VNI_ROWS
    path = as_xls([HEADING, *rows], tmp_path, f"so-cu-{legacy}")  # a Unicode heading over legacy rows
    result = transfer.import_file(MODELS, path, today=TODAY)
    assert (result.added, result.encoding) == (2, "xls")
    assert stored() == EXPECTED
    converted = sum(1 for row in rows for cell in row if isinstance(cell, str) and not cell.isascii())
    assert result.legacy.counts() == {legacy: converted} and result.legacy.undecided == []
    assert {change.row for change in result.legacy.changes} == {2, 3}, "the heading was Unicode already"
    assert "sang Unicode" in result.legacy.summary() and {"TCVN3": "TCVN3", "VNI": "VNI"}[legacy.name] in (
        result.legacy.summary())


def test_a_legacy_heading_finds_its_columns_too(commune_db, tmp_path):
    path = tmp_path / "tieu-de-cu.xlsx"
    book = openpyxl.Workbook()
    for row in [[tcvn3(title) for title in HEADING], *[[tcvn3(cell) for cell in row] for row in ROWS]]:
        book.active.append(row)
    book.save(path)
    assert transfer.import_file(MODELS, path, today=TODAY).added == 2
    assert stored() == EXPECTED


def test_unicode_and_ascii_files_come_in_untouched(commune_db, tmp_path):
    path = as_xls([HEADING, *ROWS], tmp_path, "unicode")
    result = transfer.import_file(MODELS, path, today=TODAY)
    assert result.legacy.changes == [] and result.legacy.undecided == [] and result.legacy.summary() == ""
    assert stored() == EXPECTED


def test_legacy_off_refuses_the_old_text_as_before(commune_db, tmp_path):
    path = as_xls([HEADING, *[[tcvn3(cell) for cell in row] for row in ROWS]], tmp_path, "tat")
    with pytest.raises(transfer.TransferError) as caught:
        transfer.import_file(MODELS, path, today=TODAY, legacy="off")
    assert "Dòng 2" in str(caught.value) and "không có trong danh sách" in str(caught.value)
    assert stored() == []


def test_an_eight_bit_csv_of_the_old_fonts_is_read_in_them(commune_db, tmp_path):
    """Excel's plain "CSV" of a sheet typed in .VnTime: the font's bytes, which the program would
    read as Windows-1258; the old font's letters are found in them."""
    def cell(value):
        if isinstance(value, dt.datetime):
            return value.strftime("%d/%m/%Y")
        return "" if value is None else f'"{tcvn3(value)}"' if isinstance(value, str) else str(value)

    lines = [",".join(cell(c) for c in row) for row in [HEADING, *ROWS]]
    path = tmp_path / "cu.csv"
    path.write_bytes(b"\r\n".join(bytes(_byte(char) for char in line) for line in lines))
    result = transfer.import_file(MODELS, path, today=TODAY)
    assert result.encoding == "cp1258" and result.added == 2
    assert stored() == EXPECTED
    assert set(result.legacy.counts()) == {Legacy.TCVN3}


def _byte(char: str) -> int:
    """The font's byte a sheet shows as ``char``."""
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(char)


def test_cells_no_reading_decides_are_named_and_left(commune_db, tmp_path):
    rows = [HEADING, [*ROWS[0][:3], "Nhóm Müller", *ROWS[0][4:]]]
    path = tmp_path / "khong-ro.xlsx"
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    result = transfer.import_file(MODELS, path, today=TODAY)
    assert result.legacy.undecided == [(2, 3, "Nhóm Müller")]
    assert "dòng 2 cột 4 («Nhóm Müller»)" in result.legacy.summary()
    assert stored()[0][3] == "Nhóm Müller"


def test_a_column_can_be_read_otherwise_than_the_file(commune_db, tmp_path):
    rows = [HEADING, [tcvn3(c) for c in ROWS[0]]]
    rows[1][3] = "Cã"  # "Có" in TCVN3, which alone reads as Unicode too
    path = tmp_path / "cot.xlsx"
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    transfer.import_file(MODELS, path, today=TODAY, legacy_columns={3: "tcvn3"})
    assert stored()[0][3] == "Có"


def test_a_cell_both_encodings_read_takes_the_encoding_of_its_sheet():
    from desktop_app.services.legacy_cells import convert_rows

    alone, report = convert_rows([["Kinh teá"]])
    assert alone == [["Kinh teá"]] and report.undecided == [(1, 1 - 1, "Kinh teá")], "teá: tế in VNI, teỏ in TCVN3"
    rows, report = convert_rows([["Lónh vöïc"], ["Kinh teá"]])
    assert rows == [["Lĩnh vực"], ["Kinh tế"]] and report.undecided == []
    rows, _report = convert_rows([["LÜnh vùc", "Kinh teá"]])
    assert rows == [["Lĩnh vực", "Kinh teỏ"]], "a TCVN3 sheet reads it in TCVN3"
