"""The figures of a period: the one function every report, the home screen and ``summary`` use.

Each figure is defined in REPORTS.md ("The figures of a period"). Figures are computed per unit
(one GROUP BY per register and condition, read from its figures index alone) and summed for the
area, so the total of a consolidated report is always the sum of its unit rows. Deleted records
never count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import peewee as pw

from desktop_app.domain.periods import Period
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.registers.reception import GROUP_SIZE
from desktop_app.store import engines
from desktop_app.store.models import model_for
from desktop_app.store.queries import deadline_states, open_on, resolved_by

Figures = dict[str, Any]


def _percent(part: int, whole: int) -> float | None:
    if not whole:
        return None
    value = Decimal(part) * 100 / Decimal(whole)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def change_percent(current: float | None, previous: float | None) -> float | None:
    """The change from ``previous`` to ``current`` in percent, one decimal; None when undefined."""
    if current is None or previous is None or previous == 0:
        return None
    value = (Decimal(str(current)) - Decimal(str(previous))) * 100 / Decimal(str(previous))
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


class _Collector:
    """Per-unit figures, filled by one GROUP BY unit_code query per register and condition, each
    read from the register's figures index alone (``models.figures_index``)."""

    def __init__(self, unit_codes: Iterable[str] | None) -> None:
        self.unit_codes = None if unit_codes is None else tuple(unit_codes)
        self.by_unit: dict[str, Figures] = defaultdict(dict)
        self.keys: list[str] = []

    def aggregate(self, register_name: str, where: pw.Expression, **figures: pw.Node) -> None:
        """Add figures ``{key: aggregate expression}`` for the live records matching ``where``."""
        model = model_for(register_name)
        condition = model.deleted_at.is_null() & where
        if self.unit_codes is not None:
            # Not through the unit's own index, which would read every record of the units
            # instead of the figures index.
            condition &= engines.not_through_own_index(model.unit_code).in_(self.unit_codes)
        names = list(figures)
        columns = [pw.fn.COALESCE(expr, 0).alias(f"f{i}") for i, expr in enumerate(figures.values())]
        query = model.select(model.unit_code, *columns).where(condition).group_by(model.unit_code)
        for unit_code, *values in query.tuples():
            for name, value in zip(names, values, strict=True):
                self.by_unit[unit_code][name] = int(value)
        self.keys.extend(names)

    def totals(self, unit_codes: Iterable[str] | None = None) -> Figures:
        """The sum over ``unit_codes`` (all collected units when None), with derived figures."""
        chosen = self.by_unit.keys() if unit_codes is None else unit_codes
        total: Figures = dict.fromkeys(self.keys, 0)
        for code in chosen:
            for key, value in self.by_unit.get(code, {}).items():
                total[key] += value
        total["petition.resolved_percent"] = _percent(
            total["petition.resolved_in_jurisdiction"], total["petition.in_jurisdiction"]
        )
        return _ordered(total)


def _by_choice(register_name: str, field_name: str, prefix: str) -> dict[str, pw.Node]:
    """``prefix.<choice>`` counts for every choice of ``field_name``, zero included, as columns of
    the register's one query."""
    column = getattr(model_for(register_name), field_name)
    choices = BY_NAME[register_name].field(field_name).choices
    return {f"{prefix}.{c.code}": _count_if(column == c.code) for c in choices}


def _ordered(figures: Figures) -> Figures:
    """Keys in a stable order: by register as declared, then as collected."""
    order = {name: index for index, name in enumerate(BY_NAME)}
    return dict(sorted(figures.items(), key=lambda item: order.get(item[0].split(".")[0], 99)))


def judged_on(period: Period, today: dt.date | None = None) -> dt.date:
    """The day a period's open petitions are judged on: its last day, or today while it runs (a
    petition due next week is not overdue yet, whatever the quarter's end will find)."""
    return min(period.end, today or dt.date.today())


def _in(column: pw.Field, period: Period) -> pw.Expression:
    return column.between(period.start, period.end)


