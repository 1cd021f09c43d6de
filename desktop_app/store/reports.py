"""Saved reports: reading and writing ``Report`` rows, and the numbers already used in a
numbering run."""

from __future__ import annotations

from typing import Any

import peewee as pw

from desktop_app.store.models import Report, database


def get(uuid: str) -> dict[str, Any] | None:
    row = Report.select().where(Report.uuid == uuid).dicts().first()
    return dict(row) if row else None


def upsert(values: dict[str, Any]) -> None:
    with database.atomic():
        if Report.select().where(Report.uuid == values["uuid"]).exists():
            Report.update(**values).where(Report.uuid == values["uuid"]).execute()
        else:
            Report.insert(**values).execute()


def all_reports() -> list[dict[str, Any]]:
    """Every saved report without its PDF, newest period first."""
    columns = [f for name, f in Report._meta.fields.items() if name != "pdf"]
    query = Report.select(*columns).order_by(Report.period_end.desc(), Report.updated_at.desc())
    return list(query.dicts())


def latest_for_period(kind: str, period_code: str, profile: str | None = None) -> dict[str, Any] | None:
    """The saved report of ``kind`` for a period (under ``profile``, or any): the final one if
    there is one, else the most recently changed."""
    condition = (Report.kind == kind) & (Report.period_code == period_code)
    if profile is not None:
        condition &= Report.profile == profile
    query = Report.select().where(condition).order_by(Report.status == "final", Report.updated_at)
    rows = list(query.dicts())
    return dict(rows[-1]) if rows else None


def _numbering_run(profile: str, doc_type: str, scope: str, exclude_uuid: str | None) -> pw.Expression:
    """The reports that share one run of numbers, but for the one being edited."""
    condition = (Report.profile == profile) & (Report.doc_type == doc_type) & (Report.numbering_scope == scope)
    if exclude_uuid:
        condition &= Report.uuid != exclude_uuid
    return condition


def highest_number(profile: str, doc_type: str, scope: str, exclude_uuid: str | None = None) -> int:
    condition = _numbering_run(profile, doc_type, scope, exclude_uuid)
    return Report.select(pw.fn.MAX(Report.number)).where(condition).scalar() or 0


def number_taken(profile: str, doc_type: str, scope: str, number: int, exclude_uuid: str | None) -> bool:
    condition = _numbering_run(profile, doc_type, scope, exclude_uuid) & (Report.number == number)
    return Report.select().where(condition).exists()


def find_final(sha256: str) -> dict[str, Any] | None:
    """The final report whose stored PDF has this SHA-256, without its PDF."""
    columns = [f for name, f in Report._meta.fields.items() if name != "pdf"]
    row = Report.select(*columns).where((Report.status == "final") & (Report.pdf_sha256 == sha256)).dicts().first()
    return dict(row) if row else None
