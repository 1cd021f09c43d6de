"""Backups as policy: when they are made, the audit trail, the second place, and restoring one.
The copies themselves — made with SQLite's online backup API, checked, recorded, rotated — are
store/backups.py.

Automatic copies: at the first start of each day and at close (the window), before a schema
upgrade (store/database.py), before an import of more than 100 rows, a merge and a restore. A
failed copy is said in the audit trail (and the window's status bar) and refuses the step it
was to protect.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.l10n import _
from desktop_app.domain.roles import Right
from desktop_app.files import replace_durably, sha256_of
from desktop_app.security import keyslots
from desktop_app.security.sealing import SealError
from desktop_app.services import accounts, audit, reader_key
from desktop_app.store import database as store_db
from desktop_app.store import engines
from desktop_app.store.backups import (
    FOLDER,
    RECORD_SUFFIX,
    Backup,
    BackupError,
    backups,
    check_copy,
    folder_for,
    local_now,
    make_copy,
    prune,
    unit_of_open_database,
)
from desktop_app.store.models import Account, AuditEntry, database
from desktop_app.store.sync_settings import sync_settings
from desktop_app.transports.places import target_for
from desktop_app.transports.targets import FolderTarget, TransportError

log = logging.getLogger(__name__)

LARGE_IMPORT = 100  # an import of more rows than this is backed up first
__all__ = ["Backup", "BackupError", "backups"]


def make_backup(reason: str = "manual", *, to: Path | None = None, second_place: bool = True,
                rotate: bool = True) -> Backup:  # fmt: skip
    """Back up the open database now, into ``to`` (default: ``backups/`` beside it); checked,
    recorded beside the copy and in the audit trail, rotated, and copied to the second place.
    BackupError when it fails (the failure is in the audit trail too), and on a server's
    database, which the server backs up (pg_dump)."""
    if engines.on_server():
        raise BackupError(_("Cơ sở dữ liệu trên máy chủ được sao lưu bằng công cụ của máy chủ (pg_dump), không "
                            "chép thành tệp."))  # fmt: skip
    try:
        backup = make_copy(reason, to)
    except BackupError as error:
        _note_failure(reason, reason, error)
        raise
    _note(backup)
    if to is None and rotate:
        prune(folder_for(store_db.database_path()), store_db.database_path().stem)
    if second_place:
        copy_to_second_place(backup)
    return backup


def _note(backup: Backup) -> None:
    with database.atomic():
        audit.record_event(_acting(), "backup_made", {"backup": backup.path.name, "reason": backup.reason,
                                                      "records": backup.records, "digest": backup.sha256[:16]})


def _note_failure(name: str, reason: str, error: Exception) -> None:
    log.warning("backup %s failed: %s", name, error)
    try:
        with database.atomic():
            audit.record_event(_acting(), "backup_failed", {"backup": name, "reason": reason, "error": str(error)})
    except Exception:  # the trail itself may be what cannot be written (a full disk)
        log.exception("could not write the failed backup to the audit trail")


def _acting() -> accounts.Session:
    try:
        return accounts.current()
    except accounts.NotAllowed:  # the window closing after a sign-out
        return accounts.Session(accounts.computer_user(), accounts.UNGUARDED)


def backup_before(reason: str) -> Backup | None:
    """The automatic backup before a risky step (an import, a merge): made when a database is
    open, and a failure refuses the step (it would run without a way back). A server's database
    is backed up by the server's own tools (pg_dump, its replicas), not by copying a file."""
    if database.obj is None or database.is_closed() or engines.on_server():
        return None
    return make_backup(reason)


# What a session writes to the trail without changing the registers: no reason for a backup.
QUIET_ACTIONS = ("backup_made", "backup_failed", "sign_in", "sign_in_failed")


def changed_since(backup: Backup) -> bool:
    """Whether anything but sign-ins and backups reached the audit trail after ``backup``."""
    return AuditEntry.select().where((AuditEntry.id > backup.audit_id)
                                     & AuditEntry.action.not_in(QUIET_ACTIONS)).exists()  # fmt: skip


def at_close() -> Backup | None:
    """The backup when the window closes, unless nothing changed since the newest one (a province
    database takes seconds to copy and check; closing after only reading need not wait); none of a
    server's database."""
    if engines.on_server():
        return None
    listed = backups(store_db.database_path())
    if listed and not changed_since(listed[0]):
        return None
    return make_backup("close")