COUNT = pw.fn.COUNT(pw.SQL("*"))


def _total(column: pw.Field) -> pw.Node:
    return pw.fn.SUM(column)


def _count_if(condition: pw.Expression) -> pw.Node:
    return pw.fn.SUM(pw.Case(None, [(condition, 1)], 0))


def _receptions(c: _Collector, period: Period) -> None:
    m = model_for("reception")
    c.aggregate("reception", _in(m.date, period), **{
        "reception.sessions": COUNT,
        "reception.people": _total(m.people_count),
        "reception.groups": _count_if(m.people_count >= GROUP_SIZE),
        **_by_choice("reception", "classification", "reception.by_classification"),
    })  # fmt: skip


def _petitions(c: _Collector, period: Period) -> None:
    m = model_for("petition")
    received = _in(m.received_date, period)
    resolved = resolved_by(m, period.end)
    c.aggregate("petition", received, **{
        "petition.received": COUNT,
        "petition.in_jurisdiction": _count_if(m.in_jurisdiction == True),  # noqa: E712
        "petition.resolved": _count_if(resolved),
        "petition.resolved_in_jurisdiction": _count_if(resolved & (m.in_jurisdiction == True)),  # noqa: E712
        **_by_choice("petition", "kind", "petition.by_kind"),
    })  # fmt: skip
    # The petitions open on the day the period is judged (received by then, and not resolved,
    # transferred or filed by then), by their deadline's state on it: deadlines.deadline_state in SQL.
    day = judged_on(period)
    c.aggregate("petition", open_on(m, day), **{
        f"petition.{state}": _count_if(condition) for state, condition in deadline_states(m, day).items()})  # fmt: skip


def _dialogues(c: _Collector, period: Period) -> None:
    m = model_for("dialogue")
    c.aggregate("dialogue", _in(m.date, period), **{
        "dialogue.count": COUNT,
        "dialogue.participants": _total(m.participants),
        "dialogue.opinions": _total(m.opinions_raised),
        "dialogue.answered_on_spot": _total(m.answered_on_spot),
    })  # fmt: skip


def _voter_meetings(c: _Collector, period: Period) -> None:
    m = model_for("voter_meeting")
    c.aggregate("voter_meeting", _in(m.date, period), **{
        "voter_meeting.count": COUNT,
        "voter_meeting.voters": _total(m.voters),
        "voter_meeting.opinions": _total(m.opinions),
    })  # fmt: skip


def _exemplary_models(c: _Collector, period: Period) -> None:
    m = model_for("exemplary_model")
    new = _in(m.start_date, period)
    c.aggregate("exemplary_model", new, **{
        "exemplary_model.new": COUNT,
        "exemplary_model.funding_vnd": _total(m.funding_vnd),
        **_by_choice("exemplary_model", "kind", "exemplary_model.new_by_kind"),
        **_by_choice("exemplary_model", "field", "exemplary_model.new_by_field"),
    })  # fmt: skip
    c.aggregate("exemplary_model", _in(m.recognition_date, period), **{"exemplary_model.recognized": COUNT})
    maintained = (
        (m.start_date <= period.end)
        & (m.status != "khong_dat")
        & (m.end_date.is_null() | (m.end_date >= period.end))
    )
    c.aggregate("exemplary_model", maintained, **{"exemplary_model.maintained": COUNT})


def _supervisions(c: _Collector, period: Period) -> None:
    m = model_for("supervision")
    c.aggregate("supervision", _in(m.date, period), **{
        "supervision.count": COUNT,
        "supervision.recommendations": _total(m.recommendations),
        "supervision.accepted": _total(m.accepted),
        **_by_choice("supervision", "activity", "supervision.by_activity"),
    })  # fmt: skip


