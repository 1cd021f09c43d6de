"""Dates as people type them: day first, as Vietnamese write them, and never another date.

One reader for the window's date fields and for spreadsheet cells typed as text. It takes
``15/03/2024``, ``15-3-2024``, ``15.03.2024``, ``15 03 2024``, ``15032024``, ``1/2/2024``,
``15/3`` (this year), ``150324`` and two-digit years (20yy, or 19yy when 20yy would be more than a
year ahead), and the ISO form ``2024-03-15`` that files and programs write. What it cannot read
as exactly one real date it refuses with a reason; it never rolls 31/02 over into March, nor
fills a missing month or year from anywhere but "this year" for ``dd/mm``.
"""

from __future__ import annotations

import datetime as dt
import re

from desktop_app.domain.l10n import _

FIRST_YEAR, LAST_YEAR = 1900, 2100

_SEPARATED = re.compile(r"(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})(?:\s*[/.\-\s]\s*(\d{2}|\d{4}))?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DIGITS = re.compile(r"\d+")


class DateTextError(ValueError):
    """Text that is not exactly one real date; ``reason`` says why, in the user's language."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def full_year(two_digits: int, today: dt.date) -> int:
    """A two-digit year: 20yy, unless that is more than a year ahead of today (then 19yy)."""
    year = 2000 + two_digits
    return year if year <= today.year + 1 else year - 100


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """The one date ``text`` names, day first; DateTextError when there is not exactly one."""
    today = today or dt.date.today()
    raw = text.strip()
    if not raw:
        raise DateTextError(_("chưa có ngày"))
    if match := _ISO.fullmatch(raw):
        year, month, day = (int(part) for part in match.groups())
        return _real_date(day, month, year)
    if match := _SEPARATED.fullmatch(raw):
        day, month, year_text = match.groups()
        return _real_date(int(day), int(month), _year(year_text, today))
    if _DIGITS.fullmatch(raw):
        return _from_digits(raw, today)
    raise DateTextError(_("«{text}» không phải là một ngày dạng ngày/tháng/năm").format(text=raw))


def _year(text: str | None, today: dt.date) -> int:
    if text is None:
        return today.year
    return full_year(int(text), today) if len(text) == 2 else int(text)


def _from_digits(raw: str, today: dt.date) -> dt.date:
    """Digits without separators: ddmmyyyy, ddmmyy, ddmm, or dmyyyy (6/7/2017 as 672017)."""
    if len(raw) == 8:
        return _real_date(int(raw[:2]), int(raw[2:4]), int(raw[4:]))
    if len(raw) == 4:
        return _real_date(int(raw[:2]), int(raw[2:]), today.year)
    if len(raw) == 6:
        if raw[2:4] in ("19", "20"):  # never a month: d m yyyy
            return _real_date(int(raw[0]), int(raw[1]), int(raw[2:]))
        return _real_date(int(raw[:2]), int(raw[2:4]), full_year(int(raw[4:]), today))
    raise DateTextError(
        _("«{text}»: không rõ ngày, tháng; gõ đủ 8 chữ số (15032024) hoặc có dấu «/» (1/2/2024)").format(text=raw)
    )


def _real_date(day: int, month: int, year: int) -> dt.date:
    shown = f"{day:02d}/{month:02d}/{year}"
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateTextError(
            _("năm {year} nằm ngoài khoảng {first}–{last}").format(year=year, first=FIRST_YEAR, last=LAST_YEAR)
        )
    if not 1 <= month <= 12:
        raise DateTextError(_("không có tháng {month} (ngày {shown})").format(month=month, shown=shown))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateTextError(_("không có ngày {shown}").format(shown=shown)) from None
