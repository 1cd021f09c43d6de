"""Opening a database file: SQLite settings, binding the proxy, upgrading the schema.

A file is either plain SQLite (it starts with "SQLite format 3") or encrypted by SQLCipher with
a raw 256-bit key (every page, the WAL and the temporary tables included); the key comes from
the key ring beside it (security/keyslots.py), unwrapped by a sign-in or the recovery code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import peewee as pw

from desktop_app.domain.l10n import _
from desktop_app.store import engines, migrations
from desktop_app.store.cipher import CipherDatabase, is_encrypted
from desktop_app.store.cipher import database_key as database_key  # asked of this module by its callers
from desktop_app.store.cipher import database_path as database_path
from desktop_app.store.models import Installation, UnitProfile, database

log = logging.getLogger(__name__)

PRAGMAS = {
    "journal_mode": "wal",  # readers (the list) never wait for the writer (a save)
    "synchronous": "normal",  # durable at each checkpoint, safe against corruption in WAL mode
    "foreign_keys": 1,
    "cache_size": -32 * 1024,  # 32 MiB
    "busy_timeout": 5000,
    "temp_store": "memory",  # no temporary file on disk, not even an encrypted one
}


# What the program shows while a database made by an older version is backed up and upgraded
# (``set_upgrade_notice``): on a province's file that is minutes, with the window unable to paint.
UpgradeNotice = Callable[[], AbstractContextManager[None]]
_upgrade_notice: UpgradeNotice = nullcontext


def set_upgrade_notice(notice: UpgradeNotice | None) -> None:
    """``notice()`` is entered before an upgrade's backup and left when the upgrade is done."""
    global _upgrade_notice
    _upgrade_notice = notice or nullcontext


class DatabaseError(RuntimeError):
    """A database that cannot be opened; the message names the file and the reason."""


class DatabaseMissing(DatabaseError):
    """No file at the path given (a mistyped --db)."""


class KeyNeeded(DatabaseError):
    """An encrypted database opened without its key."""


class WrongKey(DatabaseError):
    """An encrypted file the key given does not open: a wrong key, or a damaged file."""


def open_database(path: Path | str, *, create: bool = False, key: bytes | None = None) -> pw.Database:
    """Open ``path``, bind it, and bring its schema up to date; with ``key``, as an encrypted
    database (a new file is created encrypted). A postgresql:// URL opens a server's database.

    With ``create`` False a missing file is an error rather than an empty new database, so a
    mistyped ``--db`` never silently starts a second set of registers. An encrypted file without
    ``key`` raises KeyNeeded, with a key that does not open it WrongKey; either leaves the file
    as it was.
    """
    if engines.is_server(path):
        return _open_server(str(path))
    path = Path(path)
    if not create and not path.exists():
        raise DatabaseMissing(_("Không tìm thấy tệp dữ liệu {path}.").format(path=path))
    if not create and path.stat().st_size == 0:
        raise DatabaseError(_("Tệp dữ liệu {path} rỗng (0 byte): tệp đã hỏng; hãy khôi phục từ bản sao lưu.").format(
            path=path))
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    encrypted = is_encrypted(path)
    if encrypted and key is None:
        raise KeyNeeded(_("Tệp dữ liệu {path} được mã hóa: cần đăng nhập để mở.").format(path=path))
    if path.exists() and not encrypted and path.stat().st_size:
        key = None  # a plain file stays plain (``danvan encrypt`` is the way to encrypt it)
    close_database()
    db = CipherDatabase(str(path), key, pragmas=PRAGMAS)
    database.initialize(db)
    try:
        db.connect()
        if key:
            db.execute_sql("SELECT count(*) FROM sqlite_master")  # a wrong key fails here, before any write
        version = migrations.current_version()
        if version is not None and version < migrations.LATEST_VERSION:
            with _upgrade_notice():
                _back_up_before_upgrade()
                migrations.upgrade()
        else:
            migrations.upgrade()
    except pw.DatabaseError as error:
        close_database()
        if key and "not a database" in str(error):
            raise WrongKey(_("Khóa không mở được tệp dữ liệu {path}: khóa sai hoặc tệp đã hỏng.").format(
                path=path)) from error
        raise DatabaseError(
            _("Không mở được tệp dữ liệu {path}: {reason}").format(path=path, reason=error)
        ) from error
    except migrations.SchemaError:
        close_database()
        raise
    return db


def _open_server(url: str) -> pw.PostgresqlDatabase:
    """A merging unit's database on a PostgreSQL server (#14): no key (the server guards its
    data) and no file backup before an upgrade (pg_dump, the server's own, is the way to back it
    up); a new database gets the whole schema."""
    close_database()
    db = engines.connect_server(url)
    database.initialize(db)
    try:
        db.connect()
        migrations.upgrade()
    except pw.DatabaseError as error:
        close_database()
        raise DatabaseError(_("Không mở được cơ sở dữ liệu {url}: {reason}").format(
            url=engines.shown(url), reason=str(error).strip())) from error
    except migrations.SchemaError:
        close_database()
        raise
    return db


def _back_up_before_upgrade() -> None:
    """A checked copy of a database about to be upgraded, so an upgrade can always be undone."""
    from desktop_app.store.backups import BackupError, make_copy

    try:
        make_copy("migration")
    except BackupError as error:
        raise DatabaseError(_("Không sao lưu được trước khi nâng cấp dữ liệu: {reason}").format(
            reason=error)) from error


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()


def is_set_up() -> bool:
    """Whether the open database has its unit and installation (the first-run wizard is done)."""
    return UnitProfile.select().exists() and Installation.select().exists()
