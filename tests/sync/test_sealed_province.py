"""The merging unit's package key, attacked as the issue's insider attacked a commune: a
data-entry officer of the district — its own password, the district's database file and key
ring, and every package the communes sent — reads no sensitive value. It still takes the
packages in (its daily work), and the district's leader reads every value as the commune typed
it; a database made before this keeps the package key in clear only until its next sign-in."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop_app.domain.registers import BY_NAME, REGISTERS
from desktop_app.domain.sealed import is_sealed
from desktop_app.domain.text import fold
from desktop_app.domain.units import Structure, find_unit
from desktop_app.security import keys, keyslots, sealing
from desktop_app.services import accounts, encryption, unit_setup
from desktop_app.store import database, queries, sealed
from desktop_app.store import records as store
from desktop_app.store.models import Hamlet, Installation
from desktop_app.sync import enrolment, merge, outgoing, runner
from desktop_app.sync.digest import digest
from desktop_app.sync.package import MANIFEST, PackageError, read_package
from tests.accounts import raw_connect
from tests.conftest import PASSWORDS
from tests.sync.conftest import COMMUNES, DISTRICT, make_unit, opened
from tests.sync.test_bad_packages import build, read_members, with_manifest
from tests.sync.test_merge import package, zip_bytes

PETITION = BY_NAME["petition"]


def sign_in(path: Path, name: str) -> None:
    database.close_database()
    accounts.sign_out()
    encryption.open_signed_in(path, name, PASSWORDS[name])


def sign_out() -> None:
    database.close_database()
    accounts.sign_out()


@contextmanager
def opened_as(path: Path, name: str) -> Iterator[Path]:
    sign_in(path, name)
    try:
        yield path
    finally:
        sign_out()


@pytest.fixture
def district(tmp_path) -> Path:
    """The district's database as the wizard makes it (encrypted, with its reader key), one
    account per role; its enrolment file handed to the communes."""
    path = tmp_path / "huyen.sqlite"
    unit_setup.create_unit_database(path, unit_setup.suggested_profile(find_unit(DISTRICT, Structure.LEGACY)),
                                    admin=("quantri", PASSWORDS["quantri"]))  # fmt: skip
    accounts.add_account("lanhdao", "lanh_dao", PASSWORDS["lanhdao"])
    accounts.add_account("nhaplieu", "nhap_lieu", PASSWORDS["nhaplieu"])
    enrolment.write(tmp_path / "huyen.enrolment.json")
    sign_out()
    return path


def commune_package(tmp_path: Path, code: str = COMMUNES[0], seed: int = 3) -> tuple[Path, list[str], str]:
    """A plain commune database sending its records with their sensitive fields to the district:
    the package, the petitions' senders and the commune's digest (with every sensitive value)."""
    commune = make_unit(tmp_path / f"{code}.sqlite", code, records=80, seed=seed)
    handed = enrolment.read(tmp_path / "huyen.enrolment.json")
    with opened(commune):
        outgoing.set_recipient(handed["unit_code"], handed["box_public_key"])
        for register in ("petition", "reception", "prestigious_person"):
            runner.set_sensitive(register, True)
        names = sorted({r["sender_name"] for r in store.iter_all(PETITION) if r.get("sender_name")})
        whole = digest({code}).sha256
        # a hamlet's name, or an officer's that a citizen happens to share, is in clear anyway
        public = {h.name for h in Hamlet.select()} | {r.get(f.name) for register in REGISTERS
                                                       for r in store.iter_all(register)
                                                       for f in register.fields if not f.sensitive}  # fmt: skip
        secrets = sorted(
            {
                value
                for register in REGISTERS
                for r in store.iter_all(register)
                for f in register.sensitive_fields
                if not f.is_choice
                and isinstance(value := r.get(f.name), str)
                and len(value) >= 5
                and value not in public
            }
        )
    (tmp_path / "secrets.json").write_text(json.dumps(secrets, ensure_ascii=False), encoding="utf-8")
    return package(commune, tmp_path / "out"), names, whole


def trust_and_take_in(district: Path, packages: list[Path], name: str = "nhaplieu") -> list[merge.Outcome]:
    sign_in(district, "quantri")
    for path in packages:
        merge.trust(merge.read(path), how="package")
    sign_in(district, name)
    outcomes = merge.apply_all(packages)
    sign_out()
    return outcomes


def x25519_keys_in(connection) -> list[bytes]:
    """Every 32-byte value of every table: what an attacker tries as a private key."""
    found = []
    tables = [t for (t,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for row in connection.execute(f'SELECT * FROM "{table}"'):
            for cell in row:
                if isinstance(cell, bytes) and len(cell) == sealing.KEY_BYTES:
                    found.append(cell)
                elif isinstance(cell, str) and len(cell) in (43, 44):
                    try:
                        raw = keys.from_text(cell)
                    except ValueError:
                        continue
                    if len(raw) == sealing.KEY_BYTES:
                        found.append(raw)
    return found


def every_text(connection) -> str:
    texts = []
    tables = [t for (t,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        for row in connection.execute(f'SELECT * FROM "{table}"'):
            texts += [c.decode("utf-8", "replace") if isinstance(c, bytes) else str(c) for c in row if c is not None]
    return "\n".join(texts)


def test_a_districts_data_entry_officer_takes_packages_in_and_reads_no_sender(district, tmp_path):
    made, names, commune_digest = commune_package(tmp_path)
    assert names and not [n for n in names if n.encode() in zip_bytes(made)]
    (taken,) = trust_and_take_in(district, [made])
    assert taken.status == "applied", taken.message

    # The attack: the data-entry officer's slot opens the database key; nothing in the file is
    # the private half of the key the commune sealed to, and no sender's name is there in clear.
    ring = keyslots.read_ring(keyslots.ring_path(district))
    assert ring.open_account("nhaplieu", PASSWORDS["nhaplieu"]).reader is None
    connection = raw_connect(district, "nhaplieu", PASSWORDS["nhaplieu"])
    try:
        (box_public,) = connection.execute("SELECT box_public_key FROM installation").fetchone()
        assert connection.execute("SELECT box_private_key FROM installation").fetchone() == (None,)
        candidates = x25519_keys_in(connection)
        assert candidates and all(sealing.public_of(c) != bytes(box_public) for c in candidates)
        everything = every_text(connection)
    finally:
        connection.close()
    secrets = json.loads((tmp_path / "secrets.json").read_text(encoding="utf-8"))
    assert len(secrets) > len(names) > 10
    assert not [s for s in secrets if s in everything or fold(s) in fold(everything)]
    with opened(tmp_path / f"{COMMUNES[0]}.sqlite"):
        summaries = [r["summary"] for r in store.iter_all(PETITION)]
    assert summaries[0] in everything  # the dump did read the records
    with opened_as(district, "nhaplieu"):
        with pytest.raises(PackageError) as caught:  # not even through the program's own reader
            read_package(made, sealed.box_private())
        assert "mã hóa cho đơn vị" in str(caught.value)
        shown = queries.select_all(queries.ListQuery(PETITION))
        assert shown and all(r["sender_name"] in (None, "(giữ bí mật)") or is_sealed(r["sender_name"]) for r in shown)

    with opened_as(district, "lanhdao"):  # the district's leader reads them as the commune typed them
        received = sorted({r["sender_name"] for r in queries.select_all(queries.ListQuery(PETITION))
                           if r["sender_name"]})  # fmt: skip
        assert received == names
        assert digest({COMMUNES[0]}).sha256 == commune_digest
        assert queries.count(queries.ListQuery(PETITION, search=names[0], search_sensitive=True)) >= 1


def test_the_district_sends_them_upward_and_a_data_entry_package_waits_for_a_reader(district, tmp_path):
    """What the district took in sealed travels on to the province; a package made by the
    district's data-entry officer carries the values as stored, with their keys wrapped upward
    by the leader's sitting."""
    made, names, _digest = commune_package(tmp_path)
    trust_and_take_in(district, [made])
    province = make_unit(tmp_path / "tinh.sqlite", "22")
    with opened(province):
        enrolment.write(tmp_path / "tinh.enrolment.json")
    handed = enrolment.read(tmp_path / "tinh.enrolment.json")
    with opened_as(district, "quantri"):  # the administrator holds the reader key: every key is wrapped upward
        outgoing.set_recipient(handed["unit_code"], handed["box_public_key"])
        runner.set_sensitive("petition", True)
    with opened_as(district, "nhaplieu"):
        upward = outgoing.make_package(tmp_path / "up")
    assert upward is not None and not [n for n in names if n.encode() in zip_bytes(upward.path)]
    with opened(province):
        merge.trust(merge.read(upward.path), how="package")
        outcome = merge.apply(upward.path)
        assert outcome.status == "applied", outcome.message
        received = sorted({r["sender_name"] for r in store.iter_all(PETITION)
                           if r.get("sender_name") and r["unit_code"] == COMMUNES[0]})  # fmt: skip
    assert received == names


