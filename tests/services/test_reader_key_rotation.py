"""A reader who leaves takes nothing with them: the attack is a leader who kept a copy of the
key ring from before being disabled, and the old password. The reader key is made anew when
the account is disabled, so that copy opens the old key, and the old key opens nothing in the
file any more; the remaining readers and the recovery sheet read everything as before."""

from __future__ import annotations

import json
import shutil

from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.sealed import is_sealed
from desktop_app.security import keys, keyslots, sealing
from desktop_app.services import accounts, audit_reading, encryption, records
from desktop_app.store import database, queries
from desktop_app.store.cipher import connect_file
from tests.conftest import PASSWORDS, TODAY

PETITION = BY_NAME["petition"]


def sign_in(path, name: str) -> None:
    database.close_database()
    accounts.sign_out()
    encryption.open_signed_in(path, name, PASSWORDS[name])


def opened_values(path, key: bytes, reader: bytes) -> list[str]:
    """Every sealed sender name of the file that ``reader`` opens, read with a script."""
    from desktop_app.store.sealed import READER, context, open_with

    connection = connect_file(path, key)
    try:
        wraps = {key_id: json.loads(text) for key_id, text in connection.execute(
            'SELECT "key_id", "wraps" FROM "sealkey"')}  # fmt: skip
        names = connection.execute('SELECT "uuid", "sender_name" FROM "petition" WHERE "sender_name" IS NOT NULL')
        found = []
        for uuid, value in names:
            def content_key(key_id: str) -> bytes | None:
                try:
                    return sealing.unwrap_key(reader, keys.from_text(wraps[key_id][READER]))
                except (KeyError, sealing.SealError):
                    return None

            text = open_with(content_key, value, context("petition", uuid, "sender_name"))
            if text is not None:
                found.append(text)
        return found
    finally:
        connection.close()


def test_a_disabled_readers_old_ring_copy_opens_nothing(encrypted_db, recovery_code, tmp_path):
    records.save(PETITION, {"received_date": TODAY, "channel": "truc_tiep", "kind": "to_cao",
                            "subject_field": "hanh_chinh", "sender_name": "Đinh Thị Tố Giác",
                            "identity_confidential": True, "summary": "Tố giác sai phạm"}, today=TODAY)  # fmt: skip
    ring_file = keyslots.ring_path(encrypted_db)
    kept = tmp_path / "giu-lai.keys"
    shutil.copyfile(ring_file, kept)  # what the leader copies before leaving
    old = keyslots.read_ring(kept).open_account("lanhdao", PASSWORDS["lanhdao"])
    assert old.reader is not None
    database.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert "Đinh Thị Tố Giác" in opened_values(encrypted_db, old.key, old.reader)  # the attack works before

    accounts.disable("lanhdao")
    rotated = [line for line in audit_reading.lines() if line.action == "reader_key_rotated"]
    assert len(rotated) == 1 and rotated[0].detail["account"] == "lanhdao"
    records.save(PETITION, {"received_date": TODAY, "channel": "truc_tiep", "kind": "to_cao",
                            "subject_field": "hanh_chinh", "sender_name": "Vi Văn Sau", "summary": "Sau khi thôi"},
                 today=TODAY)  # fmt: skip
    database.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close_database()
    accounts.sign_out()

    assert opened_values(encrypted_db, old.key, old.reader) == []  # the old copy and password: nothing opens

    sign_in(encrypted_db, "quantri")  # the administrator who stays reads everything, old and new
    names = {r["sender_name"] for r in queries.select_all(queries.ListQuery(PETITION))}
    assert {"Đinh Thị Tố Giác", "Vi Văn Sau"} <= names and not any(is_sealed(n) for n in names if n)
    assert audit_reading.verify() == []
    database.close_database()
    accounts.sign_out()

    copy = tmp_path / "usb" / "xa.sqlite"  # and the recovery sheet opens a bare copy, values and all
    copy.parent.mkdir()
    shutil.copyfile(encrypted_db, copy)
    encryption.recover(copy, recovery_code, "quantri", "mat-khau-moi-2026")
    names = {r["sender_name"] for r in queries.select_all(queries.ListQuery(PETITION))}
    assert {"Đinh Thị Tố Giác", "Vi Văn Sau"} <= names


def test_a_reader_key_made_before_the_sheets_public_half_is_rotated_once_the_code_is_used(
        encrypted_db, recovery_code):  # fmt: skip
    from desktop_app.services import reader_key
    from desktop_app.store.models import ReaderKey

    ReaderKey.update(recovery_public=None, recovery_wrapped=None).execute()  # as made by 0.2's last builds
    accounts.disable("lanhdao")
    assert "reader_key_rotated" not in [line.action for line in audit_reading.lines()]
    reader_key.open_with_recovery(recovery_code)  # `danvan seal` or a recovery: the code is at hand
    row = ReaderKey.get()
    assert row.recovery_public and row.recovery_wrapped
    accounts.add_account("lanhdao2", "lanh_dao", PASSWORDS["lanhdao"])
    accounts.disable("lanhdao2")
    assert "reader_key_rotated" in [line.action for line in audit_reading.lines()]
    assert reader_key.open_with_recovery(recovery_code) == reader_key.held()  # the sheet opens the new key
