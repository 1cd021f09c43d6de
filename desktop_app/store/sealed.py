"""Sensitive values sealed at rest: what a register's sensitive columns hold in an encrypted
database, so that an account that opens the file but may not read them (a data-entry officer,
with its own password, the file and the key ring) reads nothing of them.

A value is sealed with AES-256-GCM under a content key, with its register, record and field as
associated data (a sealed value moved to another record or field does not open). Each sitting
of the program that writes makes one content key, wraps it to the unit's reader public key and,
when the unit above is known, to that unit's key too (``SealKey``): anyone signed in can write,
only the holder of the reader's private key (services/reader_key.py) reads, and a package can
carry the values exactly as stored (sync/package.py). The stored form looks like
``domain.sealed.PREFIX`` + base64(key id, nonce, ciphertext).

A database without a reader key (plain, or encrypted before there was one) stores values as
typed; ``active`` says which.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import secrets
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.register import Register
from desktop_app.domain.sealed import PREFIX, is_sealed
from desktop_app.security import keys, sealing
from desktop_app.store import engines
from desktop_app.store.models import Installation, ReaderKey, SealKey, SyncSettings, database

READER = "reader"  # the name of the wrap to the unit's own reader key
KEY_ID_BYTES = 8


@dataclass
class _Vault:
    """The sealing state of one open database."""

    database: weakref.ref
    reader_public: bytes | None
    above: tuple[str, bytes] | None  # (the wrap's name: the key's fingerprint, the public key)
    box_name: str | None  # the fingerprint of this unit's package key: the wrap's name in keys units below sent
    writing: tuple[str, bytes, dict[str, str]] | None = None  # (key id, content key, wraps)
    private: bytes | None = None
    box_private: bytes | None = None  # opened with ``private``
    opened: dict[str, bytes | None] = field(default_factory=dict)


_vault: _Vault | None = None


def _read_reader_public() -> bytes | None:
    if not database.table_exists(ReaderKey._meta.table_name):
        return None
    row = ReaderKey.select(ReaderKey.public_key).first()
    return bytes(row.public_key) if row is not None else None


def _read_above() -> tuple[str, bytes] | None:
    row = SyncSettings.select(SyncSettings.recipient_key).first()
    if row is None or not row.recipient_key:
        return None
    public = keys.from_text(row.recipient_key)
    return keys.fingerprint(public), public


def _read_box_name() -> str | None:
    public = box_public()
    return keys.fingerprint(public) if public is not None else None


def _current() -> _Vault:
    global _vault
    if _vault is None or _vault.database() is not database.obj:
        _vault = _Vault(weakref.ref(database.obj), _read_reader_public(), _read_above(), _read_box_name())
    return _vault


def reset(*, keep_reader: bool = True) -> None:
    """Read the reader key and the unit above's key again (one was just made or changed); the
    next value sealed gets a new content key wrapped to them."""
    global _vault
    private = _vault.private if _vault is not None and keep_reader else None
    _vault = None
    if private is not None:
        use_reader(private)


def reader_public() -> bytes | None:
    """The public half of the open database's reader key, or None when it has none."""
    return _current().reader_public if database.obj is not None else None


def active() -> bool:
    """Whether sensitive values of the open database are sealed (it has a reader key)."""
    return reader_public() is not None


# ------------------------------------------------------------------------- the reader's key


def use_reader(private: bytes) -> None:
    """Open sealed values with ``private`` from now on; SealError when it is not the private half
    of the open database's reader key."""
    vault = _current()
    if vault.reader_public is None or sealing.public_of(private) != vault.reader_public:
        raise sealing.SealError("not this database's reader key")
    vault.private = private


def reader() -> bytes | None:
    """The reader key held for the open database, or None."""
    return _current().private if database.obj is not None else None


def drop_reader() -> None:
    if _vault is not None:
        _vault.private = _vault.box_private = None
        _vault.opened.clear()


# ------------------------------------------------------------------------- sealing and opening


