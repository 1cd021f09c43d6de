"""The figures of a period equal the definition of REPORTS.md, reckoned independently in SQL."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from desktop_app.domain.periods import parse_period
from desktop_app.domain.registers import BY_NAME, get_register
from desktop_app.services import demo, figures, records
from desktop_app.store.models import figures_index
from tests.figures_oracle import expected_figures

pytestmark = pytest.mark.both_engines  # the store's results on a SQLite file and on a PostgreSQL server

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def demo_db(commune_db):
    demo.fill(600, seed=11, today=TODAY)
    return commune_db


@pytest.mark.parametrize("code", ["2024", "2025-H1", "2025-9M", "2026-Q1", "2026-03"])
def test_every_figure_equals_the_definition(demo_db, code):
    period = parse_period(code)
    assert figures.figures_for_period(period) == expected_figures(demo_db, period.start, period.end)


def test_the_demo_gives_figures_worth_reporting(demo_db):
    """A newcomer's first look shows real numbers, not zeros."""
    found = figures.figures_for_period(parse_period("2025"))
    for key in ("reception.sessions", "petition.received", "dialogue.count", "voter_meeting.count",
                "exemplary_model.new", "supervision.count", "campaign.count", "democracy.count",
                "prestigious_person.active", "public_opinion.count"):  # fmt: skip
        assert found[key] > 0, key


def test_deleted_records_never_count(demo_db):
    period = parse_period("2026")
    before = figures.figures_for_period(period)["reception.sessions"]
    register = get_register("reception")
    raw = {"date": "02/02/2026", "host_role": "bi_thu", "citizen_name": "Hà Văn Tú", "people_count": 6,
           "content": "Đường ngập", "classification": "phan_anh", "action": "giai_thich"}
    saved = records.save(register, raw, today=TODAY)
    assert figures.figures_for_period(period)["reception.sessions"] == before + 1
    records.delete(register, saved["uuid"])
    assert figures.figures_for_period(period)["reception.sessions"] == before


def test_summary_compares_with_the_same_period_a_year_earlier(demo_db):
    period = parse_period("2026-Q1")
    summary = figures.summarize(period)
    assert summary.previous == figures.figures_for_period(parse_period("2025-Q1"))
    now, then = summary.figures["reception.sessions"], summary.previous["reception.sessions"]
    assert summary.change_percent["reception.sessions"] == figures.change_percent(now, then)


@pytest.mark.parametrize(
    ("now", "then", "change"),
    [(102, 137, -25.5), (137, 137, 0.0), (3, 2, 50.0), (5, 0, None), (None, 4, None)],
)
def test_change_percent_rounds_half_up_to_one_decimal(now, then, change):
    """137 receptions a year before and 102 now: "giảm 25,5%"."""
    assert figures.change_percent(now, then) == change


def test_resolved_percent_is_null_without_petitions_in_jurisdiction(commune_db):
    assert figures.figures_for_period(parse_period("2026"))["petition.resolved_percent"] is None


def test_every_demo_record_passes_every_rule_of_its_register(demo_db):
    """The sample data is what an officer may enter: read back from the file, each record is
    checked again by its register (no petition outside the jurisdiction is taken up)."""
    from desktop_app.domain.registers import REGISTERS
    from desktop_app.store import records as stored

    checked = 0
    for register in REGISTERS:
        for record in stored.iter_all(register):
            editable = {f.name: record.get(f.name) for f in register.editable_fields}
            again, problems = register.read(editable)
            register.prepare(again)
            problems += register.validate(again, TODAY)
            assert problems == [], f"{register.name} {record['uuid']}: {problems}"
            checked += 1
    assert checked >= 500


@pytest.mark.sqlite_only  # SQLite's plan; the server's planner chooses by its statistics
@pytest.mark.parametrize("unit_codes", [None, ("26734", "26737")])
def test_figures_are_read_from_the_figures_index_alone(demo_db, unit_codes):
    """A province sums a million records: every query the figures run reads the register's
    figures index, never the records themselves (a covering index, in SQLite's own words)."""
    from desktop_app.store.database import database

    statements: list[str] = []
    connection = database.connection()
    connection.set_trace_callback(statements.append)
    try:
        figures.summarize(parse_period("2026"), unit_codes=unit_codes)
    finally:
        connection.set_trace_callback(None)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2 * 13  # one per register and condition, for the period and a year earlier
    for statement in selects:
        plan = " ".join(row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}"))
        table = re.search(r'FROM "(\w+)"', statement).group(1)
        used = re.search(r"USING COVERING INDEX (\w+)", plan)
        assert used, (plan, statement)
        columns = tuple(row[2] for row in connection.execute(f"PRAGMA index_info('{used.group(1)}')"))
        assert columns == figures_index(BY_NAME[table])[0], (plan, statement)
