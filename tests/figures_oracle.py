"""A second, independent reckoning of "the figures of a period" (REPORTS.md), straight from SQL.

It reads the database file with a bare DB-API connection (tests.accounts.raw_connect, which
unwraps the key of an encrypted file) and counts in plain Python, so a
test that compares it with ``services.figures`` checks the program against the definition,
not against itself.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from sqlcipher3.dbapi2 import Row

from desktop_app.domain.registers import get_register
from tests.accounts import raw_connect

CLOSED_ELSEWHERE = ("da_chuyen", "luu")


def _rows(con: Any, table: str, unit_codes: list[str] | None) -> list[dict[str, Any]]:
    con.row_factory = Row
    found = [dict(row) for row in con.execute(f'SELECT * FROM "{table}" WHERE deleted_at IS NULL')]
    return [r for r in found if unit_codes is None or r["unit_code"] in unit_codes]


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def _by_choice(figures: dict, prefix: str, register: str, field: str, rows: list[dict]) -> None:
    counted = Counter(r[field] for r in rows)
    for choice in get_register(register).field(field).choices:
        figures[f"{prefix}.{choice.code}"] = counted.get(choice.code, 0)


def expected_figures(path: Path, start: dt.date, end: dt.date, unit_codes: list[str] | None = None) -> dict:
    con = raw_connect(path)

    def within(table: str, column: str) -> list[dict]:
        return [r for r in _rows(con, table, unit_codes) if r[column] and start <= _day(r[column]) <= end]

    def total(rows: list[dict], column: str) -> int:
        return sum(r[column] or 0 for r in rows)

    f: dict[str, Any] = {}
    rows = within("reception", "date")
    f["reception.sessions"] = len(rows)
    f["reception.people"] = total(rows, "people_count")
    f["reception.groups"] = sum(1 for r in rows if (r["people_count"] or 0) >= 5)
    _by_choice(f, "reception.by_classification", "reception", "classification", rows)

    rows = within("petition", "received_date")
    resolved = [r for r in rows if r["status"] == "da_giai_quyet" and _day(r["resolved_date"]) <= end]
    in_jurisdiction = [r for r in rows if r["in_jurisdiction"]]
    f["petition.received"] = len(rows)
    f["petition.in_jurisdiction"] = len(in_jurisdiction)
    f["petition.resolved"] = len(resolved)
    resolved_in = sum(1 for r in resolved if r["in_jurisdiction"])
    f["petition.resolved_in_jurisdiction"] = resolved_in
    f["petition.resolved_percent"] = round(resolved_in * 100 / len(in_jurisdiction), 1) if in_jurisdiction else None
    day = min(end, dt.date.today())  # a period that runs on is judged today
    open_then = [  # as it stood on that day: filed later means still open then
        r for r in _rows(con, "petition", unit_codes)
        if _day(r["received_date"]) <= day
        and not (r["status"] == "da_giai_quyet" and r["resolved_date"] and _day(r["resolved_date"]) <= day)
        and not (r["status"] in CLOSED_ELSEWHERE and (r["status_date"] is None or _day(r["status_date"]) <= day))
    ]  # fmt: skip
    left = [(_day(r["deadline"]) - day).days if r["deadline"] else None for r in open_then]
    f["petition.overdue"] = sum(1 for days in left if days is not None and days < 0)
    f["petition.due_soon"] = sum(1 for days in left if days is not None and 0 <= days <= 5)
    f["petition.on_time"] = sum(1 for days in left if days is None or days > 5)
    _by_choice(f, "petition.by_kind", "petition", "kind", rows)

    rows = within("dialogue", "date")
    f["dialogue.count"] = len(rows)
    f["dialogue.participants"] = total(rows, "participants")
    f["dialogue.opinions"] = total(rows, "opinions_raised")
    f["dialogue.answered_on_spot"] = total(rows, "answered_on_spot")

    rows = within("voter_meeting", "date")
    f["voter_meeting.count"] = len(rows)
    f["voter_meeting.voters"] = total(rows, "voters")
    f["voter_meeting.opinions"] = total(rows, "opinions")

    rows = within("exemplary_model", "start_date")
    f["exemplary_model.new"] = len(rows)
    f["exemplary_model.funding_vnd"] = total(rows, "funding_vnd")
    _by_choice(f, "exemplary_model.new_by_kind", "exemplary_model", "kind", rows)
    _by_choice(f, "exemplary_model.new_by_field", "exemplary_model", "field", rows)
    f["exemplary_model.recognized"] = len(within("exemplary_model", "recognition_date"))
    f["exemplary_model.maintained"] = sum(
        1 for r in _rows(con, "exemplary_model", unit_codes)
        if _day(r["start_date"]) <= end and r["status"] != "khong_dat"
        and (r["end_date"] is None or _day(r["end_date"]) >= end)
    )  # fmt: skip

    rows = within("supervision", "date")
    f["supervision.count"] = len(rows)
    f["supervision.recommendations"] = total(rows, "recommendations")
    f["supervision.accepted"] = total(rows, "accepted")
    _by_choice(f, "supervision.by_activity", "supervision", "activity", rows)

    rows = [
        r for r in _rows(con, "campaign", unit_codes)
        if _day(r["start_date"]) <= end and (r["end_date"] is None or _day(r["end_date"]) >= start)
    ]  # fmt: skip
    f["campaign.count"] = len(rows)
    f["campaign.sessions"] = total(rows, "sessions")
    f["campaign.participants"] = total(rows, "participants")

    rows = within("democracy", "date")
    f["democracy.count"] = len(rows)
    _by_choice(f, "democracy.by_kind", "democracy", "kind", rows)

    f["prestigious_person.active"] = sum(
        1 for r in _rows(con, "prestigious_person", unit_codes)
        if r["active"] and (r["recognized_year"] is None or r["recognized_year"] <= end.year)
    )  # fmt: skip

    rows = within("public_opinion", "date")
    f["public_opinion.count"] = len(rows)
    _by_choice(f, "public_opinion.by_mood", "public_opinion", "mood", rows)
    con.close()
    return f