def context(register_name: str, uuid: str, field_name: str) -> str:
    return f"{register_name}/{uuid}/{field_name}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _writing_key(vault: _Vault) -> tuple[str, bytes]:
    """This sitting's content key, its ``SealKey`` row written (again, if a transaction that
    wrote it was rolled back)."""
    if vault.writing is None:
        assert vault.reader_public is not None
        content_key = secrets.token_bytes(sealing.KEY_BYTES)
        wraps = {READER: keys.to_text(sealing.wrap_key(content_key, vault.reader_public))}
        if vault.above is not None:
            wraps[vault.above[0]] = keys.to_text(sealing.wrap_key(content_key, vault.above[1]))
        vault.writing = (secrets.token_hex(KEY_ID_BYTES), content_key, wraps)
    key_id, content_key, wraps = vault.writing
    connection = engines.raw()
    if connection.execute('SELECT 1 FROM "sealkey" WHERE "key_id" = ?', (key_id,)).fetchone() is None:
        # DO NOTHING: another thread's transaction (a merge in the background) may have written it since
        connection.execute('INSERT INTO "sealkey" ("key_id", "wraps", "created_at") VALUES (?, ?, ?) '
                           'ON CONFLICT DO NOTHING',
                           (key_id, json.dumps(wraps), _now().isoformat(sep=" ")))  # fmt: skip
    vault.opened[key_id] = content_key
    return key_id, content_key


def seal_record(register: Register, record: dict[str, Any]) -> None:
    """Seal, in place, the sensitive values of ``record`` that are typed text (values already
    sealed stay as they are). Nothing on a database without a reader key."""
    vault = _current()
    if vault.reader_public is None:
        return
    names = [f.name for f in register.sensitive_fields if record.get(f.name) not in (None, "")]
    todo = [name for name in names if not is_sealed(record[name])]
    if not todo:
        return
    key_id, content_key = _writing_key(vault)
    for name in todo:
        record[name] = _seal(key_id, content_key, str(record[name]), context(register.name, record["uuid"], name))


def _seal(key_id: str, content_key: bytes, text: str, where: str) -> str:
    sealed = sealing.seal(content_key, text.encode("utf-8"), where)
    return PREFIX + base64.b64encode(bytes.fromhex(key_id) + sealed).decode("ascii")


def seal_text(text: str, where: str) -> str:
    """``text`` sealed for the place ``where`` (a ``context``): for a copy of a sensitive value
    kept elsewhere than its record, such as the audit trail's before and after."""
    vault = _current()
    if vault.reader_public is None or is_sealed(text):
        return text
    return _seal(*_writing_key(vault), text, where)


def _parts(value: str) -> tuple[str, bytes] | None:
    """(key id, nonce and ciphertext) of a sealed value, or None when its text is not one."""
    try:
        raw = base64.b64decode(value[len(PREFIX) :].encode("ascii"), validate=True)
    except (binascii.Error, ValueError):
        return None
    return (raw[:KEY_ID_BYTES].hex(), raw[KEY_ID_BYTES:]) if len(raw) > KEY_ID_BYTES else None


def key_id_of(value: str) -> str | None:
    parts = _parts(value)
    return parts[0] if parts is not None else None


def _content_key(vault: _Vault, key_id: str) -> bytes | None:
    """A content key opened with the reader key held: wrapped to it (sealed here), or to this
    unit's package key (brought by a package from a unit below)."""
    if key_id in vault.opened:
        return vault.opened[key_id]
    found = None
    row = SealKey.get_or_none(SealKey.key_id == key_id)
    if row is not None and vault.private is not None:
        if READER in row.wraps:
            found = _unwrap(vault.private, row.wraps[READER])
        elif vault.box_name in row.wraps and (box := box_private()) is not None:
            found = _unwrap(box, row.wraps[vault.box_name])
    vault.opened[key_id] = found
    return found


def _unwrap(private: bytes, wrapped: str) -> bytes | None:
    try:
        return sealing.unwrap_key(private, keys.from_text(wrapped))
    except (sealing.SealError, ValueError):
        return None


