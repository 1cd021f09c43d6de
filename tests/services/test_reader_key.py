"""The reader key, attacked: who holds the key that opens sealed sensitive values, with the
access a real insider has (their own password, the database file and its key ring)."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop_app.security import keyslots, sealing
from desktop_app.services import accounts, audit_reading, encryption, reader_key
from desktop_app.store import database
from tests.accounts import bare_copy, raw_connect
from tests.conftest import PASSWORDS


def sign_in(path, name: str, password: str | None = None) -> None:
    database.close_database()
    accounts.sign_out()
    encryption.open_signed_in(path, name, password or PASSWORDS[name])


def is_reader_key(path, candidate: bytes | None) -> bool:
    """Whether ``candidate`` is the private half of the reader key of ``path`` (open now)."""
    assert database.database_path() == path
    (public,) = database.database.execute_sql("SELECT public_key FROM readerkey").fetchone()
    return candidate is not None and sealing.public_of(candidate) == bytes(public)


def test_only_the_roles_that_read_sensitive_fields_hold_the_reader_key(encrypted_db):
    for name, holds in (("quantri", True), ("lanhdao", True), ("nhaplieu", False)):
        sign_in(encrypted_db, name)
        assert is_reader_key(encrypted_db, reader_key.held()) is holds, name
    accounts.sign_out()
    assert reader_key.held() is None  # signing out forgets it


def test_a_data_entry_officer_with_the_file_and_the_ring_gets_no_reader_key(encrypted_db):
    """The insider of the issue: nhap_lieu's own password opens its slot and the database; from
    there it reads every stored password hash, the whole ring and the reader key's row."""
    database.close_database()
    ring = keyslots.read_ring(keyslots.ring_path(encrypted_db))
    opened = ring.open_account("nhaplieu", PASSWORDS["nhaplieu"])
    assert opened.reader is None and not ring.slot_of("nhaplieu").grant
    with raw_connect(encrypted_db, "nhaplieu", PASSWORDS["nhaplieu"]) as con:
        hashes = dict(con.execute("SELECT name, password_hash FROM account").fetchall())
        salt, sealed = con.execute("SELECT recovery_salt, recovery_sealed FROM readerkey").fetchone()
    assert set(hashes) == {"quantri", "lanhdao", "nhaplieu"}
    for name in ("quantri", "lanhdao"):  # a stored hash, taken as the slot's key, opens nothing
        slot = ring.slot_of(name)
        assert slot.grant and slot.account_private and not slot.from_hash
        raw = base64.b64decode(hashes[name].split("$")[-1] + "==")
        for kek in (raw, keyslots._account_kek(raw)):
            with pytest.raises(InvalidTag):
                AESGCM(kek).decrypt(slot.account_private[:12], slot.account_private[12:],
                                    ring._aad(f"account:{name}/account"))  # fmt: skip
        with pytest.raises(sealing.SealError):  # nor does any key in the database open a grant
            sealing.unwrap_key(opened.key[:32], slot.grant)
    with pytest.raises(keyslots.KeyRingError):  # the recovery copy needs the code
        keyslots.open_with_recovery_code("AAAA" * 8, bytes(salt), bytes(sealed), reader_key.RECOVERY_CONTEXT)
    stored = json.loads(keyslots.ring_path(encrypted_db).read_text(encoding="utf-8"))["slots"]
    assert "grant" not in stored["account:nhaplieu"] and "grant" in stored["account:lanhdao"]


def test_an_altered_grant_still_opens_the_file_but_no_sealed_value(encrypted_db):
    database.close_database()
    ring_file = keyslots.ring_path(encrypted_db)
    ring = keyslots.read_ring(ring_file)
    grant = bytearray(ring.slot_of("lanhdao").grant)
    grant[-1] ^= 1
    ring.slot_of("lanhdao").grant = bytes(grant)
    keyslots.write_ring(ring_file, ring)
    sign_in(encrypted_db, "lanhdao")
    assert accounts.signed_in().name == "lanhdao" and reader_key.held() is None


def test_a_new_leader_gets_the_key_from_the_administrator_who_adds_them(encrypted_db):
    accounts.add_account("pho.bi.thu", "lanh_dao", "pho-bi-thu-2026", "Vi Văn Phó")
    accounts.add_account("ke.toan", "nhap_lieu", "ke-toan-2026", "Lục Thị Toán")
    sign_in(encrypted_db, "pho.bi.thu", "pho-bi-thu-2026")
    assert is_reader_key(encrypted_db, reader_key.held())
    accounts.change_own_password("pho-bi-thu-2026", "pho-bi-thu-moi-2026")  # keeps it through the change
    sign_in(encrypted_db, "pho.bi.thu", "pho-bi-thu-moi-2026")
    assert is_reader_key(encrypted_db, reader_key.held())
    sign_in(encrypted_db, "ke.toan", "ke-toan-2026")
    assert reader_key.held() is None


def test_a_disabled_leader_keeps_no_slot_and_no_grant(encrypted_db):
    accounts.disable("lanhdao")
    database.close_database()
    ring = keyslots.read_ring(keyslots.ring_path(encrypted_db))
    assert ring.slot_of("lanhdao") is None and "lanhdao" not in ring.waiting_for_grant()
    with pytest.raises(keyslots.KeyRingError):
        ring.open_account("lanhdao", PASSWORDS["lanhdao"])


def test_after_a_bare_copy_is_recovered_the_leaders_get_the_key_back(encrypted_db, recovery_code, tmp_path):
    copy = bare_copy(encrypted_db, tmp_path)
    database.close_database()
    accounts.sign_out()
    encryption.recover(copy, recovery_code, "quantri", "quan-tri-moi-2026")
    assert is_reader_key(copy, reader_key.held())
    sign_in(copy, "lanhdao")  # its slot was made from its stored hash: made anew, waiting for a grant
    assert reader_key.held() is None
    assert keyslots.read_ring(keyslots.ring_path(copy)).waiting_for_grant() == ["lanhdao"]
    sign_in(copy, "nhaplieu")
    assert reader_key.held() is None and keyslots.read_ring(keyslots.ring_path(copy)).waiting_for_grant() == [
        "lanhdao", "nhaplieu"]  # fmt: skip
    sign_in(copy, "quantri", "quan-tri-moi-2026")  # the administrator's sign-in grants it to the leader only
    assert "reader_key_granted" in [line.action for line in audit_reading.lines()]
    sign_in(copy, "lanhdao")
    assert is_reader_key(copy, reader_key.held())
    sign_in(copy, "nhaplieu")
    assert reader_key.held() is None
    assert keyslots.read_ring(keyslots.ring_path(copy)).waiting_for_grant() == ["nhaplieu"]


def test_encrypting_a_plain_database_gives_its_administrator_the_reader_key(guarded_db):
    with pytest.raises(encryption.EncryptionError, match="không đúng"):
        encryption.encrypt(guarded_db, "sai-mat-khau")
    assert guarded_db.read_bytes().startswith(b"SQLite format 3")
    encryption.encrypt(guarded_db, PASSWORDS["quantri"])
    assert is_reader_key(guarded_db, reader_key.held())
    sign_in(guarded_db, "lanhdao")
    assert reader_key.held() is None  # until the administrator signs in after the leader's first sign-in
    sign_in(guarded_db, "quantri")
    sign_in(guarded_db, "lanhdao")
    assert is_reader_key(guarded_db, reader_key.held())
