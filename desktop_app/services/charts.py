"""What the home page's charts show, from the figures the reports print (services/figures.py):
one source, never a second count. A month's bar is the figure of that month as a period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop_app.domain.indicators import RECORD_KEYS
from desktop_app.domain.l10n import N_, _, format_date
from desktop_app.domain.periods import Period, parse_period
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.units import Unit, area_of, children
from desktop_app.services import figures
from desktop_app.services.periods import LOCKED, NOT_SENT, SENT, unit_periods
from desktop_app.store.queries import ATTENTION_DUE_SOON, ATTENTION_ON_TIME, ATTENTION_OVERDUE

MONTHS = 12


@dataclass(frozen=True)
class Selection:
    """What a bar counts, said as the register's own filters: the list a click on it opens."""

    register: str
    period: Period | None = None  # the records dated in it; None: whatever their date
    resolved_by: dt.date | None = None  # petitions: only those resolved by the end of this day
    choice: tuple[str, str] | None = None  # (field, code): only the records of that choice
    attention: str | None = None  # petitions open on ``judged_on``: overdue, due_soon or on_time
    judged_on: dt.date | None = None


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

    def selection(self, month: Period) -> Selection:
        return Selection(self.register, month, month.end if self.resolved else None)


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


@dataclass(frozen=True)
class Bar:
    key: str  # the figure it shows
    label: str
    selection: Selection


@dataclass(frozen=True)
class BarChart:
    """Bars of one period's figures, each a figure of the report with the list it counts."""

    title: str
    bars: list[Bar]
    values: list[int]


# The petitions by their state on the day the period is judged (figures.judged_on); resolved: those
# received in the period and resolved by then, as the report's "đã giải quyết" counts them.
PETITION_STATES = (
    ("petition.on_time", N_("Trong hạn"), ATTENTION_ON_TIME),
    ("petition.due_soon", N_("Sắp đến hạn"), ATTENTION_DUE_SOON),
    ("petition.overdue", N_("Quá hạn"), ATTENTION_OVERDUE),
    ("petition.resolved", N_("Đã giải quyết"), None),
)


def petition_states(period: Period, values: figures.Figures, today: dt.date | None = None) -> BarChart:
    """The open petitions by the state of their deadline, and those of the period resolved."""
    day = figures.judged_on(period, today)
    bars = [Bar(key, _(label), Selection("petition", attention=attention, judged_on=day) if attention
                else Selection("petition", period, resolved_by=period.end))
            for key, label, attention in PETITION_STATES]  # fmt: skip
    title = _("Đơn thư theo tình trạng, đến ngày {date}").format(date=format_date(day))
    return BarChart(title, bars, [int(values.get(bar.key) or 0) for bar in bars])


def models_by_field(period: Period, values: figures.Figures) -> BarChart:
    """The models begun in the period, by field (the annex's rows)."""
    field = BY_NAME["exemplary_model"].field("field")
    bars = [Bar(f"exemplary_model.new_by_field.{choice.code}", choice.display,
                Selection("exemplary_model", period, choice=("field", choice.code)))
            for choice in field.choices]  # fmt: skip
    return BarChart(_("Mô hình mới theo lĩnh vực"), bars, [int(values.get(bar.key) or 0) for bar in bars])


# ------------------------------------------------------------------ a merging unit's units

STATUS_ORDER = {NOT_SENT: 0, SENT: 1, LOCKED: 2}  # who is behind comes first


@dataclass(frozen=True)
class UnitBar:
    """One unit under a merging unit, for a period: its records, its overdue petitions, whether it
    has sent and locked the period, and its figures (what a click on its bar shows)."""

    code: str
    name: str
    records: int  # the records of the period in its registers (indicators.RECORD_KEYS)
    overdue: int
    status: str  # periods.NOT_SENT, SENT or LOCKED
    status_label: str
    figures: figures.Figures


SORTS = {
    "status": (N_("Chưa gửi, chưa chốt trước"), lambda bar: (STATUS_ORDER[bar.status], bar.code)),
    "records": (N_("Nhiều bản ghi trước"), lambda bar: (-bar.records, bar.code)),
    "overdue": (N_("Nhiều đơn quá hạn trước"), lambda bar: (-bar.overdue, STATUS_ORDER[bar.status], bar.code)),
    "code": (N_("Theo mã đơn vị"), lambda bar: bar.code),
}


def units_overview(period: Period, unit: Unit, order: str = "status") -> list[UnitBar]:
    """A bar per unit directly under ``unit``, from the figures the consolidated report prints."""
    area = area_of(unit)
    names = {child.code: child.name for child in children(unit)}
    per_unit = figures.unit_figures(period, area)
    states = unit_periods(period, list(area))
    bars = [UnitBar(code, names[code], sum(per_unit[code].get(key) or 0 for key in RECORD_KEYS),
                    per_unit[code].get("petition.overdue") or 0, states[code].status, states[code].label,
                    per_unit[code]) for code in area]  # fmt: skip
    return sorted(bars, key=SORTS[order][1])


def home_sheet(period: Period, today: dt.date | None = None) -> bytes:
    """The home page of ``period`` as a one-page PDF for a meeting: the same figures and charts."""
    from desktop_app.domain.headlines import headline_figures
    from desktop_app.reports.home_sheet import Bars, HomeSheet, Series, build_home_sheet
    from desktop_app.services import unit_setup

    today = today or dt.date.today()
    chart = monthly(period, today)
    values = figures.figures_for_period(period)
    bars = [petition_states(period, values, today), models_by_field(period, values)]
    sheet = HomeSheet(
        unit=unit_setup.current_unit().display, period=period.label, printed_on=today,
        lines=headline_figures(values),
        months=chart.labels,
        series=[Series(s.display_title, chart.values[s.key], chart.year_before[s.key]) for s in MONTHLY_SERIES],
        bars=[Bars(b.title, [bar.label for bar in b.bars], b.values) for b in bars],
    )  # fmt: skip
    return build_home_sheet(sheet)
