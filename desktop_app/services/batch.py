"""Saving many records at once: an import's path, and the write path a merge shares with it.

An import reads and checks every row first — values, the period each row falls in, numbers that
must be unique in a year, against what is stored and against the other rows — reading what it
needs once for the whole file; then ``save`` writes them all in one transaction through
``write_changes``: one run of change sequence numbers, the rows through one prepared statement,
their audit entries appended together. A merge (sync/merge.py) writes through
``write_changes`` too. The rules are those of ``records.save``, which saves one record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.l10n import _
from desktop_app.domain.register import Register
from desktop_app.domain.roles import Right
from desktop_app.services import accounts, audit, periods, records
from desktop_app.services.progress import EVERY as PROGRESS_EVERY
from desktop_app.services.progress import Progress
from desktop_app.store import records as store


@dataclass
class Change:
    """One record's change in a batch: the stored version it replaces (None: a new record), the
    new one, and what its audit entry says."""

    before: dict[str, Any] | None
    after: dict[str, Any]
    action: str
    actor: accounts.Session
    detail: dict[str, Any] = field(default_factory=dict)


def write_changes(register: Register, changes: list[Change]) -> None:
    """Write many records' changes in the open transaction: a new record is inserted, a stored
    one updated in place; each gets its change sequence number and its audit entry."""
    if not changes:
        return
    seq = store.next_change_seq(len(changes))
    rows, entries = [], []
    for offset, change in enumerate(changes):
        change.after["change_seq"] = seq + offset
        rows.append(store.to_row(register, change.after))
        entries.append(audit.record_entry(change.actor, change.action, register, change.before, change.after,
                                          **change.detail))  # fmt: skip
    store.replace_rows(register, rows)
    audit.append(entries)


class Refused(ValueError):
    """Rows that cannot be saved: ``lines`` says, row by row ("Dòng N: …"), what is wrong."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.lines = [line for _number, line in sorted(problems, key=lambda problem: problem[0])]
        super().__init__("\n".join(self.lines))


def _row(number: int, message: str) -> tuple[int, str]:
    return number, _("Dòng {row}: {message}").format(row=number, message=message)


@dataclass
class Prepared:
    """Rows read and checked, ready to be saved together."""

    register: Register
    rows: list[tuple[int, dict[str, Any] | None, dict[str, Any]]]  # (row number, stored version, record)




def prepare(register: Register, rows: list[tuple[int, str | None, dict[str, Any]]], *,
            today: dt.date | None = None, progress: Progress | None = None) -> Prepared:  # fmt: skip
    """Read and check ``rows`` — (row number, UUID of the stored record it corrects or None,
    its input) — as ``records.save`` would each; Refused names every row that cannot be saved.
    Reads only: nothing is written. ``progress`` hears of every PROGRESS_EVERY rows checked,
    out of twice the rows (``save`` reports the other half)."""
    accounts.require(Right.EDIT_RECORDS)
    reader = records.may_read_sensitive()
    known = store.hamlet_names()
    stored = store.get_many(register, sorted({uuid for _number, uuid, _raw in rows if uuid}))
    problems: list[tuple[int, str]] = []
    prepared: list[tuple[int, dict[str, Any] | None, dict[str, Any]]] = []
    for done, (number, uuid, raw) in enumerate(rows):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, 2 * len(rows))
        existing = stored.get(uuid) if uuid else None
        if uuid and existing is None:
            problems.append(_row(number, _("không còn bản ghi {uuid} để sửa.").format(uuid=uuid)))
            continue
        if existing is not None and not reader:
            raw = records.with_hidden_values(register, raw, existing)
        try:
            record = records.check(register, raw, today=today, known_hamlets=known)
        except records.ValidationError as error:
            problems.extend(_row(number, problem.message) for problem in error.problems)
            continue
        if existing is not None:
            records.keep_sealed(register, record, existing)
        prepared.append((number, existing, record))
    unit_code = store.identity()[0]
    problems += _locked(register, prepared, unit_code) + _duplicates(register, prepared, unit_code)
    if problems:
        raise Refused(problems)
    return Prepared(register, prepared)


def _locked(register: Register, prepared: list[tuple[int, dict[str, Any] | None, dict[str, Any]]],
            unit_code: str) -> list[tuple[int, str]]:  # fmt: skip
    """One problem per locked period the rows touch (a row's new date, or the stored one it moves)."""
    if register.date_field is None:
        return []
    dated = [(number, version.get(register.date_field)) for number, existing, record in prepared
             for version in (record, existing) if version is not None]  # fmt: skip
    found = periods.locked_rows_in(register, dated, unit_code)
    message = _("Dòng {rows}: ngày thuộc kỳ {period} đã chốt số liệu; không nhập được vào kỳ này.")
    return [(min(numbers), message.format(rows=", ".join(str(n) for n in sorted(set(numbers))), period=code))
            for code, numbers in found.items()]  # fmt: skip


def _duplicates(register: Register, prepared: list[tuple[int, dict[str, Any] | None, dict[str, Any]]],
                unit_code: str) -> list[tuple[int, str]]:  # fmt: skip
    """The rows whose number must be unique in its year and is already used: by a stored
    record (not the one the row corrects) or by an earlier row of the same batch."""
    problems: list[tuple[int, str]] = []
    for unique in (f for f in register.fields if f.unique_per_year_of):
        year_of = unique.unique_per_year_of
        numbered = [row for row in prepared if row[2].get(unique.name) is not None and row[2].get(year_of) is not None]
        used = store.used_values(register, unique.name, unit_code=unit_code, year_field=year_of,
                                 years={record[year_of].year for _number, _existing, record in numbered})  # fmt: skip
        taken: set[tuple[int, Any]] = set()
        for number, existing, record in numbered:
            key = (record[year_of].year, record[unique.name])
            others = used.get(key, set()) - ({existing["uuid"]} if existing else set())
            if others or key in taken:
                problems.append(_row(number, records.number_in_use(unique, key[1], key[0])))
            taken.add(key)
    return problems


def save(prepared: Prepared, *, user: str | None = None, detail: dict[str, Any] | None = None,
         progress: Progress | None = None) -> int:  # fmt: skip
    """Save every prepared row in the open transaction (the caller's, with its own entry for
    the file); returns how many. ``detail`` goes into each row's audit entry with its number."""
    session = accounts.require(Right.EDIT_RECORDS)
    user = user if user and session.unguarded else session.name
    actor = records.acting(session, user)
    unit_code, installation = store.identity()
    stamp = records.now()
    changes = []
    for number, existing, record in prepared.rows:
        records.stamped(prepared.register, record, existing, unit_code=unit_code, user=user, installation=installation,
                        stamp=stamp)  # fmt: skip
        changes.append(Change(existing, record, "create" if existing is None else "update", actor,
                              {**(detail or {}), "row": number}))  # fmt: skip
    total = 2 * len(changes)
    for start in range(0, len(changes), PROGRESS_EVERY):
        if progress is not None:
            progress(len(changes) + start, total)
        write_changes(prepared.register, changes[start : start + PROGRESS_EVERY])
    if progress is not None:
        progress(total, total)
    return len(changes)
