"""Where the two engines differ, in one place: a commune's laptop keeps its registers in one
SQLite file (SQLCipher), a merging unit may keep them on a PostgreSQL server shared by its
officers (#14). Every other line of the store is one code for both; what SQL the two engines
say differently is said here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import peewee as pw

from desktop_app.store.models import database

SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server(location: object) -> bool:
    """Whether ``location`` (a --db value) names a server database rather than a file."""
    return isinstance(location, str) and location.startswith(SERVER_SCHEMES)


def shown(location: object) -> str:
    """A --db location as a message, a settings file or a printed page may show it: a file's
    path as it is, a server's URL without its password."""
    url = str(location)
    if not is_server(url):
        return url
    scheme, _sep, rest = url.partition("://")
    credentials, at, place = rest.rpartition("@")
    return f"{scheme}://{credentials.split(':', 1)[0]}{at}{place}" if at else url


def server_url(host: str, port: int, name: str, user: str, password: str = "") -> str:
    """The URL of a server database from what an officer types in the window's server fields;
    the password (kept in memory only) and any sign of the URL's own are written escaped."""
    from urllib.parse import quote

    secret = f":{quote(password, safe='')}" if password else ""
    host = f"[{host.strip()}]" if ":" in host.strip() else host.strip()  # an IPv6 address
    return f"postgresql://{quote(user.strip(), safe='')}{secret}@{host}:{int(port)}/{quote(name.strip(), safe='')}"


def address_of(url: str) -> dict[str, Any]:
    """The parts of a server URL (host, port, name, user, password) as the server fields show them."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    return {"host": parts.hostname or "", "port": parts.port or 5432, "name": unquote(parts.path.lstrip("/")),
            "user": unquote(parts.username or ""), "password": unquote(parts.password or "")}  # fmt: skip


def server_unit(url: str, timeout: int = 5) -> str | None:
    """The code of the unit a server database is set up for; None for an empty database (the
    setup makes it). Reads only: nothing is created. psycopg's OperationalError when the server
    does not answer or refuses the sign-in."""
    import psycopg

    with psycopg.connect(url, connect_timeout=timeout, autocommit=True) as connection:
        if connection.execute("SELECT to_regclass('unitprofile')").fetchone()[0] is None:
            return None
        row = connection.execute("SELECT unit_code FROM unitprofile LIMIT 1").fetchone()
        return row[0] if row else None


def on_server() -> bool:
    """Whether the bound database is a PostgreSQL server's."""
    return isinstance(database.obj, pw.PostgresqlDatabase)


def connect_server(url: str) -> pw.PostgresqlDatabase:
    """A PostgreSQL database by its URL (postgresql://user@host:5432/name), through psycopg 3."""
    return pw.PostgresqlDatabase(url, autoconnect=True)


def not_through_own_index(column: pw.Field) -> Any:
    """``column`` in a condition that must not pick the column's own index: SQLite's unary "+"
    (its planner would read every record of the units through the unit's index instead of the
    figures index); PostgreSQL plans by cost and needs no hint."""
    return column if on_server() else pw.NodeList((pw.SQL("+"), column), glue="")


def position(text: Any, part: Any) -> pw.Function:
    """Where ``part`` first stands in ``text``, from 1 (0: nowhere)."""
    return pw.fn.strpos(text, part) if on_server() else pw.fn.instr(text, part)


def row_key(model: type[pw.Model]) -> Any:
    """What finds a row fastest: SQLite's rowid, the primary key on the server."""
    return model._meta.primary_key if on_server() else pw.SQL("rowid")


