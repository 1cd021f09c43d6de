"""Opening a database file: SQLite settings, binding the proxy, upgrading the schema."""

from __future__ import annotations

import logging
from pathlib import Path

import peewee as pw

from desktop_app.domain.l10n import _
from desktop_app.store import migrations
from desktop_app.store.models import Installation, UnitProfile, database

log = logging.getLogger(__name__)

PRAGMAS = {
    "journal_mode": "wal",  # readers (the list) never wait for the writer (a save)
    "synchronous": "normal",  # durable at each checkpoint, safe against corruption in WAL mode
    "foreign_keys": 1,
    "cache_size": -32 * 1024,  # 32 MiB
    "busy_timeout": 5000,
}


class DatabaseError(RuntimeError):
    """A database that cannot be opened; the message names the file and the reason."""


def open_database(path: Path | str, *, create: bool = False) -> pw.SqliteDatabase:
    """Open ``path``, bind it, and bring its schema up to date.

    With ``create`` False a missing file is an error rather than an empty new database, so a
    mistyped ``--db`` never silently starts a second set of registers.
    """
    path = Path(path)
    if not create and not path.exists():
        raise DatabaseError(_("Không tìm thấy tệp dữ liệu {path}.").format(path=path))
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
    close_database()
    db = pw.SqliteDatabase(str(path), pragmas=PRAGMAS)
    database.initialize(db)
    try:
        db.connect()
        migrations.upgrade()
    except pw.DatabaseError as error:
        close_database()
        raise DatabaseError(
            _("Không mở được tệp dữ liệu {path}: {reason}").format(path=path, reason=error)
        ) from error
    except migrations.SchemaError:
        close_database()
        raise
    return db


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        database.close()


def is_set_up() -> bool:
    """Whether the open database has its unit and installation (the first-run wizard is done)."""
    return UnitProfile.select().exists() and Installation.select().exists()
