"""Reporting periods: the codes of the command line and the labels of reports."""

import datetime as dt

import pytest

from desktop_app.domain import l10n
from desktop_app.domain.periods import PeriodError, date_range, parse_period, quarter_of, year_of

D = dt.date


@pytest.mark.parametrize(
    ("code", "start", "end", "label"),
    [
        ("2024", D(2024, 1, 1), D(2024, 12, 31), "năm 2024"),
        ("2024-H1", D(2024, 1, 1), D(2024, 6, 30), "6 tháng đầu năm 2024"),
        ("2024-H2", D(2024, 7, 1), D(2024, 12, 31), "6 tháng cuối năm 2024"),
        ("2024-9M", D(2024, 1, 1), D(2024, 9, 30), "9 tháng năm 2024"),
        ("2024-Q1", D(2024, 1, 1), D(2024, 3, 31), "quý I năm 2024"),
        ("2024-Q4", D(2024, 10, 1), D(2024, 12, 31), "quý IV năm 2024"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "tháng 2 năm 2024"),
        ("2023-02", D(2023, 2, 1), D(2023, 2, 28), "tháng 2 năm 2023"),
        ("2024-q3", D(2024, 7, 1), D(2024, 9, 30), "quý III năm 2024"),
    ],
)
def test_period_codes(code, start, end, label):
    """Every form of DESIGN.md reads to its first and last day, and a report's label."""
    period = parse_period(code)
    assert (period.start, period.end) == (start, end)
    assert period.label == label
    assert parse_period(period.code) == period


@pytest.mark.parametrize("code", ["", "24", "2024-Q5", "2024-13", "2024-00", "2024-H3", "năm 2024", "0999"])
def test_bad_period_codes_say_what_is_accepted(code):
    """A period that cannot be read is refused with the accepted forms in the message."""
    with pytest.raises(PeriodError, match="2024-Q1"):
        parse_period(code)


def test_previous_year_keeps_the_shape_and_handles_leap_days():
    """"so với cùng kỳ năm trước": the same period one year back, 29/2 becoming 28/2."""
    assert parse_period("2024-Q1").previous_year() == parse_period("2023-Q1")
    leap = date_range(D(2024, 2, 1), D(2024, 2, 29)).previous_year()
    assert (leap.start, leap.end) == (D(2023, 2, 1), D(2023, 2, 28))


def test_date_range_refuses_an_end_before_its_start():
    """--from and --to in the wrong order are refused, naming both dates."""
    with pytest.raises(PeriodError, match="05/01/2024"):
        date_range(D(2024, 1, 5), D(2024, 1, 1))
    period = date_range(D(2024, 1, 1), D(2024, 1, 5))
    assert period.label == "từ ngày 01/01/2024 đến ngày 05/01/2024"
    assert period.contains(D(2024, 1, 5)) and not period.contains(D(2024, 1, 6))


def test_quarter_and_year_of_a_day():
    assert quarter_of(D(2026, 11, 24)).code == "2026-Q4"
    assert year_of(D(2026, 11, 24)).code == "2026"


def test_labels_follow_the_language():
    """In English the same period reads in English."""
    l10n.set_language("en")
    assert parse_period("2024-Q2").label == "quarter II 2024"
    assert parse_period("2024-H1").label == "first half of 2024"
