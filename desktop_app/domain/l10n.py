"""The one locale layer: the active language, gettext lookups, and babel formatting.

The program's source language is Vietnamese: every message and label is written in
Vietnamese in the code (as the laws and forms it follows are), and ``i18n/en`` translates it
to English. Labels declared at import time are marked with ``N_`` and translated when shown
with ``_``, so switching the language needs nothing re-declared.

Numbers, money and dates are formatted here, through babel, and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import gettext
import logging
from decimal import Decimal
from pathlib import Path

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal, parse_decimal

from desktop_app.paths import catalog_dir

log = logging.getLogger(__name__)

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
_BABEL_LOCALES = {"vi": "vi_VN", "en": "en_GB"}
DOMAIN = "messages"

_language = DEFAULT_LANGUAGE
_translations: gettext.NullTranslations = gettext.NullTranslations()
_loaded: dict[str, gettext.NullTranslations] = {}


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, when shown."""
    return message


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _translations.gettext(message) if message else message


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` as used in ``context``: the button "Lưu" is Save, the petition
    state "Lưu" is Filed."""
    return _translations.pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def gettext_in(language: str, message: str) -> str:
    """Translate ``message`` into ``language`` whatever the active one (matching headings)."""
    return _catalog(language).gettext(message) if message else message


def current_language() -> str:
    return _language


def babel_locale() -> str:
    return _BABEL_LOCALES[_language]


def set_language(language: str) -> None:
    """Make ``language`` (vi or en) the active one for messages and formats."""
    global _language, _translations
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _language = language
    _translations = _catalog(language)


def _catalog(language: str) -> gettext.NullTranslations:
    if language not in _loaded:
        _loaded[language] = _load_catalog(language)
    return _loaded[language]


def _load_catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog if it is built and current, else the .po file read directly."""
    lc_dir = catalog_dir() / language / "LC_MESSAGES"
    mo_path, po_path = lc_dir / f"{DOMAIN}.mo", lc_dir / f"{DOMAIN}.po"
    if mo_path.exists() and (not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime):
        with mo_path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po_path.exists():
        log.info("catalog %s is not compiled; reading %s", mo_path, po_path)
        return _translations_from_po(po_path)
    if language != "vi":
        log.warning("no catalog for %s in %s; showing Vietnamese", language, lc_dir)
    return gettext.NullTranslations()


def _translations_from_po(po_path: Path) -> gettext.NullTranslations:
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


# ---------------------------------------------------------------- numbers, money, dates


def format_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    """1381610 -> "1.381.610" (vi) or "1,381,610" (en); ``decimals`` fixes the fraction."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=babel_locale())


def format_size(size: int) -> str:
    """A file's size for people: "3,2 MB", "48 KB"."""
    if size >= 1_048_576:
        return _("{n} MB").format(n=format_number(size / 1_048_576, 1))
    return _("{n} KB").format(n=format_number(max(1, round(size / 1024))))


def format_percent(value: float | None, decimals: int = 1) -> str:
    """85.7 (already a percentage) -> "85,7%"."""
    if value is None:
        return ""
    return format_number(value, decimals) + "%"


def format_money(value: int | None, *, with_unit: bool = True) -> str:
    """7000000 -> "7.000.000 đồng"."""
    if value is None:
        return ""
    amount = format_number(value)
    return _("{amount} đồng").format(amount=amount) if with_unit else amount


def parse_number(text: str) -> Decimal:
    """Read a number as the active locale writes it ("1.381.610", "85,7"); ValueError if not."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    try:
        return parse_decimal(cleaned, locale=babel_locale(), strict=True)
    except (ValueError, ArithmeticError) as error:  # babel's NumberFormatError is a ValueError
        raise ValueError(text) from error


def format_date(value: dt.date | None) -> str:
    """A date as tables show it: 05/02/2026."""
    if value is None:
        return ""
    return _babel_format_date(value, "dd/MM/yyyy", locale=babel_locale())


def format_datetime(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return format_date(value.date()) + value.strftime(" %H:%M")


def local_time(stamp: dt.datetime) -> dt.datetime:
    """A stored stamp (UTC, without a zone) in this computer's time, without a zone: the
    officer's clock and day."""
    return stamp.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def format_stamp(value: dt.datetime | None) -> str:
    """A stored stamp (UTC, without a zone) in this computer's time: "24/11/2026 18:05"."""
    if value is None:
        return ""
    return format_datetime(local_time(value))


def format_dateline(place: str, day: dt.date) -> str:
    """The date line of an official document: "Vô Ngại, ngày 05 tháng 02 năm 2026".

    Days 1–9 and months 1–2 are written with a leading zero (Nghị định 30/2020, Phụ lục I;
    Hướng dẫn 36-HD/VPTW), other months are not: "ngày 15 tháng 10 năm 2026".
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return _("{place}, ngày {day} tháng {month} năm {year}").format(
        place=place, day=f"{day.day:02d}", month=month, year=day.year
    )


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def roman_quarter(quarter: int) -> str:
    return _ROMAN[quarter]
