"""Reporting periods: a year, six or nine months, a quarter, a month, or any date range.

Written as on the command line: ``2024``, ``2024-H1``, ``2024-H2``, ``2024-9M``, ``2024-Q1``,
``2024-03``; a range is given by its two dates. A period is [start, end], both inclusive.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from desktop_app.domain.l10n import _, format_date, roman_quarter

_PATTERNS = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-H([12])$", re.IGNORECASE), "half"),
    (re.compile(r"^(\d{4})-9M$", re.IGNORECASE), "nine_months"),
    (re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE), "quarter"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
)


# The states of a unit's period once a leader has approved it (services/periods.py).
LOCKED, REOPENED = "locked", "reopened"
LOCK_STATES = (LOCKED, REOPENED)


class PeriodError(ValueError):
    """A period that cannot be read; the message says what form is expected."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    kind: str  # year, half, nine_months, quarter, month, range
    number: int = 0  # the half, quarter or month

    @property
    def code(self) -> str:
        year = self.start.year
        return {
            "year": f"{year}",
            "half": f"{year}-H{self.number}",
            "nine_months": f"{year}-9M",
            "quarter": f"{year}-Q{self.number}",
            "month": f"{year}-{self.number:02d}",
        }.get(self.kind, f"{self.start.isoformat()}..{self.end.isoformat()}")

    @property
    def label(self) -> str:
        """The period as a report names it: "quý I năm 2024", "6 tháng đầu năm 2024"."""
        year = self.start.year
        if self.kind == "year":
            return _("năm {year}").format(year=year)
        if self.kind == "half":
            if self.number == 1:
                return _("6 tháng đầu năm {year}").format(year=year)
            return _("6 tháng cuối năm {year}").format(year=year)
        if self.kind == "nine_months":
            return _("9 tháng năm {year}").format(year=year)
        if self.kind == "quarter":
            return _("quý {quarter} năm {year}").format(quarter=roman_quarter(self.number), year=year)
        if self.kind == "month":
            return _("tháng {month} năm {year}").format(month=self.number, year=year)
        return _("từ ngày {start} đến ngày {end}").format(
            start=format_date(self.start), end=format_date(self.end)
        )

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def previous_year(self) -> Period:
        """The same period one year earlier, for "giảm 25,5% so với năm 2021"."""
        return Period(_shift_year(self.start, -1), _shift_year(self.end, -1), self.kind, self.number)


def _shift_year(day: dt.date, years: int) -> dt.date:
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(code: str) -> Period:
    """Read a period code; PeriodError says the accepted forms when it cannot."""
    code = code.strip()
    for pattern, kind in _PATTERNS:
        match = pattern.match(code)
        if not match:
            continue
        year = int(match.group(1))
        if year < 1900 or year > 2999:
            break
        if kind == "year":
            return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), kind)
        number = int(match.group(2)) if kind != "nine_months" else 0
        if kind == "half":
            first = 1 if number == 1 else 7
            return Period(dt.date(year, first, 1), _month_end(year, first + 5), kind, number)
        if kind == "nine_months":
            return Period(dt.date(year, 1, 1), dt.date(year, 9, 30), kind)
        if kind == "quarter":
            first = 3 * number - 2
            return Period(dt.date(year, first, 1), _month_end(year, first + 2), kind, number)
        if 1 <= number <= 12:
            return Period(dt.date(year, number, 1), _month_end(year, number), kind, number)
        break
    raise PeriodError(
        _(
            "Kỳ «{code}» không hợp lệ. Ghi một trong các dạng: 2024 (năm), 2024-H1 (6 tháng), "
            "2024-9M (9 tháng), 2024-Q1 (quý), 2024-03 (tháng)."
        ).format(code=code)
    )


def date_range(start: dt.date, end: dt.date) -> Period:
    if end < start:
        raise PeriodError(
            _("Ngày kết thúc {end} trước ngày bắt đầu {start}.").format(
                end=format_date(end), start=format_date(start)
            )
        )
    return Period(start, end, "range")


def quarter_of(day: dt.date) -> Period:
    return parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def month_of(day: dt.date) -> Period:
    return parse_period(f"{day.year}-{day.month:02d}")


def year_of(day: dt.date) -> Period:
    return parse_period(str(day.year))


def periods_of_year(year: int) -> list[Period]:
    """The periods a report of ``year`` can cover, as the report page offers them: the year,
    its halves, nine months, quarters and months."""
    codes = [str(year), f"{year}-H1", f"{year}-H2", f"{year}-9M"]
    codes += [f"{year}-Q{q}" for q in range(1, 5)] + [f"{year}-{m:02d}" for m in range(1, 13)]
    return [parse_period(code) for code in codes]
