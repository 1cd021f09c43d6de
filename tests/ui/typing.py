"""Typing Vietnamese into widgets the way a keyboard does.

``qtbot.keyClicks`` types ASCII; Qt's test library maps each character to a key code and stops
(an assertion in qasciikey.cpp) at letters such as "ư", "ạ" or "đ" that have no key code.
Vietnamese input methods (Unikey, EVKey, the Windows and macOS keyboards) deliver such letters
as key events that carry the letter as text with no key code, so that is what is sent for them.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget``: ASCII with ``qtbot.keyClicks``, other letters as an IME does."""
    for is_ascii, run in itertools.groupby(text, key=str.isascii):
        chunk = "".join(run)
        if is_ascii:
            qtbot.keyClicks(widget, chunk)
            continue
        for char in chunk:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(widget, event)
