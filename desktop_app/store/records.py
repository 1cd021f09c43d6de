"""Reading and writing register records as plain dicts, with their derived columns."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import peewee as pw

from desktop_app.domain.fields import Kind
from desktop_app.domain.register import COMMON_FIELDS, Register
from desktop_app.domain.text import fold, sort_key
from desktop_app.store import engines, sealed, sealed_search
from desktop_app.store.models import (
    HAMLET,
    SORT_KEY_PREFIX,
    MultiChoiceField,
    database,
    model_for,
    sort_key_column,
    sorted_text_fields,
)

INSERT_BATCH = 500
HAMLET_SORT_KEY = sort_key_column(HAMLET)


@dataclass(frozen=True)
class _RowPlan:
    """What a register's rows are made of, worked out once: every merge and import row uses it."""

    fields: tuple[str, ...]
    # The searched fields, those anyone may read first and then the sensitive ones, each in
    # declaration order: (name, labels of its choices or None for text, several choices).
    searched: tuple[tuple[str, dict[str, str] | None, bool], ...]
    sensitive_from: int  # where in ``searched`` the sensitive fields begin
    sort_keys: tuple[tuple[str, str], ...]  # (field, its sort key column)
    sensitive: frozenset[str]  # the sensitive fields: no sort key, no search text once sealed


_ROW_PLANS: dict[str, _RowPlan] = {}


def _row_plan(register: Register) -> _RowPlan:
    plan = _ROW_PLANS.get(register.name)
    if plan is None:
        fields = [f for f in register.fields if f.kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.CHOICE, Kind.MULTI_CHOICE)]
        ordered = [f for f in fields if not f.sensitive] + [f for f in fields if f.sensitive]
        searched = tuple(
            (f.name, {c.code: c.label for c in f.choices} if f.is_choice else None, f.kind == Kind.MULTI_CHOICE)
            for f in ordered
        )
        plan = _RowPlan(
            fields=tuple(f.name for f in register.fields),
            searched=searched,
            sensitive_from=sum(1 for f in fields if not f.sensitive),
            sort_keys=tuple((f.name, sort_key_column(f.name)) for f in sorted_text_fields(register)),
            sensitive=frozenset(f.name for f in register.sensitive_fields),
        )
        _ROW_PLANS[register.name] = plan
    return plan


SENSITIVE_MARK = "\x1f"  # in search text, what follows comes from sensitive fields


def search_text(register: Register, record: dict[str, Any], *, sensitive: bool = True) -> str:
    """The folded text a search looks in: the hamlet, text fields and choice labels, then after
    SENSITIVE_MARK those of sensitive fields, so that a role that may not read them does not
    find records by them either (``queries``). Without ``sensitive`` (a database that seals
    them) it stops before them: a reader finds them through ``sealed_search``."""
    plan = _row_plan(register)
    parts: list[str] = [record.get("hamlet") or ""]
    secret: list[str] = []
    for index, (name, labels, several) in enumerate(plan.searched):
        value = record.get(name)
        if not value:
            continue
        if index >= plan.sensitive_from and not sensitive:
            break
        into = parts if index < plan.sensitive_from else secret
        if labels is None:
            into.append(value)
        elif several:
            into.extend(labels[code] for code in value if code in labels)
        else:
            into.append(labels.get(value, value))
    text = fold(" | ".join(part for part in parts if part))
    if secret:
        text += f" {SENSITIVE_MARK} " + fold(" | ".join(secret))
    return text


def to_row(register: Register, record: dict[str, Any]) -> dict[str, Any]:
    """The column values of a record: its fields, common fields and derived columns. On a
    database that seals sensitive values, the record's typed ones are sealed first, in place,
    and leave no sort key and no search text behind."""
    plan = _row_plan(register)
    sealing = sealed.active()
    if sealing and plan.sensitive:
        sealed.seal_record(register, record)
    row = {name: record[name] for name in COMMON_FIELDS if name in record}
    get = record.get
    for name in plan.fields:
        row[name] = get(name)
    for name, column in plan.sort_keys:
        value = get(name)
        row[column] = sort_key(value[:SORT_KEY_PREFIX]) if value and not (sealing and name in plan.sensitive) else None
    hamlet = get(HAMLET)
    row[HAMLET_SORT_KEY] = sort_key(hamlet) if hamlet else None
    row["search_text"] = search_text(register, record, sensitive=not sealing)
    return row


