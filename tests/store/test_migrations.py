"""Adding a field to a register: one declaration plus one ``add_fields`` step — and the step a
future version appends runs on a commune's file and on a province's server alike (#14), in one
transaction with its version, so a step that fails leaves the database as it was."""

from contextlib import closing

import pytest

from desktop_app.store import migrations
from desktop_app.store.database import close_database, open_database
from desktop_app.store.models import database
from tests.accounts import raw_connect
from tests.engines import columns_of

pytestmark = pytest.mark.both_engines

ROW = ("INSERT INTO \"petition\" (uuid, unit_code, created_at, updated_at, created_by, updated_by, revision, origin, "
       "change_seq, search_text, received_date) VALUES ('u1', '06838', '2026-01-01', '2026-01-01', 'a', 'a', 1, "
       "'o', 1, '', '2026-01-01')")  # fmt: skip


@pytest.fixture
def without_result_text(db_path):
    """A database at the latest version whose petitions lack a field the program declares (as a
    database made before the field was added would), holding one petition."""
    open_database(db_path, create=True)
    close_database()
    with closing(raw_connect(db_path)) as con:
        con.execute('ALTER TABLE "petition" DROP COLUMN "result_text"')
        con.execute(ROW)
        con.commit()
    return db_path


def columns(location) -> list[str]:
    with closing(raw_connect(location)) as con:
        return columns_of(con, "petition")


def future(monkeypatch, step) -> int:
    """The program's steps with one more appended, as the next version would append it."""
    version = migrations.LATEST_VERSION + 1
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, migrations.Migration(version, "next", step)))
    monkeypatch.setattr(migrations, "LATEST_VERSION", version)
    return version


def test_add_fields_adds_a_declared_field_to_an_existing_table(without_result_text, monkeypatch):
    """A table that lacks a declared field gets it as a nullable column when the database is
    opened by the version that declares it; its rows survive."""
    version = future(monkeypatch, migrations.add_fields("petition", "result_text"))
    open_database(without_result_text)
    try:
        assert migrations.current_version() == version
        assert database.execute_sql('SELECT uuid, result_text FROM "petition"').fetchall() == [("u1", None)]
    finally:
        close_database()
    assert "result_text" in columns(without_result_text)


def test_a_failed_step_leaves_the_columns_and_the_version_it_found(without_result_text, monkeypatch):
    def broken(migrator):
        migrations.add_fields("petition", "result_text")(migrator)
        raise RuntimeError("hỏng giữa chừng")

    future(monkeypatch, broken)
    before = migrations.LATEST_VERSION - 1
    with pytest.raises(RuntimeError, match="hỏng giữa chừng"):
        open_database(without_result_text)
    close_database()
    assert "result_text" not in columns(without_result_text)
    monkeypatch.undo()
    open_database(without_result_text)
    try:
        assert migrations.current_version() == before == migrations.LATEST_VERSION
    finally:
        close_database()
