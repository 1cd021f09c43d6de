"""The unit's reader key: the X25519 pair that sensitive values are sealed to, so that anyone
signed in can write them and only the accounts allowed to read them can read them back (as ODK's
collecting phones seal each submission to the project's key).

The public half is in the database. The private half is kept there only under the recovery code
(``ReaderKey``); each account that may read sensitive fields holds it through the grant in its
key slot (security/keyslots.py), which its password opens at sign-in. While such an account is
signed in, the private half is held here, in memory, and nowhere else; whoever holds it grants
it to the reader accounts still waiting for one. A database that is not encrypted has no reader
key: whoever has its file reads it whole.
"""

from __future__ import annotations

import datetime as dt

from desktop_app.security import keyslots, sealing
from desktop_app.store import sealed, sealed_search
from desktop_app.store.models import ReaderKey

RECOVERY_CONTEXT = "reader key"


def _row() -> ReaderKey | None:
    return ReaderKey.select().first()


def public_key() -> bytes | None:
    """The reader key's public half, or None when the database has none (plain, or made before)."""
    return sealed.reader_public()


def create(code: str) -> bytes:
    """Make the database's reader key, kept under the recovery ``code``, and hold it; returns the
    private half. Once only: a second reader key would leave values sealed to the first."""
    if _row() is not None:
        raise ValueError("the database has a reader key already")
    private, public = sealing.new_box_pair()
    salt, sealed_private = keyslots.seal_with_recovery(code, private, RECOVERY_CONTEXT)
    ReaderKey.create(public_key=public, recovery_salt=salt, recovery_sealed=sealed_private,
                     created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None))  # fmt: skip
    sealed.reset(keep_reader=False)
    sealed.seal_box_key()  # what units below send opens with the reader key from now on
    hold(private)
    return private


def open_with_recovery(code: str) -> bytes | None:
    """Hold the reader key opened with the recovery ``code``; None when the database has none.
    KeyRingError when the code does not open it."""
    row = _row()
    if row is None:
        return None
    private = keyslots.open_with_recovery_code(code, bytes(row.recovery_salt), bytes(row.recovery_sealed),
                                               RECOVERY_CONTEXT)  # fmt: skip
    hold(private)
    return private


def hold(private: bytes) -> None:
    """Keep ``private`` for the open database, if it is the private half of its reader key
    (SealError otherwise): sealed values open from now on."""
    sealed.use_reader(private)


def held() -> bytes | None:
    """The reader key held for the open database, or None."""
    return sealed.reader()


def forget() -> None:
    """Sign-out: the reader key and every sensitive value opened with it leave memory."""
    sealed.drop_reader()
    sealed_search.forget()


def grant_waiting(ring: keyslots.KeyRing, readers: set[str]) -> list[str]:
    """Grant the held reader key to the accounts in ``readers`` (those whose role may read
    sensitive fields) whose slot waits for it; returns their names (none when nothing is held)."""
    private = held()
    if private is None:
        return []
    return [name for name in ring.waiting_for_grant() if name in readers and ring.grant(name, private)]
