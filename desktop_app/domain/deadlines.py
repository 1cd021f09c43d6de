"""Legal deadlines of a petition (đơn thư), computed from its record and never typed.

Every row of the table cites the article it comes from. Days are calendar days counted from
the day after the starting date, as the laws write "trong thời hạn N ngày, kể từ ngày ...".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# Thông tư 05/2021/TT-TTCP (Điều 6, xử lý đơn): within 10 days of receipt the unit decides how
# to handle the petition (thụ lý, chuyển, hướng dẫn, lưu, trả lại).
HANDLING_DAYS = 10
HANDLING_ARTICLE = "Thông tư 05/2021/TT-TTCP"

# A petition due in this many days or fewer is "due soon" (REGISTERS.md).
DUE_SOON_DAYS = 5

# States in which a petition no longer runs against a deadline.
CLOSED_STATUSES = ("da_giai_quyet", "da_chuyen", "luu")
SETTLED = "da_giai_quyet"  # closed on its resolved date
# Closed on the day the status changed (status_date), or since it was recorded when the record
# was first written with it.
CLOSED_ELSEWHERE = ("da_chuyen", "luu")


def closed_by(record: dict[str, Any], day: dt.date) -> bool:
    """Whether the petition was closed on ``day``, judged by the dates its record keeps, not by
    today's state alone: one filed in April was still open on 31 March."""
    status = record.get("status")
    if status == SETTLED:
        resolved = record.get("resolved_date")
        return resolved is not None and resolved <= day
    if status in CLOSED_ELSEWHERE:
        since = record.get("status_date")
        return since is None or since <= day
    return False


@dataclass(frozen=True)
class ResolutionDeadline:
    kind: str  # the petition kind: khieu_nai or to_cao
    instance: str | None  # lan_dau / lan_hai for complaints
    complex_case: bool
    remote_area: bool
    days: int
    article: str


# The resolution deadline, counted from the day the petition is accepted (ngày thụ lý).
RESOLUTION_DEADLINES: tuple[ResolutionDeadline, ...] = (
    # Luật Khiếu nại 2011, Điều 28: first instance, 30 days; complex 45; in remote areas 45,
    # complex and remote 60.
    ResolutionDeadline("khieu_nai", "lan_dau", False, False, 30, "Luật Khiếu nại 2011, Điều 28"),
    ResolutionDeadline("khieu_nai", "lan_dau", True, False, 45, "Luật Khiếu nại 2011, Điều 28"),
    ResolutionDeadline("khieu_nai", "lan_dau", False, True, 45, "Luật Khiếu nại 2011, Điều 28"),
    ResolutionDeadline("khieu_nai", "lan_dau", True, True, 60, "Luật Khiếu nại 2011, Điều 28"),
    # Luật Khiếu nại 2011, Điều 37: second instance, 45 days; complex 60; remote 60, complex
    # and remote 70.
    ResolutionDeadline("khieu_nai", "lan_hai", False, False, 45, "Luật Khiếu nại 2011, Điều 37"),
    ResolutionDeadline("khieu_nai", "lan_hai", True, False, 60, "Luật Khiếu nại 2011, Điều 37"),
    ResolutionDeadline("khieu_nai", "lan_hai", False, True, 60, "Luật Khiếu nại 2011, Điều 37"),
    ResolutionDeadline("khieu_nai", "lan_hai", True, True, 70, "Luật Khiếu nại 2011, Điều 37"),
    # Luật Tố cáo 2018, Điều 30: 30 days from acceptance, extended once by 30 days for a
    # complex case or twice (60 days in all) for an especially complex one: extension_days.
    ResolutionDeadline("to_cao", None, False, False, 30, "Luật Tố cáo 2018, Điều 30"),
)


class DeadlineState(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"
    CLOSED = "closed"


def _resolution_rule(record: dict[str, Any]) -> ResolutionDeadline | None:
    kind = record.get("kind")
    if kind == "to_cao":
        return RESOLUTION_DEADLINES[-1]
    if kind != "khieu_nai":
        return None
    instance = record.get("instance") or "lan_dau"
    for rule in RESOLUTION_DEADLINES:
        if (
            rule.kind == kind
            and rule.instance == instance
            and rule.complex_case == bool(record.get("complex_case"))
            and rule.remote_area == bool(record.get("remote_area"))
        ):
            return rule
    return None


def petition_deadline(record: dict[str, Any]) -> dt.date | None:
    """The deadline a petition runs against now, or None when it has none.

    Until its handling is decided, the 10-day handling deadline. Once accepted (thụ lý) with an
    acceptance date, the resolution deadline of its kind. Proposals and feedback (kiến nghị,
    phản ánh) have only the handling deadline.
    """
    received = record.get("received_date")
    if received is None:
        return None
    if not record.get("handling"):
        return received + dt.timedelta(days=HANDLING_DAYS)
    accepted = record.get("accepted_date")
    if record.get("handling") != "thu_ly" or accepted is None:
        return None
    rule = _resolution_rule(record)
    if rule is None:
        return None
    days = rule.days
    if rule.kind == "to_cao":
        days += record.get("extension_days") or 0
    return accepted + dt.timedelta(days=days)


def printed_deadline(record: dict[str, Any]) -> dt.date | None:
    """The date a book prints under "Hạn xử lý, giải quyết": the resolution deadline of an
    accepted petition; for every other one the handling deadline it had from its receipt, also
    once its handling was decided (transferred, filed, returned)."""
    deadline = record.get("deadline") or petition_deadline(record)
    if deadline is not None:
        return deadline
    received = record.get("received_date")
    return None if received is None else received + dt.timedelta(days=HANDLING_DAYS)


def deadline_article(record: dict[str, Any]) -> str:
    """The legal source of the deadline ``petition_deadline`` gives for this record."""
    if not record.get("handling"):
        return HANDLING_ARTICLE
    rule = _resolution_rule(record)
    return rule.article if rule else ""


def deadline_state(record: dict[str, Any], today: dt.date) -> DeadlineState:
    """Whether a petition is overdue, due within DUE_SOON_DAYS days, on time or closed."""
    if record.get("status") in CLOSED_STATUSES:
        return DeadlineState.CLOSED
    deadline = record.get("deadline") or petition_deadline(record)
    if deadline is None:
        return DeadlineState.ON_TIME
    if today > deadline:
        return DeadlineState.OVERDUE
    if (deadline - today).days <= DUE_SOON_DAYS:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TIME