def open_with(content_key_of: Callable[[str], bytes | None], value: str, where: str) -> str | None:
    """The text of the sealed ``value`` (``where``: its ``context``), its content key found by
    ``content_key_of(key id)``; None when it does not open (no such key, altered bytes, or sealed
    for another record or field). Packages open the values they carry with it too."""
    parts = _parts(value)
    content_key = content_key_of(parts[0]) if parts is not None else None
    if content_key is None:
        return None
    try:
        return sealing.unseal(content_key, parts[1], where).decode("utf-8")
    except (sealing.SealError, UnicodeDecodeError):
        return None


def open_value(value: Any, where: str) -> Any:
    """The text of a sealed ``value`` (``where``: its ``context``), or the value as it is when it
    is not sealed, or cannot be opened here (no reader key held, or altered)."""
    if not is_sealed(value):
        return value
    vault = _current()
    if vault.private is None:
        return value
    opened = open_with(lambda key_id: _content_key(vault, key_id), value, where)
    return value if opened is None else opened


def reveal(register: Register, record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with its sensitive values opened, as far as the reader key held opens them."""
    if not register.sensitive_fields or _current().private is None:
        return record
    shown = dict(record)
    for sensitive in register.sensitive_fields:
        value = shown.get(sensitive.name)
        if is_sealed(value):
            shown[sensitive.name] = open_value(value, context(register.name, record["uuid"], sensitive.name))
    return shown


# ------------------------------------------------------------------------- the unit above


def wraps_for(key_ids: set[str], above_public: bytes) -> tuple[dict[str, str], set[str]]:
    """({key id: its content key wrapped to ``above_public``}, the key ids that have no such
    wrap and cannot get one here). A key written before the unit above was known is wrapped to
    it now when the reader key is held."""
    name = keys.fingerprint(above_public)
    vault = _current()
    found: dict[str, str] = {}
    missing: set[str] = set()
    for row in SealKey.select().where(SealKey.key_id.in_(sorted(key_ids))):
        wraps = dict(row.wraps)
        if name not in wraps:
            content_key = _content_key(vault, row.key_id)
            if content_key is None:
                missing.add(row.key_id)
                continue
            wraps[name] = keys.to_text(sealing.wrap_key(content_key, above_public))
            SealKey.update(wraps=wraps).where(SealKey.key_id == row.key_id).execute()
        found[row.key_id] = wraps[name]
    return found, missing | (key_ids - set(found) - missing)


def wrap_all_for(above_public: bytes) -> int:
    """Wrap every content key the reader key opens to ``above_public`` (the unit above's key,
    just set); returns how many keys still have no wrap to it."""
    return len(wraps_for({row.key_id for row in SealKey.select(SealKey.key_id)}, above_public)[1])


# ------------------------------------------------------------------------- what units below send


def box_columns(private: bytes, public: bytes) -> dict[str, bytes | None]:
    """The ``Installation`` columns that keep this unit's package key (the X25519 pair units
    below seal their sensitive values to): its private half in clear in a database without a
    reader key, wrapped to the reader key otherwise, so that only a reader opens what they sent."""
    reader = reader_public()
    if reader is None:
        return {"box_private_key": private, "box_public_key": public, "box_private_sealed": None}
    return {"box_private_key": None, "box_public_key": public, "box_private_sealed": sealing.wrap_key(private, reader)}


def seal_box_key() -> bool:
    """Wrap to the reader key the package key's private half that a database made before its
    reader key still keeps in clear; True when it did. The clear bytes are overwritten in the
    file (secure_delete), not only unlinked from the row."""
    if reader_public() is None:
        return False
    row = Installation.select().first()
    if row is None or not row.box_private_key:
        return False
    columns = box_columns(bytes(row.box_private_key), bytes(row.box_public_key))
    with _overwriting():
        Installation.update(**columns).where(Installation.id == row.id).execute()
    return True


@contextmanager
def _overwriting() -> Iterator[None]:
    """While inside, what a write replaces is overwritten in the file, not only unlinked. On a
    server a replaced row version is never read again by any statement and its space is taken
    back by VACUUM: there is no such switch, and no file of the program's to overwrite."""
    if engines.on_server():
        yield
        return
    database.execute_sql("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        database.execute_sql("PRAGMA secure_delete = OFF")


def box_private() -> bytes | None:
    """The package key's private half: kept in clear in a database without a reader key,
    otherwise opened with the reader key held (None while none is held)."""
    vault = _current()
    if vault.box_private is not None:
        return vault.box_private
    row = Installation.select(Installation.box_private_key, Installation.box_private_sealed).first()
    if row is None:
        return None
    if row.box_private_key:
        return bytes(row.box_private_key)
    if row.box_private_sealed and vault.private is not None:
        try:
            vault.box_private = sealing.unwrap_key(vault.private, bytes(row.box_private_sealed))
        except sealing.SealError:
            return None
    return vault.box_private


def rewrap_reader(new_public: bytes) -> int:
    """Wrap every content key the held reader key opens, and the package key, to ``new_public``
    (a reader key made anew) in place of the old wraps, whose bytes are overwritten in the file;
    returns how many content keys. The caller then holds the new private half."""
    vault = _current()
    assert vault.private is not None, "the reader key must be held to make it anew"
    box = box_private()
    count = 0
    with _overwriting():
        for row in SealKey.select():
            content_key = _content_key(vault, row.key_id)
            if content_key is None or READER not in row.wraps:
                continue
            wraps = {**row.wraps, READER: keys.to_text(sealing.wrap_key(content_key, new_public))}
            SealKey.update(wraps=wraps).where(SealKey.key_id == row.key_id).execute()
            count += 1
        if box is not None:  # only where it is kept wrapped (a database without a reader key keeps it in clear)
            Installation.update(box_private_sealed=sealing.wrap_key(box, new_public)).where(
                Installation.box_private_sealed.is_null(False)).execute()  # fmt: skip
    return count


def box_public() -> bytes | None:
    """The package key's public half (what units below seal to), or None before it is made."""
    if not database.table_exists(Installation._meta.table_name):
        return None
    row = Installation.select(Installation.box_public_key).first()
    return bytes(row.box_public_key) if row is not None and row.box_public_key else None


def take_value_keys(sent_to: bytes, value_keys: dict[str, str]) -> None:
    """Keep the content keys a package brought for the sealed values it carries (wrapped to
    ``sent_to``, this unit's package key): the values are stored as they came, and a reader
    opens them here as it opens its own."""
    name = keys.fingerprint(sent_to)
    for key_id, wrapped in sorted(value_keys.items()):
        row = SealKey.get_or_none(SealKey.key_id == key_id)
        if row is None:
            SealKey.insert(key_id=key_id, wraps={name: wrapped}, created_at=_now()).on_conflict_ignore().execute()
        elif name not in row.wraps:
            SealKey.update(wraps={**row.wraps, name: wrapped}).where(SealKey.key_id == key_id).execute()
    _current().opened.clear()  # a key id looked up before, and missing then, may be here now


class TransitSeal:
    """Seals the sensitive values that encoded records carry in clear, for one package to the
    unit above, record by record as the package is written: a database without a reader key
    keeps them as typed, and they never travel so. One content key for the package."""

    def __init__(self, recipient_public: bytes) -> None:
        self.recipient_public = recipient_public
        self.content_key = secrets.token_bytes(sealing.KEY_BYTES)
        self.key_id = secrets.token_hex(KEY_ID_BYTES)
        self.used = False

    def seal(self, register: Register, record: dict[str, Any]) -> None:
        """Seal ``record``'s values in clear, in place."""
        for sensitive in register.sensitive_fields:
            value = record.get(sensitive.name)
            if isinstance(value, str) and value and not is_sealed(value):
                record[sensitive.name] = _seal(self.key_id, self.content_key, value,
                                               context(register.name, record["uuid"], sensitive.name))  # fmt: skip
                self.used = True

    def wrapped(self) -> dict[str, str]:
        """{key id: the content key wrapped to the recipient}, or {} when nothing was sealed."""
        if not self.used:
            return {}
        return {self.key_id: keys.to_text(sealing.wrap_key(self.content_key, self.recipient_public))}
