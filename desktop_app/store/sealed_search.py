"""Searching and sorting by sealed sensitive values, for an account that holds the reader key.

The database keeps no searchable trace of a sensitive value: its search text stops before them
and their sort keys are empty. While a reader is signed in, each register's sensitive values are
opened once into a temporary table of its own connection (``temp_store`` is memory: never on
disk), with the record's whole search text (the stored part and the opened words), the values
and their sort keys, and kept in step by the change sequence: every query first takes in the
records changed since (by any connection, a merge in the background too). A trigram index of
that text, in memory too, answers a reader's words of three letters or more as the file's own
full-text index does (store/search_index.py); shorter ones are looked for in the text. Signing
out drops the tables.

On a server (#14) the table is a temporary table of the reader's own session, which no other
session can see and which ends with it (the server keeps it in the session's memory, or in its
own temporary files when it outgrows ``temp_buffers``: the server's disk, which its staff guard),
with a trigram GIN index of pg_trgm over the text; the words are looked for with LIKE, which
that index answers.
"""

from __future__ import annotations

import json
from typing import Any

import peewee as pw

from desktop_app.domain.fields import Field, Kind
from desktop_app.domain.register import Register
from desktop_app.domain.sealed import is_sealed
from desktop_app.domain.text import fold, sort_key
from desktop_app.store import engines, sealed, search_index
from desktop_app.store.models import SORT_KEY_PREFIX, database, model_for

# (id of the connection, register) -> the change sequence its table has taken in
_covered: dict[tuple[int, str], int] = {}
# (id of the connection, register) -> (the words, the change sequence) its table of hits answers
_hits: dict[tuple[int, str], tuple[tuple[str, ...], int]] = {}


def table_name(register: Register) -> str:
    return f'{_temporary()}."sealed_{register.name}"'


def _temporary() -> str:
    """The schema of the session's temporary tables: SQLite's and PostgreSQL's names for it."""
    return "pg_temp" if engines.on_server() else "temp"


def _index_name(register: Register) -> str:
    return f"sealed_fts_{register.name}"


def value_column(name: str) -> str:
    return f'"v_{name}"'


def sort_column(name: str) -> str:
    return f'"sk_{name}"'


def _searched(register: Register) -> list[Field]:
    return [f for f in register.sensitive_fields if f.kind in (Kind.TEXT, Kind.LONG_TEXT, Kind.CHOICE)]


def _text(fields: list[Field], values: dict[str, Any]) -> str:
    parts = []
    for found in fields:
        value = values.get(found.name)
        if not value:
            continue
        choice = found.choice(value) if found.is_choice else None
        parts.append(choice.label if choice is not None else value)
    return fold(" | ".join(parts))


def ensure(register: Register) -> str | None:
    """The name of the register's temporary table of opened sensitive values, brought up to
    date; None when no reader key is held (or the register has no sensitive field)."""
    fields = _searched(register)
    if not fields or not sealed.active() or sealed.reader() is None:
        return None
    connection = database.connection()
    raw = engines.raw()
    server = engines.on_server()
    key = (id(connection), register.name)
    table = table_name(register)
    index = f'temp."{_index_name(register)}"'
    if key not in _covered:
        columns = ", ".join(f"{value_column(f.name)} TEXT, {sort_column(f.name)} TEXT" for f in fields)
        raw.execute(f"DROP TABLE IF EXISTS {table}")
        if server:  # keyed by the record's UUID, the register table's own key there
            raw.execute(f'CREATE TEMPORARY TABLE "sealed_{register.name}" ("uuid" TEXT PRIMARY KEY, "src" TEXT, '
                        f'"text" TEXT, {columns})')  # fmt: skip
            raw.execute(f'CREATE INDEX ON {table} USING gin ("text" gin_trgm_ops)')
        else:
            raw.execute(f"DROP TABLE IF EXISTS {index}")
            raw.execute(f'CREATE TABLE {table} ("rid" INTEGER PRIMARY KEY, "uuid" TEXT UNIQUE, "src" INTEGER, '
                        f'"text" TEXT, {columns})')  # fmt: skip
            raw.execute(f"CREATE VIRTUAL TABLE {index} USING fts5(text, tokenize='trigram')")
        _covered[key] = -1
    model = model_for(register)
    source = model._meta.table_name
    names = ", ".join(f'"{f.name}"' for f in fields)
    latest = raw.execute(f'SELECT max("change_seq") FROM "{source}"').fetchone()[0]
    if latest is None or latest <= _covered[key]:
        return table
    rows = []
    where = '"uuid"' if server else "rowid"
    for uuid, src, stored_text, *values in raw.execute(
        f'SELECT "uuid", {where}, "search_text", {names} FROM "{source}" WHERE "change_seq" > ?', (_covered[key],)
    ).fetchall():  # fmt: skip
        opened = {}
        for found, value in zip(fields, values, strict=True):
            text = sealed.open_value(value, sealed.context(register.name, uuid, found.name))
            opened[found.name] = None if text is None or is_sealed(text) else text
        row: list[Any] = [uuid, src, f"{stored_text or ''} | {_text(fields, opened)}"]
        for found in fields:
            value = opened.get(found.name)
            row += [value, sort_key(value[:SORT_KEY_PREFIX]) if value and not found.is_choice else value]
        rows.append(row)
    names = ['"uuid"', '"src"', '"text"'] + [c for f in fields for c in (value_column(f.name), sort_column(f.name))]
    updates = ", ".join(f"{name} = excluded.{name}" for name in names[1:])
    raw.executemany(f'INSERT INTO {table} ({", ".join(names)}) VALUES ({", ".join("?" * len(names))}) '
                    f'ON CONFLICT("uuid") DO UPDATE SET {updates}', rows)  # fmt: skip
    if not server:  # SQLite's full-text table follows by hand; the server's index follows its table
        changed = json.dumps([row[0] for row in rows])
        raw.execute(f'DELETE FROM {index} WHERE rowid IN (SELECT "rid" FROM {table} WHERE "uuid" IN '
                    f"(SELECT value FROM json_each(?)))", (changed,))  # fmt: skip
        raw.execute(f'INSERT INTO {index}(rowid, text) SELECT "rid", "text" FROM {table} WHERE "uuid" IN '
                    f"(SELECT value FROM json_each(?))", (changed,))  # fmt: skip
    _covered[key] = latest
    return table


