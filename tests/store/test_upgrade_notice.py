"""A database made by an older version is backed up and upgraded when it is opened: minutes on a
province's file. Whoever opens it (the window, the command line) is told first, and only then."""

from __future__ import annotations

import contextlib
import sqlite3

from desktop_app.store import database, migrations


def test_the_notice_comes_with_an_upgrade_and_only_then(commune_db):
    seen: list[str] = []

    @contextlib.contextmanager
    def notice():
        seen.append("begin")
        yield
        seen.append("end")

    database.set_upgrade_notice(notice)
    try:
        database.close_database()
        database.open_database(commune_db)
        assert seen == [], "an up-to-date database opens without a word"
        database.close_database()
        with sqlite3.connect(commune_db) as raw:
            raw.execute("UPDATE schemaversion SET version = 14")
        database.open_database(commune_db)
        assert seen == ["begin", "end"] and migrations.current_version() == migrations.LATEST_VERSION
        assert any(p.name.endswith("-migration.sqlite") for p in (commune_db.parent / "backups").iterdir())
    finally:
        database.set_upgrade_notice(None)
