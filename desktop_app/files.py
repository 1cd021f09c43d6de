"""Files: written whole or not at all, their SHA-256, and who may read them.

Everything the program writes is its user's alone on POSIX (the program's umask, 077, set at its
start in ``desktop_app.cli``): the database, its WAL and key ring, backups, exports, reports. A
sync package and an enrolment file are for the officer of the unit above, who may read a shared
folder as another user: ``share`` makes them readable (both are signed, and a package's
sensitive parts are sealed to that unit)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PRIVATE_UMASK = 0o077  # files 0600, folders 0700
SHARED_FILE, SHARED_FOLDER = 0o644, 0o755


def keep_private() -> None:
    """From now on this process creates files and folders readable by its user only (POSIX)."""
    if os.name == "posix":
        os.umask(PRIVATE_UMASK)


def share(path: Path) -> None:
    """Let other accounts read ``path`` (a package, an enrolment file, or a folder of them)."""
    if os.name == "posix":
        path.chmod(SHARED_FOLDER if path.is_dir() else SHARED_FILE)


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, read a megabyte at a time."""
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            hasher.update(chunk)
    return hasher.hexdigest()


@contextmanager
def written_in_place(path: Path) -> Iterator[Path]:
    """Yield a temporary name beside ``path``; on success it replaces ``path``, on failure it
    is removed and the error goes on."""
    temporary = path.with_name(path.name + ".part")
    try:
        yield temporary
        temporary.replace(path)
    except BaseException:
        with suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise


def replace_durably(source: Path, target: Path) -> None:
    """Rename ``source`` over ``target`` in one step, with both the file and the folder entry on
    disk before this returns (a crash then leaves one or the other, never neither)."""
    with open(source, "rb+") as stream:
        os.fsync(stream.fileno())
    os.replace(source, target)
    if hasattr(os, "O_DIRECTORY"):  # Windows has no folder handle to sync; its rename is durable
        descriptor = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
