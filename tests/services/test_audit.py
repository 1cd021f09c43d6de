"""The audit trail: every kind of change leaves exactly its entries, in the change's own
transaction, and any entry or record changed behind the program's back is found and named."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import closing

import pytest

from desktop_app.domain.registers import get_register
from desktop_app.services import accounts, audit_reading, periods, records, reports, transfer, unit_setup
from desktop_app.store.models import AuditEntry, database
from desktop_app.sync import runner
from tests.accounts import raw_connect
from tests.conftest import sign_in_as
from tests.engines import columns_of, is_server

pytestmark = pytest.mark.both_engines  # the trail kept, and attacked, on a SQLite file and on a PostgreSQL server

RECEPTION = get_register("reception")
PETITION = get_register("petition")
TODAY = dt.date(2026, 11, 24)
RAW = {"date": "03/11/2026", "host_role": "chu_tich_ubnd", "citizen_name": "Hà Thị Lụa", "people_count": "2",
       "content": "Hỏi về cấp giấy chứng nhận", "classification": "kien_nghi", "action": "thu_ly"}  # fmt: skip
HEADING = "Ngày tiếp,Người chủ trì tiếp,Họ tên công dân,Số người,Nội dung vụ việc,Phân loại,Hướng xử lý\n"


def actions_since(first_id: int) -> list[str]:
    return [e.action for e in AuditEntry.select().where(AuditEntry.id > first_id).order_by(AuditEntry.id)]


def last_id() -> int:
    return AuditEntry.select().count()


def detail(entry_id: int) -> dict:
    return json.loads(AuditEntry.get_by_id(entry_id).detail)


def test_create_update_delete_restore_each_leave_one_entry_with_what_changed(guarded_db):
    sign_in_as("nhaplieu")
    start = last_id()
    saved = records.save(RECEPTION, RAW, today=TODAY)
    records.save(RECEPTION, {**RAW, "people_count": "3", "citizen_name": "Hà Thị Lụa"}, uuid=saved["uuid"],
                 today=TODAY)  # fmt: skip
    records.delete(RECEPTION, saved["uuid"])
    records.restore(RECEPTION, saved["uuid"])
    assert actions_since(start) == ["create", "update", "delete", "restore"]
    update = AuditEntry.get_by_id(start + 2)
    assert update.user == "nhaplieu" and update.role == "nhap_lieu" and update.record_uuid == saved["uuid"]
    assert json.loads(update.detail)["changes"] == {"people_count": [2, 3]}
    assert audit_reading.verify() == []


def test_a_refused_save_leaves_no_entry(guarded_db):
    start = last_id()
    with pytest.raises(records.ValidationError):
        records.save(RECEPTION, {**RAW, "people_count": "không rõ"}, today=TODAY)
    assert actions_since(start) == []


def test_an_import_names_its_file_and_each_record_and_a_failed_one_leaves_none(guarded_db, tmp_path):
    good = tmp_path / "tot.csv"
    good.write_text(HEADING + "03/11/2026,Chủ tịch UBND,Hà Thị Lụa,1,Hỏi về đất,Kiến nghị,Thụ lý\n"
                    "04/11/2026,Chủ tịch UBND,Vi Văn Sáu,2,Hỏi về đất,Kiến nghị,Thụ lý\n", encoding="utf-8")
    start = last_id()
    transfer.import_file(RECEPTION, good, today=TODAY)
    assert actions_since(start) == ["import", "create", "create"]
    file_entry = detail(start + 1)
    assert file_entry["file"] == "tot.csv" and len(file_entry["sha256"]) == 64 and file_entry["rows"] == 2
    assert detail(start + 2)["import"] == "tot.csv" and detail(start + 2)["row"] == 2
    bad = tmp_path / "hong.csv"
    bad.write_text(HEADING + "03/11/2026,Chủ tịch UBND,Hà Thị Lụa,1,Hỏi về đất,Kiến nghị,Thụ lý\n"
                   "04/11/2026,Chủ tịch UBND,Vi Văn Sáu,không rõ,Hỏi về đất,Kiến nghị,Thụ lý\n", encoding="utf-8")
    start = last_id()
    with pytest.raises(transfer.TransferError):
        transfer.import_file(RECEPTION, bad, today=TODAY)
    assert actions_since(start) == []


def test_exports_say_whether_sensitive_fields_went_with_them(guarded_db, tmp_path):
    records.save(RECEPTION, RAW, today=TODAY)
    start = last_id()
    transfer.export_file(RECEPTION, tmp_path / "a.csv")
    transfer.export_file(RECEPTION, tmp_path / "b.csv", include_sensitive=False)
    sign_in_as("nhaplieu")
    transfer.export_file(RECEPTION, tmp_path / "c.csv")
    exports = AuditEntry.select().where((AuditEntry.id > start) & (AuditEntry.action == "export"))
    assert [json.loads(e.detail)["sensitive"] for e in exports.order_by(AuditEntry.id)] == ["included", "none",
                                                                                            "masked"]
    assert "Hà Thị Lụa" in (tmp_path / "a.csv").read_text(encoding="utf-8-sig")
    assert "Hà Thị Lụa" not in (tmp_path / "c.csv").read_text(encoding="utf-8-sig")


def test_accounts_settings_sync_locks_and_reports_are_in_the_trail(guarded_db, tmp_path):
    start = last_id()
    accounts.add_account("moi", "nhap_lieu", "mat-khau-moi-1")
    accounts.reset_password("moi", "mat-khau-moi-2")
    accounts.disable("moi")
    unit_setup.update_profile(unit_setup.profile(), idle_lock_minutes=5)
    unit_setup.update_hamlets([*unit_setup.hamlets(), "Thôn Mới"])
    runner.configure("folder", str(tmp_path / "usb"))
    periods.lock("2026-Q3", "Đã báo cáo")
    periods.reopen("2026-Q3", "Sửa số liệu sai")
    with pytest.raises(accounts.SignInError):
        accounts.sign_in("moi", "mat-khau-moi-2")  # disabled
    assert actions_since(start) == ["account_added", "password_reset", "account_disabled", "settings", "settings",
                                    "sync_setup", "period_locked", "period_reopened", "sign_in_failed"]
    assert detail(start + 4)["changes"] == {"idle_lock_minutes": [10, 5]}
    assert "mat-khau" not in "".join(e.detail for e in AuditEntry.select())
    draft = reports.new_report(reports.parse_period("2026-Q3"), "periodic", None, TODAY)
    draft.number = 7
    uuid = reports.save_report(draft)
    sign_in_as("lanhdao")
    start = last_id()
    reports.finalize_report(uuid)
    reports.reprint(uuid)
    assert actions_since(start) == ["report_issued", "report_reprinted"]
    assert detail(start + 1)["sha256"] == detail(start + 2)["sha256"]


def test_sensitive_values_in_the_trail_are_masked_for_a_role_that_may_not_read_them(guarded_db):
    saved = records.save(RECEPTION, RAW, today=TODAY)
    records.save(RECEPTION, {**RAW, "citizen_name": "Hà Thị Lựu"}, uuid=saved["uuid"], today=TODAY)
    change = next(audit_reading.lines(record_uuid=saved["uuid"], newest_first=True))
    assert ("Họ tên công dân", "Hà Thị Lụa", "Hà Thị Lựu") in change.change_lines()
    sign_in_as("nhaplieu")
    change = next(audit_reading.lines(record_uuid=saved["uuid"], newest_first=True))
    assert ("Họ tên công dân", "(giữ bí mật)", "(giữ bí mật)") in change.change_lines()


def test_a_role_that_may_not_read_sensitive_fields_neither_sees_nor_empties_them(guarded_db):
    saved = records.save(RECEPTION, {**RAW, "citizen_id_number": "001199012345"}, today=TODAY)
    sign_in_as("nhaplieu")
    shown = records.visible(RECEPTION, records.get(RECEPTION, saved["uuid"]))
    assert shown["citizen_name"] == shown["citizen_id_number"] == "(giữ bí mật)"
    records.save(RECEPTION, {**shown, "people_count": 4}, uuid=saved["uuid"], today=TODAY)  # the form sends masks
    kept = records.get(RECEPTION, saved["uuid"])
    assert kept["citizen_name"] == "Hà Thị Lụa" and kept["citizen_id_number"] == "001199012345"
    assert kept["people_count"] == 4


def test_a_role_that_may_not_read_sensitive_fields_cannot_find_records_by_them(guarded_db):
    from desktop_app.store.queries import ListQuery, count

    records.save(RECEPTION, RAW, today=TODAY)
    assert count(ListQuery(RECEPTION, search="lua")) == 1
    assert count(ListQuery(RECEPTION, search="lua", search_sensitive=False)) == 0
    assert count(ListQuery(RECEPTION, search="giay chung nhan", search_sensitive=False)) == 1


# ------------------------------------------------------------------------- attacks on the trail


def _tamper(path, sql: str, *args) -> None:
    """A statement run behind the program's back, on a connection of the attacker's own: the
    file opened with SQLite, or the server signed in to with the database's password."""
    if not is_server(path):
        database.execute_sql("PRAGMA wal_checkpoint(FULL)")
    with closing(raw_connect(path)) as con:
        con.execute(sql, args)


