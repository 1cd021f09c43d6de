"""Sealed identities on a province's server (#14): a server database is set up with a reader key
and a key ring kept in the database itself; a leader signs in and reads the names, a data-entry
officer signs in and reads "(giữ bí mật)" — and, attacking with what such an officer really has
(the server's URL and the shared server account, their own password, the whole key ring from the
database), finds no name anywhere on the server and no key that opens one."""

from __future__ import annotations

import datetime as dt
from contextlib import closing

import pytest

from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.text import fold
from desktop_app.domain.units import find_unit
from desktop_app.security import keyslots, sealing
from desktop_app.services import accounts, encryption, records, unit_setup
from desktop_app.store import database, key_ring, sealed
from tests.accounts import raw_connect
from tests.conftest import PASSWORDS

TODAY = dt.date(2026, 11, 24)
RECEPTION, PETITION = BY_NAME["reception"], BY_NAME["petition"]
DENOUNCER, WITNESS = "Lường Thị Nhụy", "Sầm Văn Khẩn"
CCCD = "034195001234"  # sealed, several times longer than the column's 20 characters


@pytest.fixture
def sealed_server(server_url):
    """A province's server database made as ``danvan init --db URL --admin`` makes it, with a
    leader and a data-entry officer, and a reception and a denunciation holding two names."""
    code = unit_setup.create_unit_database(server_url, unit_setup.suggested_profile(find_unit("22")),
                                           admin=("quantri", PASSWORDS["quantri"]))  # fmt: skip
    accounts.add_account("lanhdao", "lanh_dao", PASSWORDS["lanhdao"], "Nông Thị Đào")
    accounts.add_account("nhaplieu", "nhap_lieu", PASSWORDS["nhaplieu"], "Lý Văn Liệu")
    accounts.sign_out()
    encryption.sign_in("nhaplieu", PASSWORDS["nhaplieu"])  # the officer who types them may write, not read
    saved = records.save(RECEPTION, {
        "date": "03/11/2026", "host_role": "chu_tich_ubnd", "citizen_name": WITNESS, "people_count": "1",
        "citizen_id_number": CCCD, "content": "Phản ánh việc lấn chiếm đất công", "classification": "phan_anh",
        "action": "thu_ly", "unit_code": "06838"}, today=TODAY)  # fmt: skip
    denounced = records.save(PETITION, {
        "received_date": "04/11/2026", "channel": "truc_tiep", "kind": "to_cao", "sender_name": DENOUNCER,
        "sender_address": "Bản Khe Mạ", "subject_field": "dat_dai", "summary": "Tố cáo cán bộ địa chính",
        "unit_code": "06838"}, today=TODAY)  # fmt: skip
    accounts.sign_out()
    yield server_url, code, saved["uuid"], denounced["uuid"]
    accounts.sign_out()


def test_a_server_is_sealed_from_the_start_and_a_leader_reads_what_data_entry_cannot(sealed_server):
    _url, code, reception, petition = sealed_server
    assert code and len(keyslots.normal_recovery_code(code)) == 32, "a recovery code, shown once"
    assert sealed.active(), "the server has a reader key: sensitive values are sealed as they are written"
    encryption.sign_in("nhaplieu", PASSWORDS["nhaplieu"])
    assert records.visible(PETITION, records.get(PETITION, petition))["sender_name"] == "(giữ bí mật)"
    assert not records.may_read_sensitive()
    accounts.sign_out()
    encryption.sign_in("lanhdao", PASSWORDS["lanhdao"])
    assert records.may_read_sensitive()
    assert records.visible(PETITION, records.get(PETITION, petition))["sender_name"] == DENOUNCER
    assert records.visible(RECEPTION, records.get(RECEPTION, reception))["citizen_name"] == WITNESS


def test_the_command_line_signs_in_through_the_ring_kept_in_the_server(sealed_server, monkeypatch, tmp_path):
    from desktop_app.cli import main

    url, _code, _reception, _petition = sealed_server
    database.close_database()
    exported = {}
    for name in ("lanhdao", "nhaplieu"):
        monkeypatch.setenv("DANVAN_USER", name)
        monkeypatch.setenv("DANVAN_PASSWORD", PASSWORDS[name])
        out = tmp_path / f"{name}.csv"
        assert main(["export", "reception", "--db", url, "--out", str(out)]) == 0
        exported[name] = out.read_text(encoding="utf-8-sig")
        database.close_database()
    assert WITNESS in exported["lanhdao"]  # a denouncer is masked in every export, a leader's too (the law's rule)
    assert WITNESS not in exported["nhaplieu"] and "lấn chiếm đất công" in exported["nhaplieu"]


