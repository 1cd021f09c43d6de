"""Accounts and roles: who may do what, signing in, lock-out, and passwords that never leak."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from desktop_app.domain.registers import get_register
from desktop_app.domain.roles import ROLES, Right
from desktop_app.services import accounts, periods, records, transfer, unit_setup
from desktop_app.store.models import Account, AuditEntry
from desktop_app.sync import outgoing, runner
from tests.conftest import PASSWORDS, sign_in_as

RECEPTION = get_register("reception")
TODAY = dt.date(2026, 11, 24)
RAW = {"date": "03/11/2026", "host_role": "chu_tich_ubnd", "citizen_name": "Hà Thị Lụa", "citizen_id_number":
       "001199012345", "people_count": "1", "content": "Hỏi về cấp giấy chứng nhận", "classification": "kien_nghi",
       "action": "thu_ly"}  # fmt: skip


def _edit(tmp_path):
    records.save(RECEPTION, RAW, today=TODAY)


def _import(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("Ngày tiếp,Người chủ trì tiếp,Họ tên công dân,Số người,Nội dung vụ việc,Phân loại,Hướng xử lý\n"
                    "03/11/2026,Chủ tịch UBND,Hà Thị Lụa,1,Hỏi về đất,Kiến nghị,Thụ lý\n", encoding="utf-8")
    transfer.import_file(RECEPTION, path, today=TODAY)


def _export(tmp_path):
    transfer.export_file(RECEPTION, tmp_path / "out.csv")


def _package(tmp_path):
    outgoing.make_package(tmp_path / "out", full=True)


def _lock(tmp_path):
    periods.lock("2026-Q3", "Đã báo cáo quý III")


def _accounts(tmp_path):
    accounts.add_account("moi", "nhap_lieu", "mat-khau-moi-1")


def _settings(tmp_path):
    unit_setup.update_profile(unit_setup.profile(), idle_lock_minutes=5)


def _sync_setup(tmp_path):
    runner.configure("folder", str(tmp_path / "usb"))


ACTIONS = {
    Right.EDIT_RECORDS: _edit,
    Right.IMPORT: _import,
    Right.EXPORT: _export,
    Right.SEND: _package,
    Right.APPROVE_PERIODS: _lock,
    Right.MANAGE_ACCOUNTS: _accounts,
    Right.SETTINGS: _settings,
    Right.SYNC_SETUP: _sync_setup,
}
ACCOUNT_OF_ROLE = {"nhap_lieu": "nhaplieu", "lanh_dao": "lanhdao", "quan_tri": "quantri"}
CAUGHT = (accounts.NotAllowed, transfer.TransferError, unit_setup.SetupError, runner.TransportError)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.code)
@pytest.mark.parametrize("right", list(ACTIONS), ids=str)
def test_each_role_may_do_what_the_table_says_and_nothing_else(guarded_db, tmp_path, role, right):
    """The services refuse what a role may not do, whatever face (window or command line) asks."""
    sign_in_as(ACCOUNT_OF_ROLE[role.code])
    entries = AuditEntry.select().count()
    if role.may(right):
        ACTIONS[right](tmp_path)
        assert AuditEntry.select().count() > entries
        return
    with pytest.raises(CAUGHT) as refused:
        ACTIONS[right](tmp_path)
    assert role.display in str(refused.value) and AuditEntry.select().count() == entries


def test_the_roles_build_on_each_other():
    entry, leader, admin = ROLES
    assert entry.rights < leader.rights < admin.rights
    assert not entry.may(Right.READ_SENSITIVE) and leader.may(Right.READ_SENSITIVE)


def test_a_database_with_accounts_refuses_everything_before_a_sign_in(guarded_db):
    accounts.sign_out()
    with pytest.raises(accounts.NotAllowed, match="đăng nhập"):
        records.save(RECEPTION, RAW, today=TODAY)


def test_a_database_without_accounts_works_as_before(commune_db):
    """Made before accounts: every right, the computer's user stamped, until an administrator exists."""
    saved = records.save(RECEPTION, RAW, today=TODAY, user="can_bo")
    assert saved["updated_by"] == "can_bo"
    assert accounts.current().unguarded


def test_the_signed_in_account_is_stamped_whatever_user_is_given(guarded_db):
    sign_in_as("nhaplieu")
    saved = records.save(RECEPTION, RAW, today=TODAY, user="someone_else")
    assert saved["created_by"] == saved["updated_by"] == "nhaplieu"


def test_a_wrong_password_changes_nothing_but_the_count_and_the_trail(guarded_db):
    before = Account.get(Account.name == "lanhdao").password_hash
    with pytest.raises(accounts.SignInError, match="Sai tên đăng nhập hoặc mật khẩu"):
        accounts.sign_in("lanhdao", "sai-mat-khau")
    account = Account.get(Account.name == "lanhdao")
    assert account.password_hash == before and account.failed_attempts == 1
    assert accounts.signed_in().name == "quantri"  # who was signed in stays signed in
    failed = AuditEntry.select().where(AuditEntry.action == "sign_in_failed").get()
    assert failed.user == "lanhdao" and "password" in failed.detail


