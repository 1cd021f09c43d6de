"""An officer's keyboard on the real form: keys sent one at a time to whatever has the cursor,
and counted, so a test and the entry benchmark drive the window as a person does.

A choice is typed as its first letters without accents, as few as pick it ("kien" for "Kiến
nghị"); a date as its digits and slashes; a count as its digits; text as its letters (Vietnamese
letters as an input method such as Unikey delivers them: one key event carrying the letter).
Each character counts as one keystroke, as in the spreadsheet baseline of the benchmark.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from desktop_app.domain.fields import Kind
from desktop_app.domain.text import fold
from desktop_app.ui.field_widgets import choice_matching
from desktop_app.ui.record_form import RecordForm


class Keyboard:
    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.keys = 0

    @staticmethod
    def focus() -> QWidget:
        """Where a key goes: an open popup (a completion list) takes the keyboard, else the
        widget with the cursor in the window in front. (The offscreen platform does not give a
        window back its activation when a popup closes, as a desktop does: that is done here.)"""
        popup = QApplication.activePopupWidget()
        if popup is not None:
            return popup
        window = QApplication.activeWindow()
        if window is None or not window.isVisible() or window.windowType() == Qt.WindowType.Popup:
            window = next(w for w in QApplication.topLevelWidgets()
                          if w.isVisible() and w.windowType() != Qt.WindowType.Popup and w.focusWidget())  # fmt: skip
            window.activateWindow()
        widget = window.focusWidget() or QApplication.focusWidget()
        assert widget is not None, "the cursor is nowhere"
        return widget

    def type(self, text: str) -> None:
        for char in text:
            target = self.focus()
            if char.isascii():
                self.qtbot.keyClicks(target, char)
            else:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                    QApplication.sendEvent(target, event)
            self.keys += 1
            QApplication.processEvents()  # what a desktop does between two keys of a person

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.focus(), key, modifier)
        self.keys += 1
        QApplication.processEvents()

    def tab(self) -> None:
        self.press(Qt.Key.Key_Tab)


def choice_keys(combo: QComboBox, label: str) -> str:
    """The fewest first letters, without accents, that choose ``label`` ("" when it is chosen)."""
    wanted = combo.findText(label)
    assert wanted >= 0, f"{label!r} is not offered"
    if combo.currentIndex() == wanted:
        return ""
    folded = fold(label)
    for end in range(1, len(folded) + 1):
        if choice_matching(combo, folded[:end]) == wanted:
            return folded[:end]
    raise AssertionError(f"{label!r} cannot be typed")


def keys_for(form: RecordForm, name: str, value: Any) -> str:
    """What an officer types into the field ``name`` to give it ``value`` (a label for a choice)."""
    widget = form.widgets[name]
    if name == "hamlet" or form.register.field(name).kind == Kind.CHOICE:
        return choice_keys(widget, value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def field_with_cursor(form: RecordForm) -> str:
    widget = form.window().focusWidget()
    assert widget in form._focus_owner, f"the cursor is in {widget!r}, not in a field of the form"
    return form._focus_owner[widget]


def enter(keyboard: Keyboard, form: RecordForm, values: dict[str, Any]) -> list[str]:
    """From the field that has the cursor, type each value and Tab on, until the last field of
    ``values``; fields between them are passed with Tab. Returns the fields in the order the
    cursor visited them (the tab order)."""
    order = ["hamlet", *(field.name for field in form.register.editable_fields)]
    visited: list[str] = []
    left = dict(values)
    while left:
        name = field_with_cursor(form)
        assert not visited or order.index(name) > order.index(visited[-1]), f"Tab went back to {name}"
        visited.append(name)
        if name in left:
            keyboard.type(keys_for(form, name, left.pop(name)))
        if left:
            keyboard.tab()
    return visited
