"""The idle lock: after the minutes set in Settings without a key press or a click, the window
hides the registers and asks for the signed-in officer's password again."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.services import unit_setup

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}
CHECK_EVERY_MS = 15_000


class IdleLock(QObject):
    def __init__(self, parent: QObject, lock: Callable[[], None]) -> None:
        super().__init__(parent)
        self.lock = lock
        self.locked = False
        self.last_activity = time.monotonic()
        self.minutes = unit_setup.idle_minutes()
        QApplication.instance().installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def touch(self) -> None:
        self.last_activity = time.monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.last_activity = time.monotonic()
        return False

    def idle_seconds(self) -> float:
        return time.monotonic() - self.last_activity

    def check(self) -> None:
        if not self.locked and self.idle_seconds() >= self.minutes * 60:
            self.lock()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
