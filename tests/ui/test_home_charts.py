"""The home page's charts: twelve months beside the same months a year earlier, every number the
figure of that month as the report reckons it (one source), a click that opens the register on
what the bar counts, and the words in the window's language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.domain import l10n
from desktop_app.domain.headlines import headline_figures
from desktop_app.domain.periods import parse_period
from desktop_app.domain.registers import PETITION
from desktop_app.domain.units import area_of
from desktop_app.services import charts, demo, figures, records, unit_setup
from desktop_app.ui.charts import RowBars
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
    assert page.chart_note.isVisible() == resolved
    qtbot.waitUntil(lambda: page.model.counted, timeout=5000)
    assert page.model.total == chart.values[index] > 0, "the list shows what the bar counted"
    if resolved:  # resolved by the month's end, as the figure counts them, not resolved by now
        assert page.chart_note.text() == f"Chỉ đơn đã giải quyết đến hết ngày {month.end:%d/%m/%Y}"
        qtbot.mouseClick(page.clear_chart_filter, Qt.MouseButton.LeftButton)
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


def choose_period(home, period) -> None:
    home.period.setCurrentIndex([home.period.itemData(i) for i in range(home.period.count())].index(period))


def test_the_state_and_field_bars_open_the_register_on_what_they_count(filled, qtbot, tmp_path):
    window = MainWindow(filled, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    home = window.home
    choose_period(home, parse_period(str(TODAY.year - 1)))  # last year: judged on 31/12
    period = home.current_period()
    values = figures.figures_for_period(period)
    state_chart = home.findChild(RowBars, "chart_petition_states")
    assert [row.value for row in state_chart.rows] == [values[key] for key, _label, _a in charts.PETITION_STATES]
    assert f"đến ngày 31/12/{TODAY.year - 1}" in state_chart.title
    page = window.pages["petition"]
    for index, (key, _label, attention) in enumerate(charts.PETITION_STATES):
        window.navigation.setCurrentRow(0)
        qtbot.mouseClick(state_chart, Qt.MouseButton.LeftButton, pos=state_chart.row_rect(index).center())
        assert window.stack.currentWidget() is page
        qtbot.waitUntil(lambda: page.model.counted, timeout=5000)
        assert page.model.total == values[key], key
        assert page.attention.currentData() == attention
        assert page.chart_note.isVisible()
    assert page.chart_note.text() == "Chỉ đơn đã giải quyết đến hết ngày 31/12/" + str(TODAY.year - 1)
    window.navigation.setCurrentRow(0)
    qtbot.mouseClick(state_chart, Qt.MouseButton.LeftButton, pos=state_chart.row_rect(2).center())
    assert page.chart_note.text() == f"Tình trạng của đơn tính đến hết ngày 31/12/{TODAY.year - 1}"
    qtbot.mouseClick(page.clear_chart_filter, Qt.MouseButton.LeftButton)  # overdue today, not then
    qtbot.waitUntil(lambda: page.model.counted, timeout=5000)
    assert page.model.total == figures.figures_for_period(parse_period(str(TODAY.year)))["petition.overdue"]

    field_chart = home.findChild(RowBars, "chart_model_fields")
    busiest = max(range(len(field_chart.rows)), key=lambda i: field_chart.rows[i].value)
    window.navigation.setCurrentRow(0)
    qtbot.mouseClick(field_chart, Qt.MouseButton.LeftButton, pos=field_chart.row_rect(busiest).center())
    models = window.pages["exemplary_model"]
    assert window.stack.currentWidget() is models and models.choice_button.text() == "Lọc (1)"
    qtbot.waitUntil(lambda: models.model.counted, timeout=5000)
    assert models.model.total == field_chart.rows[busiest].value > 0
    assert field_chart.tip(busiest) == f"{field_chart.rows[busiest].label}: {field_chart.rows[busiest].value}"


def test_a_province_s_home_shows_a_bar_per_unit_who_is_behind_first(province_db, qtbot, tmp_path):  # noqa: F811
    window = MainWindow(province_db, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    home = window.home
    choose_period(home, parse_period(str(TODAY.year)))
    chart = home.findChild(RowBars, "chart_units")
    unit = unit_setup.current_unit()
    qtbot.waitUntil(lambda: len(chart.rows) == len(area_of(unit)), timeout=15000)
    expected = charts.units_overview(home.current_period(), unit)
    assert [row.label for row in chart.rows] == [bar.name for bar in expected]
    assert [row.value for row in chart.rows] == [bar.records for bar in expected]
    assert sum(row.value > 0 for row in chart.rows) == 4, "the four communes that sent data"
    assert "chưa gửi" in home.findChild(QLabel, "unitsHeading").text()

    home.units_sort.setCurrentIndex(home.units_sort.findData("records"))
    values = [row.value for row in chart.rows]
    assert values == sorted(values, reverse=True)
    seen: list[str] = []

    def read_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "unitFiguresDialog":
            QTimer.singleShot(20, read_dialog)
            return
        seen.extend(label.text() for label in dialog.findChildren(QLabel))
        dialog.reject()

    QTimer.singleShot(0, read_dialog)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=chart.row_rect(0).center())
    top = home.units_overview[0]
    assert any(top.name in text and home.current_period().label in text for text in seen)
    assert f"{top.records} bản ghi" in seen or f"{top.records:,} bản ghi".replace(",", ".") in seen
    assert headline_figures(top.figures)[0][1] in seen, "the unit's own figures, as the home page says them"


def test_the_new_charts_speak_english_too(province_db, qtbot, tmp_path):  # noqa: F811
    l10n.set_language("en")
    try:
        window = MainWindow(province_db, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        home = window.home
        assert home.findChild(RowBars, "chart_petition_states").title.startswith("Petitions by state, as of ")
        assert [row.label for row in home.findChild(RowBars, "chart_petition_states").rows] == [
            "On time", "Due soon", "Overdue", "Resolved"]
        assert home.findChild(RowBars, "chart_model_fields").title == "New models by field"
        assert [home.tabs.tabText(i) for i in range(2)] == ["Units below", "Petitions needing attention"]
        assert home.units_sort.itemText(0) == "Not sent or not locked first"
        chart = home.findChild(RowBars, "chart_units")
        qtbot.waitUntil(lambda: bool(chart.rows), timeout=15000)
        assert "records in the period" in chart.tip(0)
    finally:
        l10n.set_language("vi")
