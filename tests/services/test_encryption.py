"""Encryption at rest, attacked: what a finder of the laptop reads, wrong secrets, recovery."""

from __future__ import annotations

import secrets
import shutil

import pytest

from desktop_app.security import keyslots
from desktop_app.services import accounts, audit_reading, encryption, unit_setup
from desktop_app.store import database
from desktop_app.store.fingerprint import fingerprint
from desktop_app.sync.digest import digest
from tests.accounts import bare_copy, raw_connect
from tests.conftest import COMMUNE, HAMLETS, PASSWORDS


def names_in(path) -> list[str]:
    """Citizens' names the registers hold (read with the key), to look for in the raw bytes."""
    with raw_connect(path, "quantri", PASSWORDS["quantri"]) as con:
        rows = con.execute("SELECT citizen_name FROM reception WHERE citizen_name != '' LIMIT 10").fetchall()
        rows += con.execute("SELECT sender_name FROM petition WHERE sender_name != '' LIMIT 10").fetchall()
    return sorted({name for (name,) in rows})


def every_file_of(path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file() and p.name.startswith(path.name)}


def test_nothing_a_finder_reads_holds_a_name_or_the_sqlite_header(encrypted_db):
    from desktop_app.services import backups

    names = names_in(encrypted_db)
    assert len(names) >= 5
    made = backups.make_backup("manual")
    files = every_file_of(encrypted_db)  # the database, its WAL while open, the key ring
    files |= {p.name: p.read_bytes() for p in made.path.parent.iterdir()}  # the backup and its record
    assert set(files) >= {"danvan.sqlite", "danvan.sqlite.keys"}
    assert not files["danvan.sqlite"].startswith(b"SQLite format 3")
    for file_name, content in files.items():
        for name in names:
            assert name.encode() not in content, (file_name, name)
            assert name.encode("utf-16-le") not in content, (file_name, name)


def test_a_wrong_password_opens_nothing_and_changes_no_row(encrypted_db):
    before = fingerprint(database.database.connection()).sha256
    database.close_database()
    accounts.sign_out()
    with pytest.raises(accounts.SignInError, match="Sai tên đăng nhập hoặc mật khẩu"):
        encryption.open_signed_in(encrypted_db, "quantri", "quan-tri-2025")
    assert database.database.is_closed()
    with pytest.raises(accounts.SignInError):
        encryption.open_signed_in(encrypted_db, "ai-do", PASSWORDS["quantri"])
    with raw_connect(encrypted_db, "quantri", PASSWORDS["quantri"]) as con:
        assert fingerprint(con).sha256 == before
    encryption.open_signed_in(encrypted_db, "quantri", PASSWORDS["quantri"])
    failed = [line for line in audit_reading.lines() if line.action == "sign_in_failed"]
    said = [(line.user, line.detail["reason"]) for line in failed]
    assert said[-2:] == [("quantri", "password"), ("ai-do", "unknown")]


def test_five_wrong_passwords_lock_the_account_even_before_the_database_opens(encrypted_db):
    database.close_database()
    for _attempt in range(4):
        with pytest.raises(accounts.SignInError, match="Sai tên"):
            encryption.open_signed_in(encrypted_db, "lanhdao", "sai-mat-khau")
    with pytest.raises(accounts.SignInError, match="tạm khóa đến"):
        encryption.open_signed_in(encrypted_db, "lanhdao", "sai-mat-khau")
    with pytest.raises(accounts.SignInError, match="tạm khóa"):  # the right password is refused while locked
        encryption.open_signed_in(encrypted_db, "lanhdao", PASSWORDS["lanhdao"])
    encryption.open_signed_in(encrypted_db, "quantri", PASSWORDS["quantri"])
    accounts.reset_password("lanhdao", "lanh-dao-moi-2026")  # an administrator's reset lifts the lock
    database.close_database()
    assert encryption.open_signed_in(encrypted_db, "lanhdao", "lanh-dao-moi-2026").name == "lanhdao"


def test_every_account_still_signs_in_after_another_is_reset_or_changes_its_password(encrypted_db):
    accounts.reset_password("nhaplieu", "nhap-lieu-moi-2026")
    accounts.change_own_password(PASSWORDS["quantri"], "quan-tri-moi-2026")
    for name, password in (("quantri", "quan-tri-moi-2026"), ("lanhdao", PASSWORDS["lanhdao"]),
                           ("nhaplieu", "nhap-lieu-moi-2026")):  # fmt: skip
        database.close_database()
        assert encryption.open_signed_in(encrypted_db, name, password).name == name
    database.close_database()
    for name, old in (("quantri", PASSWORDS["quantri"]), ("nhaplieu", PASSWORDS["nhaplieu"])):
        with pytest.raises(accounts.SignInError):
            encryption.open_signed_in(encrypted_db, name, old)


