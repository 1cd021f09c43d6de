"""What the home page's charts show, from the figures the reports print (services/figures.py):
one source, never a second count. A month's bar is the figure of that month as a period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop_app.domain.l10n import N_, _
from desktop_app.domain.periods import Period, parse_period
from desktop_app.services import figures

MONTHS = 12


@dataclass(frozen=True)
class MonthlySeries:
    """One figure month by month: this year's twelve months and the same months a year earlier."""

    key: str  # the figure's key, as the report's annex has it
    title: str  # N_ marked
    register: str  # the register a bar opens, on the records dated in the bar's month
    resolved: bool = False  # only those resolved by the month's end (as the figure counts them)

    @property
    def display_title(self) -> str:
        return _(self.title)


MONTHLY_SERIES = (
    MonthlySeries("reception.sessions", N_("Lượt tiếp công dân"), "reception"),
    MonthlySeries("petition.received", N_("Đơn thư tiếp nhận"), "petition"),
    MonthlySeries("petition.resolved", N_("Đơn thư đã giải quyết"), "petition", resolved=True),
)


@dataclass
class MonthlyChart:
    months: list[Period]  # the twelve months, oldest first
    values: dict[str, list[int]] = field(default_factory=dict)  # key -> a figure per month
    year_before: dict[str, list[int]] = field(default_factory=dict)  # key -> the same months a year earlier

    @property
    def labels(self) -> list[str]:
        """Under the bars: the month's number (its year is in the window's tip)."""
        return [str(month.start.month) for month in self.months]


def months_ending(period: Period, today: dt.date) -> list[Period]:
    """The twelve months that end with the chosen period's last month (today's, when the period
    goes on past today)."""
    last = min(period.end, today)
    year, month = last.year, last.month
    found = []
    for _index in range(MONTHS):
        found.append(parse_period(f"{year}-{month:02d}"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found[::-1]


def monthly(period: Period, today: dt.date | None = None, unit_codes: list[str] | None = None) -> MonthlyChart:
    """The monthly series of the twelve months ending with ``period``, and a year earlier."""
    months = months_ending(period, today or dt.date.today())
    registers = {series.key.split(".")[0] for series in MONTHLY_SERIES}
    chart = MonthlyChart(months)
    for target, shift in ((chart.values, 0), (chart.year_before, 1)):
        for month in months:
            asked = month if not shift else month.previous_year()
            values = figures.figures_for_period(asked, unit_codes, registers)
            for series in MONTHLY_SERIES:
                target.setdefault(series.key, []).append(int(values.get(series.key) or 0))
    return chart


def home_sheet(period: Period, today: dt.date | None = None) -> bytes:
    """The home page of ``period`` as a one-page PDF for a meeting: the same figures and charts."""
    from desktop_app.domain.headlines import headline_figures
    from desktop_app.reports.home_sheet import HomeSheet, Series, build_home_sheet
    from desktop_app.services import unit_setup

    today = today or dt.date.today()
    chart = monthly(period, today)
    sheet = HomeSheet(
        unit=unit_setup.current_unit().display, period=period.label, printed_on=today,
        lines=headline_figures(figures.figures_for_period(period)),
        months=chart.labels,
        series=[Series(s.display_title, chart.values[s.key], chart.year_before[s.key]) for s in MONTHLY_SERIES],
    )  # fmt: skip
    return build_home_sheet(sheet)
