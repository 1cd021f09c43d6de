"""Schema versions and the steps that upgrade an older database; a step never wipes data.

A new database gets every table at the latest version. An older one runs each step above its
version, in order, in one transaction with the version bump. To add a field to a register:
declare it in its register module, then append a step here that calls ``add_fields``.

A province's database on a PostgreSQL server (#14) is made at version 16 or later, so the steps
up to 16 only ever run on files; every later step runs on both engines, through peewee's migrator
for the engine it is given (tests/store/test_migrations.py runs a next step on each).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

import peewee as pw
from playhouse.migrate import PostgresqlMigrator, SchemaMigrator, SqliteMigrator, migrate

from desktop_app.domain.l10n import _, local_time
from desktop_app.domain.registers import BY_NAME
from desktop_app.store import engines
from desktop_app.store.models import ALL_MODELS, RECORD_MODELS, KeyRingRow, SchemaVersion, database

log = logging.getLogger(__name__)


class SchemaError(RuntimeError):
    """The database cannot be used by this version of the program."""


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[SchemaMigrator], None]


def add_fields(register_name: str, *field_names: str) -> Callable[[SchemaMigrator], None]:
    """A step that adds newly declared fields of a register as nullable columns (on either engine)."""

    def step(migrator: SchemaMigrator) -> None:
        model = RECORD_MODELS[register_name]
        operations = [
            migrator.add_column(model._meta.table_name, name, model._meta.fields[name])
            for name in field_names
        ]
        migrate(*operations)

    return step


def _add_change_sequence(migrator: SqliteMigrator) -> None:
    """Version 2: a change sequence on every record, so sync packages need not scan tables."""
    migrate(migrator.add_column("installation", "last_change_seq", pw.IntegerField(default=0)))
    for model in RECORD_MODELS.values():
        table = model._meta.table_name
        migrate(
            migrator.add_column(table, "change_seq", pw.IntegerField(default=0)),
            migrator.add_index(table, ("change_seq",), False),
        )
    # Existing records get sequence numbers in the order they were last changed.
    seq = 0
    for model in RECORD_MODELS.values():
        for row in model.select(model.uuid).order_by(model.updated_at, model.uuid).tuples():
            seq += 1
            model.update(change_seq=seq).where(model.uuid == row[0]).execute()
    database.execute_sql("UPDATE installation SET last_change_seq = ?", (seq,))


def _add_list_indexes(migrator: SqliteMigrator) -> None:
    """Version 3: the list index of each register (``models.list_index``), for fast search."""
    for model in RECORD_MODELS.values():
        _create_indexes(model)


def _create_indexes(model: type[pw.Model]) -> None:
    """Today's indexes of ``model`` on the columns its table has now (a later step adds the
    others with their columns)."""
    present = {column.name for column in database.get_columns(model._meta.table_name)}
    for index in model._meta.fields_to_index():
        named = [getattr(part, "column_name", None) for part in getattr(index, "_expressions", ())]
        if all(name in present for name in named):
            database.execute(model._schema._create_index(index, safe=True))


def _add_reports(migrator: SqliteMigrator) -> None:
    """Version 4: saved reports, and the unit's document-number code, signing authority and
    Party term (the letterhead of official documents)."""
    from desktop_app.store.models import Report, UnitProfile

    migrate(
        migrator.add_column("unitprofile", "issuer_code", UnitProfile.issuer_code),
        migrator.add_column("unitprofile", "signer_authority", UnitProfile.signer_authority),
        migrator.add_column("unitprofile", "party_term_start", UnitProfile.party_term_start),
    )
    database.create_tables([Report])


def _add_sync(migrator: SqliteMigrator) -> None:
    """Version 5: sync — a signing key for the installation, sync settings, trusted keys,
    received and outgoing packages, the conflict log."""
    from desktop_app.security.keys import new_key_pair
    from desktop_app.store.models import SYNC_MODELS, Installation

    migrate(
        migrator.add_column("installation", "private_key", Installation.private_key),
        migrator.add_column("installation", "public_key", Installation.public_key),
    )
    database.create_tables(SYNC_MODELS)
    for row in Installation.select(Installation.id):  # only the columns version 5 has
        private, public = new_key_pair()
        Installation.update(private_key=private, public_key=public).where(Installation.id == row.id).execute()


def _add_data_safety(migrator: SqliteMigrator) -> None:
    """Version 7: where backups are copied besides the data folder; the X25519 key that opens the
    sealed parts of packages sent to this unit, and the unit above's, to seal to."""
    from desktop_app.security.sealing import new_box_pair
    from desktop_app.store.models import Installation, SyncSettings

    wanted = {"syncsettings": (SyncSettings, ("backup_place", "backup_folder", "recipient_unit", "recipient_key")),
              "installation": (Installation, ("box_private_key", "box_public_key"))}  # fmt: skip
    for table, (model, names) in wanted.items():
        present = {c.name for c in database.get_columns(table)}
        missing = [migrator.add_column(table, name, getattr(model, name)) for name in names if name not in present]
        if missing:
            migrate(*missing)
    for row in Installation.select(Installation.id).where(Installation.box_private_key.is_null()):
        private, public = new_box_pair()
        Installation.update(box_private_key=private, box_public_key=public).where(Installation.id == row.id).execute()


