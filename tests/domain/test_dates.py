"""Dates as people type them: every accepted form gives its one date, everything else a reason."""

import datetime as dt

import pytest

from desktop_app.domain import l10n
from desktop_app.domain.dates import DateTextError, full_year, parse_date

TODAY = dt.date(2026, 12, 4)

# What an officer types, and the one date it means. Day first, always.
TYPED = [
    ("15/03/2024", dt.date(2024, 3, 15)),
    ("15-3-2024", dt.date(2024, 3, 15)),
    ("15.03.2024", dt.date(2024, 3, 15)),
    ("15 03 2024", dt.date(2024, 3, 15)),
    ("15032024", dt.date(2024, 3, 15)),
    ("1/2/2024", dt.date(2024, 2, 1)),
    ("01/02/2024", dt.date(2024, 2, 1)),
    ("6/7/2017", dt.date(2017, 7, 6)),
    ("672017", dt.date(2017, 7, 6)),  # d m yyyy without separators
    ("150324", dt.date(2024, 3, 15)),  # dd mm yy
    ("15/3", dt.date(2026, 3, 15)),  # this year
    ("1503", dt.date(2026, 3, 15)),
    ("15/3/24", dt.date(2024, 3, 15)),
    ("15/3/27", dt.date(2027, 3, 15)),  # a year ahead at most: still 20yy
    ("15/3/28", dt.date(1928, 3, 15)),  # more than a year ahead: 19yy
    ("29/02/2024", dt.date(2024, 2, 29)),
    ("  20/05/2024 ", dt.date(2024, 5, 20)),
    ("2024-03-15", dt.date(2024, 3, 15)),  # ISO, as files write it
    ("2024-03-15 00:00:00", dt.date(2024, 3, 15)),
    ("31/12/2026", dt.date(2026, 12, 31)),
]

# What is not one real date, and the words of the reason given.
REFUSED = [
    ("31/02/2024", "không có ngày 31/02/2024"),
    ("29/02/2023", "không có ngày 29/02/2023"),
    ("15/13/2024", "không có tháng 13"),
    ("00/01/2024", "không có ngày 00/01/2024"),
    ("1122024", "không rõ ngày, tháng"),  # 11/2 or 1/12: never guessed
    ("12345", "không rõ ngày, tháng"),
    ("15/03/1850", "năm 1850 nằm ngoài khoảng"),
    ("15/03/20245", "không phải là một ngày"),
    ("hôm qua", "không phải là một ngày"),
    ("15//2024", "không phải là một ngày"),
    ("", "chưa có ngày"),
]


@pytest.mark.parametrize(("typed", "expected"), TYPED)
def test_each_typed_form_gives_its_one_date(typed, expected):
    """Day first, with or without separators, two- or four-digit years."""
    assert parse_date(typed, TODAY) == expected


@pytest.mark.parametrize(("typed", "reason"), REFUSED)
def test_what_is_not_one_real_date_is_refused_with_its_reason(typed, reason):
    """A date that does not exist is refused, never rolled over into another one."""
    with pytest.raises(DateTextError) as caught:
        parse_date(typed, TODAY)
    assert reason in caught.value.reason


def test_two_digit_years_look_at_most_a_year_ahead():
    """20yy unless that is more than a year after today, then 19yy."""
    assert full_year(27, TODAY) == 2027
    assert full_year(28, TODAY) == 1928
    assert full_year(0, TODAY) == 2000


def test_the_reason_is_in_the_active_language():
    """The English interface gives the reason in English."""
    l10n.set_language("en")
    with pytest.raises(DateTextError) as caught:
        parse_date("31/02/2024", TODAY)
    assert caught.value.reason == "there is no date 31/02/2024"
