"""Period approval: a locked period refuses every change of its records, with nothing written,
until a leader reopens it; both steps are in the trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import pytest

from desktop_app.domain.registers import get_register
from desktop_app.services import accounts, periods, records, transfer
from desktop_app.store.models import AuditEntry, database
from tests.conftest import sign_in_as

RECEPTION = get_register("reception")
TODAY = dt.date(2026, 11, 24)
RAW = {"date": "03/08/2026", "host_role": "chu_tich_ubnd", "citizen_name": "Hà Thị Lụa", "people_count": "2",
       "content": "Hỏi về cấp giấy chứng nhận", "classification": "kien_nghi", "action": "thu_ly"}  # fmt: skip
HEADING = "Ngày tiếp,Người chủ trì tiếp,Họ tên công dân,Số người,Nội dung vụ việc,Phân loại,Hướng xử lý\n"


def every_row(path) -> str:
    database.execute_sql("PRAGMA wal_checkpoint(FULL)")
    digest = hashlib.sha256()
    with sqlite3.connect(path) as con:
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
            for row in con.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture
def locked(guarded_db):
    """A record of August 2026 and one of October, then the third quarter locked by a leader."""
    inside = records.save(RECEPTION, RAW, today=TODAY)
    outside = records.save(RECEPTION, {**RAW, "date": "05/10/2026"}, today=TODAY)
    deleted = records.save(RECEPTION, {**RAW, "date": "10/09/2026"}, today=TODAY)
    records.delete(RECEPTION, deleted["uuid"])
    sign_in_as("lanhdao")
    periods.lock("2026-Q3", "Đã ban hành báo cáo quý III số 12-BC/ĐU")
    sign_in_as("nhaplieu")
    return guarded_db, inside, outside, deleted


CHANGES = {
    "create": lambda r: records.save(RECEPTION, {**RAW, "date": "15/09/2026"}, today=TODAY),
    "edit": lambda r: records.save(RECEPTION, {**RAW, "people_count": "9"}, uuid=r["inside"], today=TODAY),
    "delete": lambda r: records.delete(RECEPTION, r["inside"]),
    "restore": lambda r: records.restore(RECEPTION, r["deleted"]),
    "move in": lambda r: records.save(RECEPTION, {**RAW, "date": "30/09/2026"}, uuid=r["outside"], today=TODAY),
    "move out": lambda r: records.save(RECEPTION, {**RAW, "date": "01/10/2026"}, uuid=r["inside"], today=TODAY),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_locked_period_refuses_the_change_and_writes_nothing(locked, change):
    path, inside, outside, deleted = locked
    before = every_row(path)
    with pytest.raises(periods.PeriodLocked, match=r"2026-Q3 đã được chốt số liệu .* bởi lanhdao"):
        CHANGES[change]({"inside": inside["uuid"], "outside": outside["uuid"], "deleted": deleted["uuid"]})
    assert every_row(path) == before


def test_records_outside_the_period_are_still_edited(locked):
    _path, _inside, outside, _deleted = locked
    assert records.save(RECEPTION, {**RAW, "date": "06/10/2026"}, uuid=outside["uuid"], today=TODAY)["revision"] == 2


def test_an_import_touching_the_period_is_refused_whole_naming_rows_and_period(locked, tmp_path):
    path = locked[0]
    file = tmp_path / "tiep_dan.csv"
    file.write_text(HEADING + "05/10/2026,Chủ tịch UBND,Hà Thị Lụa,1,Hỏi về đất,Kiến nghị,Thụ lý\n"
                    "15/09/2026,Chủ tịch UBND,Vi Văn Sáu,2,Hỏi về đất,Kiến nghị,Thụ lý\n"
                    "16/09/2026,Chủ tịch UBND,Vi Văn Bảy,2,Hỏi về đất,Kiến nghị,Thụ lý\n", encoding="utf-8")
    before = every_row(path)
    with pytest.raises(transfer.TransferError) as refused:
        transfer.import_file(RECEPTION, file, today=TODAY)
    assert "Dòng 3, 4: ngày thuộc kỳ 2026-Q3 đã chốt số liệu" in str(refused.value)
    assert every_row(path) == before


def test_reopening_allows_the_change_and_both_steps_are_in_the_trail(locked):
    _path, inside, _outside, _deleted = locked
    with pytest.raises(accounts.NotAllowed):
        periods.reopen("2026-Q3", "Sửa số liệu")  # a data-entry officer may not
    sign_in_as("lanhdao")
    periods.reopen("2026-Q3", "Sửa số người tiếp bị nhập sai")
    sign_in_as("nhaplieu")
    assert records.save(RECEPTION, {**RAW, "people_count": "3"}, uuid=inside["uuid"], today=TODAY)["revision"] == 2
    steps = [(e.action, e.user) for e in AuditEntry.select().where(AuditEntry.action.startswith("period_"))]
    assert steps == [("period_locked", "lanhdao"), ("period_reopened", "lanhdao")]


def test_locking_needs_a_reason_and_a_real_period(guarded_db):
    with pytest.raises(periods.LockError, match="Lý do"):
        periods.lock("2026-Q3", "  ")
    with pytest.raises(periods.LockError):
        periods.lock("2026-Q5", "x")
    periods.lock("2026", "Cả năm")
    with pytest.raises(periods.LockError, match="đã được chốt"):
        periods.lock("2026", "lần nữa")
    with pytest.raises(periods.LockError, match="chưa được chốt"):
        periods.reopen("2025", "x")
