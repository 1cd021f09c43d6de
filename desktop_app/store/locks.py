"""Looking up period locks on the save path: one indexed query per record, in plain SQL."""

from __future__ import annotations

import datetime as dt

from desktop_app.domain.periods import LOCKED
from desktop_app.store import engines
from desktop_app.store.models import PeriodLock


def locked_containing(unit_code: str, day: dt.date) -> PeriodLock | None:
    """The unit's locked period that ``day`` falls in, if any (the earliest, if several)."""
    found = engines.raw().execute(
        'SELECT "id" FROM "periodlock" WHERE "unit_code" = ? AND "state" = ? AND "start" <= ? AND "end" >= ? '
        'ORDER BY "start" LIMIT 1', (unit_code, LOCKED, day.isoformat(), day.isoformat())
    ).fetchone()
    return PeriodLock.get_by_id(found[0]) if found else None