def _stored(model: type[pw.Model]) -> pw.ModelSelect:
    """A select of the columns the table has now: a step reads the rows as they are at that
    version, before a later step adds today's other columns."""
    present = {column.name for column in database.get_columns(model._meta.table_name)}
    return model.select(*[f for f in model._meta.sorted_fields if f.column_name in present])


def _add_accountability(migrator: SqliteMigrator) -> None:
    """Version 6: accounts, the audit trail, period locks; the idle lock of the window; how many
    records of a reopened period a package changed. Every record already here gets a baseline
    entry with its state, so the trail can vouch for it from now on, and its search text is
    made again with the sensitive fields last."""
    from desktop_app.domain.codec import state_hash  # the travelling form is what a state hashes
    from desktop_app.store import audit
    from desktop_app.store.models import ACCOUNTABILITY_MODELS, ReceivedPackage, UnitProfile
    from desktop_app.store.records import from_row

    for table, name, column in (("unitprofile", "idle_lock_minutes", UnitProfile.idle_lock_minutes),
                                ("receivedpackage", "reopened", ReceivedPackage.reopened)):  # fmt: skip
        # Version 5 made its tables from today's models: a database upgraded through it has them.
        if name not in {c.name for c in database.get_columns(table)}:
            migrate(migrator.add_column(table, name, column))
    database.create_tables(ACCOUNTABILITY_MODELS)
    stamp = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    def baseline():
        from desktop_app.domain.registers import BY_NAME

        for name, model in RECORD_MODELS.items():
            register = BY_NAME[name]
            for row in _stored(model).order_by(model.created_at, model.uuid).dicts().iterator():
                record = from_row(register, row)
                yield audit.Entry(stamp, "", "", "baseline", name, record["uuid"], {"revision": record["revision"]},
                                  state_hash(register, record))

    audit.append(baseline())
    from desktop_app.domain.registers import BY_NAME
    from desktop_app.store.records import search_text

    for name, model in RECORD_MODELS.items():  # sensitive text moves behind its mark (records.search_text)
        register = BY_NAME[name]
        rows = [(search_text(register, from_row(register, row)), row["uuid"])
                for row in _stored(model).dicts().iterator()]  # fmt: skip
        database.connection().executemany(f'UPDATE "{model._meta.table_name}" SET search_text = ? WHERE uuid = ?',
                                          rows)  # fmt: skip


def _add_reader_key(migrator: SqliteMigrator) -> None:
    """Version 8: the unit's reader key, which sensitive values are sealed to."""
    from desktop_app.store.models import ReaderKey

    ReaderKey.create_table(safe=True)


def _add_seal_keys(migrator: SqliteMigrator) -> None:
    """Version 9: the content keys that sensitive values are sealed with."""
    from desktop_app.store.models import SealKey

    SealKey.create_table(safe=True)


def _add_sealed_box_key(migrator: SqliteMigrator) -> None:
    """Version 10: the private half of the key units below seal to, wrapped to the reader key
    (store/sealed.py seals a key kept in clear at the next sign-in)."""
    from desktop_app.store.models import Installation

    if "box_private_sealed" not in {c.name for c in database.get_columns("installation")}:
        migrate(migrator.add_column("installation", "box_private_sealed", Installation.box_private_sealed))


