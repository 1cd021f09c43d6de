"""The real main window on a real database file, offscreen, with its own settings file."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QSettings, QThreadPool, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

from desktop_app.ui.main_window import MainWindow


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, commune_db, settings, answer) -> Iterator[MainWindow]:
    main = MainWindow(commune_db, settings)  # closed here, not by qtbot, to answer its question
    main.show()
    qtbot.waitExposed(main)
    yield main
    page = main.current_page()
    if page is not None and page.form.dirty:  # the window asks before dropping unsaved work
        answer("Đóng")
    main.close()
    main.deleteLater()
    QThreadPool.globalInstance().waitForDone(10000)  # no background job outlives its database


@pytest.fixture
def answer(qtbot) -> Callable[[str], list[str]]:
    """Click the button called ``text`` in the next message box; returns the texts it showed."""

    def schedule(text: str, asking: str | None = None) -> list[str]:
        """``asking``: only in a box whose text holds these words (a second question to come)."""
        seen: list[str] = []

        def click() -> None:
            box = QApplication.activeModalWidget()
            if not isinstance(box, QMessageBox) or (asking is not None and asking not in box.text()):
                QTimer.singleShot(20, click)
                return
            seen.append(box.text())
            buttons = {b.text(): b for b in box.findChildren(QAbstractButton)}
            seen.extend(sorted(buttons))
            buttons[text].click()

        QTimer.singleShot(0, click)
        return seen

    return schedule