def test_a_disabled_account_cannot_open_the_file_even_with_its_old_password(encrypted_db):
    accounts.disable("nhaplieu")
    database.close_database()
    with pytest.raises(accounts.SignInError, match="vô hiệu hóa"):
        encryption.open_signed_in(encrypted_db, "nhaplieu", PASSWORDS["nhaplieu"])
    with pytest.raises(keyslots.KeyRingError):
        keyslots.read_ring(keyslots.ring_path(encrypted_db)).open_with_password("nhaplieu", PASSWORDS["nhaplieu"])


def test_the_recovery_code_sets_a_new_administrator_password(encrypted_db, recovery_code):
    records = digest().sha256
    database.close_database()
    with pytest.raises(encryption.EncryptionError, match="Mã khôi phục không đúng"):
        encryption.recover(encrypted_db, "AAAA-" + recovery_code[5:], "quantri", "quan-tri-moi-2026")
    with pytest.raises(accounts.AccountError, match="không phải tài khoản quản trị"):
        encryption.recover(encrypted_db, recovery_code, "lanhdao", "quan-tri-moi-2026")
    with pytest.raises(accounts.AccountError, match="ít nhất 8"):
        encryption.recover(encrypted_db, recovery_code, "quantri", "ngan")
    database.close_database()
    with pytest.raises(accounts.SignInError):  # none of the refusals above changed a password
        encryption.open_signed_in(encrypted_db, "quantri", "quan-tri-moi-2026")
    session = encryption.recover(encrypted_db, recovery_code.lower(), "", "quan-tri-moi-2026")
    assert session.name == "quantri" and digest().sha256 == records
    assert "recovered" in [line.action for line in audit_reading.lines()]
    database.close_database()
    assert encryption.open_signed_in(encrypted_db, "quantri", "quan-tri-moi-2026").name == "quantri"


def test_a_missing_key_ring_is_said_in_words(encrypted_db, tmp_path):
    database.close_database()
    shutil.move(keyslots.ring_path(encrypted_db), tmp_path / "elsewhere.keys")
    with pytest.raises(encryption.EncryptionError, match=r"tệp khóa .* thiếu hoặc hỏng"):
        encryption.open_signed_in(encrypted_db, "quantri", PASSWORDS["quantri"])


def test_encrypting_a_plain_database_keeps_every_row_and_every_password(guarded_db, tmp_path):
    from desktop_app.services import demo

    demo.fill(60, seed=3, today=unit_setup.default_term_start(unit_setup.current_unit()).replace(year=2026), years=1)
    before = fingerprint(database.database.connection())
    records = digest().sha256
    code = encryption.encrypt(guarded_db, PASSWORDS["quantri"])
    assert database.database_key() is not None and not guarded_db.read_bytes().startswith(b"SQLite format 3")
    assert not (guarded_db.parent / "danvan.sqlite.encrypting").exists()
    assert digest().sha256 == records
    after = fingerprint(database.database.connection())
    keys_and_trail = ("auditentry", "readerkey", "sealkey", "syncsettings")  # the seal's keys, its backup's settings
    assert {t: n for t, n in after.rows.items() if t not in keys_and_trail} == {
        t: n for t, n in before.rows.items() if t not in keys_and_trail}
    assert (before.rows["readerkey"], after.rows["readerkey"]) == (0, 1)  # made with the recovery code
    added = [line.action for line in audit_reading.lines()][before.rows["auditentry"]:]
    assert added == ["encrypted", "backup_made", "values_sealed"]
    assert audit_reading.verify() == []
    for name, password in PASSWORDS.items():
        database.close_database()
        assert encryption.open_signed_in(guarded_db, name, password).name == name
    database.close_database()
    assert encryption.recover(guarded_db, code, "quantri", "quan-tri-moi-2026").name == "quantri"


def test_encrypt_is_refused_without_accounts_and_for_a_data_entry_officer(commune_db, guarded_db):
    from tests.conftest import sign_in_as

    sign_in_as("nhaplieu")
    with pytest.raises(accounts.NotAllowed):
        encryption.encrypt(guarded_db, PASSWORDS["nhaplieu"])
    assert guarded_db.read_bytes().startswith(b"SQLite format 3")


def test_an_unguarded_database_is_not_encrypted(tmp_path):
    from desktop_app.domain.units import find_unit

    path = tmp_path / "cu.sqlite"
    unit_setup.create_unit_database(path, unit_setup.suggested_profile(find_unit(COMMUNE)), list(HAMLETS))
    with pytest.raises(encryption.EncryptionError, match="chưa có tài khoản"):
        encryption.encrypt(path, "")
    database.close_database()


