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
    _box_private, recovery_public = keyslots.recovery_box(code, salt)
    ReaderKey.create(public_key=public, recovery_salt=salt, recovery_sealed=sealed_private,
                     recovery_public=recovery_public, recovery_wrapped=sealing.wrap_key(private, recovery_public),
                     created_at=_now())  # fmt: skip
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
    salt = bytes(row.recovery_salt)
    box_private, recovery_public = keyslots.recovery_box(code, salt)
    if row.recovery_wrapped:
        try:
            private = sealing.unwrap_key(box_private, bytes(row.recovery_wrapped))
        except sealing.SealError:
            raise keyslots.KeyRingError("wrong recovery code") from None
    else:  # made before rotation existed: kept under the sheet's public half from now on
        private = keyslots.open_with_recovery_code(code, salt, bytes(row.recovery_sealed), RECOVERY_CONTEXT)
        ReaderKey.update(recovery_public=recovery_public,
                         recovery_wrapped=sealing.wrap_key(private, recovery_public)).execute()  # fmt: skip
    hold(private)
    return private


def rotate(ring: keyslots.KeyRing, readers: set[str]) -> bytes | None:
    """Make the reader key anew — a reader left, and a copy of the old ring with the old password
    would still open the old key — and grant it in ``ring`` to ``readers`` only. Every content
    key and the package key are wrapped to the new key in place of the old; the recovery sheet
    keeps opening it through its public half. Returns the new private half, which the caller
    holds once its transaction is written (``hold``); None when it cannot be done here: no
    reader key held, or one made before the sheet's public half was kept (until the recovery
    code is next used)."""
    row = _row()
    if row is None or held() is None or not row.recovery_public:
        return None
    private, public = sealing.new_box_pair()
    sealed.rewrap_reader(public)
    ReaderKey.update(public_key=public, recovery_sealed=b"", rotated_at=_now(),
                     recovery_wrapped=sealing.wrap_key(private, bytes(row.recovery_public))).execute()  # fmt: skip
    for name in ring.account_names():
        if not (name in readers and ring.grant(name, private)):
            ring.revoke(name)
    return private


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def hold(private: bytes) -> None:
    """Keep ``private`` for the open database, if it is the private half of its reader key
    (SealError otherwise): sealed values open from now on."""
    if sealed.reader_public() is not None and sealing.public_of(private) != sealed.reader_public():
        sealed.reset(keep_reader=False)  # the key was made anew since the vault read it
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