def daily_if_due(today: dt.date | None = None) -> Backup | None:
    """The first start of each day: a backup unless one was made today already (none of a
    server's database: the server backs it up)."""
    if engines.on_server():
        return None
    today = today or local_now().date()
    path = store_db.database_path()
    if any(backup.taken_at.date() == today for backup in backups(path)):
        return None
    return make_backup("daily")


# ------------------------------------------------------------------------- the second place


def copy_to_second_place(backup: Backup) -> str:
    """Copy ``backup`` (and its record) to the second place, when one is set; returns where, or ""
    when none is. A failure is said in the audit trail and the log, not raised: the first copy
    stands."""
    options = sync_settings()
    if not options.backup_place:
        return ""
    try:
        if options.backup_place == "folder":
            where = FolderTarget(Path(options.backup_folder))
            described = options.backup_folder
        elif not backup.encrypted:
            raise BackupError(_("Bản sao lưu không mã hóa không được gửi lên máy chủ WebDAV."))
        else:
            where = target_for(options.target_kind, options.target, options.username)
            if where is None:
                raise BackupError(_("Chưa cài đặt nơi gửi gói, nên chưa có máy chủ WebDAV để gửi bản sao lưu."))
            described = options.target
        folder = f"{backup.unit_code}-{FOLDER}"
        record = Path(str(backup.path) + RECORD_SUFFIX)
        for path in (backup.path, record):
            where.upload(path, folder, sha256_of(path))
    except (TransportError, BackupError, OSError) as error:
        _note_failure(backup.path.name, "second_place", error)
        return ""
    return described


def set_second_place(place: str, folder: str = "") -> None:
    """Where copies also go: "" (nowhere), "folder" with ``folder``, or "webdav" (the sync target)."""

    session = accounts.require(Right.SETTINGS)
    if place not in ("", "folder", "webdav"):
        raise BackupError(_("«Nơi lưu thứ hai» phải là folder, webdav hoặc để trống: «{place}».").format(place=place))
    if place == "folder" and not Path(folder).is_dir():
        raise BackupError(_("«Thư mục sao lưu thứ hai» không có hoặc không phải thư mục: {path}").format(path=folder))
    if place == "webdav" and store_db.database_key() is None:
        raise BackupError(_("Dữ liệu không mã hóa: bản sao lưu không được gửi lên máy chủ WebDAV."))
    with database.atomic():
        options = sync_settings()
        options.backup_place, options.backup_folder = place, folder if place == "folder" else ""
        options.save()
        audit.record_event(session, "settings", {"changes": {"backup_place": [place, folder]}})


# ------------------------------------------------------------------------- restoring


@dataclass(frozen=True)
class Restored:
    backup: Backup
    kept_as: Path | None  # the database as it was, kept as a backup (None when it could not be read)


def check_backup(backup: Backup, key: bytes | None) -> None:
    """BackupError unless the copy opens with ``key``, is whole and matches its record."""
    if not backup.path.exists():
        raise BackupError(_("Không có tệp sao lưu {path}.").format(path=backup.path))
    probe = backup.path.with_name(backup.path.name + ".check")
    shutil.copyfile(backup.path, probe)  # checked on a copy: reading may not even touch the backup
    try:
        check_copy(probe, key, backup.sha256)
    finally:
        probe.unlink(missing_ok=True)


def restore(backup_path: Path | str) -> Restored:
    """Replace the open database by the backup at ``backup_path`` (an administrator's right).

    The backup must be of this unit and pass its check; the database as it is now is backed up
    first (reason before_restore), then the backup is copied beside it, checked again, and renamed
    over it in one step, so a crash leaves the old database or the restored one."""
    session = accounts.require(Right.RESTORE)
    path = store_db.database_path()
    backup = Backup.read(Path(backup_path))
    unit_code, _unit_name = unit_of_open_database()
    if backup.unit_code != unit_code:
        raise BackupError(_("Bản sao lưu {path} là của {unit}, không phải của đơn vị này.").format(
            path=backup.path.name, unit=backup.unit))
    key = store_db.database_key()
    if backup.encrypted != (key is not None):
        raise BackupError(_("Bản sao lưu {path} {how}, khác với tệp dữ liệu hiện tại.").format(
            path=backup.path.name, how=_("được mã hóa") if backup.encrypted else _("không mã hóa")))
    check_backup(backup, key)
    kept_as = make_backup("before_restore", second_place=False, rotate=False).path  # never prunes ``backup``
    present = _accounts_now()
    reader = reader_key.held()
    _put_in_place(backup, path, key)
    store_db.open_database(path, key=key)
    _carry_accounts(present)
    if reader is not None:  # the same database, so the same reader key: the officer still reads
        with contextlib.suppress(SealError):
            reader_key.hold(reader)
    with contextlib.suppress(accounts.NotAllowed):  # the account did not exist then: the window asks for one
        accounts.resume(session)
    with database.atomic():
        audit.record_event(session, "restored", {"backup": backup.path.name, "taken_at": backup.taken_at.isoformat(),
                                                 "records": backup.records, "kept_as": kept_as.name})  # fmt: skip
    return Restored(backup, kept_as)