def test_a_package_of_the_older_format_waits_for_a_reader(district, tmp_path):
    """A commune still on the program before 0.3 seals its whole petition part: the data-entry
    officer is told a leader must take it in, nothing changes; the leader takes it in."""
    made, names, _digest = commune_package(tmp_path)
    with opened(tmp_path / f"{COMMUNES[0]}.sqlite"):
        private = bytes(Installation.get().private_key)
    older = tmp_path / "older.danvan"
    older.write_bytes(with_parts_sealed_whole(made, private))
    (refused,) = trust_and_take_in(district, [older])
    assert refused.status == "refused" and refused.reason == "sealed-parts"
    assert "lãnh đạo, quản trị" in refused.message
    with opened_as(district, "lanhdao"):
        assert not list(store.iter_all(PETITION))
        outcome = merge.apply(older)
        assert outcome.status == "applied", outcome.message
        received = sorted({r["sender_name"] for r in queries.select_all(queries.ListQuery(PETITION))
                           if r["sender_name"]})  # fmt: skip
    assert received == names


def with_parts_sealed_whole(path: Path, private: bytes) -> bytes:
    """``path`` rewritten as format 3 wrote it: the petition part sealed whole to the same key."""
    members = read_members(path)
    manifest = json.loads(members[MANIFEST])
    to = keys.from_text(manifest["sealed"]["to"]["key"])
    content_key, ephemeral, wrapped = sealing.wrap_for(to)
    name = "records/petition.jsonl"
    members[name] = sealing.seal(content_key, members[name], f"{manifest['package_id']}/{name}")
    manifest["parts"][name].update(sha256=hashlib.sha256(members[name]).hexdigest(), bytes=len(members[name]))
    manifest["sealed"].update(ephemeral_key=keys.to_text(ephemeral), wrapped_key=keys.to_text(wrapped), parts=[name])
    manifest["format_version"] = 3
    return build(with_manifest(members, manifest), resign_with=private)


