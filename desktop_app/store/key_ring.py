"""Where the open database's key ring (security/keyslots.py) is kept, and the key its slots hold.

A database file keeps its ring in a file beside it (``keyslots.ring_path``), and its slots hold
the file's SQLCipher key, which opened it. A database on a server (#14) has no file beside it and
no key of the program's: it keeps its ring in its ``keyring`` table, and its slots hold a random
key of their own (the ring key), which an account's password opens at sign-in and which is held
here until sign-out, so that the signed-in administrator can give new accounts their slots. In
both, a slot carries the account's own key pair, to which the reader key of sealed sensitive
values is granted: that, not the ring key, is what keeps a denouncer's name from an account that
may not read it.
"""

from __future__ import annotations

import datetime as dt
import json

from desktop_app.security import keyslots
from desktop_app.store import cipher, engines
from desktop_app.store.models import KeyRingRow, database

_held: dict[int, bytes] = {}  # id of the open server database -> the ring key opened at sign-in


def _opened() -> int:
    return id(database.obj)


def read() -> keyslots.KeyRing | None:
    """The open database's ring; None when it has none (a plain file, a server set up without
    sealing). KeyRingError when it cannot be read."""
    if engines.on_server():
        row = KeyRingRow.select(KeyRingRow.ring).first()
        if row is None:
            return None
        try:
            return keyslots.KeyRing.from_json(json.loads(row.ring))
        except (ValueError, KeyError, TypeError) as error:
            raise keyslots.KeyRingError(f"the key ring in the database is damaged: {error}") from error
    if cipher.database_key() is None:
        return None
    return keyslots.read_ring(keyslots.ring_path(cipher.database_path()))


def write(ring: keyslots.KeyRing) -> None:
    """Keep ``ring`` for the open database: in its table on a server (in the caller's transaction,
    so an account change and its slot are written together), in its file beside a file."""
    if engines.on_server():
        text = json.dumps(ring.to_json(), ensure_ascii=False, sort_keys=True)
        stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        with database.atomic():
            if KeyRingRow.update(ring=text, updated_at=stamp).execute() == 0:
                KeyRingRow.create(ring=text, updated_at=stamp)
        return
    keyslots.write_ring(keyslots.ring_path(cipher.database_path()), ring)


def where() -> str:
    """Where the ring is, for a message: the ring file, or the server database's table."""
    if engines.on_server():
        return f"{KeyRingRow._meta.table_name} ({engines.shown(database.database)})"
    return str(keyslots.ring_path(cipher.database_path()))


def slot_key() -> bytes | None:
    """The key the slots of the open database's ring hold: a file's SQLCipher key, or the ring key
    opened at sign-in on a server; None when none is held."""
    if engines.on_server():
        return _held.get(_opened())
    return cipher.database_key()


def hold(key: bytes) -> None:
    """Keep the ring key of the open server database (opened from a slot, or made with the ring)."""
    _held.clear()  # one database at a time
    _held[_opened()] = key


def forget() -> None:
    """Sign-out: the ring key leaves memory."""
    _held.clear()
