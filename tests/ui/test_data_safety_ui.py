"""Data safety in the real window: signing in opens an encrypted file, the recovery code is kept
before going on, backups are listed, made and restored from Tools → Sao lưu và khôi phục."""

from __future__ import annotations

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from desktop_app.domain.registers import get_register
from desktop_app.services import accounts, backups, records
from desktop_app.store import database
from desktop_app.sync.digest import digest
from desktop_app.ui.account_dialogs import LoginDialog, RecoverDialog
from desktop_app.ui.backup_dialog import BackupDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.recovery_dialog import RecoveryCodeDialog
from tests.conftest import PASSWORDS, TODAY
from tests.ui.test_accounts_ui import shoot

PETITION = get_register("petition")


def test_a_copy_without_its_ring_opens_in_the_window_with_the_recovery_code(qtbot, encrypted_db, recovery_code,
                                                                             tmp_path):  # fmt: skip
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui import app
    from tests.accounts import bare_copy

    records = digest().sha256
    copy = bare_copy(encrypted_db, tmp_path)
    database.close_database()
    accounts.sign_out()
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RecoverDialog)
        seen.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        qtbot.keyClicks(dialog.code, "AAAA" + recovery_code[4:])
        qtbot.keyClicks(dialog.password, "quan-tri-moi-2026")
        qtbot.keyClicks(dialog.confirm, "quan-tri-moi-2026")
        qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
        seen.append(dialog.message.text())
        dialog.code.selectAll()
        qtbot.keyClicks(dialog.code, recovery_code.replace("-", " ").lower())
        qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    assert app.open_or_set_up(copy)
    assert "xa.sqlite.keys" in seen[0] and "không có gì thay đổi" in seen[1]
    assert accounts.signed_in().name == "quantri" and digest().sha256 == records


def test_the_login_dialog_opens_an_encrypted_file_only_with_a_right_password(qtbot, encrypted_db):
    database.close_database()
    accounts.sign_out()
    dialog = LoginDialog(encrypted=encrypted_db)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Dữ liệu của Xã Bình Liêu (06838)" in " ".join(label.text() for label in dialog.findChildren(QLabel))
    qtbot.keyClicks(dialog.name, "lanhdao")
    qtbot.keyClicks(dialog.password, "sai-mat-khau")
    dialog.accept()
    assert dialog.isVisible() and dialog.message.text() == "Sai tên đăng nhập hoặc mật khẩu."
    assert database.database.is_closed()
    qtbot.keyClicks(dialog.password, PASSWORDS["lanhdao"])
    dialog.accept()
    assert not dialog.isVisible() and accounts.signed_in().name == "lanhdao"
    assert database.database_key() is not None


def test_the_recovery_code_dialog_waits_until_the_code_is_kept(qtbot, encrypted_db, recovery_code):
    dialog = RecoveryCodeDialog(recovery_code, "Xã Bình Liêu (06838)", encrypted_db)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = dialog.findChild(QLabel, "recoveryCode").text()
    assert shown.replace("\n", "  ").split("  ") == recovery_code.split("-")
    assert not dialog.ok.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # Escape does not skip the one chance to keep the code
    dialog.kept.setChecked(True)
    assert dialog.ok.isEnabled()
    shoot(dialog, "ma-khoi-phuc.png")
    dialog.ok.click()
    assert not dialog.isVisible()


def test_the_window_says_the_data_is_encrypted(qtbot, encrypted_db, settings):
    main = MainWindow(encrypted_db, settings)
    qtbot.addWidget(main)
    assert main.protection.text() == "Dữ liệu mã hóa"
    main.idle_lock.stop()


def test_back_up_now_and_restore_from_the_dialog(qtbot, encrypted_db, answer):
    before = digest().sha256
    dialog = BackupDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 0
    dialog.findChild(type(dialog.restore_button), "backupNow").click()
    assert dialog.table.rowCount() == 1 and "Đã sao lưu và kiểm tra" in dialog.message.text()
    assert dialog.table.item(0, 1).text() == "theo yêu cầu" and dialog.table.item(0, 4).text() == "có"
    shoot(dialog, "sao-luu.png")
    records.save(PETITION, {"received_date": "02/11/2026", "channel": "truc_tiep", "sender_name": "Lò Văn Sau",
                            "kind": "khieu_nai", "subject_field": "dat_dai", "summary": "Sau khi sao lưu",
                            "receipt_number": "9001"}, today=TODAY)  # fmt: skip
    assert digest().sha256 != before
    seen = answer("Khôi phục")
    answer("Đóng", asking="Đã khôi phục")
    dialog.table.selectRow(0)
    dialog.restore_selected()
    assert "Đơn vị: Xã Bình Liêu (06838)" in seen[0] and "Đơn thư:" in seen[0]
    assert dialog.restored and digest().sha256 == before
    assert accounts.current().name == "quantri"


