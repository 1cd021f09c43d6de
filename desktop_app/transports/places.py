"""The place a setting names: a folder, or a WebDAV folder with its user and the password the
system keyring keeps for it. Sync sends packages there; backups send their second copy."""

from __future__ import annotations

from pathlib import Path

from desktop_app.transports import credentials
from desktop_app.transports.targets import FolderTarget, Target, WebDavTarget


def target_for(kind: str, location: str, username: str = "") -> Target | None:
    """The target of ``kind`` ("folder" or "webdav") at ``location``; None when none is set."""
    if kind == "folder" and location:
        return FolderTarget(Path(location))
    if kind == "webdav" and location:
        password = credentials.password(location, username) if username else ""
        return WebDavTarget(location, username, password)
    return None
