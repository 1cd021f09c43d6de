"""Locale in one place: gettext catalogs, and numbers, money and dates through babel."""

import datetime as dt
import re

import pytest
from babel.messages.pofile import read_po

from desktop_app.domain import l10n
from desktop_app.paths import catalog_dir


def test_numbers_money_and_percentages_in_vietnamese():
    assert l10n.format_number(1381610) == "1.381.610"
    assert l10n.format_money(7_000_000) == "7.000.000 đồng"
    assert l10n.format_percent(85.7) == "85,7%"
    assert l10n.parse_number("1.381.610") == 1381610
    assert str(l10n.parse_number("85,7")) == "85.7"


def test_numbers_in_english():
    l10n.set_language("en")
    assert l10n.format_number(1381610) == "1,381,610"
    assert l10n.format_percent(85.7) == "85.7%"


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (dt.date(2026, 2, 5), "Bình Liêu, ngày 05 tháng 02 năm 2026"),
        (dt.date(2026, 1, 15), "Bình Liêu, ngày 15 tháng 01 năm 2026"),
        (dt.date(2026, 3, 9), "Bình Liêu, ngày 09 tháng 3 năm 2026"),
        (dt.date(2026, 10, 20), "Bình Liêu, ngày 20 tháng 10 năm 2026"),
    ],
)
def test_date_line_pads_days_below_10_and_months_below_3(day, line):
    """Nghị định 30/2020: two digits for days 1–9 and for months 1 and 2."""
    assert l10n.format_dateline("Bình Liêu", day) == line


def test_dates_and_roman_quarters():
    assert l10n.format_date(dt.date(2026, 2, 5)) == "05/02/2026"
    assert [l10n.roman_quarter(q) for q in (1, 2, 3, 4)] == ["I", "II", "III", "IV"]


def test_vietnamese_is_the_default_and_english_can_be_chosen():
    assert l10n.DEFAULT_LANGUAGE == "vi"
    assert l10n._("Lưu") == "Lưu"
    l10n.set_language("en")
    assert l10n.current_language() == "en"
    assert l10n._("Tố cáo") == "Denunciation"
    assert l10n.gettext_in("vi", "Tố cáo") == "Tố cáo"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        l10n.set_language("fr")


def test_english_catalog_translates_every_message_and_keeps_placeholders():
    """No message of the program is left untranslated in English, and {names} survive."""
    with open(catalog_dir() / "en" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []


    for message in catalog:
        if message.id and isinstance(message.id, str):
            assert set(re.findall(r"{\w+}", message.id)) == set(re.findall(r"{\w+}", message.string)), message.id


def test_catalog_template_is_up_to_date_with_the_code(tmp_path):
    """Every message the code marks is in messages.pot: the extract step has been run."""
    from babel.messages.extract import extract_from_dir

    with open(catalog_dir() / "messages.pot", "rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    method_map = [("**.py", "python")]
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            catalog_dir().parent / "desktop_app", method_map
        )
    }
    found = {m if isinstance(m, str) else m[0] for m in found}
    assert found - {m if isinstance(m, str) else m[0] for m in template} == set()


def test_one_vietnamese_word_two_meanings_in_english():
    """"Lưu" is the Save button and the petition state Filed: a context tells them apart."""
    l10n.set_language("en")
    assert l10n.pgettext("button", "Lưu") == "Save"
    assert l10n._("Lưu") == "Filed"
