"""A fingerprint of a whole database file: every table's rows, in rowid order, hashed.

It says whether two files hold the same data (a backup and its source at that moment, a plain
database and its encrypted copy), whatever their pages look like. Unlike the records' digest
(sync/digest.py) it covers every table — accounts, audit trail, settings — and reads the raw
values, so it is fast enough to run after every backup.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field

from sqlcipher3 import dbapi2 as sqlcipher

from desktop_app.domain.registers import REGISTERS


@dataclass(frozen=True)
class Fingerprint:
    sha256: str
    rows: dict[str, int] = field(default_factory=dict)  # table → row count

    def register_counts(self) -> dict[str, int]:
        """Records per register (tombstones included), as a backup's record says them."""
        return {register.name: self.rows.get(register.name, 0) for register in REGISTERS}


def _tables(connection: object) -> list[str]:
    """The tables that hold data: not the full-text indexes (store/search_index.py) nor their
    own tables, which are made from the data and said nothing of it that the rows do not."""
    rows = connection.execute(  # type: ignore[attr-defined]
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    return [name for name, _sql in rows if not any(name == v or name.startswith(f"{v}_") for v in virtual)]


def fingerprint(connection: object, *, in_transaction: bool = False) -> Fingerprint:
    """The fingerprint of the database behind a DB-API ``connection``, read in one transaction (so
    a save in between cannot make it half old, half new): its own, or with ``in_transaction``
    the one the caller holds open."""
    hasher = hashlib.sha256()
    counts: dict[str, int] = {}
    if not in_transaction:
        connection.execute("BEGIN")  # type: ignore[attr-defined]
    try:
        for table in _tables(connection):
            hasher.update(f"\x00table {table}\n".encode())
            count = 0
            cursor = connection.execute(_row_text_sql(connection, table))  # type: ignore[attr-defined]
            while chunk := cursor.fetchmany(5000):
                hasher.update("\n".join(line for (line,) in chunk).encode("utf-8", "surrogatepass"))
                hasher.update(b"\n")
                count += len(chunk)
            counts[table] = count
    finally:
        if not in_transaction:
            connection.execute("COMMIT")  # type: ignore[attr-defined]
    return Fingerprint(hasher.hexdigest(), counts)


def _row_text_sql(connection: object, table: str) -> str:
    """Each row as one text, made by SQLite itself (``quote()`` of every column, in column order):
    the hashing then reads one string per row instead of building a Python tuple of values."""
    columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]  # type: ignore[attr-defined]
    joined = " || char(31) || ".join(f'quote("{column}")' for column in columns) or "''"
    return f'SELECT {joined} FROM "{table}" ORDER BY rowid'


def integrity_ok(connection: object) -> bool:
    """SQLite's own check of every page, and FTS5's of each full-text index against the rows
    it indexes (store/search_index.py)."""
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()  # type: ignore[attr-defined]
        indexes = [name for (name,) in connection.execute(  # type: ignore[attr-defined]
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'")]
        for name in indexes:
            connection.execute(f"INSERT INTO \"{name}\"(\"{name}\", rank) VALUES ('integrity-check', 1)")  # type: ignore[attr-defined]
    except (sqlcipher.DatabaseError, sqlite3.DatabaseError):  # not a database, a wrong key, a damaged page or index
        return False
    return rows == [("ok",)]
