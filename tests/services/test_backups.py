"""Backups: each copy checked and recorded, rotation, restore, and what is refused."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desktop_app.domain.registers import BY_NAME
from desktop_app.services import accounts, audit_reading, backups, records
from desktop_app.store import cipher, database
from desktop_app.store.backups import kept
from desktop_app.store.fingerprint import fingerprint
from desktop_app.sync.digest import digest
from tests.conftest import PASSWORDS, TODAY, sign_in_as

RECEPTION, PETITION = BY_NAME["reception"], BY_NAME["petition"]


def a_petition(name: str) -> dict:
    return {"received_date": "02/11/2026", "channel": "truc_tiep", "sender_name": name, "kind": "khieu_nai",
            "subject_field": "dat_dai", "summary": "Khiếu nại về bồi thường đất", "receipt_number": "9001"}  # fmt: skip


def test_a_backup_is_checked_recorded_and_in_the_audit_trail(encrypted_db):
    source = fingerprint(database.database.connection())
    made = backups.make_backup("manual")
    assert made.path.parent == encrypted_db.parent / "backups" and made.path.exists()
    assert not list(made.path.parent.glob("*.part"))
    assert made.sha256 == source.sha256 and made.encrypted and made.unit_code == "06838"
    assert made.counts == source.register_counts() and made.records == sum(source.register_counts().values())
    record = json.loads((made.path.parent / (made.path.name + ".json")).read_text(encoding="utf-8"))
    assert record["counts"]["reception"] == source.rows["reception"] and record["size"] == made.path.stat().st_size
    assert not made.path.read_bytes().startswith(b"SQLite format 3")  # an encrypted database's copy is encrypted
    entry = [line for line in audit_reading.lines() if line.action == "backup_made"][-1]
    assert entry.detail["backup"] == made.path.name and entry.detail["digest"] == made.sha256[:16]
    assert backups.backups()[0].path == made.path


def test_rotation_keeps_the_10_newest_and_7_days_4_weeks_12_months():
    start = dt.datetime(2026, 12, 4, 17, 0)
    taken = [start - dt.timedelta(hours=6 * n) for n in range(4 * 400)]  # four a day for 400 days
    keep = kept(taken)
    assert set(sorted(taken, reverse=True)[:10]) <= keep
    days = {t.date() for t in keep}
    assert {start.date() - dt.timedelta(days=n) for n in range(7)} <= days
    weeks = {t.isocalendar()[:2] for t in keep}
    assert len(weeks) >= 4 and len({(t.year, t.month) for t in keep}) == 12
    assert len(keep) <= 10 + 7 + 4 + 12
    for day in days - {t.date() for t in sorted(taken, reverse=True)[:10]}:  # older days: their newest copy
        assert [t for t in keep if t.date() == day] == [max(t for t in taken if t.date() == day)]


def test_a_corrupt_or_changed_backup_is_refused_and_nothing_is_replaced(encrypted_db):
    made = backups.make_backup("manual")
    records.save(PETITION, a_petition("Lò Văn Sau"), today=TODAY)
    now = fingerprint(database.database.connection()).sha256
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    made.path.write_bytes(bytes(data))
    with pytest.raises(backups.BackupError, match="không đạt kiểm tra"):
        backups.restore(made.path)
    assert fingerprint(database.database.connection()).sha256 == now


def test_a_backup_of_another_unit_is_refused(encrypted_db, tmp_path):
    made = backups.make_backup("manual")
    record_file = made.path.parent / (made.path.name + ".json")
    record = json.loads(record_file.read_text(encoding="utf-8"))
    record["unit_code"], record["unit"] = "06841", "Xã Lục Hồn (06841)"
    record_file.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(backups.BackupError, match="là của Xã Lục Hồn"):
        backups.restore(made.path)


def test_only_an_administrator_restores(encrypted_db):
    made = backups.make_backup("manual")
    sign_in_as("lanhdao")
    with pytest.raises(accounts.NotAllowed):
        backups.restore(made.path)


def test_restore_brings_back_the_copy_and_keeps_the_present_as_a_backup(encrypted_db):
    made = backups.make_backup("manual")
    before = digest().sha256
    saved = records.save(PETITION, a_petition("Lò Văn Sau"), today=TODAY)
    after_edit = digest().sha256
    done = backups.restore(made.path)
    assert digest().sha256 == before
    with pytest.raises(records.RecordNotFound):
        records.get(PETITION, saved["uuid"])
    assert accounts.current().name == "quantri"  # still signed in, to the restored file
    assert done.kept_as is not None and backups.Backup.read(done.kept_as).reason == "before_restore"
    assert "restored" in [line.action for line in audit_reading.lines()]
    assert audit_reading.verify() == []
    backups.restore(done.kept_as)  # and back again: nothing was lost
    assert digest().sha256 == after_edit


def test_a_truncated_database_is_restored_from_the_newest_good_backup(encrypted_db, tmp_path):
    backups.make_backup("manual")
    newest = backups.make_backup("daily")
    database.close_database()
    accounts.sign_out()
    with open(encrypted_db, "r+b") as stream:
        stream.truncate(4096 * 3)
    with pytest.raises(database.DatabaseError):
        database.open_database(encrypted_db, key=b"\0" * 32)
    done = backups.restore_damaged(encrypted_db, newest.path, "quantri", PASSWORDS["quantri"])
    assert done.kept_as is not None and done.kept_as.exists()
    with_key = database.database_key()
    assert with_key is not None
    restored = fingerprint(database.database.connection())
    assert {t: n for t, n in restored.rows.items() if t != "auditentry"} == {
        t: n for t, n in fingerprint_of_backup(newest, with_key).rows.items() if t != "auditentry"}


def fingerprint_of_backup(backup, key):
    connection = cipher.connect_file(backup.path, key)
    try:
        return fingerprint(connection)
    finally:
        connection.close()


def test_restore_of_a_damaged_file_refuses_a_wrong_password_and_keeps_the_file(encrypted_db):
    newest = backups.make_backup("manual")
    database.close_database()
    encrypted_db.write_bytes(b"\0" * 100)
    with pytest.raises(accounts.SignInError):
        backups.restore_damaged(encrypted_db, newest.path, "quantri", "sai-mat-khau")
    with pytest.raises(accounts.NotAllowed):
        backups.restore_damaged(encrypted_db, newest.path, "lanhdao", PASSWORDS["lanhdao"])
    assert encrypted_db.read_bytes() == b"\0" * 100


def test_a_large_import_and_a_merge_are_backed_up_first(encrypted_db, tmp_path):
    from desktop_app.services import transfer

    rows = "\n".join(f"{TODAY:%d/%m/%Y},Chủ tịch UBND,Người số {n},1,Hỏi về đất,Kiến nghị,Thụ lý" for n in range(101))
    file = tmp_path / "lon.csv"
    file.write_text("Ngày tiếp,Người chủ trì tiếp,Họ tên công dân,Số người,Nội dung vụ việc,Phân loại,Hướng xử lý\n"
                    + rows + "\n", encoding="utf-8")  # fmt: skip
    transfer.import_file(RECEPTION, file, today=TODAY)
    reasons = [b.reason for b in backups.backups()]
    assert reasons == ["import_rows"]


def test_the_second_place_gets_every_copy(encrypted_db, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    backups.set_second_place("folder", str(usb))
    made = backups.make_backup("manual")
    copied = usb / "06838-backups" / made.path.name
    assert copied.read_bytes() == made.path.read_bytes()
    assert (usb / "06838-backups" / (made.path.name + ".json")).exists()
    with pytest.raises(backups.BackupError, match="không có hoặc không phải thư mục"):
        backups.set_second_place("folder", str(tmp_path / "khong-co"))


def test_a_plain_database_never_sends_its_backups_to_webdav(guarded_db):
    with pytest.raises(backups.BackupError, match="không mã hóa"):
        backups.set_second_place("webdav")


def test_after_a_restore_every_account_opens_with_todays_password(encrypted_db):
    from desktop_app.services import encryption

    made = backups.make_backup("manual")
    accounts.reset_password("lanhdao", "lanh-dao-moi-2026")  # after the backup
    accounts.add_account("moi", "nhap_lieu", "nhap-lieu-moi-2026")
    backups.restore(made.path)
    for name, password in (("lanhdao", "lanh-dao-moi-2026"), ("moi", "nhap-lieu-moi-2026"),
                           ("quantri", PASSWORDS["quantri"])):  # fmt: skip
        database.close_database()
        assert encryption.open_signed_in(encrypted_db, name, password).name == name


def test_a_damaged_file_restores_with_the_password_of_the_backups_time(encrypted_db):
    from desktop_app.services import encryption

    made = backups.make_backup("manual")
    accounts.change_own_password(PASSWORDS["quantri"], "quan-tri-moi-2026")
    database.close_database()
    encrypted_db.write_bytes(b"\0" * 4096)
    with pytest.raises(accounts.SignInError):  # today's password opens today's ring, not the backup's accounts
        backups.restore_damaged(encrypted_db, made.path, "quantri", "quan-tri-moi-2026")
    done = backups.restore_damaged(encrypted_db, made.path, "quantri", PASSWORDS["quantri"])
    assert done.backup.path == made.path
    database.close_database()
    assert encryption.open_signed_in(encrypted_db, "quantri", PASSWORDS["quantri"]).name == "quantri"
