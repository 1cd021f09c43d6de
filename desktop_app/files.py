"""Writing a file the user named so that a failed write never leaves half a file under that name."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


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