def _add_full_text_search(migrator: SqliteMigrator) -> None:
    """Version 11: the full-text index of each register's search text (store/search_index.py),
    which the list index no longer carries; the hamlet's Vietnamese sort key."""
    from desktop_app.domain.text import sort_key
    from desktop_app.store import search_index
    from desktop_app.store.models import HAMLET, sort_key_column

    column = sort_key_column(HAMLET)
    for model in RECORD_MODELS.values():
        table = model._meta.table_name
        if column not in {c.name for c in database.get_columns(table)}:
            migrate(migrator.add_column(table, column, model._meta.fields[column]))
        names = [row[0] for row in database.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql LIKE '%search_text%'",
            (table,))]  # fmt: skip
        for name in names:
            database.execute_sql(f'DROP INDEX "{name}"')
        _create_indexes(model)
        hamlets = database.execute_sql(f'SELECT DISTINCT "{HAMLET}" FROM "{table}" WHERE "{HAMLET}" IS NOT NULL')
        database.connection().executemany(f'UPDATE "{table}" SET "{column}" = ? WHERE "{HAMLET}" = ?',
                                          [(sort_key(name), name) for (name,) in hamlets.fetchall()])  # fmt: skip
    search_index.create_all()


def _add_reader_key_rotation(migrator: SqliteMigrator) -> None:
    """Version 12: the reader key kept under the recovery sheet's public half, so that it can be
    made anew when a reader leaves (services/reader_key.py)."""
    from desktop_app.store.models import ReaderKey

    if not database.table_exists("readerkey"):
        return
    present = {c.name for c in database.get_columns("readerkey")}
    added = [migrator.add_column("readerkey", name, getattr(ReaderKey, name))
             for name in ("recovery_public", "recovery_wrapped", "rotated_at") if name not in present]  # fmt: skip
    if added:
        migrate(*added)


def _add_figures_indexes(migrator: SqliteMigrator) -> None:
    """Version 13: the figures index of each register (``models.figures_index``)."""
    for model in RECORD_MODELS.values():
        _create_indexes(model)


def _add_status_dates(migrator: SqliteMigrator) -> None:
    """Version 14: the day a petition's status changed (``Field.dates_change_of``), so that a past
    quarter is judged as it stood; filled from the audit trail for the petitions transferred or
    filed since the trail began (older ones keep none: closed since they were recorded), and the
    figures index made anew with it."""
    from desktop_app.domain.deadlines import CLOSED_ELSEWHERE
    from desktop_app.store.models import figures_index

    model = RECORD_MODELS["petition"]
    table = model._meta.table_name
    if "status_date" not in {c.name for c in database.get_columns(table)}:
        migrate(migrator.add_column(table, "status_date", model._meta.fields["status_date"]))
    if database.table_exists("auditentry"):
        changed = database.execute_sql(
            "SELECT record_uuid, max(at) FROM auditentry WHERE register = 'petition' "
            "AND action IN ('update', 'merge_record') AND json_extract(detail, '$.changes.status[0]') IS NOT NULL "
            "GROUP BY record_uuid").fetchall()  # fmt: skip
        rows = [(local_time(dt.datetime.fromisoformat(at)).date().isoformat(), uuid) for uuid, at in changed]
        placeholders = ", ".join("?" * len(CLOSED_ELSEWHERE))
        database.connection().executemany(
            f'UPDATE "{table}" SET status_date = ? WHERE uuid = ? AND status IN ({placeholders})',
            [(day, uuid, *CLOSED_ELSEWHERE) for day, uuid in rows])  # fmt: skip
    wanted = figures_index(BY_NAME["petition"])[0]
    for (name,) in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)
    ).fetchall():  # fmt: skip
        columns = tuple(row[2] for row in database.execute_sql(f'PRAGMA index_info("{name}")').fetchall())
        if columns[:3] == wanted[:3] and columns != wanted:  # the figures index without the new column
            database.execute_sql(f'DROP INDEX "{name}"')
    _create_indexes(model)


