"""Sealing what a database kept in clear before it had a reader key: the sensitive values of its
records, their search text and sort keys, the conflict log and the audit trail's before and
after values. Runs once, after a checked backup, in one transaction; the trail is chained again
over the entries whose values it sealed, and says so in an entry of its own, so ``audit verify``
passes after it as before.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from desktop_app.domain.codec import state_hash
from desktop_app.domain.registers import BY_NAME, REGISTERS
from desktop_app.domain.sealed import PREFIX, is_sealed
from desktop_app.services import accounts, audit, backups
from desktop_app.store import audit as audit_store
from desktop_app.store import engines, sealed
from desktop_app.store import records as store
from desktop_app.store.audit import canonical_detail
from desktop_app.store.models import AuditEntry, Conflict, ReaderKey, database, model_for

log = logging.getLogger(__name__)


def pending() -> bool:
    """Whether the open database has a reader key and values it has not yet sealed."""
    if not sealed.active():
        return False
    row = ReaderKey.select(ReaderKey.values_sealed_at).first()
    return row is not None and row.values_sealed_at is None


def mark_sealed() -> None:
    """A database made with its reader key holds nothing in clear to seal."""
    ReaderKey.update(values_sealed_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)).execute()


def seal_if_pending(session: accounts.Session) -> None:
    """Seal what the open database keeps in clear, once: a sign-in or a recovery that finds it so;
    and the package key that opens what units below send, kept in clear before the reader key."""
    if pending():
        seal_existing(session)
    with database.atomic():
        if sealed.seal_box_key():
            audit.record_event(session, "package_key_sealed", {})


def seal_existing(session: accounts.Session) -> dict[str, int]:
    """Seal every value kept in clear; returns what it sealed ({"records", "entries",
    "conflicts"}). A checked backup of a file first (BackupError stops it with nothing changed)."""
    if not engines.on_server():  # a server is backed up by pg_dump; its transaction undoes a failure
        backups.make_backup("before_sealing")
    with database.atomic():
        resealed = _seal_records()
        entries = _seal_trail(resealed)
        conflicts = _seal_conflicts()
        previous_head = audit_store.rewrite(entries)
        mark_sealed()
        done = {"records": len(resealed), "entries": len(entries), "conflicts": conflicts}
        audit.record_event(session, "values_sealed", {**done, "previous_head": previous_head})
    sealed.reset()
    log.info("sealed %s", done)
    return done


def _seal_records() -> dict[str, str]:
    """Seal the records' sensitive values; {uuid: its new state} of each record sealed."""
    resealed: dict[str, str] = {}
    for register in REGISTERS:
        names = [f.name for f in register.sensitive_fields]
        if not names:
            continue
        model = model_for(register)
        for (uuid,) in list(model.select(model.uuid).where(_any_clear(model, names)).tuples()):
            record = store.get(register, uuid)
            if record is None:
                continue
            store.update(register, record)  # the store seals what is typed text
            resealed[uuid] = state_hash(register, record)
    return resealed


def _any_clear(model: type, names: list[str]) -> Any:
    """Rows with a sensitive value that is not sealed (a peewee expression)."""
    condition = None
    for name in names:
        column = getattr(model, name)
        clear = column.is_null(False) & (column != "") & ~column.startswith(PREFIX)
        condition = clear if condition is None else condition | clear
    return condition


def _seal_trail(resealed: dict[str, str]) -> dict[int, tuple[str, str | None]]:
    """{entry id: (detail, state)} for the entries whose changes held sensitive values in clear,
    and for the newest entry of each record sealed (its state is the sealed record's now)."""
    changed: dict[int, tuple[str, str | None]] = {}
    newest = {uuid: entry_id for uuid, (entry_id, _state) in audit_store.latest_states().items() if uuid in resealed}
    secret = {register.name: {f.name for f in register.sensitive_fields} for register in REGISTERS}
    query = AuditEntry.select().where(AuditEntry.register.in_([name for name, names in secret.items() if names]))
    for entry in query.iterator():
        detail = json.loads(entry.detail)
        changes = detail.get("changes") or {}
        touched = False
        for name in secret.get(entry.register or "", ()):
            pair = changes.get(name)
            if not pair:
                continue
            where = sealed.context(entry.register, entry.record_uuid, name)
            sealed_pair = [sealed.seal_text(v, where) if isinstance(v, str) and v and not is_sealed(v) else v
                           for v in pair]  # fmt: skip
            if sealed_pair != pair:
                changes[name], touched = sealed_pair, True
        state = resealed[entry.record_uuid] if newest.get(entry.record_uuid) == entry.id else entry.state
        if touched or state != entry.state:
            changed[entry.id] = (canonical_detail(detail), state)
    return changed


def _seal_conflicts() -> int:
    count = 0
    for conflict in Conflict.select().iterator():
        register = BY_NAME.get(conflict.register)
        if register is None or not register.sensitive_fields:
            continue
        loser = dict(conflict.loser)
        if not any(isinstance(loser.get(f.name), str) and loser[f.name] and not is_sealed(loser[f.name])
                   for f in register.sensitive_fields):  # fmt: skip
            continue
        sealed.seal_record(register, loser)
        Conflict.update(loser=loser).where(Conflict.id == conflict.id).execute()
        count += 1
    return count
