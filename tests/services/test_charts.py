"""The home page's bars are the figures of the period (one source): the petitions by state and the
models by field of a commune, and at a merging unit a bar per unit under it, whose records are
what the registers' lists show for the unit and the period and whose state is that of its packages
and locks, the units that have not sent or not locked first."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.domain.indicators import RECORD_KEYS
from desktop_app.domain.periods import parse_period, quarter_of
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.units import area_of
from desktop_app.services import charts, demo, figures, periods, unit_setup
from desktop_app.store import queries
from tests.sync.conftest import COMMUNES, DISTRICT, make_unit, opened
from tests.sync.test_merge import merge_into, package

Q3 = parse_period("2026-Q3")
FIELD = BY_NAME["exemplary_model"].field("field")
pytestmark = pytest.mark.both_engines  # the unit's database on a SQLite file and on a PostgreSQL server


def listed(selection: charts.Selection, unit_codes: tuple[str, ...] | None = None) -> int:
    """How many records the register's list shows for what a bar selects."""
    period = selection.period
    return queries.count(queries.ListQuery(
        BY_NAME[selection.register], start=period and period.start, end=period and period.end,
        choices=(selection.choice,) if selection.choice else (), attention=selection.attention,
        today=selection.judged_on, resolved_by=selection.resolved_by, unit_codes=unit_codes))  # fmt: skip


def test_the_petitions_by_state_and_the_models_by_field_are_the_period_s_figures(commune_db):
    today = dt.date.today()
    demo.fill(400, seed=5, years=2, today=today)
    for period in (parse_period(str(today.year)), parse_period(str(today.year - 1)), quarter_of(today), Q3):
        values = figures.figures_for_period(period)
        states, fields = charts.petition_states(period, values), charts.models_by_field(period, values)
        for chart in (states, fields):
            assert chart.values == [values[bar.key] for bar in chart.bars]
            for bar, value in zip(chart.bars, chart.values, strict=True):
                assert listed(bar.selection) == value, f"{period.code} {bar.label}: the list shows what the bar counts"
        assert [bar.label for bar in states.bars] == ["Trong hạn", "Sắp đến hạn", "Quá hạn", "Đã giải quyết"]
        assert [bar.label for bar in fields.bars] == [c.display for c in FIELD.choices]
    last_year, this_year = parse_period(str(today.year - 1)), parse_period(str(today.year))
    values = figures.figures_for_period(last_year)
    assert sum(charts.models_by_field(last_year, values).values) == values["exemplary_model.new"] > 0
    states = charts.petition_states(this_year, figures.figures_for_period(this_year))
    assert all(states.values), "the sample has petitions in every state this year"


def test_a_running_period_is_judged_today_and_a_past_one_on_its_last_day(commune_db):
    today = dt.date.today()
    assert figures.judged_on(parse_period(str(today.year))) == today
    assert figures.judged_on(Q3) == dt.date(2026, 9, 30)
    assert "đến ngày 30/09/2026" in charts.petition_states(Q3, figures.figures_for_period(Q3)).title


def test_a_merging_unit_sees_a_bar_per_unit_with_who_is_behind_first(tmp_path, place):
    district = make_unit(place("d"), DISTRICT)
    wards = [make_unit(tmp_path / f"w{i}.sqlite", code, records=60, seed=i + 1) for i, code in enumerate(COMMUNES[:2])]
    with opened(wards[0]):
        periods.lock(Q3.code, "Đã ban hành báo cáo quý III")
    merge_into(district, [package(ward, tmp_path / f"up{i}", full=True) for i, ward in enumerate(wards)])
    with opened(district):
        unit = unit_setup.current_unit()
        area = area_of(unit)
        bars = charts.units_overview(Q3, unit)
        assert [bar.code for bar in bars] == [b.code for b in bars if b.status == "not_sent"] + [
            COMMUNES[1], COMMUNES[0]], "not sent first, then sent, then locked"
        assert {bar.code for bar in bars} == set(area)
        by_code = {bar.code: bar for bar in bars}
        assert (by_code[COMMUNES[0]].status, by_code[COMMUNES[1]].status) == ("locked", "sent")
        summary = figures.summarize(Q3, area)
        for bar in bars:
            unit_figures = summary.units[bar.code]
            assert bar.figures == unit_figures
            assert bar.records == sum(unit_figures[key] for key in RECORD_KEYS)
            assert bar.overdue == unit_figures["petition.overdue"]
            shown = sum(listed(charts.Selection(key.split(".")[0], Q3), tuple(area[bar.code])) for key in RECORD_KEYS)
            assert bar.records == shown, f"{bar.code}: the records its registers list for the quarter"
        assert by_code[COMMUNES[0]].records > 0 and by_code[COMMUNES[1]].records > 0
        assert sum(bar.records for bar in bars) == sum(summary.figures[key] for key in RECORD_KEYS)
        by_records = charts.units_overview(Q3, unit, "records")
        assert [bar.records for bar in by_records] == sorted((bar.records for bar in bars), reverse=True)
        assert [bar.code for bar in charts.units_overview(Q3, unit, "code")] == sorted(area)
