"""Encrypted databases: making one, opening it by signing in, the recovery code, and turning a
plain database into an encrypted one.

An encrypted file cannot be read before its key is unwrapped, so signing in starts with the key
ring (security/keyslots.py) and only then opens the database, where accounts.sign_in checks the
account itself (disabled, role) as for a plain file. A wrong password is counted in the ring and
moved into the audit trail at the next sign-in that opens the database.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from pathlib import Path

from desktop_app.domain.l10n import _
from desktop_app.domain.roles import UNGUARDED, Right
from desktop_app.files import replace_durably
from desktop_app.security import keyslots, sealing
from desktop_app.services import accounts, audit, reader_key, sealing_upgrade
from desktop_app.store import cipher, engines
from desktop_app.store import database as store_db
from desktop_app.store import key_ring as ring_store
from desktop_app.store.backups import unit_of_open_database
from desktop_app.store.fingerprint import fingerprint, integrity_ok
from desktop_app.store.models import Account, database

log = logging.getLogger(__name__)
ENCRYPTING_SUFFIX = ".encrypting"


class EncryptionError(accounts.Refused):
    """A key ring, recovery code or encryption step refused; nothing was changed."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def ring(path: Path | str) -> keyslots.KeyRing:
    """The key ring of the encrypted database at ``path``; EncryptionError naming both files."""
    ring_file = keyslots.ring_path(path)
    try:
        return keyslots.read_ring(ring_file)
    except keyslots.KeyRingError as error:
        raise EncryptionError(_("Tệp dữ liệu {path} được mã hóa nhưng tệp khóa {ring} thiếu hoặc hỏng ({reason}); "
                                "hãy chép lại tệp khóa từ bản sao lưu.").format(
                                    path=path, ring=ring_file, reason=error)) from error  # fmt: skip


def ring_file_name(path: Path | str) -> str:
    return keyslots.ring_path(path).name


def ring_missing(path: Path | str) -> bool:
    """Whether the encrypted file at ``path`` has no key ring beside it (a bare copy)."""
    return cipher.is_encrypted(path) and not keyslots.ring_path(path).exists()


def unit_label(path: Path | str) -> str:
    """The unit's name as the key ring keeps it (the sign-in window's title before opening)."""
    try:
        return ring(path).unit
    except EncryptionError:
        return ""


