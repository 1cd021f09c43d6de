"""An old register imported in the window: the cells typed in TCVN3 are listed, each as it is and
as it will be stored, before anything is written; a column can be read otherwise; "Hủy" writes
nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.store.queries import ListQuery, count, select_page
from desktop_app.ui import dialogs
from tests.services.test_legacy_import import EXPECTED, HEADING, MODELS, ROWS, as_xls, tcvn3


def when_shown(name: str, act) -> None:
    """Run ``act(dialog)`` once the modal dialog called ``name`` is up."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != name:
            QTimer.singleShot(20, look)
            return
        act(dialog)

    QTimer.singleShot(0, look)


def open_import(window, qtbot, monkeypatch, path) -> None:
    monkeypatch.setattr(dialogs, "choose_file", lambda *args, **kwargs: str(path))
    window.navigation.setCurrentRow(1 + list(window.pages).index("exemplary_model"))
    window.import_records()


def test_the_preview_lists_the_old_cells_and_a_column_can_be_left_as_it_is(window, qtbot, monkeypatch, tmp_path,
                                                                             answer):  # fmt: skip
    path = as_xls([HEADING, *[[tcvn3(cell) for cell in row] for row in ROWS]], tmp_path, "so-cu")
    seen = {}

    def review(dialog) -> None:
        cells = dialog.findChild(object, "legacyCells")
        seen["rows"] = cells.rowCount()
        seen["first"] = [cells.item(0, column).text() for column in range(5)]
        seen["summary"] = dialog.findChild(object, "legacySummary").text()
        chooser = dialog.findChild(object, "legacyColumn_1")  # the model's name: keep it as typed
        chooser.setCurrentIndex(chooser.findData("off"))
        seen["after"] = cells.rowCount()
        answer("Đóng")  # the message that says what was imported
        qtbot.mouseClick(dialog.findChild(object, "legacyImport"), Qt.MouseButton.LeftButton)

    when_shown("legacyPreviewDialog", review)
    open_import(window, qtbot, monkeypatch, path)
    qtbot.waitUntil(lambda: count(ListQuery(MODELS)) == 2, timeout=20000)
    converted = sum(1 for row in ROWS for cell in row if isinstance(cell, str) and not cell.isascii())
    assert seen["rows"] == converted and seen["after"] == converted - 2
    assert seen["first"][:2] == ["2", "A"] and seen["first"][3] == "Mô hình" and seen["first"][4] == "TCVN3"
    assert seen["summary"] == f"Đã chuyển {converted} ô từ TCVN3 sang Unicode."
    stored = {r["lead"]: r["name"] for r in select_page(ListQuery(MODELS), 0, 10)}
    assert stored == {EXPECTED[0][3]: tcvn3(EXPECTED[0][1]), EXPECTED[1][3]: tcvn3(EXPECTED[1][1])}


def test_cancel_in_the_preview_writes_nothing(window, qtbot, monkeypatch, tmp_path):
    path = as_xls([HEADING, *[[tcvn3(cell) for cell in row] for row in ROWS]], tmp_path, "huy")
    closed = []
    when_shown("legacyPreviewDialog", lambda dialog: (dialog.reject(), closed.append(True)))
    open_import(window, qtbot, monkeypatch, path)
    qtbot.waitUntil(lambda: bool(closed), timeout=20000)
    qtbot.wait(300)
    assert count(ListQuery(MODELS)) == 0
