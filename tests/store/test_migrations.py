"""Adding a field to a register: one declaration plus one ``add_fields`` step."""

import sqlite3

from desktop_app.store import migrations
from desktop_app.store.database import close_database, open_database
from desktop_app.store.models import database


def test_add_fields_adds_a_declared_field_to_an_existing_table(db_path):
    """A table that lacks a declared field gets it as a nullable column; its rows survive."""
    open_database(db_path, create=True)
    close_database()
    with sqlite3.connect(db_path) as con:
        con.execute('ALTER TABLE "petition" DROP COLUMN "result_text"')
        con.execute(
            'INSERT INTO "petition" (uuid, unit_code, created_at, updated_at, created_by, updated_by, '
            "revision, origin, change_seq, search_text, received_date) VALUES "
            "('u1', '06838', '2026-01-01', '2026-01-01', 'a', 'a', 1, 'o', 1, '', '2026-01-01')"
        )
    open_database(db_path)
    try:
        step = migrations.add_fields("petition", "result_text")
        step(migrations.SqliteMigrator(database))
        names = {row[1] for row in database.execute_sql('PRAGMA table_info("petition")')}
        assert "result_text" in names
        assert database.execute_sql('SELECT uuid, result_text FROM "petition"').fetchall() == [("u1", None)]
    finally:
        close_database()
