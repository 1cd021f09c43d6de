"""Approving a period ("chốt số liệu"): lock and reopen, and the check every change passes.

While a unit's period is locked, no record of that unit whose date (the register's date field)
falls in it may be created, edited, deleted or restored, nor moved into or out of it. Locks are
rows per unit and period; the rows of units below arrive in their packages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.l10n import _, format_date, format_number, format_stamp, ngettext
from desktop_app.domain.periods import LOCKED, REOPENED, Period, PeriodError, parse_period
from desktop_app.domain.register import Register
from desktop_app.domain.registers import REGISTERS
from desktop_app.domain.roles import Right
from desktop_app.services import accounts, audit, unit_setup
from desktop_app.store import locks, queries
from desktop_app.store import records as store
from desktop_app.store.models import PeriodLock, ReceivedPackage, database


class PeriodLocked(accounts.Refused):
    """A change refused because it touches a locked period; the message says which and by whom."""


class LockError(ValueError):
    pass


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _period(code: str) -> Period:
    try:
        period = parse_period(code)
    except PeriodError as error:
        raise LockError(str(error)) from error
    if period.kind == "range":
        raise LockError(_("Chỉ chốt được một kỳ báo cáo (năm, 6 tháng, 9 tháng, quý, tháng), không chốt một "
                          "khoảng ngày tùy ý."))
    return period


def _set(code: str, state: str, reason: str) -> PeriodLock:
    session = accounts.require(Right.APPROVE_PERIODS)
    period = _period(code)
    reason = (reason or "").strip()
    if not reason:
        raise LockError(_("«Lý do» là bắt buộc khi chốt hoặc mở lại một kỳ."))
    unit_code = unit_setup.profile().unit_code
    with database.atomic():
        row = PeriodLock.get_or_none((PeriodLock.unit_code == unit_code) & (PeriodLock.period_code == period.code))
        if state == LOCKED and row is not None and row.state == LOCKED:
            raise LockError(_("Kỳ {period} đã được chốt lúc {when} ({who}).").format(
                period=period.code, when=format_stamp(row.changed_at), who=row.changed_by))
        if state == REOPENED and (row is None or row.state != LOCKED):
            raise LockError(_("Kỳ {period} chưa được chốt; không có gì để mở lại.").format(period=period.code))
        values = {"start": period.start, "end": period.end, "state": state, "changed_at": _now(),
                  "changed_by": session.name, "changed_by_role": session.role.code, "reason": reason,
                  "change_seq": store.next_change_seq()}  # fmt: skip
        if state == LOCKED and (row is None or not row.first_locked_seq):
            values["first_locked_seq"] = values["change_seq"]
        if row is None:
            row = PeriodLock.create(unit_code=unit_code, period_code=period.code, **values)
        else:
            PeriodLock.update(**values).where(PeriodLock.id == row.id).execute()
            row = PeriodLock.get_by_id(row.id)
        action = "period_locked" if state == LOCKED else "period_reopened"
        audit.record_event(session, action, {"period": period.code, "unit": unit_code, "reason": reason})
    return row


def lock(code: str, reason: str) -> PeriodLock:
    return _set(code, LOCKED, reason)


def reopen(code: str, reason: str) -> PeriodLock:
    return _set(code, REOPENED, reason)


def rows(unit_code: str | None = None) -> list[PeriodLock]:
    """The lock rows of this unit (or of ``unit_code``), newest period first."""
    code = unit_code or unit_setup.profile().unit_code
    return list(PeriodLock.select().where(PeriodLock.unit_code == code).order_by(PeriodLock.start.desc()))


def all_rows() -> list[PeriodLock]:
    return list(PeriodLock.select().order_by(PeriodLock.unit_code, PeriodLock.start))


def describe(row: PeriodLock) -> str:
    return _("Kỳ {period} đã được chốt số liệu lúc {when} bởi {who}: không thêm, sửa, xóa hay khôi phục bản ghi "
             "của kỳ này. Lãnh đạo có thể mở lại kỳ.").format(period=row.period_code, when=format_stamp(row.changed_at),
                                                              who=row.changed_by)  # fmt: skip


def lock_of(register: Register, record: dict[str, Any] | None, unit_code: str) -> PeriodLock | None:
    """The locked period a record's date falls in, if any."""
    if register.date_field is None or record is None:
        return None
    day = record.get(register.date_field)
    return locks.locked_containing(unit_code, day) if isinstance(day, dt.date) else None


def check_open(register: Register, before: dict[str, Any] | None, after: dict[str, Any] | None,
               unit_code: str) -> None:  # fmt: skip
    """Refuse a change whose record was, or would be, dated in a locked period of its unit."""
    for record in (before, after):
        row = lock_of(register, record, unit_code)
        if row is not None:
            raise PeriodLocked(describe(row))