def _add_first_locks(migrator: SqliteMigrator) -> None:
    """Version 15: when each period was first locked (``PeriodLock.first_locked_seq``). A row's
    last change is the best known: a locked period's records change only while it is reopened,
    so what changed after its last lock or reopening is found, if not what a reopening before
    that let through."""
    from desktop_app.store.models import PeriodLock

    if not database.table_exists("periodlock"):
        return
    if "first_locked_seq" not in {c.name for c in database.get_columns("periodlock")}:
        migrate(migrator.add_column("periodlock", "first_locked_seq", PeriodLock.first_locked_seq))
    database.execute_sql("UPDATE periodlock SET first_locked_seq = change_seq WHERE first_locked_seq = 0 "
                         "AND unit_code IN (SELECT unit_code FROM unitprofile)")


def _add_signature_images(migrator: SqliteMigrator) -> None:
    """Version 16: the images a digital signature shows (``models.SignatureImage``)."""
    from desktop_app.store.models import SignatureImage

    database.create_tables([SignatureImage])


def _add_key_ring_row(migrator: SchemaMigrator) -> None:
    """Version 17: the key ring kept in the database, as a server's database keeps it (#14); and
    on a server, sensitive columns without a width, since a sealed value is longer than typed
    (SQLite never held a column to its declared width: nothing to change in a file)."""
    database.create_tables([KeyRingRow])
    if not engines.on_server():
        return
    for name, model in RECORD_MODELS.items():
        for found in BY_NAME[name].sensitive_fields:
            if isinstance(model._meta.fields.get(found.name), pw.TextField):
                database.execute_sql(f'ALTER TABLE "{model._meta.table_name}" ALTER COLUMN "{found.name}" TYPE text')


MIGRATIONS: tuple[Migration, ...] = (
    Migration(2, "change sequence on records", _add_change_sequence),
    Migration(3, "list and search index on records", _add_list_indexes),
    Migration(4, "saved reports; letterhead fields of the unit", _add_reports),
    Migration(5, "sync: installation keys, settings, trusted keys, packages, conflicts", _add_sync),
    Migration(6, "accounts, audit trail, period locks", _add_accountability),
    Migration(7, "backups' second place; sealing keys for sensitive fields", _add_data_safety),
    Migration(8, "the unit's reader key for sealed sensitive values", _add_reader_key),
    Migration(9, "the content keys of sealed sensitive values", _add_seal_keys),
    Migration(10, "the package key's private half sealed to the reader key", _add_sealed_box_key),
    Migration(11, "full-text search index; the hamlet's sort key", _add_full_text_search),
    Migration(12, "the reader key under the recovery sheet's public half, for rotation", _add_reader_key_rotation),
    Migration(13, "the figures index of each register", _add_figures_indexes),
    Migration(14, "the day a petition's status changed", _add_status_dates),
    Migration(15, "when each period was first locked", _add_first_locks),
    Migration(16, "the images a digital signature shows", _add_signature_images),
    Migration(17, "the key ring kept in the database (a server's)", _add_key_ring_row),
)
LATEST_VERSION = MIGRATIONS[-1].version if MIGRATIONS else 1


def current_version() -> int | None:
    """The schema version of the bound database, or None for an empty file."""
    if not database.table_exists(SchemaVersion._meta.table_name):
        return None
    row = SchemaVersion.select().order_by(SchemaVersion.version.desc()).first()
    return row.version if row else None


def _set_version(version: int) -> None:
    SchemaVersion.delete().execute()
    SchemaVersion.create(version=version, changed_at=dt.datetime.now(dt.UTC).replace(tzinfo=None))


def upgrade() -> int:
    """Bring the bound database to LATEST_VERSION; returns the version it had (0 when new)."""
    version = current_version()
    if version is None:
        from desktop_app.store import search_index

        with database.atomic():
            database.create_tables(ALL_MODELS)
            search_index.create_all()
            _set_version(LATEST_VERSION)
        return 0
    if version > LATEST_VERSION:
        raise SchemaError(
            _(
                "Cơ sở dữ liệu được tạo bởi phiên bản mới hơn của chương trình (phiên bản dữ liệu "
                "{found}, chương trình này đọc được đến {latest}). Hãy cập nhật chương trình."
            ).format(found=version, latest=LATEST_VERSION)
        )
    migrator = PostgresqlMigrator(database) if engines.on_server() else SqliteMigrator(database)
    for step in MIGRATIONS:
        if step.version <= version:
            continue
        log.info("upgrading database to version %s: %s", step.version, step.description)
        with database.atomic():
            step.apply(migrator)
            _set_version(step.version)
    return version
