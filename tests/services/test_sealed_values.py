"""Sensitive values sealed at rest, attacked the way the issue's insider did: a data-entry
account's own password, the database file and its key ring, and a script that opens the
database key through the slot and reads every table, every page and every file beside it."""

from __future__ import annotations

import pytest

from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.sealed import is_sealed
from desktop_app.domain.text import fold
from desktop_app.security import keyslots
from desktop_app.services import accounts, audit_reading, backups, encryption, records, transfer
from desktop_app.store import database, queries, sealed
from desktop_app.sync.digest import digest
from tests.conftest import HAMLETS, PASSWORDS, TODAY

PETITION, RECEPTION, PERSON = BY_NAME["petition"], BY_NAME["reception"], BY_NAME["prestigious_person"]
DENOUNCER = "Đinh Thị Tố Giác"


def sign_in(path, name: str, password: str | None = None) -> None:
    database.close_database()
    accounts.sign_out()
    encryption.open_signed_in(path, name, password or PASSWORDS[name])


def secrets_of(path) -> list[str]:
    """Every sensitive value of every record, read by a leader (the reader key opens them), but
    a hamlet's name, which the unit's own list of hamlets names in clear anyway."""
    found: set[str] = set()
    for register in (PETITION, RECEPTION, PERSON):
        for record in queries.select_all(queries.ListQuery(register)):
            for field in register.sensitive_fields:
                value = record.get(field.name)
                if isinstance(value, str) and len(value) >= 5 and not field.is_choice and value not in HAMLETS:
                    assert not is_sealed(value), (register.name, field.name)
                    found.add(value)
    return sorted(found)


def denunciation(path) -> str:
    """A denunciation whose sender asked for secrecy, typed by the leader; its UUID."""
    saved = records.save(PETITION, {
        "received_date": TODAY, "channel": "truc_tiep", "kind": "to_cao", "subject_field": "hanh_chinh",
        "sender_name": DENOUNCER, "sender_address": "Thôn Nà Áng, xã Bình Liêu",
        "identity_confidential": True, "summary": "Tố giác cán bộ thu tiền sai quy định",
        "hamlet": "Thôn Nà Áng", "receipt_number": "901"}, today=TODAY)  # fmt: skip
    return saved["uuid"]


