"""Accounts in the real window: the login dialog, the first administrator, the idle lock, a
record's history tab, a locked record, and what a data-entry officer sees masked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton

from desktop_app.domain.registers import get_register
from desktop_app.services import accounts, periods, records
from desktop_app.ui.account_dialogs import AdministratorDialog, LoginDialog
from desktop_app.ui.main_window import MainWindow
from tests.conftest import PASSWORDS, sign_in_as

RECEPTION = get_register("reception")
TODAY = dt.date(2026, 11, 24)
RAW = {"date": "03/08/2026", "host_role": "chu_tich_ubnd", "citizen_name": "Hà Thị Lụa", "people_count": "2",
       "citizen_id_number": "001199012345", "content": "Hỏi về cấp giấy chứng nhận quyền sử dụng đất",
       "classification": "kien_nghi", "action": "thu_ly"}  # fmt: skip
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def shoot(widget, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / name))


@pytest.fixture
def guarded_window(qtbot, guarded_db, settings):
    def open_as(name: str) -> MainWindow:
        sign_in_as(name)
        main = MainWindow(guarded_db, settings)
        main.show()
        qtbot.waitExposed(main)
        opened.append(main)
        return main

    opened: list[MainWindow] = []
    yield open_as
    for main in opened:
        main.idle_lock.stop()
        main.close()
        main.deleteLater()


def test_the_login_dialog_refuses_a_wrong_password_then_signs_in(qtbot, guarded_db):
    accounts.sign_out()
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "lanhdao")
    qtbot.keyClicks(dialog.password, "sai-mat-khau")
    dialog.accept()
    assert dialog.isVisible() and dialog.message.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert dialog.password.text() == "" and accounts.signed_in() is None
    shoot(dialog, "dang-nhap.png")
    qtbot.keyClicks(dialog.password, PASSWORDS["lanhdao"])
    dialog.accept()
    assert not dialog.isVisible() and accounts.signed_in().name == "lanhdao"


def test_a_database_made_before_accounts_asks_for_its_administrator(qtbot, commune_db, settings):
    main = MainWindow(commune_db, settings)
    qtbot.addWidget(main)
    assert "Chưa có tài khoản" in main.who.text() and main.create_admin_action.isVisible()
    dialog = AdministratorDialog(main)
    qtbot.keyClicks(dialog.name, "quantri")
    qtbot.keyClicks(dialog.password, "quan-tri-2026")
    qtbot.keyClicks(dialog.confirm, "quan-tri-khac")
    dialog.accept()
    assert "không giống nhau" in dialog.message.text() and not accounts.has_accounts()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.confirm, "quan-tri-2026")
    dialog.accept()
    assert accounts.signed_in().name == "quantri"
    main.idle_lock.stop()


def test_the_status_bar_names_who_is_signed_in_and_the_menu_follows_the_role(guarded_window):
    main = guarded_window("nhaplieu")
    assert main.who.text() == "Đăng nhập: Lý Văn Liệu (Nhập liệu)"
    assert not main.accounts_action.isVisible() and not main.sync_settings_action.isEnabled()
    admin = guarded_window("quantri")
    assert admin.accounts_action.isVisible()


def test_the_history_tab_shows_who_changed_what(qtbot, guarded_window):
    saved = records.save(RECEPTION, RAW, today=TODAY)
    sign_in_as("lanhdao")
    records.save(RECEPTION, {**RAW, "people_count": "3", "citizen_name": "Hà Thị Lựu"}, uuid=saved["uuid"],
                 today=TODAY)  # fmt: skip
    main = guarded_window("lanhdao")
    main.navigation.setCurrentRow(1 + list(main.pages).index("reception"))
    page = main.pages["reception"]
    page.model.refresh()
    page.select(saved["uuid"])
    page.tabs.setCurrentWidget(page.history)
    heads = page.history.entry_lines()
    assert len(heads) == 2
    assert heads[0].endswith("— lanhdao (Lãnh đạo) — Sửa bản ghi")
    assert heads[1].endswith("— quantri (Quản trị) — Thêm bản ghi")
    rows = page.history.field_rows()
    assert rows[:2] == [("Họ tên công dân", "Hà Thị Lụa", "Hà Thị Lựu"), ("Số người", "2", "3")]
    assert ("Ngày tiếp", "", "03/08/2026") in rows[2:]  # what the record was created with
    main.resize(1280, 760)
    shoot(main, "lich-su.png")


def test_a_data_entry_officer_sees_sensitive_fields_masked_in_list_form_and_history(qtbot, guarded_window):
    saved = records.save(RECEPTION, RAW, today=TODAY)
    main = guarded_window("nhaplieu")
    page = main.pages["reception"]
    page.model.refresh()
    row = page.model.row_of(saved["uuid"])
    column = page.model.columns.index("citizen_name")
    assert page.model.data(page.model.index(row, column), Qt.ItemDataRole.DisplayRole) == "(giữ bí mật)"
    page.select(saved["uuid"])
    widget = page.form.widgets["citizen_name"]
    assert widget.value() == "(giữ bí mật)" and not widget.isEnabled()
    page.form.widgets["people_count"].setValue(4)  # an edit of another field: the rules follow it
    assert not widget.isEnabled() and not page.form.widgets["citizen_address"].isEnabled()
    page.search.setText("lua")
    page.apply_filters()
    assert page.model.total == 0  # not found by a name the officer may not read
    page.model.sort(column, Qt.SortOrder.AscendingOrder)
    assert page.model.query.sort_field is None  # nor ranked by it


def test_a_record_of_a_locked_period_is_read_only_and_says_who_locked_it(qtbot, guarded_window):
    saved = records.save(RECEPTION, RAW, today=TODAY)
    sign_in_as("lanhdao")
    periods.lock("2026-Q3", "Đã ban hành báo cáo quý III")
    main = guarded_window("nhaplieu")
    main.navigation.setCurrentRow(1 + list(main.pages).index("reception"))
    page = main.pages["reception"]
    page.model.refresh()
    page.select(saved["uuid"])
    assert page.form.read_only and not page.form.body.isEnabled()
    assert "Kỳ 2026-Q3 đã được chốt số liệu" in page.form.lock_label.text() and "lanhdao" in page.form.lock_label.text()
    assert not page.save_button.isEnabled() and not page.delete_button.isEnabled()
    main.resize(1280, 760)
    shoot(main, "ban-ghi-da-chot.png")


def test_the_window_locks_itself_when_idle_and_hides_the_registers(qtbot, guarded_window):
    main = guarded_window("nhaplieu")
    seen: list[tuple[str, bool, str]] = []

    def answer(password: str) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, lambda: answer(password))
            return
        seen.append((dialog.name.text(), main.centralWidget().isVisible(), dialog.message.text()))
        if not seen[1:]:
            shoot(dialog, "mo-khoa.png")
        dialog.password.setText(password)
        dialog.accept()
        if dialog.isVisible():  # refused: the right one next
            QTimer.singleShot(0, lambda: answer(PASSWORDS["nhaplieu"]))

    QTimer.singleShot(0, lambda: answer("sai-mat-khau"))
    main.idle_lock.last_activity -= main.idle_lock.minutes * 60 + 1
    main.idle_lock.check()
    assert seen[0] == ("nhaplieu", False, "")  # the registers are hidden behind the dialog
    assert seen[1] == ("nhaplieu", False, "Sai tên đăng nhập hoặc mật khẩu.")
    assert main.centralWidget().isVisible() and main.idle_lock.idle_seconds() < 5


def test_settings_keep_the_language_for_everyone_and_the_unit_for_the_administrator(qtbot, guarded_window):
    from desktop_app.services import unit_setup
    from desktop_app.ui.settings_dialog import SettingsDialog

    main = guarded_window("nhaplieu")
    dialog = SettingsDialog(main.settings, main)
    assert not dialog.may_edit_unit and not dialog.idle_minutes.isEnabled()
    dialog.accept()  # the language alone is saved; nothing of the unit is asked of the services
    sign_in_as("quantri")
    dialog = SettingsDialog(main.settings, main)
    dialog.idle_minutes.setValue(3)
    dialog.accept()
    assert unit_setup.idle_minutes() == 3


def test_a_leader_locks_a_period_from_the_periods_dialog(qtbot, guarded_window, answer):
    from desktop_app.ui.periods_dialog import PeriodsDialog

    main = guarded_window("lanhdao")
    dialog = PeriodsDialog(main)
    qtbot.addWidget(dialog)
    dialog.period.setEditText("2026-Q3")
    seen = answer("Đóng")
    qtbot.mouseClick(dialog.findChild(QPushButton, "lockPeriod"), Qt.MouseButton.LeftButton)
    assert "Lý do" in dialog.message.text() and not seen  # no reason: refused, nothing locked
    dialog.reason.setText("Đã ban hành báo cáo quý III")
    qtbot.mouseClick(dialog.findChild(QPushButton, "lockPeriod"), Qt.MouseButton.LeftButton)
    assert dialog.changed and dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "đã chốt"
    assert any("2026-Q3 (01/07/2026 – 30/09/2026): đã chốt" in text for text in seen)
    shoot(dialog, "chot-so-lieu.png")


def test_the_audit_page_lists_filters_and_exports_to_xlsx(qtbot, guarded_window, tmp_path):
    from openpyxl import load_workbook

    from desktop_app.services import audit_reading

    records.save(RECEPTION, RAW, today=dt.date.today())
    main = guarded_window("lanhdao")
    page = main.audit_page
    page.refresh()
    actions = [page.table.item(r, 4).text() for r in range(page.table.rowCount())]
    assert "Thêm bản ghi" in actions and "Đăng nhập" in actions and "Thêm tài khoản" in actions
    page.user.setText("nhaplieu")
    page.refresh()
    assert page.table.rowCount() == 0  # nhaplieu has done nothing yet
    page.user.setText("")
    page.refresh()
    out = tmp_path / "nhat-ky.xlsx"
    audit_reading.write_xlsx(out, page.found)
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Số", "Thời điểm", "Người thực hiện", "Vai trò", "Việc") and len(rows) == len(page.found) + 1
    assert any(row[4] == "Thêm bản ghi" and "Hà Thị Lụa" in (row[7] or "") for row in rows[1:])
