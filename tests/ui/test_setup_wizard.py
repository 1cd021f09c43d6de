"""The first-run wizard: level, unit from the official list, profile, hamlets; in Vietnamese."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWizard

from desktop_app.services import unit_setup
from desktop_app.store.database import close_database
from desktop_app.ui.setup_wizard import SetupWizard
from tests.ui.typing import type_text


def pick(combo: QComboBox, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_a_commune_officer_sets_up_the_unit(qtbot, db_path):
    wizard = SetupWizard(db_path)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.windowTitle() == "Thiết lập Sổ Dân vận"
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "Tiếp theo >"

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
    wizard.accept()

    assert db_path.exists()
    profile = unit_setup.profile()
    assert (profile.unit_code, profile.signer_name) == ("06838", "Hoàng Văn Thắng")
    assert unit_setup.hamlets() == ["Bản Khe Mạ", "Thôn Đồng Văn"]
    close_database()


def test_a_province_needs_no_commune(qtbot, db_path):
    wizard = SetupWizard(db_path)
    qtbot.addWidget(wizard)
    wizard.show()
    pick(wizard.findChild(QComboBox, "levelCombo"), "Cấp tỉnh")
    wizard.next()
    assert not wizard.findChild(QComboBox, "communeCombo").isVisible()
    pick(wizard.findChild(QComboBox, "provinceCombo"), "Thành phố Quảng Ninh (22)")
    assert wizard.unit_page.code_label.text() == "22"
    wizard.next()
    wizard.next()
    wizard.accept()
    assert unit_setup.current_unit().is_merging
    close_database()