def test_a_data_entry_officer_cannot_restore_or_choose_the_second_place(qtbot, encrypted_db):
    from tests.conftest import sign_in_as

    backups.make_backup("manual")
    sign_in_as("nhaplieu")
    dialog = BackupDialog()
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled()
    assert not dialog.findChild(QComboBox, "secondPlace").isEnabled()
    assert not dialog.findChild(QLineEdit, "secondPlaceFolder").isEnabled()


def test_a_leader_still_waiting_for_the_reader_key_is_told_why_names_are_masked(qtbot, encrypted_db, recovery_code,
                                                                                 settings, tmp_path):  # fmt: skip
    from desktop_app.services import encryption
    from tests.accounts import bare_copy

    copy = bare_copy(encrypted_db, tmp_path)  # its rebuilt ring waits for a reader to grant the key again
    database.close_database()
    encryption.recover(copy, recovery_code, "quantri", "quan-tri-moi-2026")
    database.close_database()
    accounts.sign_out()
    encryption.open_signed_in(copy, "lanhdao", PASSWORDS["lanhdao"])
    main = MainWindow(copy, settings)
    qtbot.addWidget(main)
    assert main.protection.text() == "Dữ liệu mã hóa · chờ khóa đọc"
    assert "chưa nhận khóa đọc" in main.protection.toolTip()
    main.idle_lock.stop()


def test_the_first_start_of_the_day_and_the_close_back_up(qtbot, encrypted_db, settings):
    main = MainWindow(encrypted_db, settings)
    main.show()
    qtbot.waitExposed(main)
    main.back_up_daily()
    qtbot.waitUntil(lambda: [b.reason for b in backups.backups()] == ["daily"], timeout=20_000)
    main.back_up_daily()  # the second start of the same day makes none
    assert QThreadPool.globalInstance().waitForDone(20_000)
    assert [b.reason for b in backups.backups()] == ["daily"]
    main.idle_lock.stop()
    main.close()  # nothing changed since the morning's copy: none at close
    assert sorted(b.reason for b in backups.backups()) == ["daily"]
    records.save(PETITION, {"received_date": "02/11/2026", "channel": "truc_tiep", "sender_name": "Lò Văn Sau",
                            "kind": "khieu_nai", "subject_field": "dat_dai", "summary": "Trong ngày",
                            "receipt_number": "9002"}, today=TODAY)  # fmt: skip
    main.show()
    main.close()
    assert sorted(b.reason for b in backups.backups()) == ["close", "daily"]
    main.deleteLater()


def test_an_administrator_seals_an_older_file_from_the_window_with_the_recovery_code(qtbot, guarded_db,
                                                                                       monkeypatch):  # fmt: skip
    from desktop_app.services import demo, encryption, reader_key, sealing_upgrade
    from desktop_app.store import sealed
    from desktop_app.ui.seal_dialog import SealDialog, needs_sealing

    demo.fill(40, seed=4, today=TODAY, years=1)
    with monkeypatch.context() as older:  # what a program from before sealing left
        older.setattr(reader_key, "create", lambda code: None)
        older.setattr(sealing_upgrade, "seal_existing", lambda session: {})
        code = encryption.encrypt(guarded_db, PASSWORDS["quantri"])
    assert needs_sealing(guarded_db) and not sealed.active()
    dialog = SealDialog(guarded_db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.code, "AAAA" + code[4:])
    qtbot.keyClicks(dialog.password, PASSWORDS["quantri"])
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and "Mã khôi phục không đúng" in dialog.message.text() and not sealed.active()
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, code.lower().replace("-", " "))
    qtbot.keyClicks(dialog.password, PASSWORDS["quantri"])
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert not dialog.isVisible() and "Đã niêm phong" in dialog.done_text
    assert sealed.active() and not needs_sealing(guarded_db)
    sign_in_window = accounts.signed_in()
    assert sign_in_window is not None and sign_in_window.name == "quantri"