@pytest.fixture
def trail(guarded_db):
    first = records.save(RECEPTION, RAW, today=TODAY)
    second = records.save(RECEPTION, {**RAW, "citizen_name": "Vi Văn Sáu"}, today=TODAY)
    records.save(RECEPTION, {**RAW, "people_count": "5"}, uuid=first["uuid"], today=TODAY)
    periods.lock("2026-Q3", "Đã báo cáo")
    assert audit_reading.verify() == []
    return guarded_db, first, second


def test_an_entry_changed_behind_the_program_s_back_is_found_and_named(trail):
    path, first, _second = trail
    target = AuditEntry.get((AuditEntry.record_uuid == first["uuid"]) & (AuditEntry.action == "update")).id
    _tamper(path, "UPDATE auditentry SET \"user\" = 'nguoi_khac' WHERE id = ?", target)
    findings = audit_reading.verify()
    assert findings[0].kind == "chain" and findings[0].entry_id == target
    assert f"mục {target}" in findings[0].message


def test_an_entry_removed_from_the_middle_or_the_end_is_found(trail):
    path, first, _second = trail
    middle = AuditEntry.get((AuditEntry.record_uuid == first["uuid"]) & (AuditEntry.action == "create")).id
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).get().id
    _tamper(path, "DELETE FROM auditentry WHERE id = ?", last)
    assert audit_reading.verify()[0].message == f"các mục cuối của nhật ký (từ mục {last}) đã bị xóa."
    _tamper(path, "DELETE FROM auditentry WHERE id = ?", middle)
    assert audit_reading.verify()[0].entry_id == middle


