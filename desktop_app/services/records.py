"""Saving, deleting and restoring register records: validation, identity, revisions, stamps.

A record's identity is a UUID made where it is first saved. Each save raises its revision and
stamps the time, the user and this installation. A delete is a tombstone, never a removal.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuidlib
from collections.abc import Mapping
from typing import Any

from desktop_app.domain.fields import Field
from desktop_app.domain.l10n import N_, _, format_stamp, local_time
from desktop_app.domain.register import MASK, Register, problems_text
from desktop_app.domain.roles import Right
from desktop_app.domain.rules import Problem
from desktop_app.domain.sealed import is_sealed
from desktop_app.domain.text import clean
from desktop_app.services import accounts, audit, periods, unit_setup
from desktop_app.store import records as store
from desktop_app.store import sealed

HAMLET_LABEL = N_("Thôn, tổ dân phố")


class ValidationError(ValueError):
    """A record that cannot be saved; ``problems`` names each field and what is wrong."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems_text(problems))
        self.problems = problems


class RecordNotFound(LookupError):
    pass


class ChangedMeanwhile(ValueError):
    """The record was saved by someone else since the form was opened: this save is refused,
    never written over theirs. ``stored`` is the record as it stands now."""

    def __init__(self, register: Register, stored: dict[str, Any]) -> None:
        self.stored = stored
        super().__init__(_("«{record}» đã được {who} sửa lúc {when} (lần sửa thứ {revision}) sau khi anh/chị mở nó; "
                           "bản của anh/chị chưa được lưu. Biểu mẫu hiện bản mới nhất để anh/chị sửa lại.").format(
            record=register.summary(stored), who=stored.get("updated_by") or "?",
            when=format_stamp(stored["updated_at"]), revision=stored["revision"]))  # fmt: skip


def now() -> dt.datetime:
    """The time records are stamped with: UTC, without a zone, to the microsecond."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def current_user() -> str:
    """The name changes are stamped with: the signed-in account, or the computer's user."""
    try:
        return accounts.current().name
    except accounts.NotAllowed:
        return accounts.computer_user()


def blank_record(register: Register) -> dict[str, Any]:
    """A new record with its defaults filled, as a form starts."""
    return register.prepare({})


def read_and_check(
    register: Register, raw: Mapping[str, Any], *, today: dt.date | None = None,
    known_hamlets: list[str] | None = None,
) -> tuple[dict[str, Any], list[Problem]]:  # fmt: skip
    """Read, complete and validate input: the prepared record and what is wrong with it (the
    form asks this as the cursor leaves each field; ``check`` refuses on it)."""
    today = today or dt.date.today()
    record, problems = register.read(raw)
    register.prepare(record)
    unreadable = {problem.field for problem in problems}
    problems += [p for p in register.validate(record, today) if p.field not in unreadable]
    hamlet = clean(raw.get("hamlet")) or None
    if hamlet and known_hamlets is not None and hamlet not in known_hamlets:
        problems.append(
            Problem(
                "hamlet",
                _("«{label}»: «{value}» chưa có trong danh sách thôn, tổ dân phố của đơn vị.").format(
                    label=_(HAMLET_LABEL), value=hamlet
                ),
            )
        )
    record["hamlet"] = hamlet
    return record, problems


