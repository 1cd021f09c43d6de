"""A long job behind its progress dialog: the officer sees how far it is, and "Dừng" (or Esc)
stops one that may be stopped; one that may not (an import once it writes) has no such button."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from desktop_app.ui.jobs import run_job


def endless(progress) -> str:
    """Work that runs until it is stopped, reporting as it goes."""
    done = 0
    while done < 10_000_000:
        done += 1
        progress(done % 1000, 1000)
        time.sleep(0.005)
    return "finished"


def shown_dialog(qtbot) -> QProgressDialog:
    found: list[QProgressDialog] = []

    def visible() -> None:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        assert found

    qtbot.waitUntil(visible, timeout=5000)
    return found[0]


def test_stop_ends_the_job_and_says_so_instead_of_done(qtbot, commune_db):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    ended: list[str] = []
    run_job(parent, "Đang xuất don.xlsx…", endless, lambda result: ended.append(result),
            lambda message: ended.append("failed: " + message),
            on_cancelled=lambda: ended.append("stopped"))  # fmt: skip
    dialog = shown_dialog(qtbot)
    qtbot.waitUntil(lambda: dialog.maximum() == 1000 and dialog.value() > 0, timeout=5000)  # it says how far it is
    [stop] = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
    assert stop.text() == "Dừng"
    QTest.mouseClick(stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ended == ["stopped"], timeout=5000)
    assert not dialog.isVisible()


def test_escape_stops_it_too(qtbot, commune_db):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    ended: list[str] = []
    run_job(parent, "Đang lập sổ…", endless, ended.append, ended.append, on_cancelled=lambda: ended.append("stopped"))
    dialog = shown_dialog(qtbot)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: ended == ["stopped"], timeout=5000)


def test_a_job_that_may_not_be_stopped_has_no_stop_button(qtbot, commune_db):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    ended: list[str] = []

    def short(progress) -> str:
        for done in range(200):
            progress(done, 200)
            time.sleep(0.005)
        return "imported"

    run_job(parent, "Đang nhập don.csv…", short, ended.append, ended.append)
    dialog = shown_dialog(qtbot)
    assert not [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
    QTest.keyClick(dialog, Qt.Key.Key_Escape)  # Esc does not stop it either
    qtbot.waitUntil(lambda: ended == ["imported"], timeout=5000)