def create_encrypted(path: Path | str, unit: str) -> str:
    """Create an empty encrypted database at ``path`` with its key ring; returns the recovery code,
    shown once. The accounts' slots are added as the accounts are made."""
    path = Path(path)
    code = keyslots.new_recovery_code()
    key = keyslots.new_database_key(code)
    new_ring = keyslots.KeyRing.new(unit)
    new_ring.set_recovery(code, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    keyslots.write_ring(keyslots.ring_path(path), new_ring)
    store_db.open_database(path, create=True, key=key)
    reader_key.create(code)  # held, so the first account made here is granted it
    sealing_upgrade.mark_sealed()  # nothing here yet was kept in clear
    return code


def remove_files(path: Path | str) -> None:
    """Remove a database that was being created and failed: the file, its WAL and its ring."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm", keyslots.SUFFIX):
        Path(str(path) + suffix).unlink(missing_ok=True)


def open_signed_in(path: Path | str, name: str, password: str, *, where: str = "window",
                   record_success: bool = True) -> accounts.Session:  # fmt: skip
    """Open the database at ``path`` and sign in as ``name``: through the key ring when the file
    is encrypted, directly otherwise. SignInError (one line) when refused; the database stays
    closed then if it is encrypted."""
    path = Path(path)
    if not cipher.is_encrypted(path):
        store_db.open_database(path)
        if not accounts.has_accounts():
            return accounts.current()
        return accounts.sign_in(name, password, where=where, record_success=record_success)
    key_ring = ring(path)
    opened = _unwrap(path, key_ring, accounts.normal_name(name), password, where)
    store_db.open_database(path, key=opened.key)
    try:
        session = accounts.sign_in(name, password, where=where, record_success=record_success)
    except accounts.SignInError:
        store_db.close_database()
        raise
    _settle(key_ring, session, password, opened)
    return session


def sign_in(name: str, password: str, *, where: str = "window", record_success: bool = True) -> accounts.Session:
    """Sign in as ``name`` on the open database (a plain file, or a server's). On a server that
    keeps a key ring (store/key_ring.py) the account's slot is opened too: its ring key is held,
    and a reader takes up the reader key granted to it, as an encrypted file's sign-in does."""
    session = accounts.sign_in(name, password, where=where, record_success=record_success)
    if not engines.on_server():
        return session
    try:
        kept = ring_store.read()
        if kept is None:
            return session
        opened = kept.open_account(session.name, password)
    except keyslots.KeyRingError as error:  # the account is right; its slot is missing or out of step
        log.warning("the key ring slot of %s did not open: %s", session.name, error)
        return session
    ring_store.hold(opened.key)
    _settle(kept, session, password, opened)
    return session


def seal_on_server(unit: str) -> str:
    """Give a new database on a server its key ring and reader key, so that sensitive values are
    sealed there as in an encrypted file; returns the recovery code, shown once. The ring key is
    random: the server guards the rows, the reader key guards the names (store/key_ring.py)."""
    code, _ring = _new_server_ring(unit)
    sealing_upgrade.mark_sealed()  # nothing here yet was kept in clear
    return code


def _new_server_ring(unit: str) -> tuple[str, keyslots.KeyRing]:
    code = keyslots.new_recovery_code()
    key = secrets.token_bytes(keyslots.KEY_BYTES)
    new_ring = keyslots.KeyRing.new(unit)
    new_ring.set_recovery(code, key)
    ring_store.write(new_ring)
    ring_store.hold(key)
    reader_key.create(code)  # held, so the accounts made or granted now receive it
    return code, new_ring


def seal_server(password: str) -> tuple[str, dict[str, int]]:
    """Seal the sensitive values of a server database set up without sealing (``--no-encryption``,
    or before servers were sealed): its key ring and reader key are made, every account gets its
    slot (from its stored hash, made anew from its password at its next sign-in, when a reader
    receives the reader key), the signed-in administrator's from ``password`` with the reader key,
    and what was kept in clear is sealed, in one transaction. Returns the recovery code, shown
    once, and what was sealed. EncryptionError, with nothing changed, when refused."""
    session = accounts.require(Right.MANAGE_ACCOUNTS)
    where = engines.shown(database.database)
    if not engines.on_server():
        raise EncryptionError(_("Chỉ niêm phong theo cách này cơ sở dữ liệu trên máy chủ."))
    if reader_key.public_key() is not None:
        raise EncryptionError(_("Thông tin nhạy cảm trong {path} đã được niêm phong.").format(path=where))
    if not accounts.confirm_password(password):
        raise EncryptionError(_("Mật khẩu của {name} không đúng; không có gì thay đổi.").format(name=session.name))
    try:
        with database.atomic():
            code, new_ring = _new_server_ring(unit_of_open_database()[1])
            key = ring_store.slot_key()
            for account in Account.select().where(Account.disabled_at.is_null()):
                new_ring.set_password_from_hash(account.name, account.password_hash, key)
            new_ring.set_password(session.name, password, key)
            reader_key.grant_waiting(new_ring, {session.name})
            ring_store.write(new_ring)
            done = sealing_upgrade.seal_existing(session)
    except BaseException:
        reader_key.forget()  # the reader key made for it is gone with the transaction
        ring_store.forget()
        raise
    return code, done


def _unwrap(path: Path, key_ring: keyslots.KeyRing, name: str, password: str, where: str) -> keyslots.Opened:
    stamp = _now()
    slot = key_ring.slot_of(name)
    if slot is not None and slot.locked_until and stamp < dt.datetime.fromisoformat(slot.locked_until):
        key_ring.note_refusal(name, "locked", where, stamp)
        keyslots.write_ring(keyslots.ring_path(path), key_ring)
        raise accounts.locked_refusal(name, dt.datetime.fromisoformat(slot.locked_until))
    try:
        return key_ring.open_account(name, password)
    except keyslots.KeyRingError:
        pass
    refusal = accounts.wrong_refusal()
    if slot is None and name in key_ring.disabled:
        key_ring.note_refusal(name, "disabled", where, stamp)
        refusal = accounts.disabled_refusal(name)
    elif slot is None:
        key_ring.note_refusal(name, "unknown", where, stamp)
    else:
        slot.failed += 1
        delay = accounts.lock_delay(slot.failed)
        key_ring.note_refusal(name, "password", where, stamp)
        if delay:
            slot.locked_until = (stamp + delay).isoformat(timespec="seconds")
            refusal = accounts.failed_refusal(slot.failed, name, stamp + delay)
    keyslots.write_ring(keyslots.ring_path(path), key_ring)
    log.info("failed sign-in for %s at the key ring", name)
    raise refusal


def _settle(key_ring: keyslots.KeyRing, session: accounts.Session, password: str, opened: keyslots.Opened) -> None:
    """After a sign-in that opened the database: the refusals the ring kept go into the audit
    trail, the account's failure count starts again, a reader takes up the reader key granted to
    it and grants it to the readers waiting, and a slot made from a stored hash is made anew from
    the password, with its own key pair."""
    name = session.name
    pending = key_ring.take_pending()
    slot = key_ring.slot_of(name)
    changed = bool(pending)
    if slot is not None and (slot.failed or slot.locked_until):
        slot.failed, slot.locked_until = 0, ""
        changed = True
    if opened.reader is not None and session.may(Right.READ_SENSITIVE):
        try:
            reader_key.hold(opened.reader)
        except sealing.SealError:
            log.warning("the reader key granted to %s is not this database's", name)
    if slot is not None and slot.from_hash:
        key_ring.set_password(name, password, opened.key)
        changed = True
    granted = reader_key.grant_waiting(key_ring, accounts.reader_names())
    sealing_upgrade.seal_if_pending(session)
    if not changed and not granted:
        return
    with database.atomic():
        for refusal in pending:
            audit.record_event(accounts.Session(str(refusal.get("name") or "?"), UNGUARDED), "sign_in_failed",
                               {"reason": refusal.get("reason"), "where": refusal.get("where"),
                                "attempted_at": refusal.get("at")})  # fmt: skip
        if granted:
            audit.record_event(session, "reader_key_granted", {"accounts": ", ".join(granted)})
        ring_store.write(key_ring)


# ------------------------------------------------------------------------- recovery


def recover(path: Path | str, code: str, name: str, new_password: str) -> accounts.Session:
    """Open ``path`` with its recovery code and give administrator ``name`` a new password; signs
    that account in. EncryptionError or AccountError, with nothing changed, when refused.

    A copy without its key ring (``.keys``) opens too when its key comes from the code (files
    encrypted since keys come from the code): it gets a fresh ring, in which every active account keeps its password. A
    file made before, opened through its ring, has its key derived from the code from now on, so
    its next bare copy opens with the same sheet."""
    path = Path(path)
    if not cipher.is_encrypted(path):
        raise EncryptionError(_("Tệp dữ liệu {path} không mã hóa nên không có mã khôi phục.").format(path=path))
    if keyslots.ring_path(path).exists():
        try:
            key = ring(path).open_with_recovery(code)
        except keyslots.KeyRingError:
            raise EncryptionError(_("Mã khôi phục không đúng; không có gì thay đổi.")) from None
        if cipher.opens_with(path, key):
            return _recover_through_ring(path, code, key, name, new_password)
        # The ring is older than the file's key (a change of key cut short): rebuilt as for a copy.
    return _recover_bare_copy(path, code, name, new_password)


def _recover_through_ring(path: Path, code: str, key: bytes, name: str, new_password: str) -> accounts.Session:
    store_db.open_database(path, key=key)
    try:
        _take_reader_key(code)
        session = accounts.recover_administrator(name, new_password)
    except accounts.AccountError:
        store_db.close_database()
        raise
    sealing_upgrade.seal_if_pending(session)
    derived = keyslots.key_from_recovery(code, cipher.file_salt(path))
    if key != derived:
        _rekey(path, code, derived, session.name, new_password)
    return session


def _recover_bare_copy(path: Path, code: str, name: str, new_password: str) -> accounts.Session:
    ring_file = keyslots.ring_path(path)
    key = keyslots.key_from_recovery(code, cipher.file_salt(path))
    if not cipher.opens_with(path, key):
        raise EncryptionError(_("Mã khôi phục không mở được {path}: mã sai, hoặc tệp được mã hóa khi khóa chưa sinh "
                                "từ mã khôi phục nên cần tệp khóa {ring} bên cạnh; không có gì thay đổi.").format(
                                    path=path, ring=ring_file.name))  # fmt: skip
    previous = ring_file.read_bytes() if ring_file.exists() else None
    store_db.open_database(path, key=key)
    fresh = _fresh_ring(code, key)
    keyslots.write_ring(ring_file, fresh)
    try:
        _take_reader_key(code)
        session = accounts.recover_administrator(name, new_password)
    except accounts.AccountError:
        store_db.close_database()
        if previous is None:
            ring_file.unlink(missing_ok=True)
        else:
            ring_file.write_bytes(previous)
        raise
    audit.record_event(session, "ring_rebuilt", {"file": ring_file.name, "accounts": len(fresh.account_names())})
    sealing_upgrade.seal_if_pending(session)
    return session


def _take_reader_key(code: str) -> None:
    """Hold the reader key opened with the recovery code, or make it when the database has none
    yet (encrypted before there was one: the code is at hand now, so it can be kept under it)."""
    try:
        if reader_key.open_with_recovery(code) is None:
            reader_key.create(code)
    except keyslots.KeyRingError:
        log.warning("the recovery code that opened the file does not open its reader key")


def _fresh_ring(code: str, key: bytes) -> keyslots.KeyRing:
    """A key ring for the open database: the recovery slot, and one slot per active account made
    from its stored password hash, so every officer keeps the password they had."""
    fresh = keyslots.KeyRing.new(unit_of_open_database()[1])
    fresh.set_recovery(code, key)
    for account in Account.select():
        if account.disabled_at is None:
            fresh.set_password_from_hash(account.name, account.password_hash, key)
        else:
            fresh.disabled.append(account.name)
    return fresh


def _rekey(path: Path, code: str, key: bytes, name: str, password: str) -> None:
    """Encrypt the open database under ``key`` (derived from the recovery code) and give it a
    fresh ring, in which administrator ``name`` has a slot for ``password``; the ring is written
    only once the file has its new key. Backups taken before keep the ring they were taken with."""
    fresh = _fresh_ring(code, key)
    fresh.pending = ring(path).pending  # refusals not yet in the trail stay for the next sign-in
    fresh.set_password(name, password, key)
    reader_key.grant_waiting(fresh, accounts.reader_names())
    database.execute_sql(cipher.key_pragma(key).replace("PRAGMA key", "PRAGMA rekey"))
    database.obj.key = key
    keyslots.write_ring(keyslots.ring_path(path), fresh)
    audit.record_event(accounts.current(), "rekeyed", {"file": path.name})


def seal_with_code(path: Path | str, code: str, password: str) -> dict[str, int]:
    """Give the open encrypted database at ``path``, encrypted before there was a reader key, its
    reader key (kept under the recovery ``code``) and seal the sensitive values it keeps in clear;
    the signed-in administrator (with ``password``) holds it at once, the other readers at their
    next sign-in. Returns what was sealed. EncryptionError, with nothing changed, when refused."""
    path = Path(path)
    session = accounts.require(Right.MANAGE_ACCOUNTS)
    key = store_db.database_key()
    if key is None:
        raise EncryptionError(_("Tệp dữ liệu {path} không mã hóa: hãy mã hóa trước (danvan encrypt), việc đó niêm "
                                "phong luôn thông tin nhạy cảm.").format(path=path))  # fmt: skip
    if reader_key.public_key() is not None and not sealing_upgrade.pending():
        raise EncryptionError(_("Thông tin nhạy cảm trong {path} đã được niêm phong.").format(path=path))
    key_ring = ring(path)
    try:
        opened = key_ring.open_with_recovery(code)
    except keyslots.KeyRingError:
        opened = None
    if opened != key:
        raise EncryptionError(_("Mã khôi phục không đúng; không có gì thay đổi."))
    if not accounts.confirm_password(password):
        raise EncryptionError(_("Mật khẩu của {name} không đúng; không có gì thay đổi.").format(name=session.name))
    with database.atomic():
        if reader_key.public_key() is None:
            reader_key.create(code)
        else:
            _take_reader_key(code)
        key_ring.set_password(session.name, password, key)
        reader_key.grant_waiting(key_ring, {session.name})
        keyslots.write_ring(keyslots.ring_path(path), key_ring)
    return sealing_upgrade.seal_existing(session)


# ------------------------------------------------------------------------- encrypting a plain file


def encrypt(path: Path | str, password: str) -> str:
    """Turn the open plain database at ``path`` into an encrypted one; returns its recovery code.

    An administrator signed in does it, with their ``password``: their slot is made from it and
    holds the new reader key. Every other account keeps its password (its slot is made from its
    stored hash, and made anew, with the reader key for a reader, at its next sign-in). The
    encrypted copy is written beside, checked table by table against the plain file, and only
    then put in its place, so a crash at any moment leaves either the plain database (as it was)
    or the encrypted one, never neither.
    """
    path = Path(path)
    session = accounts.require(Right.MANAGE_ACCOUNTS)
    if session.unguarded:
        raise EncryptionError(_("Dữ liệu này chưa có tài khoản: hãy tạo tài khoản quản trị trước khi mã hóa, "
                                "vì chỉ tài khoản mới mở được tệp đã mã hóa."))  # fmt: skip
    if store_db.database_key() is not None:
        raise EncryptionError(_("Tệp dữ liệu {path} đã được mã hóa.").format(path=path))
    if not accounts.confirm_password(password):
        raise EncryptionError(_("Mật khẩu của {name} không đúng; không có gì thay đổi.").format(name=session.name))
    code = keyslots.new_recovery_code()
    key = keyslots.new_database_key(code)
    new_ring = keyslots.KeyRing.new(unit_of_open_database()[1])
    new_ring.set_recovery(code, key)
    for account in Account.select().where(Account.disabled_at.is_null()):
        new_ring.set_password_from_hash(account.name, account.password_hash, key)
    new_ring.set_password(session.name, password, key)
    temporary = Path(str(path) + ENCRYPTING_SUFFIX)
    for leftover in (temporary, Path(str(temporary) + "-journal")):
        leftover.unlink(missing_ok=True)
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    source = fingerprint(database.connection())
    connection = database.connection()
    connection.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(temporary),))
    connection.execute(f"PRAGMA encrypted.cipher_hmac_algorithm = {cipher.HMAC_ALGORITHM}")
    try:
        connection.execute("SELECT sqlcipher_export('encrypted')")
    finally:
        connection.execute("DETACH DATABASE encrypted")
    try:
        _check_copy(temporary, key, source.sha256)
    except EncryptionError:
        temporary.unlink(missing_ok=True)
        raise
    keyslots.write_ring(keyslots.ring_path(path), new_ring)
    store_db.close_database()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    replace_durably(temporary, path)  # the plain file goes here, at once
    store_db.open_database(path, key=key)
    accounts.resume(session)
    with database.atomic():
        reader_key.create(code)
        reader_key.grant_waiting(new_ring, {session.name})
        keyslots.write_ring(keyslots.ring_path(path), new_ring)
        audit.record_event(accounts.current(), "encrypted", {"records": sum(source.register_counts().values())})
    sealing_upgrade.seal_existing(accounts.current())
    return code


def _check_copy(copy: Path, key: bytes | None, expected_sha256: str) -> None:
    connection = cipher.connect_file(copy, key)
    try:
        if not integrity_ok(connection) or fingerprint(connection).sha256 != expected_sha256:
            raise EncryptionError(_("Bản mã hóa {path} không khớp với dữ liệu gốc; tệp gốc được giữ nguyên.").format(
                path=copy))
    finally:
        connection.close()
