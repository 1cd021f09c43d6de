"""What packages carry besides records: who last changed each record (name and role), and
the lock state of each unit's periods, so that a district sees both for the communes under it.

Both travel in the manifest (docs/package-format.md) and are merged order-free: an editor's
role by (installation, name), a period's state by its newest change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from desktop_app.domain.periods import REOPENED
from desktop_app.domain.register import Register
from desktop_app.services import unit_setup
from desktop_app.store import records as store
from desktop_app.store.models import Account, Editor, PeriodLock


def editors_of(wanted: set[tuple[str, str]]) -> list[dict[str, str]]:
    """The role of every (installation, account) in ``wanted``: those that last changed a record
    a package carries."""
    if not wanted:
        return []
    here = unit_setup.installation_id()
    local = {row.name: row.role for row in Account.select(Account.name, Account.role)}
    known = {(row.installation_id, row.name): row.role for row in Editor.select()}
    found = []
    for origin, name in sorted(wanted):
        role = local.get(name) if origin == here else known.get((origin, name))
        if role:
            found.append({"installation": origin, "name": name, "role": role})
    return found


def take_editors(editors: Iterable[dict[str, str]]) -> dict[tuple[str, str], str]:
    """Keep the roles a package names; returns them by (installation, name)."""
    roles = {(e["installation"], e["name"]): e["role"] for e in editors}
    here = unit_setup.installation_id()
    rows = [{"installation_id": origin, "name": name, "role": role} for (origin, name), role in roles.items()
            if origin != here]  # fmt: skip
    for start in range(0, len(rows), store.INSERT_BATCH):
        (Editor.insert_many(rows[start : start + store.INSERT_BATCH])
         .on_conflict(conflict_target=[Editor.installation_id, Editor.name], update={Editor.role: Editor.role})
         .execute())  # fmt: skip
    return roles


def role_of(origin: str, name: str) -> str:
    """The role of the account that made a revision, where this database knows it."""
    if origin == unit_setup.installation_id():
        account = Account.get_or_none(Account.name == name)
        return account.role if account else ""
    row = Editor.get_or_none((Editor.installation_id == origin) & (Editor.name == name))
    return row.role if row else ""


# ------------------------------------------------------------------------- periods


def period_states() -> list[dict[str, str]]:
    """Every lock row this database has (its own and those of the units below)."""
    return [{"unit": row.unit_code, "period": row.period_code, "start": row.start.isoformat(),
             "end": row.end.isoformat(), "state": row.state,
             "changed_at": row.changed_at.isoformat(timespec="microseconds"), "changed_by": row.changed_by,
             "role": row.changed_by_role, "reason": row.reason} for row in PeriodLock.select()]  # fmt: skip


def _key(state: dict[str, str]) -> tuple[str, str, str]:
    return (state["changed_at"], state["state"], state["changed_by"])


def take_periods(states: Iterable[dict[str, str]], own_unit: str) -> list[dict[str, str]]:
    """Keep the newer of each period's state; returns the states that changed here. A unit's
    own periods are its own to set: a package never changes them."""
    changed = []
    for state in states:
        if state["unit"] == own_unit:
            continue
        row = PeriodLock.get_or_none((PeriodLock.unit_code == state["unit"])
                                     & (PeriodLock.period_code == state["period"]))  # fmt: skip
        if row is not None:
            mine = {"changed_at": row.changed_at.isoformat(timespec="microseconds"), "state": row.state,
                    "changed_by": row.changed_by}  # fmt: skip
            if _key(mine) >= _key(state):
                continue
        values = {"start": dt.date.fromisoformat(state["start"]), "end": dt.date.fromisoformat(state["end"]),
                  "state": state["state"], "changed_at": dt.datetime.fromisoformat(state["changed_at"]),
                  "changed_by": state["changed_by"], "changed_by_role": state.get("role", ""),
                  "reason": state.get("reason", ""), "change_seq": store.next_change_seq()}  # fmt: skip
        if row is None:
            PeriodLock.create(unit_code=state["unit"], period_code=state["period"], **values)
        else:
            PeriodLock.update(**values).where(PeriodLock.id == row.id).execute()
        changed.append(state)
    return changed


def reopened_changes(changed: dict[str, list[dict[str, Any]]], registers: dict[str, Register]) -> int:
    """How many of the changed records are dated in a period their unit had locked and reopened."""
    reopened: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for row in PeriodLock.select().where(PeriodLock.state == REOPENED):
        reopened.setdefault(row.unit_code, []).append((row.start, row.end))
    if not reopened:
        return 0
    count = 0
    for register_name, records in changed.items():
        date_field = registers[register_name].date_field
        if date_field is None:
            continue
        for record in records:
            day = record.get(date_field)
            if day and any(start <= day <= end for start, end in reopened.get(record["unit_code"], ())):
                count += 1
    return count


def within_area(states: Iterable[dict[str, str]], allowed: frozenset[str] | set[str]) -> str | None:
    """The first unit a package's period states name outside the sender's area, or None."""
    for state in states:
        if state["unit"] not in allowed:
            return state["unit"]
    return None