class _ServerConnection:
    """The server's connection spoken to as the store speaks to SQLite's: "?" placeholders,
    ``execute`` and ``executemany`` on the connection itself. On the server a short statement run
    for many rows (psycopg sends them in one pipeline) beats one long statement of many rows,
    whose thousands of placeholders psycopg parses anew each time (the profile of a merge: 42 %
    of it)."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def execute(self, sql: str, parameters: Any = ()) -> Any:
        values = tuple(parameters)
        return self.connection.execute(self._sql(sql), values) if values else self.connection.execute(sql)

    def executemany(self, sql: str, rows: Any) -> Any:
        with self.connection.cursor() as cursor:
            cursor.executemany(self._sql(sql), list(rows))
        return None


def raw() -> Any:
    """The bound database's own connection, for the store's hand-written statements (written
    with "?" placeholders, as SQLite takes them)."""
    connection = database.connection()
    return _ServerConnection(connection) if on_server() else connection


def after_explicit_keys(model: type[pw.Model]) -> None:
    """After rows were written with their own numeric keys (a copy): the server's sequence goes on
    from the largest, as SQLite's does by itself."""
    if on_server():
        table, column = model._meta.table_name, model._meta.primary_key.column_name
        database.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
                             f'(SELECT max("{column}") FROM "{table}"))')


def tidy_after_merge() -> bool:
    """After a large merge on a server: VACUUM (ANALYZE) of the registers, so the figures read
    their covering indexes alone (a freshly written table has no visibility map yet; the year's
    summary of 50,000 merged records took 80 ms as merged, 43 ms after) and the planner knows the
    new sizes. PostgreSQL's autovacuum does it too, in its own time. Outside any transaction;
    nothing to do on SQLite, whose reads never wait for it. Returns whether it ran."""
    if not on_server() or database.in_transaction():
        return False
    from desktop_app.store.models import RECORD_MODELS

    for model in RECORD_MODELS.values():
        database.execute_sql(f'VACUUM (ANALYZE) "{model._meta.table_name}"')
    return True


def row_lock(wanted: bool) -> str:
    """What a SELECT ends with to hold the rows it reads until the transaction ends: FOR UPDATE
    on the server (several officers write at once); nothing on SQLite, where one writer holds the
    whole file."""
    return " FOR UPDATE" if wanted and on_server() else ""


def write_transaction() -> Any:
    """A transaction that will write what it reads first: SQLite takes its writer lock at BEGIN
    (IMMEDIATE), so another saver waits instead of failing half-way; the server takes row locks as
    the rows are read (``row_lock``)."""
    if on_server() or database.in_transaction():
        return database.atomic()
    return database.atomic("IMMEDIATE")


# ---------------------------------------------------------------- the program's own files

_server_files: Path | None = None  # ``danvan serve --work DIR``


def set_server_files(folder: Path | None) -> None:
    """Where the program keeps its own files (inbox, outbox) for a server's database."""
    global _server_files
    _server_files = folder


def files_named_after() -> Path:
    """What the program's own files for the open database are named after: the database file
    itself (its ``-outbox/`` and ``-inbox/`` beside it), or for a server's database a name in a
    folder of this computer (``--work``, else the user's data folder), never the URL."""
    location = str(database.obj.database)
    if not on_server():
        return Path(location)
    from desktop_app.paths import user_data_dir

    place = re.sub(r"[^A-Za-z0-9_.-]+", "-", shown(location).split("://", 1)[1].split("@")[-1]).strip("-")
    return (_server_files or user_data_dir() / "server" / place) / "server"


# ---------------------------------------------------------------- one sync cycle at a time

CYCLE_LOCK = 0x44414E56  # "DANV": the advisory lock every server running cycles on this database takes


@contextmanager
def cycle_lock() -> Iterator[bool]:
    """Whether this process may run a sync cycle now: no other one holds the lock (PostgreSQL's
    advisory lock on a server, so two servers on one database never both merge; a lock on a file
    beside a database file). Released at the end, or by the server when the process dies."""
    if on_server():
        taken = database.execute_sql("SELECT pg_try_advisory_lock(%s)", (CYCLE_LOCK,)).fetchone()[0]
        try:
            yield bool(taken)
        finally:
            if taken:
                database.execute_sql("SELECT pg_advisory_unlock(%s)", (CYCLE_LOCK,))
        return
    import fcntl

    path = files_named_after().with_suffix(".serve-lock")
    with open(path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
