"""The tests' bare view of a database on either engine (#14): a file through SQLite's own
DB-API, or a server's database through psycopg, spoken to the same way — "?" placeholders, rows
as tuples or (with ``row_factory = Row``) as mappings, dates and times as the ISO text SQLite
keeps — so an oracle or an attack written once reads and tampers with both."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any


def is_server(location: Path | str) -> bool:
    return str(location).startswith(("postgresql://", "postgres://"))


def _as_sqlite_keeps(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


class _Rows:
    def __init__(self, cursor: Any, as_mappings: bool) -> None:
        self.cursor, self.as_mappings = cursor, as_mappings

    def _row(self, row: tuple) -> Any:
        values = tuple(_as_sqlite_keeps(value) for value in row)
        if not self.as_mappings:
            return values
        return dict(zip((column.name for column in self.cursor.description), values, strict=True))

    def __iter__(self):
        return (self._row(row) for row in self.cursor) if self.cursor.description else iter(())

    def fetchone(self) -> Any:
        row = self.cursor.fetchone()
        return None if row is None else self._row(row)

    def fetchall(self) -> list:
        return list(self)

    @property
    def rowcount(self) -> int:
        return self.cursor.rowcount


class ServerConnection:
    """A psycopg connection (each statement its own transaction) with sqlite3's manners."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.connection = psycopg.connect(url, autocommit=True)
        self.row_factory: Any = None

    def execute(self, sql: str, parameters: Any = ()) -> _Rows:
        values = tuple(parameters)
        sql = sql.replace("%", "%%").replace("?", "%s") if values else sql
        return _Rows(self.connection.execute(sql, values or None), self.row_factory is not None)

    def commit(self) -> None:  # every statement has committed already
        pass

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> ServerConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def columns_of(connection: Any, table: str) -> list[str]:
    """A table's column names, in order, on either engine."""
    if isinstance(connection, ServerConnection):
        rows = connection.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                                  "ORDER BY ordinal_position", (table,))  # fmt: skip
        return [row[0] for row in rows]
    return [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
