"""Sync in the window: settings, Send now with the status bar, the merge dialog (preview, trust,
apply, result per package), the units page and the conflict log."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QLabel

from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.text import sort_key
from desktop_app.services import records
from desktop_app.store import database
from desktop_app.store import records as store
from desktop_app.store.models import Conflict
from desktop_app.store.sync_settings import sync_settings
from desktop_app.sync import merge, outgoing
from desktop_app.sync.package import read_package
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.merge_dialog import MergeDialog
from desktop_app.ui.sync_settings_dialog import SyncSettingsDialog
from desktop_app.ui.units_page import ConflictsDialog
from tests.sync.conftest import COMMUNES, DISTRICT, hand_down_key, make_unit, opened, second_installation

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture
def wards(tmp_path) -> list[Path]:
    """Packages of two wards of Hạ Long, and a third ward's second laptop that edited a record
    the first laptop edited too."""
    out = tmp_path / "usb"
    made = []
    for seed, code in enumerate(COMMUNES[:2], start=1):
        db = make_unit(tmp_path / f"{code}.sqlite", code, records=40, seed=seed)
        with opened(db):
            made.append(outgoing.make_package(out).path)
    return made


def open_window(qtbot, db: Path, tmp_path: Path) -> MainWindow:
    database.open_database(db)
    window = MainWindow(db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_sync_settings_are_saved_and_send_now_fills_the_folder_and_the_status_bar(qtbot, tmp_path):
    ward = make_unit(tmp_path / "ward.sqlite", COMMUNES[0], records=30)
    hand_down_key(make_unit(tmp_path / "district.sqlite", DISTRICT), ward)  # sensitive fields are sealed to it
    window = open_window(qtbot, ward, tmp_path)
    assert "Chưa cài đặt nơi gửi gói" in window.sync_status.text()
    dialog = SyncSettingsDialog(window)
    dialog.kind.setCurrentIndex(1)
    dialog.location.setText(str(tmp_path / "usb"))
    dialog.sensitive["reception"].setChecked(True)
    assert "Dấu vân tay khóa của máy này" in dialog.findChild(QLabel, "fingerprint").text()
    (tmp_path / "usb").mkdir()
    dialog.accept()
    options = sync_settings()
    assert (options.target_kind, options.target, options.sensitive) == ("folder", str(tmp_path / "usb"),
                                                                         {"reception": True})  # fmt: skip
    assert re.search(r"chờ gửi: \d+ thay đổi", window.sync_worker.status_text())

    with qtbot.waitSignal(window.sync_worker.finished, timeout=30_000):
        window.send_action.trigger()
    assert "Trực tuyến" in window.sync_status.text() and "không có gì chờ gửi" in window.sync_status.text()
    assert list((tmp_path / "usb").rglob("*.danvan"))
    window.close()


def test_the_merge_dialog_previews_asks_for_trust_applies_and_reports(qtbot, tmp_path, wards):
    district = make_unit(tmp_path / "district.sqlite", DISTRICT)
    window = open_window(qtbot, district, tmp_path)
    assert window.units_page is not None
    broken = tmp_path / "usb" / "hong.danvan"
    broken.write_bytes(b"not a package")
    dialog = MergeDialog([*wards, broken], window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: len(dialog.outcomes) == 3, timeout=20_000)
    table = dialog.table
    statuses = [table.item(row, 7).text() for row in range(3)]
    assert statuses[0].startswith("Đơn vị gửi lần đầu — dấu vân tay khóa: ")
    assert "bị từ chối" in statuses[2] and "zip hoàn chỉnh" in statuses[2]
    assert table.item(0, 3).text() == "40" and table.item(0, 1).text() == "Phường Hà Khánh (06649)"
    assert dialog.trust_new.isVisible() and dialog.apply_button.isEnabled()
    SCREENSHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SCREENSHOTS / "nhan-goi.png"))

    dialog.trust_new.setChecked(True)
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.applied, timeout=20_000)
    assert [table.item(row, 7).text() for row in range(2)] == ["Đã nhận", "Đã nhận"]
    assert dialog.summary.text() == "Đã nhận 2 gói; 0 gói đã nhận từ trước; 1 gói bị từ chối."
    dialog.close()
    window._after_merge()
    page = window.units_page
    rows = {page.table.item(r, 0).text(): page.table.item(r, 5).text() for r in range(page.table.rowCount())}
    assert rows[COMMUNES[0]] == "đã gửi" and rows[COMMUNES[1]] == "đã gửi" and rows[COMMUNES[2]] == "chưa gửi"
    assert "chưa gửi gói" in page.heading.text()
    header = page.table.horizontalHeader()

    def click_heading(section: int) -> list[str]:
        x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
        return [page.table.item(r, section).text() for r in range(page.table.rowCount())]

    names = click_heading(1)
    assert names == sorted(names, key=sort_key) and names != sorted(names), "Vietnamese order, not code points"
    received = click_heading(3)
    assert received[-2:] == ["40", "40"] and set(received[:-2]) == {""}, "by the number, those without a package first"
    page.refresh()
    assert [page.table.item(r, 3).text() for r in range(page.table.rowCount())] == received, "kept at refresh"

    again = MergeDialog(wards, window)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: len(again.outcomes) == 2, timeout=20_000)
    assert all("đã được nhận" in again.table.item(r, 7).text() for r in range(2))
    assert not again.apply_button.isEnabled()
    window.close()


def test_the_conflict_log_shows_the_losing_version(qtbot, tmp_path):
    laptop_a = make_unit(tmp_path / "a.sqlite", COMMUNES[0], records=20)
    with opened(laptop_a):
        first = outgoing.make_package(tmp_path / "out").path
    laptop_b = second_installation(laptop_a, tmp_path / "b.sqlite")
    register = BY_NAME["reception"]
    packages = [first]
    for laptop, text in ((laptop_a, "Sửa ở máy A"), (laptop_b, "Sửa ở máy B")):
        with opened(laptop):
            record = next(store.iter_all(register))
            records.save(register, {**record, "content": text}, uuid=record["uuid"], today=record["date"])
            packages.append(outgoing.make_package(tmp_path / "out").path)
    district = make_unit(tmp_path / "district.sqlite", DISTRICT)
    with opened(district):
        for package in packages:
            merge.trust(read_package(package), how="package")
        merge.apply_all(packages)
        assert Conflict.select().count() == 1
    window = open_window(qtbot, district, tmp_path)
    assert window.units_page.conflicts_button.text() == "Xung đột cần xem (1)"
    dialog = ConflictsDialog(window)
    qtbot.addWidget(dialog)
    assert "Sửa ở máy A" in dialog.detail.toPlainText() and "Bản thắng: lần sửa 2" in dialog.detail.toPlainText()
    dialog._mark()
    window.units_page.refresh()
    assert window.units_page.conflicts_button.text() == "Xung đột cần xem (0)"
    window.close()


def test_the_connection_test_in_sync_settings_says_which_step_or_that_all_passed(qtbot, tmp_path):
    from tests.sync.davserver import PASSWORD, USER, DavServer

    ward = make_unit(tmp_path / "ward.sqlite", COMMUNES[0])
    server = DavServer(tmp_path / "dav").start()
    try:
        with opened(ward):
            dialog = SyncSettingsDialog()
            qtbot.addWidget(dialog)
            dialog.kind.setCurrentIndex(dialog.kind.findData("webdav"))
            dialog.location.setText(server.url)
            dialog.username.setText(USER)
            dialog.password.setText("sai-mat-khau")
            dialog.test_button.click()
            qtbot.waitUntil(lambda: "mã 401" in dialog.test_result.text(), timeout=20_000)
            dialog.password.setText(PASSWORD)
            dialog.test_button.click()
            qtbot.waitUntil(lambda: dialog.test_result.text().startswith("Kết nối được"), timeout=20_000)
            assert "đọc lại tệp" in dialog.test_result.text() and server.files() == []
            assert sync_settings().target_kind == "none"  # a test saves nothing
            dialog.resize(640, 560)
            SCREENSHOTS.mkdir(exist_ok=True)
            dialog.grab().save(str(SCREENSHOTS / "kiem-tra-ket-noi.png"))
    finally:
        server.stop()


def test_the_sync_settings_take_in_the_key_above(qtbot, tmp_path, monkeypatch):
    from desktop_app.sync import enrolment
    from desktop_app.ui import dialogs

    district = make_unit(tmp_path / "district.sqlite", DISTRICT)
    with opened(district):
        enrolment.write(tmp_path / "huyen.json")
    ward = make_unit(tmp_path / "ward.sqlite", COMMUNES[0])
    window = open_window(qtbot, ward, tmp_path)
    dialog = SyncSettingsDialog(window)
    label = dialog.findChild(QLabel, "keyAbove")
    assert label.text().startswith("Chưa có khóa mã hóa của cấp trên")
    monkeypatch.setattr(dialogs, "choose_file", lambda *args, **kwargs: str(tmp_path / "huyen.json"))
    dialog._take_key_above()
    assert label.text().startswith(f"Thông tin nhạy cảm được mã hóa cho đơn vị {DISTRICT}")
    assert enrolment.key_above()[0] == DISTRICT
    window.close()