def from_row(register: Register, row: dict[str, Any]) -> dict[str, Any]:
    """A record dict from a row: declared and common fields, without derived columns."""
    record = {name: row.get(name) for name in COMMON_FIELDS}
    for field in register.fields:
        record[field.name] = row.get(field.name)
    return record


def next_change_seq(count: int = 1) -> int:
    """Reserve ``count`` change sequence numbers; returns the first. Call inside a transaction.
    (Plain SQL: every save comes here, and peewee's query building would cost more than SQLite.)"""
    connection = engines.raw()
    connection.execute('UPDATE "installation" SET "last_change_seq" = "last_change_seq" + ?', (count,))
    (last,) = connection.execute('SELECT "last_change_seq" FROM "installation"').fetchone()
    return last - count + 1


def identity() -> tuple[str, str]:
    """(unit code, installation id) of this database, as every save stamps them."""
    return engines.raw().execute(
        'SELECT "unitprofile"."unit_code", "installation"."installation_id" FROM "unitprofile", "installation"'
    ).fetchone()


def hamlet_names() -> list[str]:
    """The unit's hamlets in Vietnamese alphabetical order."""
    return [row[0] for row in engines.raw().execute('SELECT "name" FROM "hamlet" ORDER BY "sort_key"')]


_READERS: dict[str, tuple[str, tuple[tuple[str, Any], ...]]] = {}


def _reader(register: Register) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """The SELECT of one record by UUID and each column's conversion, worked out once."""
    found = _READERS.get(register.name)
    if found is None:
        model = model_for(register)
        fields = [model._meta.fields[name] for name in (*COMMON_FIELDS, *(f.name for f in register.fields))]
        columns = ", ".join(f'"{field.column_name}"' for field in fields)
        found = (f'SELECT {columns} FROM "{model._meta.table_name}" WHERE "uuid" = ?',
                 tuple((field.name, field.python_value) for field in fields))  # fmt: skip
        _READERS[register.name] = found
    return found


def get(register: Register, uuid: str, *, for_update: bool = False) -> dict[str, Any] | None:
    """One record by UUID, or None (plain SQL: every correction reads the stored version).
    ``for_update``, inside a transaction: nobody else may change it until the transaction ends
    (a server's row lock; SQLite's writer lock does it for the whole file)."""
    sql, columns = _reader(register)
    row = engines.raw().execute(sql + engines.row_lock(for_update), (uuid,)).fetchone()
    if row is None:
        return None
    return {name: convert(value) for (name, convert), value in zip(columns, row, strict=True)}


def get_many(register: Register, uuids: list[str]) -> dict[str, dict[str, Any]]:
    """The records of ``uuids`` that are stored, by UUID (plain SQL, as ``get``, a batch at a time)."""
    sql, columns = _reader(register)
    select = sql[: sql.index("WHERE")]
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(uuids), INSERT_BATCH):
        chunk = uuids[start : start + INSERT_BATCH]
        for row in engines.raw().execute(f'{select}WHERE "uuid" IN ({", ".join("?" * len(chunk))})', chunk):
            record = {name: convert(value) for (name, convert), value in zip(columns, row, strict=True)}
            found[record["uuid"]] = record
    return found


def used_values(register: Register, field_name: str, *, unit_code: str, year_field: str,
                years: set[int]) -> dict[tuple[int, Any], set[str]]:  # fmt: skip
    """{(year, value): UUIDs of the live records of the unit that use it} for ``field_name`` in
    those years: what ``exists_with_value`` asks of one value, for a whole file at once."""
    model = model_for(register)
    column, date_column = getattr(model, field_name), getattr(model, year_field)
    found: dict[tuple[int, Any], set[str]] = {}
    for year in sorted(years):
        query = model.select(model.uuid, column).where(
            (model.unit_code == unit_code) & model.deleted_at.is_null() & column.is_null(False)
            & date_column.between(f"{year}-01-01", f"{year}-12-31"))  # fmt: skip
        for uuid, value in query.tuples():
            found.setdefault((year, value), set()).add(uuid)
    return found