def dump_everything(path, key: bytes) -> str:
    """What a script with the database key reads: every cell of every table, as text, and the
    search and sort columns too, plus every file beside the database (its WAL, ring, backups)."""
    from desktop_app.store.cipher import connect_file

    connection = connect_file(path, key)
    texts = []
    try:
        tables = [t for (t,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                for cell in row:
                    if isinstance(cell, bytes):
                        texts.append(cell.decode("utf-8", "replace"))
                    elif cell is not None:
                        texts.append(str(cell))
    finally:
        connection.close()
    return "\n".join(texts)


def test_a_data_entry_officer_with_the_file_the_ring_and_its_password_reads_no_sensitive_value(encrypted_db):
    uuid = denunciation(encrypted_db)
    secrets = secrets_of(encrypted_db)
    assert DENOUNCER in secrets and len(secrets) >= 30
    made = backups.make_backup("manual")
    database.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close_database()
    accounts.sign_out()

    ring = keyslots.read_ring(keyslots.ring_path(encrypted_db))
    opened = ring.open_account("nhaplieu", PASSWORDS["nhaplieu"])
    assert opened.reader is None
    everything = dump_everything(encrypted_db, opened.key) + "\n" + dump_everything(made.path, opened.key)
    folded = fold(everything)
    leaked = [s for s in secrets if s in everything or fold(s) in folded]
    assert not leaked
    assert "Tố giác cán bộ thu tiền sai quy định" in everything  # the dump did read the records
    assert uuid in everything

    sign_in(encrypted_db, "nhaplieu")  # the window, for the same account, masks them
    stored = records.visible(PETITION, records.get(PETITION, uuid))
    assert stored["sender_name"] == "(giữ bí mật)" and stored["summary"].startswith("Tố giác")
    assert queries.count(queries.ListQuery(PETITION, search="giac", search_sensitive=False)) >= 1
    assert queries.count(queries.ListQuery(PETITION, search="Đinh Thị", search_sensitive=True)) == 0


def test_a_leader_reads_searches_sorts_and_completes_by_sealed_values(encrypted_db):
    uuid = denunciation(encrypted_db)
    sign_in(encrypted_db, "lanhdao")
    assert records.visible(PETITION, records.get(PETITION, uuid))["sender_name"] == DENOUNCER
    found = queries.select_page(queries.ListQuery(PETITION, search="dinh thi to"), 0, 10)
    assert [r["uuid"] for r in found] == [uuid] and found[0]["sender_name"] == DENOUNCER
    by_name = queries.ListQuery(PETITION, sort_field="sender_name")
    names = [r["sender_name"] for r in queries.select_page(by_name, 0, 500) if r["sender_name"]]
    from desktop_app.domain.text import sort_key

    assert names == sorted(names, key=sort_key) and DENOUNCER in names
    assert DENOUNCER in records.typed_before(PETITION, "sender_name")
    records.save(PETITION, {**records.visible(PETITION, records.get(PETITION, uuid)), "sender_name": "Vàng Seo Phử"},
                 uuid=uuid, today=TODAY)  # fmt: skip
    assert queries.count(queries.ListQuery(PETITION, search="dinh thi to")) == 0  # the opened table keeps in step
    assert [r["uuid"] for r in queries.select_page(queries.ListQuery(PETITION, search="vang seo phu"), 0, 5)] == [uuid]
    history = list(audit_reading.lines(record_uuid=uuid))
    assert history[0].detail["changes"]["sender_name"] == [None, DENOUNCER]
    assert audit_reading.verify() == []


@pytest.mark.parametrize("search", ["dinh", "Đinh Thị", "nong", "ng", "o", "thon", "to cao", "ban", "xyzq"])
def test_a_readers_search_finds_what_a_scan_of_every_opened_text_finds(encrypted_db, search):
    """The reader's opened values are searched through their own trigram index (and short words
    in the text): the same records, in the same order, as a scan of every record's whole text."""
    from desktop_app.store.records import search_text

    uuid = denunciation(encrypted_db)
    sign_in(encrypted_db, "lanhdao")
    if search in ("dinh", "Đinh Thị"):
        assert uuid in [r["uuid"] for r in queries.select_all(queries.ListQuery(PETITION, search=search))]
    for register in (PETITION, RECEPTION, PERSON):
        every = queries.select_all(queries.ListQuery(register))
        expected = [r["uuid"] for r in every if all(word in search_text(register, r) for word in fold(search).split())]
        found = [r["uuid"] for r in queries.select_all(queries.ListQuery(register, search=search))]
        assert found == expected, register.name


def test_a_data_entry_correction_keeps_the_sealed_values_and_a_typed_one_replaces_them(encrypted_db):
    uuid = denunciation(encrypted_db)
    database.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = records.get(PETITION, uuid)
    sign_in(encrypted_db, "nhaplieu")
    shown = records.visible(PETITION, records.get(PETITION, uuid))
    records.save(PETITION, {**shown, "summary": "Tố giác cán bộ thu tiền sai (bổ sung)"}, uuid=uuid, today=TODAY)
    after = records.get(PETITION, uuid)
    assert after["sender_name"] == before["sender_name"] and after["sender_address"] == before["sender_address"]
    records.save(PETITION, {**shown, "sender_name": "Đinh Thị Tố Giác (sửa)"}, uuid=uuid, today=TODAY)
    corrected = records.get(PETITION, uuid)
    assert is_sealed(corrected["sender_name"]) and corrected["sender_name"] != before["sender_name"]
    assert corrected["sender_address"] == before["sender_address"]
    changes = [line.detail.get("changes", {}) for line in audit_reading.lines(record_uuid=uuid)]
    assert "sender_name" not in changes[1] and changes[2]["sender_name"] == ["(giữ bí mật)", "(giữ bí mật)"]
    sign_in(encrypted_db, "lanhdao")
    assert records.visible(PETITION, records.get(PETITION, uuid))["sender_name"] == "Đinh Thị Tố Giác (sửa)"
    assert audit_reading.verify() == []


def test_a_leader_exports_and_imports_them_back_unchanged(encrypted_db, tmp_path):
    denunciation(encrypted_db)
    sign_in(encrypted_db, "lanhdao")

    def senders() -> dict[str, tuple[str, str]]:
        every = queries.select_all(queries.ListQuery(PETITION))
        return {r["uuid"]: (r["sender_name"], r["sender_address"]) for r in every}

    before = senders()
    out = tmp_path / "don-thu.csv"
    transfer.export_file(PETITION, out)
    named = [r["sender_name"] for r in queries.select_all(queries.ListQuery(PETITION))
             if r["sender_name"] and not r["identity_confidential"]]  # fmt: skip
    exported = out.read_text(encoding="utf-8-sig")
    assert named and all(name in exported for name in named)
    assert DENOUNCER not in exported  # a denouncer stays masked in every export (Luật Tố cáo, Điều 47)
    transfer.import_file(PETITION, out, today=TODAY)
    assert senders() == before  # the denouncer's masked cells kept what was stored, the others came back
    assert audit_reading.verify() == []
    sign_in(encrypted_db, "nhaplieu")
    masked = tmp_path / "nhap-lieu.csv"
    transfer.export_file(PETITION, masked)
    masked_text = masked.read_text(encoding="utf-8-sig")
    assert not [name for name in named if name in masked_text] and "\x02" not in masked_text
    with pytest.raises(Exception, match="lãnh đạo hoặc quản trị"):
        digest()


def test_no_sealed_value_ever_shows_as_its_bytes_nor_opens_in_another_place(encrypted_db):
    uuid = denunciation(encrypted_db)
    stored = records.get(PETITION, uuid)
    name = stored["sender_name"]
    assert PETITION.field("sender_name").display(name) == "(giữ bí mật)"
    assert sealed.open_value(name, sealed.context("petition", uuid, "sender_name")) == DENOUNCER
    moved = sealed.context("petition", uuid, "sender_address")  # copied into another field: it stays shut
    assert sealed.open_value(name, moved) == name


def test_a_database_encrypted_before_sealing_is_sealed_with_its_recovery_code(guarded_db, monkeypatch):
    """What an older program left: an encrypted file, no reader key, names in clear in the
    records and in the audit trail. The administrator's recovery code seals them, once."""
    from desktop_app.services import demo, reader_key, sealing_upgrade

    demo.fill(60, seed=4, today=TODAY, years=1)
    with monkeypatch.context() as older:
        older.setattr(reader_key, "create", lambda code: None)
        older.setattr(sealing_upgrade, "seal_existing", lambda session: {})
        code = encryption.encrypt(guarded_db, PASSWORDS["quantri"])
    assert not sealed.active()
    uuid = queries.select_page(queries.ListQuery(PETITION), 0, 1)[0]["uuid"]
    records.save(PETITION, {**records.get(PETITION, uuid), "sender_name": DENOUNCER}, uuid=uuid, today=TODAY)
    before = digest().sha256
    clear = database.database.execute_sql("SELECT count(*) FROM petition WHERE sender_name = ?", (DENOUNCER,))
    assert clear.fetchone()[0] == 1

    with pytest.raises(encryption.EncryptionError, match="Mã khôi phục không đúng"):
        encryption.seal_with_code(guarded_db, "AAAA" + code[4:], PASSWORDS["quantri"])
    assert not sealed.active()
    done = encryption.seal_with_code(guarded_db, code, PASSWORDS["quantri"])
    assert done["records"] >= 30 and done["entries"] >= 1
    with pytest.raises(encryption.EncryptionError, match="đã được niêm phong"):
        encryption.seal_with_code(guarded_db, code, PASSWORDS["quantri"])
    assert digest().sha256 == before and audit_reading.verify() == []
    assert database.database.execute_sql("SELECT count(*) FROM petition WHERE sender_name = ?",
                                         (DENOUNCER,)).fetchone()[0] == 0  # fmt: skip
    trail = dump_everything(guarded_db, database.database_key())
    assert DENOUNCER not in trail
    assert records.visible(PETITION, records.get(PETITION, uuid))["sender_name"] == DENOUNCER
    sign_in(guarded_db, "nhaplieu")
    assert records.visible(PETITION, records.get(PETITION, uuid))["sender_name"] == "(giữ bí mật)"
    sign_in(guarded_db, "lanhdao")  # its slot is made anew from its password, then the administrator grants it
    sign_in(guarded_db, "quantri")
    sign_in(guarded_db, "lanhdao")
    assert records.visible(PETITION, records.get(PETITION, uuid))["sender_name"] == DENOUNCER