def _campaigns(c: _Collector, period: Period) -> None:
    m = model_for("campaign")
    overlaps = (m.start_date <= period.end) & (m.end_date.is_null() | (m.end_date >= period.start))
    c.aggregate("campaign", overlaps, **{
        "campaign.count": COUNT,
        "campaign.sessions": _total(m.sessions),
        "campaign.participants": _total(m.participants),
    })  # fmt: skip


def _democracy(c: _Collector, period: Period) -> None:
    m = model_for("democracy")
    c.aggregate("democracy", _in(m.date, period), **{
        "democracy.count": COUNT,
        **_by_choice("democracy", "kind", "democracy.by_kind"),
    })  # fmt: skip


def _prestigious_persons(c: _Collector, period: Period) -> None:
    m = model_for("prestigious_person")
    active = (m.active == True) & (m.recognized_year.is_null() | (m.recognized_year <= period.end.year))  # noqa: E712
    c.aggregate("prestigious_person", active, **{"prestigious_person.active": COUNT})


def _public_opinion(c: _Collector, period: Period) -> None:
    m = model_for("public_opinion")
    c.aggregate("public_opinion", _in(m.date, period), **{
        "public_opinion.count": COUNT,
        **_by_choice("public_opinion", "mood", "public_opinion.by_mood"),
    })  # fmt: skip


# One reckoning per register, in the order of REPORTS.md; each adds its figures to the collector.
BY_REGISTER: dict[str, Callable[[_Collector, Period], None]] = {
    "reception": _receptions, "petition": _petitions, "dialogue": _dialogues, "voter_meeting": _voter_meetings,
    "exemplary_model": _exemplary_models, "supervision": _supervisions, "campaign": _campaigns,
    "democracy": _democracy, "prestigious_person": _prestigious_persons, "public_opinion": _public_opinion,
}  # fmt: skip


def _collect(period: Period, unit_codes: Iterable[str] | None,
             registers: Collection[str] | None = None) -> _Collector:  # fmt: skip
    collector = _Collector(unit_codes)
    for name, reckon in BY_REGISTER.items():
        if registers is None or name in registers:
            reckon(collector, period)
    return collector


def figures_for_period(period: Period, unit_codes: Iterable[str] | None = None,
                       registers: Collection[str] | None = None) -> Figures:  # fmt: skip
    """The figures of ``period`` for the records of ``unit_codes`` (every unit when None); with
    ``registers``, only theirs (a chart of two registers asks twelve months of them)."""
    return _collect(period, unit_codes, registers).totals()


def unit_figures(period: Period, area: dict[str, list[str]]) -> dict[str, Figures]:
    """The figures of ``period`` for each unit of ``area`` (a unit's code and the communes it
    covers), from one reckoning: the rows of a consolidated report."""
    collector = _collect(period, None)
    return {code: collector.totals(codes) for code, codes in area.items()}


@dataclass
class PeriodSummary:
    """A period's figures, the same period a year earlier, the change, and per-unit figures."""

    period: Period
    figures: Figures
    previous: Figures
    change_percent: dict[str, float | None]
    units: dict[str, Figures] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "period": {"code": self.period.code, "start": self.period.start.isoformat(),
                       "end": self.period.end.isoformat()},
            "figures": self.figures,
            "previous_year": self.previous,
            "change_percent": self.change_percent,
            "units": self.units,
        }


def summarize(
    period: Period, area: dict[str, list[str]] | None = None, unit_codes: Iterable[str] | None = None
) -> PeriodSummary:
    """Figures for ``period`` and a year earlier; ``area`` maps each unit under a merging unit
    to the commune codes it covers, and gives one set of figures per unit."""
    current = _collect(period, unit_codes)
    previous = _collect(period.previous_year(), unit_codes)
    figures, before = current.totals(), previous.totals()
    changes = {
        key: change_percent(value, before.get(key))
        for key, value in figures.items()
        if isinstance(value, int | float) and not key.endswith("_percent")
    }
    units = {code: current.totals(codes) for code, codes in (area or {}).items()}
    return PeriodSummary(period, figures, before, changes, units)
