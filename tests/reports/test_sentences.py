"""Sentences an official would sign: every drafted sentence and every headline line said with
0, 1 and many of each figure. A clause whose figure is zero is left out or said as none, never
"0 kiến nghị được tiếp thu"; English counts take their plural form, never "1 times"."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from desktop_app.domain import l10n
from desktop_app.domain.headlines import headline_figures, petition_resolution
from desktop_app.domain.periods import parse_period
from desktop_app.domain.quantities import UNITS, quantity
from desktop_app.reports.models_report import narrative as models_narrative
from desktop_app.reports.narrative import draft_sections
from desktop_app.services import figures

PERIOD = parse_period("2026-Q1")
ZERO = re.compile(r"(?<![\d.,])0(?![\d.,])")  # a count of nothing, not the 0 of 10 or 1.000
ENGLISH_SINGULAR_WRONG = re.compile(
    r"\b1 (times|people|petitions|meetings|dialogues|supervisions|opinions|recommendations|activities|models|"
    r"campaigns|sessions|attendances|participants|delegations|issues)\b"
)


@pytest.fixture
def keys(commune_db) -> list[str]:
    """Every figure of a period (read from an empty database: the keys, all zero)."""
    return [key for key, value in figures.figures_for_period(PERIOD).items() if isinstance(value, int)]


@pytest.fixture(params=["vi", "en"])
def language(request):
    l10n.set_language(request.param)
    yield request.param
    l10n.set_language("vi")


def with_all(keys: list[str], value: int) -> dict:
    values = dict.fromkeys(keys, value)
    values["petition.resolved_percent"] = 100.0 if value else None
    return values


def sentences(values: dict) -> str:
    """Every sentence drafted from ``values``: the periodic report's sections and the models report's."""
    models = SimpleNamespace(period=PERIOD, figures=values, changes={})
    return " ".join([*draft_sections(PERIOD, values, {}).values(), *models_narrative(models)])


def drafted(values: dict) -> str:
    return " ".join([sentences(values), *(line for _title, line in headline_figures(values))])


def test_a_figure_of_zero_is_never_said_as_a_count_in_a_drafted_sentence(keys, language):
    for key in keys:
        values = with_all(keys, 1234)
        values[key] = 0
        if key == "petition.resolved_in_jurisdiction":
            values["petition.resolved_percent"] = 0.0
        text = sentences(values)
        assert not ZERO.search(text), (key, text)


def test_nothing_resolved_is_said_as_none(keys):
    values = with_all(keys, 24)
    values["petition.resolved_in_jurisdiction"] = 0
    assert petition_resolution(values) == "chưa giải quyết xong đơn nào trong 24 đơn thuộc thẩm quyền"
    values["supervision.accepted"] = 0
    assert ", chưa có kiến nghị nào được tiếp thu" in draft_sections(PERIOD, values, {})["front"]


@pytest.mark.parametrize("count", [0, 1, 1234])
def test_every_count_is_said_in_the_form_its_number_needs(keys, language, count):
    text = drafted(with_all(keys, count))
    assert not ENGLISH_SINGULAR_WRONG.search(text), text
    if language == "en" and count == 1:
        assert "1 petition" in text and "1 time" in text and "1 person" in text
    if language == "en" and count == 1234:
        assert "1,234 petitions" in text and "1,234 times" in text and "1,234 people" in text
    if language == "vi" and count:
        assert f"{count:,}".replace(",", ".") + " đơn" in text


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_has_both_english_forms(unit, language):
    one, many = quantity(1, unit), quantity(3, unit)
    assert one.startswith("1 ") and many.startswith("3 ")
    if language == "en":
        assert one[2:] != many[2:], unit
        assert (one + many).isascii(), (one, many)
    else:
        assert one[2:] == many[2:] == unit