def check(
    register: Register, raw: Mapping[str, Any], *, today: dt.date | None = None,
    known_hamlets: list[str] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Read, complete and validate input; the prepared record, or ValidationError."""
    record, problems = read_and_check(register, raw, today=today, known_hamlets=known_hamlets)
    if problems:
        raise ValidationError(problems)
    return record


def _check_unique(register: Register, record: dict[str, Any], unit_code: str, uuid: str | None) -> None:
    for field in register.fields:
        value = record.get(field.name)
        date = record.get(field.unique_per_year_of) if field.unique_per_year_of else None
        if not field.unique_per_year_of or value is None or date is None:
            continue
        if store.exists_with_value(
            register, field.name, value, unit_code=unit_code, year_field=field.unique_per_year_of,
            year=date.year, exclude_uuid=uuid,
        ):  # fmt: skip
            raise ValidationError([Problem(field.name, number_in_use(field, value, date.year))])


def number_in_use(field: Field, value: Any, year: int) -> str:
    """What is wrong with a number that must be unique in its year and is used already."""
    return _("«{label}» {value} đã dùng cho một bản ghi khác trong năm {year}.").format(
        label=field.display_label, value=value, year=year)


COMPLETIONS = 2000


def offers_completions(register: Register, field_name: str) -> bool:
    """Whether a field offers what was typed before: never a sensitive one to a role that may
    not read it."""
    field = register.field(field_name)
    return field.completes and (not field.sensitive or may_read_sensitive())


def typed_before(register: Register, field_name: str) -> list[str]:
    """What was typed before in a field that offers completions (``offers_completions``)."""
    if not offers_completions(register, field_name):
        return []
    return store.typed_before(register, field_name, COMPLETIONS)


def suggest_unique_value(register: Register, field_name: str, day: dt.date) -> str:
    """The next number for a field numbered per year (a petition's receipt number)."""
    field = register.field(field_name)
    assert field.unique_per_year_of, f"{field_name} is not numbered per year"
    used = store.values_in_year(
        register, field_name, unit_code=unit_setup.profile().unit_code,
        year_field=field.unique_per_year_of, year=day.year,
    )  # fmt: skip
    numbers = [int(match.group(1)) for value in used if (match := re.match(r"\s*(\d+)", str(value)))]
    return str(max(numbers, default=0) + 1)


def save(
    register: Register, raw: Mapping[str, Any], *, uuid: str | None = None, user: str | None = None,
    today: dt.date | None = None, detail: dict[str, Any] | None = None, revision: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Save a new record (``uuid`` None) or a new revision of one; returns the stored record.
    ``revision``: the one the officer started from; if the record has been saved since (another
    officer, on a server several share), ChangedMeanwhile and nothing is written.

    The acting account must be allowed to edit records; the record (before and after) must not
    be dated in a locked period. The change, its change sequence and its audit entry are one
    transaction. ``user`` names the person only on a database without accounts; ``detail`` goes
    into the audit entry (the file and row an import took it from)."""
    session = accounts.require(Right.EDIT_RECORDS)
    if uuid and not may_read_sensitive() and (stored := store.get(register, uuid)) is not None:
        raw = with_hidden_values(register, raw, stored)
    record = check(register, raw, today=today, known_hamlets=store.hamlet_names())
    user = user if user and session.unguarded else session.name
    stamp = now()
    with store.atomic(writing=True):
        unit_code, installation = store.identity()
        existing = store.get(register, uuid, for_update=True) if uuid else None
        if uuid and existing is None:
            raise RecordNotFound(uuid)
        if existing is not None and revision is not None and existing["revision"] != revision:
            raise ChangedMeanwhile(register, visible(register, existing))
        if existing is not None:
            unit_code = existing["unit_code"]
            keep_sealed(register, record, existing)
        periods.check_open(register, existing, record, unit_code)
        _check_unique(register, record, unit_code, uuid)
        stamped(register, record, existing, unit_code=unit_code, user=user, installation=installation, stamp=stamp)
        record["change_seq"] = store.next_change_seq()
        if existing is None:
            store.insert(register, record)
        else:
            store.update(register, record)
        audit.record_change(acting(session, user), "create" if existing is None else "update", register, existing,
                            record, **(detail or {}))  # fmt: skip
    return record


def stamped(register: Register, record: dict[str, Any], existing: dict[str, Any] | None, *, unit_code: str,
            user: str, installation: str, stamp: dt.datetime) -> None:  # fmt: skip
    """Stamp ``record`` in place as a new record of ``unit_code``, or as the next revision of
    ``existing`` (which keeps its unit, identity, creation and deletion): who, when, where; and
    the day of each change a field dates (``Field.dates_change_of``)."""
    record.update(unit_code=existing["unit_code"] if existing else unit_code, updated_at=stamp, updated_by=user,
                  origin=installation, deleted_at=None)  # fmt: skip
    if existing is None:
        record.update(uuid=str(uuidlib.uuid4()), created_at=stamp, created_by=user, revision=1)
    else:
        record.update(uuid=existing["uuid"], created_at=existing["created_at"], created_by=existing["created_by"],
                      revision=existing["revision"] + 1, deleted_at=existing["deleted_at"])  # fmt: skip
    day = local_time(stamp).date()  # the officer's day, as the trail shows it
    for dating in register.change_dates:
        watched = dating.dates_change_of
        if existing is None:
            record[dating.name] = None  # written with it: since when, nobody can say
        elif existing.get(watched) != record.get(watched):
            record[dating.name] = day
        else:
            record[dating.name] = existing.get(dating.name)


def acting(session: accounts.Session, user: str) -> accounts.Session:
    """The session the trail names: on a database without accounts, the person given."""
    return session if session.name == user else accounts.Session(user, session.role)


def with_hidden_values(register: Register, raw: Mapping[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """The input of a role that sees sensitive fields masked, with their stored values where it
    sent the mask or nothing: it cannot read them, so it cannot have meant to change them."""
    kept = dict(raw)
    for field in register.sensitive_fields:
        sent = raw.get(field.name)
        if sent is None or str(sent).strip() in ("", MASK, _(MASK)):
            kept[field.name] = stored.get(field.name)
    return kept


def keep_sealed(register: Register, record: dict[str, Any], stored: dict[str, Any]) -> None:
    """A reader's correction keeps each sealed value it did not change as it is stored (the
    store seals only what was typed anew), so the trail records no change where there was none."""
    for field in register.sensitive_fields:
        before = stored.get(field.name)
        if is_sealed(before) and sealed.open_value(before, sealed.context(register.name, stored["uuid"], field.name)) \
                == record.get(field.name):  # fmt: skip
            record[field.name] = before


def may_read_sensitive() -> bool:
    """Whether the acting account reads sensitive values: its role may, and on a database that
    seals them, it holds the reader key (a leader whose grant is still waiting sees them masked)."""
    return accounts.may(Right.READ_SENSITIVE) and (not sealed.active() or sealed.reader() is not None)


def _set_deleted(register: Register, uuid: str, deleted: bool, user: str | None) -> dict[str, Any]:
    session = accounts.require(Right.EDIT_RECORDS)
    user = user if user and session.unguarded else session.name
    with store.atomic():
        record = store.get(register, uuid)
        if record is None:
            raise RecordNotFound(uuid)
        if (record["deleted_at"] is not None) == deleted:
            return record
        periods.check_open(register, record, None, record["unit_code"])
        before = dict(record)
        stamp = now()
        record.update(
            deleted_at=stamp if deleted else None,
            updated_at=stamp,
            updated_by=user,
            origin=store.identity()[1],
            revision=record["revision"] + 1,
            change_seq=store.next_change_seq(),
        )
        store.update(register, record)
        audit.record_change(acting(session, user), "delete" if deleted else "restore", register, before, record)
    return record


def delete(register: Register, uuid: str, *, user: str | None = None) -> dict[str, Any]:
    """Mark a record deleted (a tombstone that travels in packages); it can be restored."""
    return _set_deleted(register, uuid, True, user)


def restore(register: Register, uuid: str, *, user: str | None = None) -> dict[str, Any]:
    return _set_deleted(register, uuid, False, user)


def visible(register: Register, record: dict[str, Any]) -> dict[str, Any]:
    """The record as the acting role may see it: sensitive values opened when it may read them,
    masked otherwise."""
    if may_read_sensitive():
        return sealed.reveal(register, record)
    shown = dict(record)
    for field in register.sensitive_fields:
        if shown.get(field.name) not in (None, ""):
            shown[field.name] = _(MASK)
    return shown


def get(register: Register, uuid: str) -> dict[str, Any]:
    record = store.get(register, uuid)
    if record is None:
        raise RecordNotFound(uuid)
    return record
