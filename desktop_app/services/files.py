"""Writing a file the user named so that a failed write never leaves half a file under that name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


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
