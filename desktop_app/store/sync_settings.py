"""The one row of sync settings of the open database: where packages go, the second place of
backups, which registers send their sensitive fields. Read by sync and by the backups alike."""

from __future__ import annotations

from desktop_app.store.models import SyncSettings


def sync_settings() -> SyncSettings:
    """The row, made with its defaults the first time it is asked for."""
    row = SyncSettings.get_or_none()
    return row if row is not None else SyncSettings.create()