def every_text_on_the_server(url) -> str:
    """What anyone holding the server account reads: every column of every table, as text."""
    with closing(raw_connect(url)) as con:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]  # fmt: skip
        return "\n".join(str(row) for table in tables for row in con.execute(f'SELECT * FROM "{table}"'))


def test_data_entry_with_the_server_account_and_its_password_finds_no_name_and_no_key(sealed_server):
    url, _code, _reception, _petition = sealed_server
    encryption.sign_in("lanhdao", PASSWORDS["lanhdao"])  # a leader has read them: nothing opened is left behind
    assert records.visible(PETITION, records.get(PETITION, _petition))["sender_name"] == DENOUNCER
    accounts.sign_out()
    database.close_database()
    everything = every_text_on_the_server(url)
    folded = fold(everything)
    secrets = (DENOUNCER, WITNESS, "Bản Khe Mạ", CCCD)
    leaked = [name for name in secrets if name in everything or fold(name) in folded]
    assert not leaked, "not in a column, the search text, a sort key, the audit trail or the key ring"
    assert "Tố cáo cán bộ địa chính" in everything, "what is not sensitive stays readable"
    # The whole ring, as the officer reads it from the database, opened with the officer's own password:
    with closing(raw_connect(url)) as con:
        stored = con.execute("SELECT ring FROM keyring").fetchone()[0]
    import json

    ring = keyslots.KeyRing.from_json(json.loads(stored))
    mine = ring.open_account("nhaplieu", PASSWORDS["nhaplieu"])
    assert mine.reader is None, "no reader key was granted to a data-entry account"
    with pytest.raises(keyslots.KeyRingError):
        ring.open_account("lanhdao", "doan-mo-mat-khau")
    with closing(raw_connect(url)) as con:  # the reader key's private half is there only under the recovery code
        public = bytes(con.execute("SELECT public_key FROM readerkey").fetchone()[0])
        box = con.execute("SELECT box_private_key FROM installation").fetchone()[0]
    assert box is None, "the package key's private half is sealed to the reader key, not kept in clear"
    with pytest.raises(sealing.SealError):
        sealing.unwrap_key(mine.key[:32], sealing.wrap_key(b"x" * 32, public))  # not the reader's private half


def test_a_refused_sign_in_opens_nothing_and_sign_out_forgets_the_keys(sealed_server):
    with pytest.raises(accounts.SignInError):
        encryption.sign_in("lanhdao", "sai-mat-khau")
    assert key_ring.slot_key() is None and sealed.reader() is None
    encryption.sign_in("lanhdao", PASSWORDS["lanhdao"])
    assert key_ring.slot_key() is not None and sealed.reader() is not None
    accounts.sign_out()
    assert key_ring.slot_key() is None and sealed.reader() is None


def test_an_account_added_on_the_server_gets_its_slot_and_a_leader_its_grant(sealed_server):
    encryption.sign_in("quantri", PASSWORDS["quantri"])
    accounts.add_account("lanhdao2", "lanh_dao", "lanh-dao-2027", "Hà Văn Hai")
    accounts.sign_out()
    encryption.sign_in("lanhdao2", "lanh-dao-2027")
    assert records.may_read_sensitive()
    _url, _code, _reception, petition = sealed_server
    assert records.visible(PETITION, records.get(PETITION, petition))["sender_name"] == DENOUNCER


