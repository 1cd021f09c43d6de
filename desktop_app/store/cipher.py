"""SQLCipher files: the library every database file of the program goes through, the raw key
each encrypted file is opened with, a bare connection to a file beside the open database (a
backup, a copy being encrypted), and whether a file is encrypted at all. Below both the opening
of the program's database (``store/database.py``) and its backups (``store/backups.py``).
"""

from __future__ import annotations

from pathlib import Path

from playhouse.sqlcipher_ext import SqlCipherDatabase
from sqlcipher3 import dbapi2 as sqlcipher

from desktop_app.store.models import database

PLAIN_HEADER = b"SQLite format 3\x00"


class CipherDatabase(SqlCipherDatabase):
    """SQLite through SQLCipher's library, plain (``key`` None) or encrypted with a raw key (no
    passphrase derivation at each connection: the key ring did the slow part once), with
    SQLCipher's own log silenced, so a wrong key is one clear message. Plain files go through
    the same library too: two SQLite libraries in one process on one file would undo each
    other's POSIX locks."""

    def __init__(self, path: str, key: bytes | None, **kwargs: object) -> None:
        super().__init__(path, **kwargs)
        self.key = key

    def _connect(self) -> sqlcipher.Connection:
        connection = sqlcipher.connect(self.database, isolation_level=None, **self.connect_params)
        try:
            connection.execute("PRAGMA cipher_log_level = NONE")
            if self.key is not None:
                apply_key(connection, self.key)
            self._add_conn_hooks(connection)
        except BaseException:
            connection.close()
            raise
        return connection


# SQLCipher 4's page HMAC is SHA-512 unless told; SHA-256 is as sound for an HMAC and cheaper on
# CPUs with SHA extensions: one insert with six indexes into 100,000 rows took 0.26 ms with
# SHA-512, 0.19 ms with SHA-256 and 0.11 ms plain on the 2-core machine.
HMAC_ALGORITHM = "HMAC_SHA256"


def key_pragma(key: bytes, schema: str = "") -> str:
    """``PRAGMA key`` for a raw key: 32 bytes, or 48 with the file's salt after the key (hex
    digits only, so nothing to escape)."""
    return f"PRAGMA {schema + '.' if schema else ''}key = \"x'{key.hex()}'\""


def apply_key(connection: sqlcipher.Connection, key: bytes, schema: str = "") -> None:
    """Key ``connection`` (or its attached ``schema``) the way every encrypted file of the program is."""
    connection.execute(key_pragma(key, schema))
    connection.execute(f"PRAGMA {schema + '.' if schema else ''}cipher_hmac_algorithm = {HMAC_ALGORITHM}")


def connect_file(path: Path | str, key: bytes | None) -> sqlcipher.Connection:
    """A bare DB-API connection to ``path`` (plain when ``key`` is None), for copying and checking
    files beside the open database: backups, restores, encryption."""
    connection = sqlcipher.connect(str(path), isolation_level=None)
    connection.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        apply_key(connection, key)
    connection.execute("PRAGMA temp_store = memory")
    return connection


def is_encrypted(path: Path | str) -> bool:
    """Whether the file at ``path`` exists, is not empty and is not plain SQLite (a server's
    database is no file: never)."""
    if isinstance(path, str) and path.startswith(("postgresql://", "postgres://")):
        return False
    try:
        with open(path, "rb") as stream:
            header = stream.read(len(PLAIN_HEADER))
    except FileNotFoundError:
        return False
    return bool(header) and header != PLAIN_HEADER


def file_salt(path: Path | str) -> bytes:
    """The salt SQLCipher keeps in clear at the head of an encrypted file (its first 16 bytes)."""
    with open(path, "rb") as stream:
        return stream.read(16)


def opens_with(path: Path | str, key: bytes) -> bool:
    """Whether ``key`` opens the encrypted file at ``path`` (reads one page, writes nothing)."""
    connection = connect_file(path, key)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master")
    except sqlcipher.DatabaseError:
        return False
    finally:
        connection.close()
    return True


def database_key() -> bytes | None:
    """The key of the open database, or None when it is plain (or nothing is open)."""
    return getattr(database.obj, "key", None)


def database_path() -> Path:
    return Path(database.obj.database)
