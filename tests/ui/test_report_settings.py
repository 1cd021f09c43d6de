"""The officer's settings for reports: the start of the Party term, typed in Settings, is the run
Party documents are numbered in; `report … --profile` finds the saved draft of that profile."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop_app.domain.periods import parse_period
from desktop_app.services import reports, unit_setup
from desktop_app.ui.settings_dialog import SettingsDialog
from tests.reports.conftest import all_text

PERIOD = parse_period("2026-Q1")
TODAY = dt.date(2026, 4, 2)


def type_term_start(qtbot, dialog: SettingsDialog, text: str) -> None:
    edit = dialog.term_start.edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def test_the_party_term_typed_in_settings_is_the_run_party_numbers_restart_in(qtbot, window, answer):
    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    assert dialog.term_start.value() == dt.date(2025, 7, 1), "a 2025 commune's term began on 1 July 2025"
    type_term_start(qtbot, dialog, "15/10/2025")
    dialog.accept()
    assert unit_setup.profile().party_term_start == dt.date(2025, 10, 15)
    draft = reports.new_report(PERIOD, "periodic", "party", today=TODAY)
    assert reports.numbering_scope(draft) == "2025-2030"

    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    type_term_start(qtbot, dialog, "31/02/2025")
    said = answer("Đóng")
    dialog.accept()
    assert any("31/02/2025" in text for text in said), said
    assert unit_setup.profile().party_term_start == dt.date(2025, 10, 15), "a date it cannot read changes nothing"


def test_report_with_a_profile_prints_the_saved_draft_of_that_profile(commune_db):
    for profile, words in (("state", "Lời văn của bản hành chính."), ("party", "Lời văn của bản Đảng.")):
        draft = reports.new_report(PERIOD, "periodic", profile, today=TODAY)
        draft.sections["limits"] = words
        reports.save_report(draft)
    state = all_text(reports.build_report("periodic", PERIOD, profile="state", today=TODAY))
    party = all_text(reports.build_report("periodic", PERIOD, profile="party", today=TODAY))
    assert "Lời văn của bản hành chính." in state and "Lời văn của bản Đảng." not in state
    assert "Lời văn của bản Đảng." in party


def test_the_seal_image_is_chosen_in_settings_and_an_opaque_one_refused(qtbot, window, answer, tmp_path, monkeypatch):
    from desktop_app.services import signing
    from desktop_app.ui import dialogs
    from tests import certificates

    dialog = SettingsDialog(window.settings, window)
    qtbot.addWidget(dialog)
    assert dialog.seal_state.text() == "chưa có"
    (tmp_path / "trang.png").write_bytes(certificates.opaque_png())
    (tmp_path / "dau.png").write_bytes(certificates.seal_png())
    monkeypatch.setattr(dialogs, "choose_file", lambda *args, **kwargs: str(tmp_path / "trang.png"))
    said = answer("Đóng")
    qtbot.mouseClick(dialog.findChild(QPushButton, "chooseSealImage"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert "Ảnh con dấu: ảnh cần nền trong suốt" in said[0] and dialog.seal_state.text() == "chưa có"
    monkeypatch.setattr(dialogs, "choose_file", lambda *args, **kwargs: str(tmp_path / "dau.png"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "chooseSealImage"), Qt.MouseButton.LeftButton)
    assert dialog.seal_state.text() == "đã có"
    assert signing.has_images(signing.accounts.current())[1]