def test_a_leader_finds_and_sorts_by_sealed_names_on_the_server_and_data_entry_does_not(sealed_server):
    from desktop_app.store import queries
    from desktop_app.store import records as store

    _url, _code, _reception, petition = sealed_server
    encryption.sign_in("nhaplieu", PASSWORDS["nhaplieu"])
    for name in ("Ngô Thị An", "Đặng Văn Ba", "Âu Thị Chín"):
        records.save(RECEPTION, {"date": "05/11/2026", "host_role": "chu_tich_ubnd", "citizen_name": name,
                                 "people_count": "1", "content": "Hỏi về đất", "classification": "kien_nghi",
                                 "action": "thu_ly", "unit_code": "06838"}, today=TODAY)  # fmt: skip
    assert queries.count(queries.ListQuery(PETITION, search="nhuy")) == 0, "the words are sealed to the officer"
    accounts.sign_out()
    encryption.sign_in("lanhdao", PASSWORDS["lanhdao"])
    for words in ("nhuy", "Lường Thị", "luong nhuy dia chinh", "nh", "Khe Mạ"):  # a name, a short word, with others
        found = queries.select_all(queries.ListQuery(PETITION, search=words))
        assert [r["uuid"] for r in found] == [petition], words
    assert queries.count(queries.ListQuery(PETITION, search="50%_")) == 0, "a pattern's signs are text"
    names = [r["citizen_name"] for r in queries.select_all(queries.ListQuery(RECEPTION, sort_field="citizen_name"))]
    assert names == ["Âu Thị Chín", "Đặng Văn Ba", "Ngô Thị An", WITNESS], "Vietnamese order of the opened names"
    page = queries.select_page(queries.ListQuery(RECEPTION, sort_field="citizen_name", descending=True), 1, 2)
    assert [r["citizen_name"] for r in page] == ["Ngô Thị An", "Đặng Văn Ba"]
    assert "Lường Thị Nhụy" in store.typed_before(PETITION, "sender_name", 10), "the form completes sealed names"


def test_an_encrypted_file_copied_onto_the_server_keeps_who_reads_the_names(encrypted_db, server_url):
    """``danvan copy`` of a sealed file: its ring (a file beside it) goes into the server's table,
    so the leaders granted the reader key read the names on the server and data entry does not."""
    from desktop_app.store import queries
    from desktop_app.sync.copying import copy_open_database

    saved = records.save(RECEPTION, {"date": "03/11/2026", "host_role": "chu_tich_ubnd", "citizen_name": WITNESS,
                                     "people_count": "1", "content": "Hỏi về đất", "classification": "kien_nghi",
                                     "action": "thu_ly"}, today=TODAY)  # fmt: skip
    copy_open_database(server_url)
    accounts.sign_out()
    database.close_database()
    database.open_database(server_url)
    encryption.sign_in("nhaplieu", PASSWORDS["nhaplieu"])
    assert records.visible(RECEPTION, records.get(RECEPTION, saved["uuid"]))["citizen_name"] == "(giữ bí mật)"
    accounts.sign_out()
    encryption.sign_in("lanhdao", PASSWORDS["lanhdao"])
    assert records.visible(RECEPTION, records.get(RECEPTION, saved["uuid"]))["citizen_name"] == WITNESS
    assert queries.count(queries.ListQuery(RECEPTION, search="Sầm Văn")) == 1
    assert WITNESS not in every_text_on_the_server(server_url)


def test_a_server_set_up_without_sealing_is_sealed_by_danvan_seal(server_url, monkeypatch, capsys):
    """``danvan seal --db URL``: a server database made with ``--no-encryption`` (or before
    servers were sealed) gets its reader key and a new recovery code; what it kept in clear —
    records, search text, audit trail — is sealed; the leaders read again once granted."""
    from desktop_app.cli import main

    unit_setup.create_unit_database(server_url, unit_setup.suggested_profile(find_unit("22")),
                                    admin=("quantri", PASSWORDS["quantri"]), encrypt=False)  # fmt: skip
    accounts.add_account("lanhdao", "lanh_dao", PASSWORDS["lanhdao"], "Nông Thị Đào")
    accounts.add_account("nhaplieu", "nhap_lieu", PASSWORDS["nhaplieu"], "Lý Văn Liệu")
    saved = records.save(RECEPTION, {"date": "03/11/2026", "host_role": "chu_tich_ubnd", "citizen_name": WITNESS,
                                     "people_count": "1", "citizen_id_number": CCCD, "content": "Hỏi về đất",
                                     "classification": "kien_nghi", "action": "thu_ly", "unit_code": "06838"},
                         today=TODAY)  # fmt: skip
    records.save(RECEPTION, {**records.get(RECEPTION, saved["uuid"]), "citizen_name": DENOUNCER},
                 uuid=saved["uuid"], today=TODAY)  # the trail holds both names now  # fmt: skip
    accounts.sign_out()
    database.close_database()
    assert DENOUNCER in every_text_on_the_server(server_url) and WITNESS in every_text_on_the_server(server_url)

    monkeypatch.setenv("DANVAN_USER", "nhaplieu")
    monkeypatch.setenv("DANVAN_PASSWORD", PASSWORDS["nhaplieu"])
    assert main(["seal", "--db", server_url]) != 0, "an administrator's work"
    refused = capsys.readouterr().err
    assert refused.startswith("danvan: ") and "cần vai trò Quản trị" in refused, refused
    database.close_database()
    monkeypatch.setenv("DANVAN_USER", "quantri")
    monkeypatch.setenv("DANVAN_PASSWORD", PASSWORDS["quantri"])
    assert main(["seal", "--db", server_url]) == 0
    said = capsys.readouterr().out
    assert "Đã niêm phong thông tin nhạy cảm: 1 bản ghi" in said and "MÃ KHÔI PHỤC" in said
    database.close_database()
    everything = every_text_on_the_server(server_url)
    folded = fold(everything)
    assert not [secret for secret in (DENOUNCER, WITNESS, CCCD) if secret in everything or fold(secret) in folded]
    assert main(["seal", "--db", server_url]) != 0, "once only"
    database.close_database()

    database.open_database(server_url)
    encryption.sign_in("quantri", PASSWORDS["quantri"])
    assert audit_verify() == [], "the trail is chained again over the sealed entries"
    accounts.sign_out()
    encryption.sign_in("lanhdao", PASSWORDS["lanhdao"])  # its slot made anew from its password; waiting
    assert not records.may_read_sensitive()
    accounts.sign_out()
    encryption.sign_in("quantri", PASSWORDS["quantri"])  # the administrator holds the key: grants the waiting
    accounts.sign_out()
    encryption.sign_in("lanhdao", PASSWORDS["lanhdao"])
    assert records.visible(RECEPTION, records.get(RECEPTION, saved["uuid"]))["citizen_name"] == DENOUNCER
    accounts.sign_out()
    encryption.sign_in("nhaplieu", PASSWORDS["nhaplieu"])
    assert records.visible(RECEPTION, records.get(RECEPTION, saved["uuid"]))["citizen_name"] == "(giữ bí mật)"


