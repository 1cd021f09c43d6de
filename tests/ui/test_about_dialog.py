"""Help → About: version, data folder, and the licence of every part the program ships."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app import __version__, about
from desktop_app.ui.about_dialog import AboutDialog


def test_about_tells_version_data_folder_and_database(qtbot, commune_db):
    dialog = AboutDialog(commune_db)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.database_label)))
    assert f"Phiên bản {__version__}" in texts
    assert dialog.data_folder_label.text() == str(about.data_folder())
    assert dialog.database_label.text() == str(commune_db)
    assert "Gỡ cài đặt chương trình không xóa thư mục dữ liệu" in texts


def test_every_component_is_listed_and_its_licence_text_shows(qtbot, commune_db):
    dialog = AboutDialog(commune_db)
    qtbot.addWidget(dialog)
    table = dialog.licence_table
    assert table.rowCount() == len(about.COMPONENTS)
    rows = {table.item(row, 0).text(): row for row in range(table.rowCount())}
    assert table.item(rows["Sổ Dân vận"], 2).text() == "GPL-3.0-or-later"
    expected = {
        "Sổ Dân vận": "GNU GENERAL PUBLIC LICENSE",
        "Qt 6, PySide6": "GNU LESSER GENERAL PUBLIC LICENSE",
        "Liberation Serif": "SIL OPEN FONT LICENSE",
        "ReportLab": "ReportLab",
        "Unicode CLDR": "UNICODE LICENSE V3",
    }
    for name, heading in expected.items():
        table.selectRow(rows[name])
        assert heading in dialog.licence_text.toPlainText(), name


def test_the_help_menu_opens_about(window, qtbot):
    seen = []

    def close_it() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.objectName())
        dialog.reject()

    QTimer.singleShot(200, close_it)
    window.findChild(type(window.save_action), "actionAbout").trigger()
    assert seen == ["aboutDialog"]
