"""CSV and XLSX import and export: all or nothing, row numbers, labels in either language."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain import l10n
from desktop_app.domain.registers import get_register
from desktop_app.services import records, transfer
from desktop_app.store.queries import ListQuery, count, select_page

MODELS = get_register("exemplary_model")
PETITION = get_register("petition")
TODAY = dt.date(2026, 11, 24)


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


HEADING = ["Loại", "Tên mô hình / điển hình", "Lĩnh vực", "Chủ thể thực hiện (tập thể / cá nhân)", "Ngày bắt đầu",
           "Kinh phí hỗ trợ (đồng)", "Thôn, tổ dân phố"]
GOOD = ["Mô hình", "Đường hoa nông thôn mới", "Văn hóa - xã hội", "Chi hội Phụ nữ", "01/03/2026", "7.000.000",
        "Thôn Nà Áng"]


def test_a_good_csv_is_imported_whole(commune_db, tmp_path):
    path = write_csv(tmp_path / "mo_hinh.csv", [HEADING, GOOD, ["Điển hình", "Ông Lường Văn Pó", "Kinh tế",
                                                                "Lường Văn Pó", "2026-04-02", "", ""]])
    result = transfer.import_file(MODELS, path, today=TODAY)
    assert (result.added, result.updated) == (2, 0)
    stored = select_page(ListQuery(MODELS, sort_field="name"), 0, 10)
    assert [r["name"] for r in stored] == ["Đường hoa nông thôn mới", "Ông Lường Văn Pó"]
    assert stored[0]["funding_vnd"] == 7_000_000 and stored[0]["hamlet"] == "Thôn Nà Áng"


def test_a_file_with_bad_rows_imports_nothing_and_names_each_row(commune_db, tmp_path):
    """All or nothing: row numbers count the heading as row 1, each problem names its field."""
    records.save(MODELS, {"kind": "mo_hinh", "name": "Có sẵn", "field": "kinh_te", "lead": "Thôn",
                          "start_date": "01/01/2026"}, today=TODAY)  # fmt: skip
    no_name = ["Mô hình", "", "Kinh tế", "X", "01/01/2026", "", ""]
    rows = [HEADING, GOOD, [*GOOD[:4], "31/02/2026", *GOOD[5:]], GOOD, no_name]
    path = write_csv(tmp_path / "loi.csv", rows)
    before = count(ListQuery(MODELS))
    with pytest.raises(transfer.TransferError) as caught:
        transfer.import_file(MODELS, path, today=TODAY)
    message = str(caught.value)
    assert message.startswith("Tệp loi.csv: không nhập dòng nào vì có lỗi:")
    assert "Dòng 3: «Ngày bắt đầu»: không có ngày 31/02/2026." in message
    assert "Dòng 5: «Tên mô hình / điển hình» là bắt buộc." in message
    assert "Dòng 2" not in message and "Dòng 4" not in message
    assert count(ListQuery(MODELS)) == before == 1


def test_a_clash_found_only_while_saving_also_rolls_back(commune_db, tmp_path):
    """Two rows with the same receipt number: the second is refused and the first undone."""
    heading = ["Ngày nhận", "Số vào sổ", "Nguồn đơn", "Người gửi / đứng đơn", "Loại đơn", "Lĩnh vực",
               "Tóm tắt nội dung"]
    row = ["02/11/2026", "7", "Nộp trực tiếp", "Lò Văn Páo", "Kiến nghị", "Đất đai", "Đường ngập"]
    path = write_xlsx(tmp_path / "don.xlsx", [heading, row, row])
    with pytest.raises(transfer.TransferError, match="Dòng 3: «Số vào sổ» 7 đã dùng"):
        transfer.import_file(PETITION, path, today=TODAY)
    assert count(ListQuery(PETITION)) == 0


def test_columns_match_english_labels_and_code_names(commune_db, tmp_path):
    heading = ["Kind", "name", "Field", "Carried out by (group or person)", "start_date"]
    path = write_xlsx(tmp_path / "models.xlsx", [heading, ["Model", "Sạch làng", "economy", "Đoàn Thanh niên",
                                                          dt.datetime(2026, 5, 1)]])
    transfer.import_file(MODELS, path, today=TODAY)
    (stored,) = select_page(ListQuery(MODELS), 0, 1)
    assert (stored["kind"], stored["field"], stored["start_date"]) == ("mo_hinh", "kinh_te", dt.date(2026, 5, 1))


def test_unknown_and_repeated_columns_are_named(commune_db, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["Tên mô hình / điển hình", "Cột lạ"], ["x", "y"]])
    with pytest.raises(transfer.TransferError, match="không nhận ra cột «Cột lạ»"):
        transfer.import_file(MODELS, path)
    path = write_csv(tmp_path / "b.csv", [["name", "Tên mô hình / điển hình"], ["x", "y"]])
    with pytest.raises(transfer.TransferError, match="cột «Tên mô hình / điển hình» xuất hiện hai lần"):
        transfer.import_file(MODELS, path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.txt", b"x", "chỉ nhận tệp .csv, .xlsx hoặc .xls"),
        ("a.csv", b"T\x81n;x\x8d\n", "không phải văn bản UTF-8, UTF-16 hay Windows-1258"),
        ("a.xlsx", b"PK not a workbook", "không phải tệp Excel .xlsx hợp lệ"),
        ("a.csv", b"", "không có dòng tiêu đề"),
        ("a.csv", "Tên mô hình / điển hình\n".encode(), "không có dòng dữ liệu nào"),
    ],
)
def test_unreadable_files_are_refused_with_the_reason(commune_db, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(transfer.TransferError, match=message):
        transfer.import_file(MODELS, path)


def test_export_then_import_corrects_instead_of_copying(commune_db, tmp_path):
    """An exported file corrected in Excel goes back in as new revisions of the same records."""
    saved = records.save(MODELS, {"kind": "mo_hinh", "name": "Đường hoa", "field": "kinh_te", "lead": "Chi hội",
                                  "start_date": "01/01/2026", "funding_vnd": 7_000_000}, today=TODAY)  # fmt: skip
    path = tmp_path / "xuat.xlsx"
    assert transfer.export_file(MODELS, path) == 1
    book = openpyxl.load_workbook(path)
    sheet = book.active
    heading = [cell.value for cell in sheet[1]]
    assert heading[0] == "Thôn, tổ dân phố" and heading[-1] == "Mã bản ghi"
    assert sheet.cell(2, heading.index("Kinh phí hỗ trợ (đồng)") + 1).number_format == "#,##0"
    sheet.cell(2, heading.index("Tên mô hình / điển hình") + 1).value = "Đường hoa nông thôn mới"
    book.save(path)
    result = transfer.import_file(MODELS, path, today=TODAY)
    assert (result.added, result.updated) == (0, 1)
    stored = records.get(MODELS, saved["uuid"])
    assert stored["name"] == "Đường hoa nông thôn mới" and stored["revision"] == 2
    assert stored["funding_vnd"] == 7_000_000 and count(ListQuery(MODELS)) == 1


def test_a_corrected_book_keeps_its_numbers_and_each_row_is_in_the_trail(commune_db, tmp_path):
    """Petitions exported and imported back as corrections keep their receipt numbers (a row is
    not a clash with the record it corrects); the trail names the file once and every row's
    change with its row number, and still verifies."""
    from desktop_app.services import audit_reading

    for number, sender in enumerate(("Lò Văn Páo", "Hà Thị Dung", "Vi Văn Nhất"), start=1):
        records.save(PETITION, {"received_date": "02/11/2026", "receipt_number": str(number), "channel": "truc_tiep",
                                "sender_name": sender, "kind": "kien_nghi", "subject_field": "dat_dai",
                                "summary": "Đường ngập"}, today=TODAY)  # fmt: skip
    path = tmp_path / "don.csv"
    assert transfer.export_file(PETITION, path) == 3
    text = path.read_text(encoding="utf-8-sig").replace("Đường ngập", "Đường thôn ngập sâu")
    path.write_text(text, encoding="utf-8-sig")
    result = transfer.import_file(PETITION, path, today=TODAY)
    assert (result.added, result.updated) == (0, 3)
    stored = select_page(ListQuery(PETITION, sort_field="receipt_number"), 0, 10)
    assert [(r["receipt_number"], r["summary"], r["revision"]) for r in stored] == [
        (str(n), "Đường thôn ngập sâu", 2) for n in (1, 2, 3)]  # fmt: skip
    lines = [line for line in audit_reading.lines() if line.detail.get("import") == "don.csv"]
    assert sorted(line.detail["row"] for line in lines) == [2, 3, 4]
    assert all(line.detail["changes"]["summary"] == ["Đường ngập", "Đường thôn ngập sâu"] for line in lines)
    assert audit_reading.verify() == []


def test_export_masks_a_confidential_sender_and_import_keeps_the_real_one(commune_db, tmp_path):
    """A denouncer's name never leaves in an export, and does not come back as "(giữ bí mật)"."""
    raw = {"received_date": "02/11/2026", "channel": "buu_chinh", "sender_name": "Vi Văn Mật", "kind": "to_cao",
           "subject_field": "tham_nhung_tieu_cuc", "summary": "Tố cáo cán bộ thôn"}
    saved = records.save(PETITION, raw, today=TODAY)
    path = tmp_path / "don.csv"
    transfer.export_file(PETITION, path)
    text = path.read_text(encoding="utf-8-sig")
    assert "Vi Văn Mật" not in text and "(giữ bí mật)" in text
    transfer.import_file(PETITION, path, today=TODAY)
    assert records.get(PETITION, saved["uuid"])["sender_name"] == "Vi Văn Mật"