def audit_verify() -> list:
    from desktop_app.services import audit_reading

    return audit_reading.verify()


def test_disabling_a_leader_on_the_server_makes_the_reader_key_anew(sealed_server):
    """A leader who leaves took the old reader key's grant with the ring they could read: the
    key is made anew, the remaining readers keep reading, the one who left opens nothing."""
    import json

    url, _code, _reception, petition = sealed_server
    with closing(raw_connect(url)) as con:
        old_ring = keyslots.KeyRing.from_json(json.loads(con.execute("SELECT ring FROM keyring").fetchone()[0]))
    encryption.sign_in("quantri", PASSWORDS["quantri"])
    before = sealed.reader_public()
    accounts.disable("lanhdao")
    assert sealed.reader_public() != before, "rotated"
    assert records.visible(PETITION, records.get(PETITION, petition))["sender_name"] == DENOUNCER
    kept_by_the_leaver = old_ring.open_account("lanhdao", PASSWORDS["lanhdao"]).reader
    assert kept_by_the_leaver is not None and sealing.public_of(kept_by_the_leaver) != sealed.reader_public()
    with pytest.raises(accounts.SignInError):
        encryption.sign_in("lanhdao", PASSWORDS["lanhdao"])


def test_a_sealed_server_copied_to_a_file_is_an_encrypted_file_its_accounts_open(sealed_server, tmp_path):
    """Back from the server (``danvan copy --from URL --to FILE``): the file is encrypted with the
    key the ring's slots hold and the ring lies beside it; the leader reads the names there, data
    entry does not, and the file alone (without its ring) shows no name."""
    from desktop_app.store import cipher
    from desktop_app.sync.copying import copy_open_database

    _url, _code, reception, _petition = sealed_server
    encryption.sign_in("quantri", PASSWORDS["quantri"])
    back = tmp_path / "tinh-lai.sqlite"
    copy_open_database(back)
    accounts.sign_out()
    database.close_database()
    assert cipher.is_encrypted(back) and keyslots.ring_path(back).exists()
    assert WITNESS.encode() not in back.read_bytes()
    encryption.open_signed_in(back, "lanhdao", PASSWORDS["lanhdao"])
    assert records.visible(RECEPTION, records.get(RECEPTION, reception))["citizen_name"] == WITNESS
    accounts.sign_out()
    database.close_database()
    encryption.open_signed_in(back, "nhaplieu", PASSWORDS["nhaplieu"])
    assert records.visible(RECEPTION, records.get(RECEPTION, reception))["citizen_name"] == "(giữ bí mật)"
    accounts.sign_out()
    database.close_database()
