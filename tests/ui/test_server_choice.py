"""Choosing a server in the window (#14): the first-run wizard's first page sets up an empty
server database or joins one set up already; File → Mở dữ liệu… moves the window from a file to a
server and back; the server is remembered without its password, which the system keyring keeps.
Every field is typed key by key, as an officer types it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QSpinBox, QWizard

from desktop_app.domain.units import find_unit
from desktop_app.services import accounts, unit_setup
from desktop_app.store import database, engines
from desktop_app.transports import credentials
from desktop_app.ui import app
from desktop_app.ui.account_dialogs import LoginDialog
from desktop_app.ui.open_dialog import OpenDialog
from desktop_app.ui.setup_wizard import SetupWizard
from tests.sync.conftest import file_keyring  # noqa: F401  (a keyring file in the test's folder)
from tests.ui.test_setup_wizard import fill_administrator, pick

ADMIN, PASSWORD = "tinh.quantri", "quan-tri-2026"
SERVER_PASSWORD = "mật-khẩu máy chủ"  # the test server trusts 127.0.0.1; what is kept is checked


def type_server(qtbot, root, url: str) -> None:
    """The server fields filled by keystrokes from ``url``'s parts."""
    parts = engines.address_of(url)
    for name, text in (("serverHost", parts["host"]), ("serverDatabase", parts["name"]), ("serverUser", parts["user"]),
                       ("serverPassword", SERVER_PASSWORD)):  # fmt: skip
        edit = root.findChild(QLineEdit, name)
        edit.selectAll()
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
        for char in text:  # the password holds letters no key code has: sent as an input method sends them
            qtbot.keyClicks(edit, char) if char.isascii() else edit.insert(char)
    port = root.findChild(QSpinBox, "serverPort")
    port.lineEdit().selectAll()
    qtbot.keyClicks(port.lineEdit(), str(parts["port"]))
    assert port.value() == parts["port"]


def on_the_server(qtbot, wizard: SetupWizard, url: str) -> str:
    page = wizard.store_page
    assert wizard.currentPage() is page
    qtbot.mouseClick(page.chooser.on_server, Qt.MouseButton.LeftButton, pos=page.chooser.on_server.rect().center())
    assert page.chooser.on_server.isChecked() and not page.isComplete(), "not before the server has answered"
    type_server(qtbot, page, url)
    qtbot.mouseClick(page.chooser.check_button, Qt.MouseButton.LeftButton)
    return page.chooser.found.text()


def test_the_wizard_sets_up_a_province_on_an_empty_server(qtbot, tmp_path, server_url):
    wizard = SetupWizard(tmp_path / "chua-co.sqlite")
    qtbot.addWidget(wizard)
    wizard.show()
    found = on_the_server(qtbot, wizard, server_url)
    assert found.startswith("Đã kết nối postgresql://danvan@127.0.0.1") and "còn trống" in found
    assert SERVER_PASSWORD not in found and wizard.store_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.level_page
    pick(wizard.findChild(QComboBox, "levelCombo"), "Cấp tỉnh")
    wizard.next()
    pick(wizard.findChild(QComboBox, "provinceCombo"), "Thành phố Quảng Ninh (22)")
    wizard.next()
    wizard.next()
    fill_administrator(qtbot, wizard, ADMIN, PASSWORD)
    wizard.accept()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert engines.on_server() and unit_setup.current_unit().code == "22"
    assert accounts.signed_in().name == ADMIN
    assert wizard.recovery_code, "names are sealed on the server too: its recovery code is shown once"
    assert not (tmp_path / "chua-co.sqlite").exists(), "no file is made for a server's registers"
    assert engines.address_of(wizard.location)["password"] == SERVER_PASSWORD
    assert credentials.server_password(engines.shown(server_url)) == SERVER_PASSWORD
    accounts.sign_out()


def test_the_wizard_joins_a_server_set_up_already_and_the_officer_signs_in(qtbot, tmp_path, server_url):
    unit_setup.create_unit_database(server_url, unit_setup.suggested_profile(find_unit("22")),
                                    admin=(ADMIN, PASSWORD))  # fmt: skip
    accounts.sign_out()
    database.close_database()
    wizard = SetupWizard(tmp_path / "chua-co.sqlite")
    qtbot.addWidget(wizard)
    wizard.show()
    found = on_the_server(qtbot, wizard, server_url)
    assert "dữ liệu của Thành phố Quảng Ninh" in found
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert wizard.store_page.joins() and finish.isVisible() and finish.isEnabled(), "nothing more to ask"
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.joined() and wizard.result() == QWizard.DialogCode.Accepted
    database.open_database(wizard.location)
    assert unit_setup.current_unit().code == "22" and accounts.signed_in() is None, "the officer signs in next"