def _accounts_now() -> list[dict]:
    return list(Account.select().dicts())


def _carry_accounts(present: list[dict]) -> None:
    """The accounts as they are now go into the restored database: who may open the registers,
    and with which password, is today's (the key ring beside the file is today's too), while
    the registers go back to the backup. Without it a password changed since the backup would
    open the key ring and then be refused by the restored account table."""
    with database.atomic():
        for row in present:
            values = {k: v for k, v in row.items() if k != "id"}
            if Account.update(**values).where(Account.name == row["name"]).execute() == 0:
                Account.insert(**values).execute()


def _put_in_place(backup: Backup, path: Path, key: bytes | None) -> None:
    """Copy ``backup`` next to ``path``, check it, close the database and rename the copy over it."""
    incoming = Path(str(path) + ".restoring")
    incoming.unlink(missing_ok=True)
    shutil.copyfile(backup.path, incoming)
    check_copy(incoming, key, backup.sha256)
    store_db.close_database()  # the last connection: SQLite checkpoints and removes the WAL
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)  # never let an old WAL meet the restored file
    replace_durably(incoming, path)


def _key_for_damaged(path: Path, backup: Backup, name: str, password: str) -> tuple[bytes, keyslots.KeyRing | None]:
    """The key of a damaged database's backup: from the ring beside it, else from the ring the
    backup recorded (returned too, to be put beside the restored file). Wrong password: refused."""
    ring_file = keyslots.ring_path(path)
    with contextlib.suppress(keyslots.KeyRingError):
        return keyslots.read_ring(ring_file).open_with_password(name, password), None
    try:
        recorded = keyslots.KeyRing.from_json(backup.ring or {})
        return recorded.open_with_password(name, password), recorded
    except keyslots.KeyRingError:
        raise accounts.wrong_refusal() from None


def restore_damaged(path: Path | str, backup_path: Path | str, name: str, password: str) -> Restored:
    """Restore when the database at ``path`` cannot be opened at all (truncated, corrupt, lost):
    the key comes from the key ring beside it or the one the backup recorded, and the
    administrator signs in against the backup. The damaged file is kept beside, renamed."""
    path, backup = Path(path), Backup.read(Path(backup_path))
    key, ring_of_backup = None, None
    if backup.encrypted:
        key, ring_of_backup = _key_for_damaged(path, backup, accounts.normal_name(name), password)
    incoming = Path(str(path) + ".restoring")
    incoming.unlink(missing_ok=True)
    shutil.copyfile(backup.path, incoming)
    check_copy(incoming, key, backup.sha256)
    store_db.open_database(incoming, key=key)  # signed in against the backup before anything is replaced
    try:
        session = accounts.sign_in(name, password, where="cli", record_success=False)
        accounts.require(Right.RESTORE)
    except accounts.Refused:
        store_db.close_database()
        incoming.unlink(missing_ok=True)
        raise
    store_db.close_database()
    kept_as = None
    if path.exists():
        kept_as = path.with_name(f"{path.stem}-damaged-{local_now().strftime('%Y%m%d-%H%M%S')}{path.suffix}")
        os.replace(path, kept_as)
    for suffix in ("-wal", "-shm"):
        side = Path(str(path) + suffix)
        if side.exists():
            os.replace(side, Path(str(kept_as or path) + suffix + ".old"))
    replace_durably(incoming, path)
    if ring_of_backup is not None:  # the password opened the backup's ring: it matches the accounts restored
        keyslots.write_ring(keyslots.ring_path(path), ring_of_backup)
    store_db.open_database(path, key=key)
    accounts.resume(session)
    with database.atomic():
        audit.record_event(session, "restored", {"backup": backup.path.name, "taken_at": backup.taken_at.isoformat(),
                                                 "records": backup.records,
                                                 "kept_as": kept_as.name if kept_as else ""})  # fmt: skip
    return Restored(backup, kept_as)
