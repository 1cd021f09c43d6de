"""The first-run wizard: level, unit from the official list, profile, hamlets; in Vietnamese."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWizard

from desktop_app.services import accounts, unit_setup
from desktop_app.store.database import close_database
from desktop_app.ui.setup_wizard import SetupWizard
from tests.ui.typing import type_text


def pick(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def on_this_computer(wizard: SetupWizard) -> None:
    """The first page: the registers on this computer (the file), as a commune keeps them."""
    assert wizard.currentPage() is wizard.store_page and wizard.store_page.chooser.on_file.isChecked()
    wizard.next()
    assert wizard.currentPage() is wizard.level_page


def fill_administrator(qtbot, wizard: SetupWizard, name: str = "quantri", password: str = "quan-tri-2026") -> None:
    wizard.next()
    assert wizard.currentPage() is wizard.admin_page
    type_text(qtbot, wizard.findChild(QLineEdit, "adminName"), name)
    type_text(qtbot, wizard.findChild(QLineEdit, "adminFullName"), "Hoàng Văn Quân")
    for edit in ("adminPassword", "adminConfirm"):
        qtbot.keyClicks(wizard.findChild(QLineEdit, edit), password)
    assert wizard.admin_page.isComplete() and wizard.admin_page.validatePage()


def test_a_commune_officer_sets_up_the_unit(qtbot, db_path):
    wizard = SetupWizard(db_path)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.windowTitle() == "Thiết lập Sổ Dân vận"
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "Tiếp theo >"
    on_this_computer(wizard)

    pick(wizard.findChild(QComboBox, "levelCombo"), "Cấp xã (xã, phường, đặc khu)")
    wizard.next()
    province = wizard.findChild(QComboBox, "provinceCombo")
    assert province.count() == 34
    pick(province, "Thành phố Quảng Ninh (22)")
    pick(wizard.findChild(QComboBox, "communeCombo"), "Xã Bình Liêu (06838)")
    assert wizard.unit_page.code_label.text() == "06838"
    wizard.next()

    issuing = wizard.findChild(QLineEdit, "profile_issuing_body")
    assert issuing.text() == "ĐẢNG ỦY XÃ BÌNH LIÊU"
    assert wizard.findChild(QLineEdit, "profile_place_name").text() == "Bình Liêu"
    signer = wizard.findChild(QLineEdit, "profile_signer_name")
    type_text(qtbot, signer, "Hoàng Văn Thắng")
    wizard.next()

    hamlets = wizard.findChild(QPlainTextEdit, "hamletText")
    hamlets.clear()
    type_text(qtbot, hamlets, "Thôn Đồng Văn")
    hamlets.appendPlainText("Bản Khe Mạ\n\nThôn Đồng Văn")
    fill_administrator(qtbot, wizard)
    wizard.accept()

    assert db_path.exists()
    profile = unit_setup.profile()
    assert (profile.unit_code, profile.signer_name) == ("06838", "Hoàng Văn Thắng")
    assert unit_setup.hamlets() == ["Bản Khe Mạ", "Thôn Đồng Văn"]
    [admin] = accounts.accounts()
    assert (admin.name, admin.role, admin.full_name) == ("quantri", "quan_tri", "Hoàng Văn Quân")
    assert accounts.signed_in().name == "quantri"
    accounts.sign_out()
    close_database()


def test_the_administrator_page_wants_matching_passwords(qtbot, db_path):
    wizard = SetupWizard(db_path)
    qtbot.addWidget(wizard)
    page = wizard.admin_page
    page.name.setText("quantri")
    page.password.setText("quan-tri-2026")
    page.confirm.setText("quan-tri-2027")
    assert not page.isComplete()
    page.confirm.setText("quan-tri-2026")
    assert page.isComplete()


def test_a_province_needs_no_commune(qtbot, db_path):
    wizard = SetupWizard(db_path)
    qtbot.addWidget(wizard)
    wizard.show()
    on_this_computer(wizard)
    pick(wizard.findChild(QComboBox, "levelCombo"), "Cấp tỉnh")
    wizard.next()
    assert not wizard.findChild(QComboBox, "communeCombo").isVisible()
    pick(wizard.findChild(QComboBox, "provinceCombo"), "Thành phố Quảng Ninh (22)")
    assert wizard.unit_page.code_label.text() == "22"
    wizard.next()
    wizard.next()
    fill_administrator(qtbot, wizard, "tinh.quantri")
    wizard.accept()
    assert unit_setup.current_unit().is_merging
    accounts.sign_out()
    close_database()


def test_the_unit_is_found_typed_without_accents(qtbot, db_path):
    """"binh lieu" finds "Xã Bình Liêu" as the registers' search would; Enter on it chooses it."""
    from PySide6.QtCore import Qt

    wizard = SetupWizard(db_path)
    qtbot.addWidget(wizard)
    wizard.show()
    on_this_computer(wizard)
    pick(wizard.findChild(QComboBox, "levelCombo"), "Cấp xã (xã, phường, đặc khu)")
    wizard.next()
    pick(wizard.findChild(QComboBox, "provinceCombo"), "Thành phố Quảng Ninh (22)")
    commune = wizard.findChild(QComboBox, "communeCombo")
    commune.setFocus()
    qtbot.keyClicks(commune.lineEdit(), "binh lieu")
    popup = commune.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    offered = [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]
    assert offered == ["Xã Bình Liêu (06838)"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert commune.currentText() == "Xã Bình Liêu (06838)"
    assert wizard.unit_page.code_label.text() == "06838"
    for typed, found in (("dong", "Đ"), ("DAM HA", "Đầm Hà")):
        commune.lineEdit().clear()
        qtbot.keyClicks(commune.lineEdit(), typed)
        offered = [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]
        assert offered and all(found in text for text in offered), offered