def test_an_unknown_name_is_told_the_same_as_a_wrong_password(guarded_db):
    with pytest.raises(accounts.SignInError, match="Sai tên đăng nhập hoặc mật khẩu"):
        accounts.sign_in("khong_co", "bat-ky-mat-khau")


def test_five_failures_lock_the_account_for_a_growing_delay(guarded_db):
    for _attempt in range(4):
        with pytest.raises(accounts.SignInError):
            accounts.sign_in("nhaplieu", "sai-mat-khau")
    with pytest.raises(accounts.SignInError, match="tạm khóa"):
        accounts.sign_in("nhaplieu", "sai-mat-khau")
    def locked_for() -> dt.timedelta:
        return Account.get(Account.name == "nhaplieu").locked_until - dt.datetime.now(dt.UTC).replace(tzinfo=None)

    assert dt.timedelta(seconds=50) < locked_for() <= dt.timedelta(minutes=1)
    with pytest.raises(accounts.SignInError, match="tạm khóa"):  # even the right password, while locked
        accounts.sign_in("nhaplieu", PASSWORDS["nhaplieu"])
    Account.update(locked_until=dt.datetime(2000, 1, 1)).where(Account.name == "nhaplieu").execute()
    with pytest.raises(accounts.SignInError, match="tạm khóa"):  # a sixth failure: twice as long
        accounts.sign_in("nhaplieu", "sai-mat-khau")
    assert dt.timedelta(seconds=110) < locked_for() <= dt.timedelta(minutes=2)
    assert accounts.lock_delay(5) == dt.timedelta(minutes=1) and accounts.lock_delay(6) == dt.timedelta(minutes=2)
    assert accounts.lock_delay(40) == accounts.LONGEST_LOCK and accounts.lock_delay(4) == dt.timedelta(0)
    Account.update(locked_until=None).where(Account.name == "nhaplieu").execute()
    accounts.sign_in("nhaplieu", PASSWORDS["nhaplieu"])  # after the delay the right password works again
    assert Account.get(Account.name == "nhaplieu").failed_attempts == 0


def test_a_disabled_account_cannot_sign_in_and_stays_named(guarded_db):
    accounts.disable("lanhdao")
    with pytest.raises(accounts.SignInError, match="vô hiệu hóa"):
        accounts.sign_in("lanhdao", PASSWORDS["lanhdao"])
    assert Account.get(Account.name == "lanhdao").disabled_at is not None
    with pytest.raises(accounts.AccountError, match=r"quản trị cuối cùng|đang đăng nhập"):
        accounts.disable("quantri")


def test_a_password_is_never_stored_in_clear(guarded_db):
    """The database file, WAL included, holds no password as typed."""
    from desktop_app.store.models import database

    database.execute_sql("PRAGMA wal_checkpoint(FULL)")
    content = guarded_db.read_bytes() + guarded_db.with_name(guarded_db.name + "-wal").read_bytes() \
        if guarded_db.with_name(guarded_db.name + "-wal").exists() else guarded_db.read_bytes()
    for password in PASSWORDS.values():
        assert password.encode() not in content
    assert all(a.password_hash.startswith("$argon2id$") for a in Account.select())


def test_passwords_are_checked_and_compared_as_composed_text(guarded_db):
    with pytest.raises(accounts.AccountError, match="ít nhất 8"):
        accounts.add_account("ngan", "nhap_lieu", "ngan")
    with pytest.raises(accounts.AccountError, match="Tên đăng nhập"):
        accounts.add_account("Tên có dấu", "nhap_lieu", "mat-khau-dai")
    accounts.add_account("hoa", "nhap_lieu", unicodedata.normalize("NFC", "Hòa-bình-2026"))
    accounts.sign_in("hoa", unicodedata.normalize("NFD", "Hòa-bình-2026"))  # another keyboard, the same letters


def test_changing_and_resetting_passwords(guarded_db):
    sign_in_as("nhaplieu")
    with pytest.raises(accounts.AccountError, match="hiện tại"):
        accounts.change_own_password("sai", "mat-khau-moi-2026")
    accounts.change_own_password(PASSWORDS["nhaplieu"], "mat-khau-moi-2026")
    accounts.sign_in("nhaplieu", "mat-khau-moi-2026")
    sign_in_as("quantri")
    accounts.reset_password("nhaplieu", "dat-lai-2026")  # the old one is not needed
    accounts.sign_in("nhaplieu", "dat-lai-2026")
    with pytest.raises(accounts.NotAllowed):
        accounts.reset_password("quantri", "chiem-quyen-2026")
