"""Dates typed into the real window key by key: each sequence gives its stated date or its
stated refusal, whichever way the cursor came into the field, and the saved record holds
exactly the date the field shows.

The same table goes through import (tests/services/test_transfer.py reads it from here), so
the window and a spreadsheet cell typed as text can never disagree about a date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from desktop_app.domain import l10n
from desktop_app.domain.registers import PETITION
from desktop_app.services import records
from desktop_app.ui.register_page import RegisterPage

THIS_YEAR = dt.date.today().year
FILLED = "02/01/2020"  # what a "filled" field held before the officer came back to it


@dataclass(frozen=True)
class Typed:
    keys: str  # what the officer types, one key at a time
    date: dt.date | None  # the date it gives, or None for a refusal
    refusal: str = ""  # words of the refusal, in the language of the row
    entry: str = "empty"  # empty | click | tab | backtab: how the cursor came in
    language: str = "vi"
    field: str = "received_date"

    def __str__(self) -> str:
        return f"{self.language}-{self.entry}-{self.field}-{self.keys}"


TABLE = [
    Typed("15/03/2024", dt.date(2024, 3, 15)),
    Typed("15/03/2024", dt.date(2024, 3, 15), entry="click"),
    Typed("15/03/2024", dt.date(2024, 3, 15), entry="tab"),
    Typed("20/05/2024", dt.date(2024, 5, 20), entry="backtab"),
    Typed("15-3-2024", dt.date(2024, 3, 15), entry="click"),
    Typed("15.03.2024", dt.date(2024, 3, 15), entry="backtab"),
    Typed("15032024", dt.date(2024, 3, 15)),
    Typed("02042024", dt.date(2024, 4, 2), entry="click"),
    Typed("1/2/2024", dt.date(2024, 2, 1), entry="tab"),
    Typed("6/7/2017", dt.date(2017, 7, 6)),
    Typed("672017", dt.date(2017, 7, 6), entry="backtab"),
    Typed("150324", dt.date(2024, 3, 15), entry="click"),
    Typed("15/3/24", dt.date(2024, 3, 15)),
    Typed("1/1", dt.date(THIS_YEAR, 1, 1), entry="tab"),
    Typed("29/02/2024", dt.date(2024, 2, 29), entry="click"),
    Typed("31/12/2025", dt.date(2025, 12, 31), entry="backtab"),
    Typed("31/02/2024", None, "không có ngày 31/02/2024"),
    Typed("31/02/2024", None, "không có ngày 31/02/2024", entry="click"),
    Typed("15/13/2024", None, "không có tháng 13", entry="tab"),
    Typed("29/02/2023", None, "không có ngày 29/02/2023", entry="backtab"),
    Typed("1122024", None, "không rõ ngày, tháng"),
    Typed("15/03/2099", None, "«Ngày nhận» không được là ngày trong tương lai.", entry="click"),
    Typed("hôm qua", None, "không phải là một ngày"),
    Typed("\b", None, "«Ngày nhận» là bắt buộc.", entry="click"),  # Backspace empties it
    Typed("10/03/2024", None, "«Ngày thụ lý» không được trước «Ngày nhận».", field="accepted_date"),
    Typed("20/03/2024", dt.date(2024, 3, 20), entry="backtab", field="accepted_date"),
    Typed("15/03/2024", dt.date(2024, 3, 15), language="en"),
    Typed("15/03/2024", dt.date(2024, 3, 15), entry="click", language="en"),
    Typed("1/2/2024", dt.date(2024, 2, 1), entry="backtab", language="en"),
    Typed("15032024", dt.date(2024, 3, 15), entry="tab", language="en"),
    Typed("31/02/2024", None, "there is no date 31/02/2024", entry="click", language="en"),
    Typed("15/13/2024", None, "there is no month 13", entry="tab", language="en"),
    Typed("15/03/2099", None, "«Date received» cannot be a date in the future.", entry="backtab", language="en"),
]

RECEIVED = dt.date(2024, 3, 15)  # the received date of rows that type the date of acceptance


@pytest.fixture
def page(qtbot, window) -> RegisterPage:
    page = window.pages["petition"]
    window.navigation.setCurrentRow(1 + list(window.pages).index("petition"))
    page.new_record()
    return page


def focus_widget():
    return QApplication.focusWidget()


def come_in(qtbot, page: RegisterPage, typed: Typed) -> None:
    """Bring the cursor into the field the way the row says, then type its keys one by one."""
    form = page.form
    widget = form.widgets[typed.field]
    edit = widget.edit
    if typed.entry != "empty":  # the field holds a date already, typed as the officer would
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClicks(edit, FILLED.replace("/", ""))
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
        assert edit.text() == FILLED
    if typed.entry in ("empty", "tab"):
        before = form.hamlet if typed.field == "received_date" else form.widgets["handling"]
        before.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(focus_widget(), Qt.Key.Key_Tab)
    elif typed.entry == "backtab":
        after = form.widgets["receipt_number"] if typed.field == "received_date" else form.widgets["complex_case"]
        after.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(focus_widget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    elif typed.entry == "click":
        page.window().activateWindow()
        qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() // 3, edit.height() // 2))
    assert focus_widget() is edit, f"the cursor is in {focus_widget()!r}"
    if typed.entry != "empty":
        assert edit.selectedText() == FILLED, "coming in selects the whole date, so typing replaces it"
    for key in typed.keys:
        if key == "\b":
            qtbot.keyClick(edit, Qt.Key.Key_Backspace)
        elif key.isascii():
            qtbot.keyClicks(edit, key)
        else:
            from tests.ui.typing import type_text

            type_text(qtbot, edit, key)
    qtbot.keyClick(edit, Qt.Key.Key_Tab)  # and on to the next field


def fill_the_rest(qtbot, page: RegisterPage, typed: Typed) -> None:
    from tests.ui.test_main_window import choose
    from tests.ui.typing import type_text

    form = page.form
    choose(form.widgets["channel"], form.widgets["channel"].itemText(1))
    form.widgets["sender_name"].setFocus()
    type_text(qtbot, form.widgets["sender_name"], "Lò Văn Sau")
    choose(form.widgets["kind"], form.widgets["kind"].itemText(3))
    choose(form.widgets["subject_field"], form.widgets["subject_field"].itemText(1))
    form.widgets["summary"].setFocus()
    type_text(qtbot, form.widgets["summary"], "Tranh chấp ranh giới đất")
    if typed.field == "accepted_date":
        received = form.widgets["received_date"]
        received.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClicks(received.edit, RECEIVED.strftime("%d%m%Y"))
        choose(form.widgets["handling"], form.widgets["handling"].itemText(1))


@pytest.fixture
def language(page, request):
    """The row's language for the typing, Vietnamese again before the window closes."""
    l10n.set_language(request.param)
    yield
    l10n.set_language("vi")