def insert(register: Register, record: dict[str, Any]) -> None:
    _write_rows(register, [to_row(register, record)])


def update(register: Register, record: dict[str, Any]) -> None:
    model = model_for(register)
    row = to_row(register, record)
    uuid = row.pop("uuid")
    fields = [model._meta.fields[name] for name in row]
    assignments = ", ".join(f'"{field.column_name}" = ?' for field in fields)
    values = [field.db_value(row[field.name]) if isinstance(field, MultiChoiceField) else row[field.name]
              for field in fields]  # fmt: skip
    engines.raw().execute(f'UPDATE "{model._meta.table_name}" SET {assignments} WHERE "uuid" = ?',
                                  [*values, uuid])  # fmt: skip


def insert_many(register: Register, records: Iterable[dict[str, Any]]) -> int:
    """Insert prepared records in batches; the caller holds the transaction."""
    model = model_for(register)
    batch: list[dict[str, Any]] = []
    count = 0
    for record in records:
        batch.append(to_row(register, record))
        if len(batch) >= INSERT_BATCH:
            model.insert_many(batch).execute()
            count += len(batch)
            batch = []
    if batch:
        model.insert_many(batch).execute()
        count += len(batch)
    return count


def replace_rows(register: Register, rows: list[dict[str, Any]]) -> None:
    """Insert whole rows (from ``to_row``), or update in place those whose UUID is here, many to
    a statement (``_write_rows``): the merge's and the import's write path, where peewee's
    per-row SQL building would cost more than SQLite. In place, not REPLACE: the row keeps its
    rowid, and the full-text index its triggers keep (search_index.py) hears of the change."""
    _write_rows(register, rows, upsert=True)


MAX_VARIABLES = 32766  # SQLite's limit on the values one statement binds (since 3.32)