def locked_rows_in(register: Register, dated: Iterable[tuple[int, dt.date | None]],
                   unit_code: str) -> dict[str, list[int]]:  # fmt: skip
    """{period code: [row numbers]} for the rows of a file dated in a locked period."""
    found: dict[str, list[int]] = {}
    if register.date_field is None:
        return found
    locked = [r for r in rows(unit_code) if r.state == LOCKED]
    for number, day in dated:
        for row in locked:
            if day is not None and row.start <= day <= row.end:
                found.setdefault(row.period_code, []).append(number)
                break
    return found


def state_label(state: str) -> str:
    return _("đã chốt") if state == LOCKED else _("đã mở lại")


def summary_line(row: PeriodLock) -> str:
    return _("{period} ({start} – {end}): {state} lúc {when}, {who}; lý do: {reason}").format(
        period=row.period_code, start=format_date(row.start), end=format_date(row.end), state=state_label(row.state),
        when=format_stamp(row.changed_at), who=row.changed_by, reason=row.reason)  # fmt: skip


# ------------------------------------------------------------------------- units below


NOT_SENT, SENT = "not_sent", "sent"  # with LOCKED: where a unit below stands for a period


@dataclass(frozen=True)
class UnitPeriod:
    """Where a unit below stands for a period: not sent, sent, or locked (approved by it)."""

    status: str  # NOT_SENT, SENT or LOCKED
    lock: PeriodLock | None  # the unit's locked row that covers the period
    reopened_changes: int  # records of its reopened periods that packages since the start changed

    @property
    def label(self) -> str:
        if self.status == LOCKED and self.lock is not None:
            lock = self.lock
            return _("đã chốt ({when}, {who})").format(when=format_stamp(lock.changed_at), who=lock.changed_by)
        return _("đã gửi") if self.status == SENT else _("chưa gửi")


def unit_periods(period: Period, codes: Iterable[str]) -> dict[str, UnitPeriod]:
    """The status of each unit for ``period``: locked when a lock of the unit covers the whole
    period; sent when a package of the unit arrived since the period began; else not sent."""
    codes = list(codes)
    locks: dict[str, PeriodLock] = {}
    for row in PeriodLock.select().where(PeriodLock.unit_code.in_(codes) & (PeriodLock.state == LOCKED)
                                         & (PeriodLock.start <= period.start) & (PeriodLock.end >= period.end)):
        locks.setdefault(row.unit_code, row)
    since = dt.datetime.combine(period.start, dt.time())
    sent: dict[str, int] = {}
    for row in ReceivedPackage.select().where(ReceivedPackage.unit_code.in_(codes)
                                              & (ReceivedPackage.received_at >= since)):  # fmt: skip
        sent[row.unit_code] = sent.get(row.unit_code, 0) + row.reopened
    found = {}
    for code in codes:
        status = LOCKED if code in locks else SENT if code in sent else NOT_SENT
        found[code] = UnitPeriod(status, locks.get(code), sent.get(code, 0))
    return found


@dataclass(frozen=True)
class LateChanges:
    """Records of a locked period changed here after the unit first locked it."""

    period: Period
    records: int
    locked_at: dt.datetime  # the lock as it stands (the first one, or a later one after a reopening)

    def note(self) -> str:
        """What a reprint of the period's report tells the officer."""
        return ngettext(
            "Lưu ý: {n} bản ghi của {period} đã thay đổi sau khi kỳ được chốt số liệu (chốt lúc {when}); số liệu "
            "hiện nay có thể khác báo cáo đã gửi.",
            "Lưu ý: {n} bản ghi của {period} đã thay đổi sau khi kỳ được chốt số liệu (chốt lúc {when}); số liệu "
            "hiện nay có thể khác báo cáo đã gửi.", self.records,
        ).format(n=format_number(self.records), period=self.period.label,
                 when=format_stamp(self.locked_at))  # fmt: skip


def late_changes(period: Period) -> LateChanges | None:
    """The records dated in ``period`` changed since this unit first locked it (reopened to be
    corrected, or taken in from a package that came late), or None: none, or not locked."""
    row = PeriodLock.get_or_none((PeriodLock.unit_code == unit_setup.profile().unit_code)
                                 & (PeriodLock.period_code == period.code))  # fmt: skip
    if row is None or not row.first_locked_seq:
        return None
    changed = sum(queries.changed_after(register, row.first_locked_seq, period.start, period.end)
                  for register in REGISTERS if register.date_field is not None)  # fmt: skip
    return LateChanges(period, changed, row.changed_at) if changed else None