@pytest.mark.parametrize(("typed", "language"), [(row, row.language) for row in TABLE], ids=str,
                         indirect=["language"])  # fmt: skip
def test_a_typed_date_gives_its_date_or_its_refusal_and_the_record_holds_it(qtbot, page, typed, language):
    """Each row: the field shows the date typed (or red, with the reason under it), and the
    saved record holds exactly that date; a refused date saves nothing."""
    fill_the_rest(qtbot, page, typed)
    come_in(qtbot, page, typed)
    widget = page.form.widgets[typed.field]
    message = page.form.messages[typed.field]
    if typed.date is not None:
        assert widget.text() == typed.date.strftime("%d/%m/%Y")
        assert widget.value() == typed.date
        assert not message.isVisible() or not message.text(), message.text()
        assert page.save_record(), page.form.problems_label.text()
        stored = records.get(PETITION, page.form.uuid)
        assert stored[typed.field] == typed.date
        assert widget.text() == typed.date.strftime("%d/%m/%Y")
        return
    assert typed.refusal in message.text(), f"said under the field: {message.text()!r}"
    assert message.isVisibleTo(page.form)
    assert not page.save_record()
    assert typed.refusal in page.form.problems_label.text()
    assert page.model.rowCount() == 0
    assert typed.keys.strip("\b") in widget.text()  # what was typed stays, to be corrected


def test_the_table_is_long_enough_and_covers_every_way_in():
    """At least 25 sequences; each way into the field and both languages appear."""
    assert len(TABLE) >= 25
    assert {row.entry for row in TABLE} == {"empty", "click", "tab", "backtab"}
    assert {row.language for row in TABLE} == {"vi", "en"}


def test_the_calendar_button_picks_a_date(qtbot, page):
    """The calendar stays: Alt+Down opens it on the date typed, Enter picks the day shown."""
    widget = page.form.widgets["received_date"]
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(widget.edit, "15032024")
    picked: list[str] = []

    def pick() -> None:
        popup = widget.calendar_popup
        calendar = popup.findChild(object, "calendarPopup")
        picked.append(calendar.selectedDate().toString("dd/MM/yyyy"))
        calendar.activated.emit(calendar.selectedDate().addDays(1))

    from PySide6.QtCore import QTimer

    QTimer.singleShot(50, pick)
    qtbot.keyClick(widget.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert picked == ["15/03/2024"]
    assert widget.value() == dt.date(2024, 3, 16)
    assert page.window().focusWidget() is widget.edit  # the cursor is back in the date