def test_a_chain_recomputed_after_removing_an_entry_still_leaves_the_record_unvouched(trail):
    """An attacker who deletes a record's only entries is caught by the record check."""
    path, _first, second = trail
    _tamper(path, "DELETE FROM auditentry WHERE record_uuid = ?", second["uuid"])
    messages = [f.message for f in audit_reading.verify()]
    assert any(second["uuid"] in m and "không có trong nhật ký" in m for m in messages)


def test_a_record_changed_behind_the_program_s_back_is_found(trail):
    path, first, _second = trail
    _tamper(path, "UPDATE reception SET people_count = 50 WHERE uuid = ?", first["uuid"])
    findings = audit_reading.verify()
    assert [f.kind for f in findings] == ["record"] and first["uuid"] in findings[0].message


def test_a_record_inserted_behind_the_program_s_back_is_found(trail):
    path, first, _second = trail
    # A copy under a new identity, as someone would add a record by hand:
    with closing(raw_connect(path)) as con:
        columns = [f'"{c}"' for c in columns_of(con, "reception")]
    picked = ", ".join("'11111111-2222-4333-8444-555555555555'" if c == '"uuid"' else c for c in columns)
    _tamper(path, f"INSERT INTO reception ({', '.join(columns)}) SELECT {picked} FROM reception WHERE uuid = ?",
            first["uuid"])  # fmt: skip
    assert any("11111111-2222" in f.message for f in audit_reading.verify())


def test_the_head_row_removed_behind_the_program_s_back_is_found_and_stays_found_after_more_work(trail):
    """Removing the head (to hide entries cut off the end) is found, and the next save, which
    rebuilds it, leaves an entry saying so."""
    path, first, _second = trail
    _tamper(path, "DELETE FROM audithead")
    assert audit_reading.verify()[0].message.startswith("dòng ghi mục cuối của nhật ký đã bị xóa")
    records.save(RECEPTION, {**RAW, "people_count": "6"}, uuid=first["uuid"], today=TODAY)
    findings = audit_reading.verify()
    assert [f.kind for f in findings] == ["chain"] and "dòng ghi mục cuối" in findings[0].message
    assert AuditEntry.get_by_id(findings[0].entry_id).action == "head_rebuilt"
