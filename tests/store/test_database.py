"""Opening database files: new ones, older ones upgraded in place, newer ones refused."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from desktop_app.store import migrations
from desktop_app.store.database import DatabaseError, close_database, open_database
from desktop_app.store.models import RECORD_MODELS, Installation, database
from tests.accounts import raw_connect
from tests.engines import columns_of, is_server

FIXTURES = Path(__file__).parent / "fixtures"


def everything(location: Path | str) -> bytes | list:
    """What a database holds: a file's bytes; a server database's tables, columns and schema version."""
    if not is_server(location):
        return Path(location).read_bytes()
    with contextlib.closing(raw_connect(location)) as con:
        tables = con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                             "ORDER BY table_name").fetchall()  # fmt: skip
        return [tables, [columns_of(con, name) for (name,) in tables], con.execute("SELECT * FROM schemaversion")
                .fetchall()]  # fmt: skip


def columns(path: Path, table: str) -> set[str]:
    with sqlite3.connect(path) as con:
        return {row[1] for row in con.execute(f'PRAGMA table_info("{table}")')}


def rows(path: Path, table: str, *names: str) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute(f'SELECT {", ".join(names)} FROM "{table}" ORDER BY uuid').fetchall()


@pytest.fixture
def version_1_file(tmp_path: Path) -> Path:
    """A real file in the schema of version 1, with 40 records, made from the committed dump."""
    path = tmp_path / "v1.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript((FIXTURES / "schema_v1.sql").read_text(encoding="utf-8"))
    return path


@pytest.mark.both_engines
def test_a_new_database_gets_every_table_at_the_latest_version(db_path, engine):
    open_database(db_path, create=True)
    try:
        assert migrations.current_version() == migrations.LATEST_VERSION
        for name in RECORD_MODELS:
            assert database.table_exists(name)
        if engine == "sqlite":
            assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        close_database()
    with contextlib.closing(raw_connect(db_path)) as con:
        assert "change_seq" in columns_of(con, "petition")


def test_a_missing_file_is_an_error_not_a_new_database(db_path):
    """A mistyped --db never starts a second, empty set of registers."""
    with pytest.raises(DatabaseError, match="Không tìm thấy tệp dữ liệu"):
        open_database(db_path)
    assert not db_path.exists()


def test_a_file_that_is_not_a_database_is_named_in_the_error(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("đây không phải cơ sở dữ liệu" * 100, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match=r"notes\.sqlite"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_version_1_database_is_upgraded_and_keeps_every_record(version_1_file):
    """Opening a file of schema version 1 adds the change sequence and loses nothing."""
    assert "change_seq" not in columns(version_1_file, "reception")
    before = {name: rows(version_1_file, name, "uuid", "revision", "updated_at") for name in RECORD_MODELS}
    total = sum(len(found) for found in before.values())
    assert total == 40

    open_database(version_1_file)
    try:
        assert migrations.current_version() == migrations.LATEST_VERSION
        assert Installation.get().last_change_seq == total
    finally:
        close_database()

    sequences = []
    for name, old in before.items():
        assert rows(version_1_file, name, "uuid", "revision", "updated_at") == old
        sequences += [seq for (seq,) in rows(version_1_file, name, "change_seq")]
    assert sorted(sequences) == list(range(1, total + 1))


def test_the_upgrade_vouches_for_every_record_it_found_and_hides_sensitive_search_text(version_1_file):
    """Version 6 writes a baseline audit entry with the state of each record already there, and
    moves the text of sensitive fields behind the mark a masked search stops at."""
    from desktop_app.domain.registers import BY_NAME
    from desktop_app.services import audit_reading
    from desktop_app.store.models import AuditEntry
    from desktop_app.store.queries import ListQuery, count
    from desktop_app.store.records import SENSITIVE_MARK, iter_all

    open_database(version_1_file)
    try:
        assert AuditEntry.select().where(AuditEntry.action == "baseline").count() == 40
        assert audit_reading.verify() == []
        reception = BY_NAME["reception"]
        someone = next(iter_all(reception))["citizen_name"]
        word = someone.split()[-1]
        assert count(ListQuery(reception, search=word)) >= 1
        assert count(ListQuery(reception, search=word, search_sensitive=False)) == 0
        texts = [row[0] for row in rows(version_1_file, "reception", "search_text")]
        assert all(SENSITIVE_MARK in text for text in texts)
    finally:
        close_database()


def test_the_upgrade_adds_the_list_index_and_the_full_text_index(version_1_file):
    from desktop_app.domain.registers import BY_NAME
    from desktop_app.domain.text import fold
    from desktop_app.store.queries import ListQuery, select_page
    from desktop_app.store.records import iter_all, search_text

    open_database(version_1_file)
    try:
        petition = BY_NAME["petition"]
        someone = next(iter_all(petition))
        word = fold(someone["summary"]).split()[0]
        found = select_page(ListQuery(petition, search=word), 0, 1000)
        assert someone["uuid"] in [r["uuid"] for r in found]
        assert all(word in search_text(petition, r) for r in found)
    finally:
        close_database()
    with sqlite3.connect(version_1_file) as con:
        page = con.execute("EXPLAIN QUERY PLAN SELECT * FROM petition WHERE deleted_at IS NULL "
                           "ORDER BY received_date DESC, created_at DESC, uuid DESC LIMIT 200").fetchall()  # fmt: skip
        searched = con.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM petition_fts WHERE petition_fts MATCH "
                               "'\"nguyen\"'").fetchall()  # fmt: skip
        assert con.execute("INSERT INTO petition_fts(petition_fts, rank) VALUES ('integrity-check', 1)")
    assert "USING INDEX petitionrecord_deleted_at_received_date_created_at_uuid" in page[0][-1]
    assert "VIRTUAL TABLE INDEX" in searched[0][-1]


def test_upgrading_twice_changes_nothing(version_1_file):
    open_database(version_1_file)
    close_database()
    first = rows(version_1_file, "petition", "uuid", "change_seq")
    open_database(version_1_file)
    close_database()
    assert rows(version_1_file, "petition", "uuid", "change_seq") == first


@pytest.mark.both_engines
def test_a_database_from_a_newer_program_is_refused_untouched(db_path):
    open_database(db_path, create=True)
    close_database()
    with contextlib.closing(raw_connect(db_path)) as con:
        con.execute("UPDATE schemaversion SET version = ?", (migrations.LATEST_VERSION + 1,))
        con.commit()
    before = everything(db_path)
    with pytest.raises(migrations.SchemaError, match="phiên bản mới hơn"):
        open_database(db_path)
    close_database()
    assert everything(db_path) == before


def test_a_failed_upgrade_step_leaves_the_old_version(version_1_file, monkeypatch):
    """A step runs in one transaction with its version bump: a failure keeps version 1 intact."""

    def broken(migrator):
        migrations._add_change_sequence(migrator)
        raise RuntimeError("disk full")

    monkeypatch.setattr(migrations, "MIGRATIONS", (migrations.Migration(2, "broken", broken),))
    monkeypatch.setattr(migrations, "LATEST_VERSION", 2)
    with pytest.raises(RuntimeError, match="disk full"):
        open_database(version_1_file)
    close_database()
    with sqlite3.connect(version_1_file) as con:
        assert con.execute("SELECT version FROM schemaversion").fetchone() == (1,)
    assert "change_seq" not in columns(version_1_file, "reception")


def test_an_upgrade_is_preceded_by_a_checked_backup_of_the_old_file(version_1_file):
    from desktop_app.store.backups import backups
    from desktop_app.store.fingerprint import fingerprint

    with contextlib.closing(sqlite3.connect(version_1_file)) as con:
        old = fingerprint(con).sha256
    open_database(version_1_file)
    [made] = backups(version_1_file)
    close_database()
    assert made.reason == "migration" and made.schema == 1 and made.sha256 == old
    with contextlib.closing(sqlite3.connect(made.path)) as con:
        assert con.execute("SELECT version FROM schemaversion").fetchone() == (1,)
    open_database(version_1_file)  # already upgraded: no second copy
    close_database()
    assert len(backups(version_1_file)) == 1