def test_export_without_sensitive_fields_and_in_english(commune_db, tmp_path):
    records.save(PETITION, {"received_date": "02/11/2026", "channel": "truc_tiep", "sender_name": "Lò Thị Hoà",
                            "kind": "kien_nghi", "subject_field": "dat_dai", "summary": "Đường"}, today=TODAY)
    l10n.set_language("en")
    path = tmp_path / "petitions.csv"
    transfer.export_file(PETITION, path, include_sensitive=False)
    heading, row = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert "Sender or petitioner" not in heading and "Lò Thị Hoà" not in row
    assert "Date received" in heading and "Proposal" in row and "02/11/2026" in row


def test_a_failed_export_names_the_file_and_leaves_nothing_half_written(commune_db, tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    with pytest.raises(transfer.TransferError, match=r"Không ghi được tệp .*not_a_folder/x\.csv"):
        transfer.export_file(MODELS, blocker / "x.csv")
    assert not any(p.name.endswith(".part") for p in tmp_path.rglob("*"))


PETITION_HEADING = ["Ngày nhận", "Nguồn đơn", "Người gửi / đứng đơn", "Loại đơn", "Lĩnh vực", "Tóm tắt nội dung",
                    "Hướng xử lý", "Ngày thụ lý"]  # fmt: skip


def _typed_rows():
    from tests.ui.test_date_entry import RECEIVED, TABLE

    return [pytest.param(row, RECEIVED, id=str(row)) for row in TABLE]


@pytest.mark.parametrize(("typed", "received"), _typed_rows())
def test_dates_typed_as_text_in_a_spreadsheet_read_as_the_window_reads_them(commune_db, tmp_path, typed, received):
    """The window's table of typed dates, as cells typed as text: the same date or the same refusal."""
    l10n.set_language(typed.language)
    text = typed.keys.replace("\b", "")
    if typed.field == "received_date":
        cells = [text, "Qua bưu chính", "Lò Văn Sau", "Kiến nghị", "Đất đai", "Tranh chấp ranh giới đất", "", ""]
    else:
        cells = [received.strftime("%d/%m/%Y"), "Qua bưu chính", "Lò Văn Sau", "Kiến nghị", "Đất đai",
                 "Tranh chấp ranh giới đất", "Thụ lý giải quyết", text]  # fmt: skip
    path = write_csv(tmp_path / "don.csv", [PETITION_HEADING, cells])
    if typed.date is not None:
        transfer.import_file(PETITION, path)
        [stored] = select_page(ListQuery(PETITION), 0, 10)
        assert stored[typed.field] == typed.date
        return
    with pytest.raises(transfer.TransferError) as caught:
        transfer.import_file(PETITION, path)
    assert typed.refusal in str(caught.value)
    assert count(ListQuery(PETITION)) == 0


def test_a_long_import_says_how_far_it_is(commune_db, tmp_path):
    """The window's progress bar and the terminal's line hear of the rows checked, then written."""
    heading = ["Ngày nhận", "Nguồn đơn", "Người gửi / đứng đơn", "Loại đơn", "Lĩnh vực", "Tóm tắt nội dung"]
    rows = [["02/11/2026", "Nộp trực tiếp", f"Lò Văn {n}", "Kiến nghị", "Đất đai", "Đường ngập"] for n in range(600)]
    heard: list[tuple[int, int]] = []
    transfer.import_file(PETITION, write_csv(tmp_path / "don.csv", [heading, *rows]), today=TODAY,
                         progress=lambda done, total: heard.append((done, total)))  # fmt: skip
    assert heard[0] == (0, 1200) and heard[-1] == (1200, 1200)
    assert [done for done, _total in heard] == sorted(done for done, _total in heard) and len(heard) >= 5
    assert count(ListQuery(PETITION)) == 600
