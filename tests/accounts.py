"""The first account the command-line tests make, and how a process signs in as it."""

from __future__ import annotations

import os

ADMIN = "quantri"
ADMIN_PASSWORD = "mat-khau-quan-tri"


def with_admin(args: tuple[str, ...] | list[str], stdin: str | None) -> tuple[list[str], str | None]:
    """``danvan init`` needs its first account: add it where a test did not name one."""
    args = list(args)
    if "init" in args and "--admin" not in args:
        args += ["--admin", ADMIN, "--password-stdin"]
        stdin = f"{ADMIN_PASSWORD}\n" if stdin is None else stdin
    return args, stdin


def signed_in_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a process acting as the first account."""
    return {**(os.environ if env is None else env), "DANVAN_USER": ADMIN, "DANVAN_PASSWORD": ADMIN_PASSWORD}


def raw_connect(path, name: str = ADMIN, password: str = ADMIN_PASSWORD):
    """A bare connection to a database file, plain or encrypted (its key unwrapped from the key
    ring with ``name``'s password), for tests that read or tamper with the rows themselves."""
    import json
    from pathlib import Path

    from desktop_app.security import keyslots
    from desktop_app.store.cipher import connect_file, is_encrypted
    from tests.engines import ServerConnection, is_server

    if is_server(path):  # the server's own sign-in stands for the key: the attacker holds its password
        return ServerConnection(str(path))
    key = None
    if is_encrypted(path):
        ring_file, record = keyslots.ring_path(path), Path(f"{path}.json")  # a backup carries its ring in its record
        ring = keyslots.read_ring(ring_file) if ring_file.exists() else keyslots.KeyRing.from_json(
            json.loads(record.read_text(encoding="utf-8"))["ring"])
        key = ring.open_with_password(name, password)
    return connect_file(path, key)


def copy_database(source, target) -> None:
    """Copy a database file with its key ring (an encrypted file is unreadable without it)."""
    import shutil

    from desktop_app.security import keyslots

    shutil.copyfile(source, target)
    if keyslots.ring_path(source).exists():
        shutil.copyfile(keyslots.ring_path(source), keyslots.ring_path(target))


def bare_copy(path, folder):
    """What an officer copies to a USB stick by habit: the open database's file alone, without
    its key ring, into ``folder``/usb/xa.sqlite."""
    from pathlib import Path

    from desktop_app.store import database

    database.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = Path(folder) / "usb" / "xa.sqlite"
    copy.parent.mkdir()
    copy.write_bytes(Path(path).read_bytes())
    return copy
