"""The window on a province's database on a PostgreSQL server (#14): it opens through the same
path as a file (``danvan --db postgresql://…``), shows the home page, the bars of the units and
the registers, never shows the URL's password, and makes no file backup of a server's data."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QThreadPool

from desktop_app.domain.units import find_unit
from desktop_app.services import backups, demo, unit_setup
from desktop_app.store import database
from desktop_app.ui import app
from desktop_app.ui.main_window import MainWindow


def test_the_window_opens_a_province_on_its_server(server_url, qtbot, tmp_path):
    with_password = server_url.replace("danvan@", "danvan:mat-khau@")
    unit_setup.create_unit_database(server_url, unit_setup.suggested_profile(find_unit("22")))
    demo.fill(200, seed=1, years=2, communes=3)
    database.close_database()
    assert app.open_or_set_up(server_url)  # as ``danvan --db URL`` opens it
    window = MainWindow(with_password, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    chart = window.home.findChild(object, "chart_units")
    qtbot.waitUntil(lambda: len(chart.rows) > 3, timeout=15000)
    assert sum(row.value > 0 for row in chart.rows) == 3, "the three communes with records"
    message = window.statusBar().currentMessage()
    assert message.startswith("Dữ liệu: postgresql://danvan@127.0.0.1") and "mat-khau" not in message
    page = window.pages["petition"]
    window.navigation.setCurrentRow(1 + list(window.pages).index("petition"))
    qtbot.waitUntil(lambda: page.model.counted, timeout=5000)
    assert page.model.total > 0
    assert backups.daily_if_due() is None and backups.at_close() is None, "the server backs up its own data"
    window.close()
    QThreadPool.globalInstance().waitForDone(10000)