def test_a_package_key_kept_in_clear_before_is_sealed_at_the_next_sign_in(district, tmp_path):
    """A district encrypted by the program before this kept the package key in clear: any
    account's sign-in seals it to the reader key, overwrites the clear bytes, and says so in the
    trail; packages sealed to that key are still taken in and read."""
    with opened_as(district, "lanhdao"):
        clear = sealed.box_private()
        assert clear is not None
    connection = raw_connect(district, "quantri", PASSWORDS["quantri"])
    try:
        connection.execute("UPDATE installation SET box_private_key = ?, box_private_sealed = NULL", (clear,))
        connection.commit()
    finally:
        connection.close()

    sign_in(district, "nhaplieu")
    row = Installation.get()
    assert row.box_private_key is None and row.box_private_sealed
    assert sealed.box_private() is None  # a data-entry sitting cannot open it
    sign_out()
    raw = district.read_bytes() + (Path(f"{district}-wal").read_bytes() if Path(f"{district}-wal").exists() else b"")
    assert clear not in raw  # nor is it anywhere in the file's bytes (the file is encrypted anyway)
    connection = raw_connect(district, "nhaplieu", PASSWORDS["nhaplieu"])
    try:
        assert all(sealing.public_of(c) != sealing.public_of(clear) for c in x25519_keys_in(connection))
        actions = [a for (a,) in connection.execute("SELECT action FROM auditentry")]
    finally:
        connection.close()
    assert actions.count("package_key_sealed") == 1

    made, names, _digest = commune_package(tmp_path)
    (taken,) = trust_and_take_in(district, [made])
    assert taken.status == "applied", taken.message
    with opened_as(district, "lanhdao"):
        assert sealed.box_private() == clear
        received = sorted({r["sender_name"] for r in queries.select_all(queries.ListQuery(PETITION))
                           if r["sender_name"]})  # fmt: skip
    assert received == names
