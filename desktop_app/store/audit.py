"""The audit trail's table: appending entries in a hash chain, reading them, checking the chain.

Each entry's hash is SHA-256 over its own values and the hash of the entry before it; the head
row keeps the last id and hash. Changing an entry breaks its hash, removing one breaks the link
of the next (or, at the end, the head), and inserting one breaks a link too. Appends happen in
the caller's transaction, so an entry exists exactly when the change it describes does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from desktop_app.store import engines
from desktop_app.store.models import AuditEntry, AuditHead, database

GENESIS = "0" * 64
BATCH = 500


@dataclass
class Entry:
    """An entry to append (``id``, ``prev_hash`` and ``hash`` are given by ``append``)."""

    at: dt.datetime
    user: str
    role: str
    action: str
    register: str | None = None
    record_uuid: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    state: str | None = None


def canonical_detail(detail: dict[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(entry_id: int, at: dt.datetime, user: str, role: str, action: str, register: str | None,
               record_uuid: str | None, detail: str, state: str | None, prev_hash: str) -> str:  # fmt: skip
    """The chain hash of one entry, over every column but the hash itself."""
    text = json.dumps([entry_id, at.isoformat(timespec="microseconds"), user, role, action, register, record_uuid,
                       detail, state, prev_hash], ensure_ascii=False, separators=(",", ":"))  # fmt: skip
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


HEAD_REBUILT = "head_rebuilt"


def _head() -> tuple[int, str, bool]:
    """(last id, last hash, whether the head row was missing while entries exist)."""
    connection = engines.raw()
    head = connection.execute('SELECT "last_id", "last_hash" FROM "audithead"').fetchone()
    if head is not None:
        return (*head, False)
    last = connection.execute('SELECT "id", "hash" FROM "auditentry" ORDER BY "id" DESC LIMIT 1').fetchone()
    AuditHead.create(last_id=last[0] if last else 0, last_hash=last[1] if last else GENESIS)
    return (last[0], last[1], True) if last else (0, GENESIS, False)


def append(entries: Iterable[Entry]) -> int:
    """Append entries in order, chained to the last one; returns how many. Call inside the
    transaction of the change they describe. (Plain SQL: every save comes here.) A head row
    removed behind the program's back is rebuilt from the last entry, and the trail says so in
    an entry of its own, so that the removal stays found."""
    last_id, last_hash, rebuilt = _head()
    if rebuilt:
        first = Entry(dt.datetime.now(dt.UTC).replace(tzinfo=None), "", "", HEAD_REBUILT, detail={"after": last_id})
        entries = [first, *entries]
    rows: list[tuple[Any, ...]] = []
    columns = ("id", "at", "user", "role", "action", "register", "record_uuid", "detail", "state", "prev_hash", "hash")
    sql = f'INSERT INTO "auditentry" ({", ".join(f'"{c}"' for c in columns)}) VALUES ({", ".join("?" * len(columns))})'
    count = 0
    for entry in entries:
        last_id += 1
        detail = canonical_detail(entry.detail)
        digest = entry_hash(last_id, entry.at, entry.user, entry.role, entry.action, entry.register,
                            entry.record_uuid, detail, entry.state, last_hash)  # fmt: skip
        stamp = entry.at.isoformat(sep=" ", timespec="microseconds")
        rows.append((last_id, stamp, entry.user, entry.role, entry.action, entry.register, entry.record_uuid,
                     detail, entry.state, last_hash, digest))  # fmt: skip
        last_hash = digest
        count += 1
        if len(rows) >= BATCH:
            engines.raw().executemany(sql, rows)
            rows = []
    if rows:
        engines.raw().executemany(sql, rows)
    if count:
        engines.raw().execute('UPDATE "audithead" SET "last_id" = ?, "last_hash" = ?', (last_id, last_hash))
    return count


@dataclass(frozen=True)
class ChainBreak:
    """The first entry that is not as it was written (``entry_id`` None: the end of the trail)."""

    entry_id: int | None
    reason: str  # changed, missing, relinked, truncated, head (the head row was removed)


def first_break() -> ChainBreak | None:
    """Walk the chain from the start; the first entry whose hash or link is wrong, or None."""
    previous_id, previous_hash = 0, GENESIS
    cursor = database.execute_sql(
        'SELECT "id", "at", "user", "role", "action", "register", "record_uuid", "detail", "state", "prev_hash", '
        '"hash" FROM "auditentry" ORDER BY "id"'  # quoted: "user" alone is the session's user on a server
    )
    for row in cursor:
        entry_id, at, user, role, action, register, record_uuid, detail, state, prev_hash, digest = row
        if entry_id != previous_id + 1:
            return ChainBreak(previous_id + 1 if entry_id > previous_id + 1 else entry_id, "missing")
        stamp = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
        if prev_hash != previous_hash:  # the link names another predecessor: one was removed or put in
            return ChainBreak(entry_id, "relinked")
        if entry_hash(entry_id, stamp, user, role, action, register, record_uuid, detail, state, prev_hash) != digest:
            return ChainBreak(entry_id, "changed")
        previous_id, previous_hash = entry_id, digest
    head = AuditHead.get_or_none()
    if head is None and previous_id:
        return ChainBreak(None, "head")
    if head is not None and (head.last_id != previous_id or head.last_hash != previous_hash):
        return ChainBreak(None if head.last_id <= previous_id else previous_id + 1, "truncated")
    rebuilt = AuditEntry.select(AuditEntry.id).where(AuditEntry.action == HEAD_REBUILT).first()
    return ChainBreak(rebuilt.id, "head") if rebuilt is not None else None


def entries(*, register: str | None = None, record_uuid: str | None = None, user: str | None = None,
            start: dt.datetime | None = None, end: dt.datetime | None = None, actions: Iterable[str] = (),
            limit: int | None = None, newest_first: bool = False) -> Iterator[AuditEntry]:  # fmt: skip
    """Entries matching every filter given, oldest first (or newest first)."""
    query = AuditEntry.select()
    if register:
        query = query.where(AuditEntry.register == register)
    if record_uuid:
        query = query.where(AuditEntry.record_uuid == record_uuid)
    if user:
        query = query.where(AuditEntry.user == user)
    if start:
        query = query.where(AuditEntry.at >= start)
    if end:
        query = query.where(AuditEntry.at < end)
    if actions := tuple(actions):
        query = query.where(AuditEntry.action.in_(actions))
    query = query.order_by(AuditEntry.id.desc() if newest_first else AuditEntry.id)
    if limit:
        query = query.limit(limit)
    yield from query.iterator()


def latest_states() -> dict[str, tuple[int, str | None]]:
    """The newest entry id and record state of every record the trail names."""
    cursor = database.execute_sql(
        'SELECT record_uuid, id, state FROM "auditentry" WHERE id IN '
        '(SELECT MAX(id) FROM "auditentry" WHERE record_uuid IS NOT NULL AND state IS NOT NULL GROUP BY record_uuid)'
    )
    return {uuid: (entry_id, state) for uuid, entry_id, state in cursor}


def count() -> int:
    return AuditEntry.select().count()


def rewrite(changed: dict[int, tuple[str, str | None]]) -> str:
    """Replace the detail and state of the entries in ``changed`` ({id: (canonical detail,
    state)}) and chain every entry from the first of them again; returns the head's hash before.
    Only for an upgrade that changes how values are kept, not what they say (sealing them), and
    which says so in an entry of its own. Call inside its transaction."""
    previous_head = _head()[1]
    if not changed:
        return previous_head
    first = min(changed)
    connection = engines.raw()
    row = connection.execute('SELECT "hash" FROM "auditentry" WHERE "id" < ? ORDER BY "id" DESC LIMIT 1',
                             (first,)).fetchone()  # fmt: skip
    last_hash = row[0] if row else GENESIS
    cursor = connection.execute(
        'SELECT "id", "at", "user", "role", "action", "register", "record_uuid", "detail", "state" FROM "auditentry" '
        'WHERE "id" >= ? ORDER BY "id"', (first,)).fetchall()  # fmt: skip
    updates = []
    last_id = first - 1
    for entry_id, at, user, role, action, register, record_uuid, detail, state in cursor:
        detail, state = changed.get(entry_id, (detail, state))
        stamp = at if isinstance(at, dt.datetime) else dt.datetime.fromisoformat(str(at))
        digest = entry_hash(entry_id, stamp, user, role, action, register, record_uuid, detail, state, last_hash)
        updates.append((detail, state, last_hash, digest, entry_id))
        last_hash, last_id = digest, entry_id
    connection.executemany('UPDATE "auditentry" SET "detail" = ?, "state" = ?, "prev_hash" = ?, "hash" = ? '
                           'WHERE "id" = ?', updates)  # fmt: skip
    connection.execute('UPDATE "audithead" SET "last_id" = ?, "last_hash" = ?', (last_id, last_hash))
    return previous_head
