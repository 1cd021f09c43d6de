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


def test_f5_shows_what_another_officer_saved_on_the_server_meanwhile(server_url, qtbot, tmp_path, answer):
    """Two officers on one server database: the other one's save (another process, another
    connection) shows in this window's list at F5, this officer's unsaved typing left as it was."""
    from PySide6.QtGui import QAction, QKeySequence

    from tests.sync.test_end_to_end import danvan
    from tests.ui.test_main_window import field

    danvan("init", "--db", server_url, "--unit", "06838", "--no-encryption")
    assert app.open_or_set_up(server_url)
    window = MainWindow(server_url, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window.show()
    qtbot.waitExposed(window)
    try:
        page = window.pages["reception"]
        window.navigation.setCurrentRow(1 + list(window.pages).index("reception"))
        qtbot.waitUntil(lambda: page.model.counted, timeout=5000)
        assert page.model.total == 0
        name = field(page, "citizen_name")
        name.setFocus()
        qtbot.keyClicks(name, "Dang go do")
        sheet = tmp_path / "tiep.csv"
        sheet.write_text("Ngày tiếp,Người chủ trì tiếp,Họ tên công dân,Số người,Nội dung vụ việc,Phân loại,"
                         "Hướng xử lý\n03/11/2026,Chủ tịch UBND,Hà Thị Lụa,2,Hỏi về đất,Kiến nghị,Thụ lý\n",
                         encoding="utf-8")  # fmt: skip
        danvan("import", "reception", str(sheet), "--db", server_url)  # another officer, in their own process
        assert page.model.total == 0, "nothing moves under the officer's hands"
        refresh = window.findChild(QAction, "actionRefresh")
        assert refresh.shortcut() == QKeySequence("F5") and refresh.text() == "Làm mới"
        refresh.trigger()  # Xem → Làm mới (F5)
        qtbot.waitUntil(lambda: page.model.counted and page.model.total == 1, timeout=5000)
        assert field(page, "citizen_name").text() == "Dang go do" and page.form.dirty
    finally:
        if window.current_page() is not None and window.current_page().form.dirty:
            answer("Đóng")
        window.close()
        window.deleteLater()
        QThreadPool.globalInstance().waitForDone(10000)