def _write_rows(register: Register, rows: list[dict[str, Any]], *, upsert: bool = False) -> None:
    """Write whole rows, many to a statement (an INSERT; ``upsert``: one that updates the row
    already there). Many rows to one statement, not one statement run for each row: the
    full-text index's triggers write their index once per statement, and a statement per row
    made every merged or imported row a segment of its own, five times the cost of the row."""
    if not rows:
        return
    model = model_for(register)
    names = list(rows[0])
    fields = [model._meta.fields[name] for name in names]
    columns = ", ".join(f'"{field.column_name}"' for field in fields)
    conflict = ""
    if upsert:
        assignments = ", ".join(f'"{f.column_name}" = excluded."{f.column_name}"' for f in fields if f.name != "uuid")
        conflict = f' ON CONFLICT("uuid") DO UPDATE SET {assignments}'
    one = f"({', '.join('?' * len(fields))})"
    per_statement = max(1, min(INSERT_BATCH, MAX_VARIABLES // len(fields)))
    # Only multiple choices need converting; sqlite3 takes every other value as it is.
    converted = [(index, field.db_value) for index, field in enumerate(fields) if isinstance(field, MultiChoiceField)]
    connection = engines.raw()
    if engines.on_server():  # one short statement, run for every row in a pipeline (see engines.raw)
        connection.executemany(f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES {one}{conflict}',
                               [_row_values(row, names, converted) for row in rows])  # fmt: skip
        return
    for start in range(0, len(rows), per_statement):
        chunk = rows[start : start + per_statement]
        values: list[Any] = []
        for row in chunk:
            values.extend(_row_values(row, names, converted))
        connection.execute(f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES '
                           f"{', '.join([one] * len(chunk))}{conflict}", values)  # fmt: skip


def _row_values(row: dict[str, Any], names: list[str], converted: list[tuple[int, Any]]) -> list[Any]:
    value = [row[name] for name in names]
    for index, convert in converted:
        value[index] = convert(value[index])
    return value


ITER_BATCH = 500  # records read at a time by iter_all


def iter_all(register: Register, *, include_deleted: bool = False) -> Iterator[dict[str, Any]]:
    """Every record in order of creation, read a batch at a time. The order is taken from the
    narrow (created_at, uuid, rowid) triples first: sorting whole rows would hold the register in
    memory (temporary tables stay in memory, never on disk), a hundred megabytes at a commune's
    full size."""
    model = model_for(register)
    key = engines.row_key(model)
    order = model.select(key).order_by(model.created_at, model.uuid)
    if not include_deleted:
        order = order.where(model.deleted_at.is_null())
    rowids = [rowid for (rowid,) in order.tuples()]
    for start in range(0, len(rowids), ITER_BATCH):
        batch = rowids[start : start + ITER_BATCH]
        rows = {row["__rowid"]: row for row in
                model.select(key.alias("__rowid"), model).where(key.in_(batch)).dicts()}  # fmt: skip
        for rowid in batch:
            if (row := rows.get(rowid)) is not None:  # gone since the order was read: left out
                del row["__rowid"]
                yield from_row(register, row)


def exists_with_value(
    register: Register, field_name: str, value: Any, *, unit_code: str, year_field: str, year: int,
    exclude_uuid: str | None,
) -> bool:  # fmt: skip
    """Whether another live record of the unit has ``value`` in ``field_name`` in that year."""
    model = model_for(register)
    column, date_column = getattr(model, field_name), getattr(model, year_field)
    query = model.select(model.uuid).where(
        (column == value)
        & (model.unit_code == unit_code)
        & model.deleted_at.is_null()
        & (date_column.between(f"{year}-01-01", f"{year}-12-31"))
    )
    if exclude_uuid:
        query = query.where(model.uuid != exclude_uuid)
    return query.exists()


def values_in_year(
    register: Register, field_name: str, *, unit_code: str, year_field: str, year: int
) -> list[Any]:
    model = model_for(register)
    column, date_column = getattr(model, field_name), getattr(model, year_field)
    query = model.select(column).where(
        (model.unit_code == unit_code)
        & column.is_null(False)
        & (date_column.between(f"{year}-01-01", f"{year}-12-31"))
    )
    return [row[0] for row in query.tuples()]


def typed_before(register: Register, field_name: str, limit: int) -> list[str]:
    """The distinct values of a text field in live records, the most recently saved first (of a
    sealed field: as far as the reader key held opens them)."""
    model = model_for(register)
    if register.field(field_name).sensitive and sealed.active():
        return _typed_before_sealed(register, field_name, limit)
    column = getattr(model, field_name)
    latest = pw.fn.MAX(model.updated_at)
    query = (
        model.select(column)
        .where(column.is_null(False) & (column != "") & model.deleted_at.is_null())
        .group_by(column)
        .order_by(latest.desc())
        .limit(limit)
    )
    return [row[0] for row in query.tuples()]


def _typed_before_sealed(register: Register, field_name: str, limit: int) -> list[str]:
    index = sealed_search.ensure(register)
    if index is None:
        return []
    table = model_for(register)._meta.table_name
    column = sealed_search.value_column(field_name)
    rows = engines.raw().execute(
        f'SELECT t.{column} FROM {index} AS t JOIN "{table}" AS r ON r."uuid" = t."uuid" '
        f'WHERE r."deleted_at" IS NULL AND t.{column} IS NOT NULL AND t.{column} != \'\' '
        f'GROUP BY t.{column} ORDER BY max(r."updated_at") DESC LIMIT ?', (limit,))  # fmt: skip
    return [row[0] for row in rows]


def atomic(*, writing: bool = False):
    """One transaction: everything inside it is written, or nothing. ``writing``: it reads what
    it is about to change, so it takes the right to write from its start (SQLite) or holds the
    rows it reads (the server: ``get(…, for_update=True)``), and two savers never both read the
    same revision and both write."""
    return engines.write_transaction() if writing else database.atomic()
