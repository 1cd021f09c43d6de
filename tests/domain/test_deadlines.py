"""Petition deadlines: the rule table of REGISTERS.md, each row with its legal article."""

import datetime as dt

import pytest

from desktop_app.domain.deadlines import (
    DUE_SOON_DAYS,
    HANDLING_DAYS,
    RESOLUTION_DEADLINES,
    DeadlineState,
    deadline_article,
    deadline_state,
    petition_deadline,
)

RECEIVED = dt.date(2026, 3, 2)
ACCEPTED = dt.date(2026, 3, 9)


def accepted(kind, **extra):
    return {"received_date": RECEIVED, "handling": "thu_ly", "accepted_date": ACCEPTED, "kind": kind, **extra}


def test_handling_deadline_runs_until_handling_is_decided():
    """10 days from receipt to decide how to handle it (Thông tư 05/2021/TT-TTCP)."""
    record = {"received_date": RECEIVED, "kind": "kien_nghi"}
    assert HANDLING_DAYS == 10
    assert petition_deadline(record) == dt.date(2026, 3, 12)
    assert "05/2021/TT-TTCP" in deadline_article(record)


@pytest.mark.parametrize(
    ("instance", "complex_case", "remote_area", "days", "article"),
    [
        ("lan_dau", False, False, 30, "Điều 28"),
        ("lan_dau", True, False, 45, "Điều 28"),
        ("lan_dau", False, True, 45, "Điều 28"),
        ("lan_dau", True, True, 60, "Điều 28"),
        ("lan_hai", False, False, 45, "Điều 37"),
        ("lan_hai", True, False, 60, "Điều 37"),
        ("lan_hai", False, True, 60, "Điều 37"),
        ("lan_hai", True, True, 70, "Điều 37"),
    ],
)
def test_complaint_deadlines_follow_the_law_on_complaints(instance, complex_case, remote_area, days, article):
    """Luật Khiếu nại 2011: 30/45/45/60 days at first instance, 45/60/60/70 at the second."""
    record = accepted("khieu_nai", instance=instance, complex_case=complex_case, remote_area=remote_area)
    assert petition_deadline(record) == ACCEPTED + dt.timedelta(days=days)
    assert deadline_article(record) == f"Luật Khiếu nại 2011, {article}"


def test_a_complaint_without_instance_counts_as_first_instance():
    assert petition_deadline(accepted("khieu_nai")) == ACCEPTED + dt.timedelta(days=30)


@pytest.mark.parametrize("extension", [None, 0, 30, 60])
def test_denunciation_deadline_is_30_days_plus_extension(extension):
    """Luật Tố cáo 2018, Điều 30: 30 days, extended by 30 or 60."""
    record = accepted("to_cao", extension_days=extension)
    assert petition_deadline(record) == ACCEPTED + dt.timedelta(days=30 + (extension or 0))
    assert deadline_article(record) == "Luật Tố cáo 2018, Điều 30"


@pytest.mark.parametrize("kind", ["kien_nghi", "phan_anh", "nhieu_noi_dung"])
def test_proposals_have_only_the_handling_deadline(kind):
    """Once handled, a proposal or feedback runs against no resolution deadline."""
    assert petition_deadline({"received_date": RECEIVED, "kind": kind}) == RECEIVED + dt.timedelta(days=10)
    assert petition_deadline(accepted(kind)) is None


def test_no_deadline_without_acceptance_date_or_when_not_accepted():
    """Transferred or filed petitions, and accepted ones without a date, have no deadline."""
    assert petition_deadline(accepted("khieu_nai", accepted_date=None)) is None
    assert petition_deadline(accepted("khieu_nai", handling="chuyen_don")) is None
    assert petition_deadline({"kind": "khieu_nai"}) is None


def test_every_row_of_the_table_cites_an_article():
    assert all(row.article.startswith("Luật") and "Điều" in row.article for row in RESOLUTION_DEADLINES)


def test_states_overdue_due_soon_on_time_and_closed():
    """Overdue past the deadline; due soon with 5 days or fewer left; closed ones never count."""
    record = {"received_date": RECEIVED, "kind": "phan_anh", "status": "moi_nhan"}  # due 12/03
    deadline = dt.date(2026, 3, 12)
    assert DUE_SOON_DAYS == 5
    assert deadline_state(record, deadline + dt.timedelta(days=1)) == DeadlineState.OVERDUE
    assert deadline_state(record, deadline) == DeadlineState.DUE_SOON
    assert deadline_state(record, deadline - dt.timedelta(days=5)) == DeadlineState.DUE_SOON
    assert deadline_state(record, deadline - dt.timedelta(days=6)) == DeadlineState.ON_TIME
    for status in ("da_giai_quyet", "da_chuyen", "luu"):
        closed = {**record, "status": status}
        assert deadline_state(closed, deadline + dt.timedelta(days=100)) == DeadlineState.CLOSED
    assert deadline_state(accepted("kien_nghi", status="dang_giai_quyet"), RECEIVED) == DeadlineState.ON_TIME