def condition(register: Register, uuid_column: pw.Field, words: list[str]) -> pw.Node | None:
    """A condition on the register's own table (``uuid_column`` its UUID): its records whose
    whole search text, sealed words opened, holds every folded word in ``words``; None when no
    reader key is held. Words the trigram index answers find the records through a table of
    hits worked out once for a search (the first page and the count ask the same); words of
    one or two letters alone, which most records match, are checked record by record as the
    list reads them, so its first page comes without gathering every match."""
    table = ensure(register)
    if table is None:
        return None
    if engines.on_server():  # the trigram index of the session's table answers LIKE, short words too
        likes = " AND ".join(f's."text" LIKE {database.param}' for _word in words)
        patterns = [f"%{search_index.escaped(word)}%" for word in words]
        return pw.NodeList((pw.SQL(f'EXISTS (SELECT 1 FROM {table} AS s WHERE s."uuid" ='), uuid_column,
                            pw.SQL(f"AND {likes})", patterns)))  # fmt: skip
    if not search_index.indexed(words):
        checks = " AND ".join('instr(s."text", ?) > 0' for _word in words)
        return pw.NodeList((pw.SQL(f'EXISTS (SELECT 1 FROM {table} AS s WHERE s."uuid" ='), uuid_column,
                            pw.SQL(f"AND {checks})", list(words))))  # fmt: skip
    return pw.SQL(f'rowid IN (SELECT "src" FROM {_hits_table(register, table, words)})')


def _hits_table(register: Register, table: str, words: list[str]) -> str:
    """The name of a temporary table of the rowids (``src``: in the register's own table) of the
    records whose opened search text holds every one of ``words``."""
    connection = database.connection()
    key = (id(connection), register.name)
    hits = f'temp."sealed_hits_{register.name}"'
    state = (tuple(words), _covered[key])
    if _hits.get(key) != state:
        indexed = search_index.indexed(words)
        found = [f'"rid" IN (SELECT rowid FROM temp."{_index_name(register)}" WHERE "{_index_name(register)}" MATCH ?)'
                 ] if indexed else []  # fmt: skip
        short = [word for word in words if word not in indexed]
        found += ['instr("text", ?) > 0' for _word in short]
        values = ([search_index.match_expression(indexed)] if indexed else []) + short
        connection.execute(f"DROP TABLE IF EXISTS {hits}")
        connection.execute(f'CREATE TABLE {hits} ("src" INTEGER PRIMARY KEY)')
        connection.execute(f'INSERT INTO {hits} SELECT "src" FROM {table} WHERE {" AND ".join(found) or "1"}', values)
        _hits[key] = state
    return hits


def forget() -> None:
    """Drop the opened values of every register from this connection (sign-out)."""
    connection = database.connection() if database.obj is not None and not database.is_closed() else None
    for connection_id, register_name in list(_covered):
        if connection is not None and connection_id == id(connection):
            schema = _temporary()
            for name in (f"sealed_{register_name}", f"sealed_hits_{register_name}", f"sealed_fts_{register_name}"):
                connection.execute(f'DROP TABLE IF EXISTS {schema}."{name}"')
    _covered.clear()
    _hits.clear()