def test_a_server_is_remembered_without_its_password_which_the_keyring_keeps(tmp_path, server_url):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert app.remembered(settings, tmp_path / "xa.sqlite") == tmp_path / "xa.sqlite", "the program's file at first"
    parts = engines.address_of(server_url)
    url = engines.server_url(parts["host"], parts["port"], parts["name"], parts["user"], SERVER_PASSWORD)
    app.remember(settings, url)
    settings.sync()
    assert SERVER_PASSWORD.encode() not in (tmp_path / "s.ini").read_bytes()
    assert app.remembered(settings, tmp_path / "xa.sqlite") == engines.server_url(
        parts["host"], parts["port"], parts["name"], parts["user"], ""), "no password kept: the officer is asked"
    credentials.set_server_password(engines.shown(url), SERVER_PASSWORD)
    assert app.remembered(settings, tmp_path / "xa.sqlite") == url


def sign_in_when_asked(name: str, password: str, seen: list[str]) -> None:
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, LoginDialog):
        QTimer.singleShot(20, lambda: sign_in_when_asked(name, password, seen))
        return
    seen.append(dialog.windowTitle())
    dialog.name.setText(name)
    dialog.password.setText(password)
    dialog.accept()


def test_file_open_moves_the_window_from_a_file_to_a_server_and_a_failed_one_back(qtbot, guarded_db, server_url,
                                                                                 tmp_path):  # fmt: skip
    from tests.conftest import PASSWORDS

    unit_setup.create_unit_database(server_url, unit_setup.suggested_profile(find_unit("22")),
                                    admin=(ADMIN, PASSWORD))  # fmt: skip
    accounts.sign_out()
    database.close_database()
    database.open_database(guarded_db)
    accounts.sign_in("quantri", PASSWORDS["quantri"])

    dialog = OpenDialog(guarded_db)
    qtbot.addWidget(dialog)
    assert dialog.chooser.on_file.isChecked() and dialog.chooser.file.text() == str(guarded_db)
    dialog.chooser.on_server.setChecked(True)
    type_server(qtbot, dialog, server_url)
    dialog.accept()  # "Mở" without pressing "Kiểm tra kết nối": the dialog asks the server itself
    assert dialog.result() == OpenDialog.DialogCode.Accepted and engines.is_server(dialog.location)

    seen: list[str] = []
    QTimer.singleShot(0, lambda: sign_in_when_asked(ADMIN, PASSWORD, seen))
    opened = app.switch_to(dialog.location, guarded_db)
    assert opened == dialog.location and engines.on_server() and unit_setup.current_unit().code == "22"
    assert accounts.signed_in().name == ADMIN and seen == ["Đăng nhập — Sổ Dân vận"]

    gone = engines.server_url("127.0.0.1", 1, "khong-co", "danvan")  # nothing listens on port 1
    QTimer.singleShot(0, lambda: close_warning_then(lambda: sign_in_when_asked(ADMIN, PASSWORD, seen)))
    assert app.switch_to(gone, opened) == opened, "back to the server it had, signed in again"
    assert engines.on_server() and accounts.signed_in().name == ADMIN
    accounts.sign_out()


def close_warning_then(then) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(20, lambda: close_warning_then(then))
        return
    assert "Không mở được" in box.windowTitle() and "khong-co" in box.text()
    box.accept()
    QTimer.singleShot(0, then)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_open_dialog_speaks_the_officer_s_language(qtbot, tmp_path, language):
    from desktop_app.domain import l10n

    l10n.set_language(language)
    dialog = OpenDialog(Path(tmp_path / "xa.sqlite"))
    qtbot.addWidget(dialog)
    texts = [dialog.windowTitle(), dialog.chooser.on_file.text(), dialog.chooser.on_server.text(),
             dialog.chooser.check_button.text()]  # fmt: skip
    expected = {"vi": ["Mở dữ liệu", "Trên máy tính này", "Trên máy chủ PostgreSQL", "Kiểm tra kết nối"],
                "en": ["Open the data", "On this computer", "On the unit's PostgreSQL server", "Test the connection"]}
    assert [text.startswith(start) for text, start in zip(texts, expected[language], strict=True)] == [True] * 4, texts