# ------------------------------------------------------------------------- one sheet opens every copy


def test_the_recovery_code_alone_opens_a_copy_without_its_ring(encrypted_db, recovery_code, tmp_path):
    records = digest().sha256
    copy = bare_copy(encrypted_db, tmp_path)
    database.close_database()
    accounts.sign_out()
    assert encryption.ring_missing(copy)
    with pytest.raises(encryption.EncryptionError, match=r"tệp khóa .* thiếu"):
        encryption.open_signed_in(copy, "quantri", PASSWORDS["quantri"])
    before = copy.read_bytes()
    wrong = "AAAA-" + recovery_code[5:]
    with pytest.raises(encryption.EncryptionError, match=r"Mã khôi phục không mở được .*không có gì thay đổi") as said:
        encryption.recover(copy, wrong, "quantri", "quan-tri-moi-2026")
    assert "\n" not in str(said.value)
    with pytest.raises(accounts.AccountError, match="ít nhất 8"):  # a refused password leaves no ring behind
        encryption.recover(copy, recovery_code, "quantri", "ngan")
    assert copy.read_bytes() == before and not keyslots.ring_path(copy).exists()

    session = encryption.recover(copy, recovery_code, "", "quan-tri-moi-2026")
    assert session.name == "quantri" and digest().sha256 == records
    assert keyslots.ring_path(copy).exists()
    assert {"recovered", "ring_rebuilt"} <= {line.action for line in audit_reading.lines()}
    assert audit_reading.verify() == []
    for name, password in (("quantri", "quan-tri-moi-2026"), ("lanhdao", PASSWORDS["lanhdao"]),
                           ("nhaplieu", PASSWORDS["nhaplieu"])):  # fmt: skip
        database.close_database()
        assert encryption.open_signed_in(copy, name, password).name == name  # the others keep their passwords
    database.close_database()
    assert encryption.recover(copy, recovery_code, "quantri", "quan-tri-lan-ba-2026").name == "quantri"


def test_a_disabled_account_gets_no_slot_in_the_rebuilt_ring(encrypted_db, recovery_code, tmp_path):
    accounts.disable("nhaplieu")
    copy = bare_copy(encrypted_db, tmp_path)
    database.close_database()
    encryption.recover(copy, recovery_code, "quantri", "quan-tri-moi-2026")
    database.close_database()
    rebuilt = keyslots.read_ring(keyslots.ring_path(copy))
    assert rebuilt.account_names() == ["lanhdao", "quantri"] and rebuilt.disabled == ["nhaplieu"]
    with pytest.raises(accounts.SignInError, match="vô hiệu hóa"):
        encryption.open_signed_in(copy, "nhaplieu", PASSWORDS["nhaplieu"])


def test_a_file_keyed_before_the_code_gave_keys_is_rekeyed_by_its_next_recovery(encrypted_db, recovery_code,
                                                                                   tmp_path):
    # Make the fixture's file what an older program left: a random key, found only in its ring.
    old_key = secrets.token_bytes(32)
    key = database.database_key()
    database.database.execute_sql(f"PRAGMA rekey = \"x'{old_key.hex()}'\"")
    database.database.obj.key = old_key
    ring_file = keyslots.ring_path(encrypted_db)
    old_ring = keyslots.read_ring(ring_file)
    old_ring.set_recovery(recovery_code, old_key)
    for name, password in PASSWORDS.items():
        old_ring.set_password(name, password, old_key)
    keyslots.write_ring(ring_file, old_ring)
    assert key != old_key
    records = digest().sha256

    copy = bare_copy(encrypted_db, tmp_path)
    database.close_database()
    with pytest.raises(encryption.EncryptionError, match=r"cần tệp khóa xa\.sqlite\.keys bên cạnh"):
        encryption.recover(copy, recovery_code, "quantri", "quan-tri-moi-2026")
    encryption.recover(encrypted_db, recovery_code, "quantri", "quan-tri-moi-2026")
    assert "rekeyed" in [line.action for line in audit_reading.lines()]
    assert digest().sha256 == records and audit_reading.verify() == []
    database.close_database()
    assert encryption.open_signed_in(encrypted_db, "lanhdao", PASSWORDS["lanhdao"]).name == "lanhdao"
    (tmp_path / "lan-sau").mkdir()
    newer = bare_copy(encrypted_db, tmp_path / "lan-sau")
    database.close_database()
    assert encryption.recover(newer, recovery_code, "quantri", "quan-tri-lan-ba-2026").name == "quantri"
    assert digest().sha256 == records
