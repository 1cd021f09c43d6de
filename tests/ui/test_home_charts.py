"""The home page's charts: twelve months beside the same months a year earlier, every number the
figure of that month as the report reckons it (one source), a click that opens the register on
what the bar counts, and the words in the window's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel

from desktop_app.domain import l10n
from desktop_app.domain.periods import parse_period
from desktop_app.domain.registers import PETITION
from desktop_app.services import charts, demo, figures, records
from desktop_app.ui.main_window import MainWindow
from tests.reports.conftest import province_db  # noqa: F401  (the fixture)

TODAY = dt.date.today()


@pytest.fixture
def filled(commune_db):
    demo.fill(300, seed=4, today=TODAY, years=2)
    first = TODAY.replace(day=1).strftime("%d/%m/%Y")
    for number in range(3):  # resolved within the month they came in: this month's bar counts them
        records.save(PETITION, {"received_date": first, "channel": "truc_tiep", "kind": "kien_nghi",
                                "sender_name": f"Người gửi {number}", "subject_field": "dat_dai",
                                "summary": "Đề nghị sửa đường", "in_jurisdiction": "Có", "handling": "thu_ly",
                                "accepted_date": first, "status": "da_giai_quyet",
                                "resolved_date": TODAY.strftime("%d/%m/%Y"), "outcome": "dung"},
                     today=TODAY)  # fmt: skip
    return commune_db


def test_the_series_are_the_figures_of_each_month(filled):
    period = parse_period(str(TODAY.year))
    chart = charts.monthly(period, TODAY)
    assert len(chart.months) == 12 and chart.months[-1].start == TODAY.replace(day=1)
    for index, month in enumerate(chart.months):
        now, before = figures.figures_for_period(month), figures.figures_for_period(month.previous_year())
        for series in charts.MONTHLY_SERIES:
            assert chart.values[series.key][index] == (now[series.key] or 0)
            assert chart.year_before[series.key][index] == (before[series.key] or 0)
    assert sum(chart.values["petition.received"]) > 0 and sum(chart.year_before["reception.sessions"]) > 0


def test_a_province_s_series_are_its_figures_too(province_db):  # noqa: F811
    from tests.reports.conftest import DOC_DATE

    today = DOC_DATE.replace(month=11)
    chart = charts.monthly(parse_period(str(today.year)), today)
    for index, month in enumerate(chart.months):
        assert chart.values["petition.received"][index] == (figures.figures_for_period(month)["petition.received"] or 0)
    assert sum(chart.values["reception.sessions"]) > 0


@pytest.mark.parametrize("key", ["petition.received", "petition.resolved", "reception.sessions"])
def test_a_bar_opens_the_register_on_what_it_counts(filled, qtbot, tmp_path, key):
    window = MainWindow(filled, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    home = window.home
    chart = home.charts[key]
    qtbot.waitUntil(lambda: bool(chart.labels), timeout=10000)  # reckoned off the window's thread
    index = max(range(12), key=chart.values.__getitem__)  # the busiest month
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.month_rect(index).center())
    page = window.pages[key.split(".")[0]]
    assert window.stack.currentWidget() is page
    month = home.chart_months[index]
    assert (page.date_from.date(), page.date_to.date()) == (month.start, month.end)
    resolved = key == "petition.resolved"
    assert page.resolved_by == (month.end if resolved else None)
    assert page.resolved_note.isVisible() == resolved
    qtbot.waitUntil(lambda: page.model.counted, timeout=5000)
    assert page.model.total == chart.values[index] > 0, "the list shows what the bar counted"
    if resolved:  # resolved by the month's end, as the figure counts them, not resolved by now
        assert page.resolved_note.text() == f"Chỉ đơn đã giải quyết đến hết ngày {month.end:%d/%m/%Y}"
        qtbot.mouseClick(page.clear_resolved, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.model.counted, timeout=5000)
        assert page.model.total == figures.figures_for_period(month)["petition.received"]
    assert chart.tip(index).startswith(f"{month.label}: ")


def test_the_charts_speak_the_window_s_language(filled, qtbot, tmp_path):
    l10n.set_language("en")
    try:
        window = MainWindow(filled, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        titles = {chart.title for chart in window.home.charts.values()}
        assert titles == {"Citizen receptions", "Petitions received", "Petitions resolved"}
        legend = window.home.findChild(QLabel, "chartLegend")
        assert legend is not None and "the same months a year earlier" in legend.text()
        chart = window.home.charts["reception.sessions"]
        qtbot.waitUntil(lambda: bool(chart.labels), timeout=10000)
        assert chart.tip(0).count("(a year earlier:") == 1
    finally:
        l10n.set_language("vi")


def test_the_home_page_prints_on_one_page_with_the_same_numbers(filled, qtbot, tmp_path, monkeypatch):
    import pdfplumber

    from desktop_app.ui import dialogs

    window = MainWindow(filled, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    out = tmp_path / "trang-chu.pdf"
    monkeypatch.setattr(dialogs, "choose_file", lambda *args, **kwargs: str(out))
    monkeypatch.setattr(dialogs, "inform", lambda *args: None)
    qtbot.mouseClick(window.home.sheet_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(out.exists, timeout=20000)
    period = window.home.current_period()
    chart = charts.monthly(period, TODAY)
    with pdfplumber.open(out) as document:
        assert len(document.pages) == 1
        text = document.pages[0].extract_text()
    assert "Xã Bình Liêu (06838)" in text and f"Số liệu {period.label}" in text
    for series in charts.MONTHLY_SERIES:
        assert series.display_title in text
    numbers = [int(word) for word in re.findall(r"\b\d+\b", text)]
    for value in chart.values["reception.sessions"]:
        if value:
            assert value in numbers, "each bar's number is printed over it"
