"""The main window: the registers on the left, the home screen or a register page beside them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from desktop_app import APP_DISPLAY_NAME
from desktop_app.domain.l10n import _, format_number, pgettext
from desktop_app.domain.registers import REGISTERS
from desktop_app.domain.roles import Right
from desktop_app.services import accounts, backups, records, transfer, unit_setup
from desktop_app.services.charts import Selection
from desktop_app.services.legacy_cells import LegacyReport
from desktop_app.store import database as store_db
from desktop_app.store import engines, queries, sealed
from desktop_app.store.sync_settings import sync_settings
from desktop_app.ui import dialogs
from desktop_app.ui.about_dialog import AboutDialog
from desktop_app.ui.account_dialogs import AccountsDialog, AdministratorDialog, ChangePasswordDialog, LoginDialog
from desktop_app.ui.audit_page import AuditPage
from desktop_app.ui.backup_dialog import BackupDialog
from desktop_app.ui.home_page import HomePage
from desktop_app.ui.idle_lock import IdleLock
from desktop_app.ui.jobs import Job, run_job
from desktop_app.ui.legacy_preview_dialog import LegacyPreviewDialog
from desktop_app.ui.merge_dialog import MergeDialog
from desktop_app.ui.open_dialog import OpenDialog
from desktop_app.ui.periods_dialog import PeriodsDialog
from desktop_app.ui.register_page import RegisterPage
from desktop_app.ui.report_page import ReportPage
from desktop_app.ui.settings_dialog import SettingsDialog
from desktop_app.ui.sync_settings_dialog import SyncSettingsDialog
from desktop_app.ui.sync_worker import SyncWorker
from desktop_app.ui.units_page import UnitsPage

FILE_FILTER = "Excel (*.xlsx);;CSV (*.csv)"
IMPORT_FILTER = "Excel (*.xlsx *.xls);;CSV (*.csv)"  # and the Excel 97-2003 files of old registers


NATURAL_SIZE = QSize(1280, 800)


def fit_to_screen(window: QMainWindow, first_time: bool) -> None:
    """Open inside the screen's available area (the taskbar aside): at the natural size where it
    fits, maximised on a smaller screen (1366×768, 1280×720), and never with an edge outside it,
    even when a remembered size came from a larger screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(NATURAL_SIZE)
        return
    room = screen.availableGeometry()
    frame = window.frameGeometry().size() - window.geometry().size()  # the title bar and borders
    fits = NATURAL_SIZE.width() + frame.width() <= room.width() and (
        NATURAL_SIZE.height() + frame.height() <= room.height()
    )
    if first_time and fits:
        window.resize(NATURAL_SIZE)
        window.move(room.center() - window.rect().center())
        return
    if first_time or not room.contains(window.frameGeometry()):
        window.resize(room.size() - frame)  # what maximised means, even where no window manager runs
        window.move(room.topLeft())
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


class MainWindow(QMainWindow):
    restart_requested = Signal()  # the language or the account changed: the window is built again
    open_requested = Signal(object)  # File → Mở dữ liệu…: another file or a server's database (Path | str)
    signed_out = Signal()  # the program asks for a sign-in again

    def __init__(self, db_path: Path | str, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session_ending = False
        self.db_path = db_path
        self.settings = settings
        unit = unit_setup.current_unit()
        self.setWindowTitle(f"{APP_DISPLAY_NAME} — {unit.display}")

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.stack = QStackedWidget()
        self.home = HomePage(unit)
        self.home.open_petition.connect(self.open_petition)
        self.home.show_petitions.connect(self.show_petitions)
        self.home.show_records.connect(self.show_records)
        self._add_page(_("Trang chủ"), self.home)
        hamlets = unit_setup.hamlets()
        self.pages: dict[str, RegisterPage] = {}
        for register in REGISTERS:
            page = RegisterPage(register, hamlets)
            page.records_changed.connect(self._on_records_changed)
            self.pages[register.name] = page
            self._add_page(register.display_short_title, page)
        self.report_page = ReportPage()
        self.report_page.period_locked.connect(self._refresh_pages)
        self._add_page(_("Báo cáo, in sổ"), self.report_page)
        self.units_page: UnitsPage | None = None
        if unit.is_merging:
            self.units_page = UnitsPage()
            self.units_page.merge_requested.connect(self.open_merge)
            self._add_page(_("Đơn vị trực thuộc"), self.units_page)
        self.audit_page = AuditPage()
        self._add_page(_("Nhật ký thay đổi"), self.audit_page)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.navigation.setCurrentRow(0)
        self.navigation.setMaximumWidth(220)
        self.navigation.setWordWrap(True)  # a long name (in English) takes two lines, never an ellipsis
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setStyleSheet("QListWidget#navigation::item { padding: 6px 8px; }")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self._build_menus()
        self._update_navigation()
        self.statusBar().showMessage(_("Dữ liệu: {path}").format(
            path=engines.shown(db_path)))  # a server's password never shows
        self.backup_warning = QLabel()
        self.backup_warning.setObjectName("backupWarning")
        self.backup_warning.setStyleSheet("color: #a93226; font-weight: bold;")
        self.backup_warning.hide()
        self.statusBar().addPermanentWidget(self.backup_warning)
        self.protection = QLabel()
        self.protection.setObjectName("protection")
        self.protection.setContentsMargins(0, 0, 10, 0)
        self.statusBar().addPermanentWidget(self.protection)
        self._show_protection()
        self.who = QLabel()
        self.who.setObjectName("signedIn")
        self.statusBar().addPermanentWidget(self.who)
        self._show_who()
        self.idle_lock = IdleLock(self, self.lock_screen)
        self.sync_status = QLabel()
        self.sync_status.setObjectName("syncStatus")
        self.statusBar().addPermanentWidget(self.sync_status)
        self.sync_worker = SyncWorker(self)
        self.sync_worker.status_changed.connect(self._show_sync_status)
        self.sync_worker.finished.connect(self._after_sync)
        self._restore_layout()
        self.sync_worker.start()

    def _add_page(self, title: str, page: QWidget) -> None:
        item = QListWidgetItem(title)
        item.setToolTip(title)
        self.navigation.addItem(item)
        self.stack.addWidget(page)

    # ------------------------------------------------------------ menus
    def _action(self, text: str, slot: Any, shortcut: QKeySequence | str | None = None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&Tệp"))
        self.new_action = self._action(
            _("Thêm bản ghi mới"), self.new_record, QKeySequence.StandardKey.New, "actionNew"
        )
        self.save_action = self._action(
            pgettext("button", "Lưu"), self.save_record, QKeySequence.StandardKey.Save, "actionSave"
        )
        self.save_next_action = self._action(
            _("Lưu và nhập tiếp"), self.save_and_next, QKeySequence("Ctrl+Return"), "actionSaveNext"
        )
        self.save_next_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.import_action = self._action(_("Nhập từ Excel, CSV…"), self.import_records, None, "actionImport")
        self.export_action = self._action(_("Xuất ra Excel, CSV…"), self.export_records, None, "actionExport")
        quit_action = self._action(_("Thoát"), self.close, QKeySequence.StandardKey.Quit)
        for action in (self.new_action, self.save_action, self.save_next_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(_("Mở dữ liệu (tệp hoặc máy chủ)…"), self.open_other,
                                         QKeySequence.StandardKey.Open, "actionOpen"))  # fmt: skip
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(_("Báo cáo, in sổ…"), self.open_reports, QKeySequence.StandardKey.Print,
                                         "actionReports"))  # fmt: skip
        file_menu.addSeparator()
        self.send_action = self._action(_("Gửi ngay"), self.send_now, "Ctrl+Shift+S", "actionSendNow")
        file_menu.addAction(self.send_action)
        if unit_setup.current_unit().is_merging:
            file_menu.addAction(self._action(_("Nhận gói dữ liệu…"), self.open_merge, None, "actionMerge"))
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu(_("&Sửa"))
        self.find_action = self._action(_("Tìm"), self.focus_search, QKeySequence.StandardKey.Find, "actionFind")
        self.delete_action = self._action(
            _("Xóa bản ghi"), self.delete_record, QKeySequence(Qt.Key.Key_Delete), "actionDelete"
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.stack.addAction(self.delete_action)
        edit_menu.addAction(self.find_action)
        edit_menu.addAction(self.delete_action)

        view_menu = bar.addMenu(_("&Xem"))
        self.trash_action = self._action(_("Bản ghi đã xóa"), self.toggle_deleted, None, "actionTrash")
        self.trash_action.setCheckable(True)
        view_menu.addAction(self.trash_action)
        view_menu.addAction(self._action(_("Trang chủ"), lambda: self.navigation.setCurrentRow(0), "Ctrl+Home"))
        view_menu.addAction(self._action(_("Làm mới"), self.refresh_view, "F5",
                                         "actionRefresh"))  # fmt: skip

        tools_menu = bar.addMenu(_("&Công cụ"))
        tools_menu.addAction(self._action(_("Cài đặt…"), self.open_settings, None, "actionSettings"))
        tools_menu.addAction(self._action(_("Cài đặt đồng bộ…"), self.open_sync_settings, None, "actionSyncSettings"))
        tools_menu.addAction(self._action(_("Chốt số liệu kỳ…"), self.open_periods, None, "actionPeriods"))
        tools_menu.addAction(self._action(_("Sao lưu và khôi phục…"), self.open_backups, None, "actionBackups"))
        account_menu = bar.addMenu(_("Tài &khoản"))
        self.accounts_action = self._action(_("Quản lý tài khoản…"), self.open_accounts, None, "actionAccounts")
        self.password_action = self._action(_("Đổi mật khẩu…"), self.change_password, None, "actionPassword")
        self.lock_action = self._action(_("Khóa màn hình"), self.lock_screen, "Ctrl+L", "actionLock")
        self.sign_out_action = self._action(_("Đăng xuất"), self.sign_out, None, "actionSignOut")
        self.create_admin_action = self._action(_("Tạo tài khoản quản trị…"), self.create_administrator, None,
                                                "actionCreateAdmin")  # fmt: skip
        for action in (self.create_admin_action, self.accounts_action, self.password_action, self.lock_action,
                       self.sign_out_action):  # fmt: skip
            account_menu.addAction(action)
        self.sync_settings_action = next(a for a in tools_menu.actions() if a.objectName() == "actionSyncSettings")
        help_menu = bar.addMenu(_("Trợ &giúp"))
        help_menu.addAction(self._action(_("Giới thiệu…"), self.about, None, "actionAbout"))
        self.navigation.currentRowChanged.connect(self._on_page_changed)

    # ------------------------------------------------------------ who is signed in
    def _show_protection(self) -> None:
        """Whether the data is guarded: a commune laptop's file should be encrypted, a server's
        sensitive values sealed; a plain one says so in orange."""
        server = engines.on_server()
        encrypted = store_db.database_key() is not None or (server and sealed.active())
        if encrypted and accounts.may(Right.READ_SENSITIVE) and not records.may_read_sensitive():
            self.protection.setText(_("Dữ liệu mã hóa · chờ khóa đọc"))
            self.protection.setToolTip(_("Tài khoản này được xem thông tin nhạy cảm nhưng chưa nhận khóa đọc: khóa "
                                         "được trao khi một lãnh đạo hoặc quản trị đã có khóa đăng nhập. Đến lúc đó "
                                         "họ tên, địa chỉ hiện «(giữ bí mật)»."))  # fmt: skip
            self.protection.setStyleSheet("color: #9a3412;")
        elif encrypted and server:
            self.protection.setText(_("Máy chủ · thông tin nhạy cảm niêm phong"))
            self.protection.setToolTip(_("Dữ liệu ở máy chủ PostgreSQL của đơn vị, do máy chủ giữ và sao lưu; họ tên, "
                                         "địa chỉ, số giấy tờ được niêm phong, chỉ tài khoản có khóa đọc mới xem "
                                         "được."))  # fmt: skip
            self.protection.setStyleSheet("")
        elif encrypted:
            self.protection.setText(_("Dữ liệu mã hóa"))
            self.protection.setToolTip(_("Tệp dữ liệu được mã hóa (SQLCipher); chỉ mở được bằng tài khoản hoặc mã "
                                         "khôi phục."))  # fmt: skip
            self.protection.setStyleSheet("")
        elif server:
            self.protection.setText(_("Máy chủ · không niêm phong"))
            self.protection.setToolTip(_("Ai có tài khoản máy chủ cũng đọc được họ tên, địa chỉ người gửi: cơ sở dữ "
                                         "liệu được thiết lập không niêm phong (--no-encryption)."))  # fmt: skip
            self.protection.setStyleSheet("color: #9a3412;")
        else:
            self.protection.setText(_("Dữ liệu không mã hóa"))
            self.protection.setToolTip(_("Ai lấy được tệp dữ liệu cũng đọc được. Quản trị có thể mã hóa bằng lệnh "
                                         "«danvan encrypt»."))  # fmt: skip
            self.protection.setStyleSheet("color: #9a3412;")

    def _show_who(self) -> None:
        """The status bar names the signed-in officer, or says the data has no accounts yet."""
        session = accounts.signed_in()
        guarded = accounts.has_accounts()
        if session is not None:
            self.who.setText(_("Đăng nhập: {who}").format(who=session.display))
            self.who.setStyleSheet("")
        else:
            self.who.setText(_("Chưa có tài khoản: ai mở máy cũng sửa được dữ liệu (Tài khoản → Tạo tài khoản "
                               "quản trị)"))  # fmt: skip
            self.who.setStyleSheet("color: #9a3412; font-weight: bold;")
        self.create_admin_action.setVisible(not guarded)
        for action in (self.password_action, self.lock_action, self.sign_out_action):
            action.setVisible(guarded)
        self.accounts_action.setVisible(guarded and accounts.may(Right.MANAGE_ACCOUNTS))
        self.sync_settings_action.setEnabled(accounts.may(Right.SYNC_SETUP))

    def create_administrator(self) -> None:
        if AdministratorDialog(self).exec():
            self.restart_requested.emit()  # the window is built again for the signed-in role

    def open_accounts(self) -> None:
        AccountsDialog(self).exec()

    def change_password(self) -> None:
        if ChangePasswordDialog(self).exec():
            dialogs.inform(self, _("Đổi mật khẩu"), _("Đã đổi mật khẩu."))

    def lock_screen(self) -> None:
        """Hide the registers behind the unlock dialog until the signed-in officer's password is
        given again; signing out instead starts the program's sign-in anew."""
        session = accounts.signed_in()
        if session is None or self.idle_lock.locked:
            return
        self.idle_lock.locked = True
        self.centralWidget().hide()
        try:
            unlocked = LoginDialog(self, locked_name=session.name).exec()
        finally:
            self.idle_lock.locked = False
        if unlocked:
            self.centralWidget().show()
            self.idle_lock.touch()
        else:
            self.sign_out()

    def sign_out(self) -> None:
        accounts.sign_out()
        self.signed_out.emit()

    def refresh_view(self) -> None:
        """F5: read the shown page again — on a server, what the other officers saved since;
        a record being edited in the form stays as it is."""
        shown = self.stack.currentWidget()
        if shown is self.home:
            self.home.refresh()
        elif shown is self.audit_page:
            self.audit_page.refresh()
        elif self.units_page is not None and shown is self.units_page:
            self.units_page.refresh()
        elif (page := self.current_page()) is not None:
            page.model.refresh()

    def open_other(self) -> None:
        """Another file or a server's database: chosen here, opened by the program (ui/app.py),
        which signs in on it, and the open one is closed."""
        page = self.current_page()
        if page is not None and page.form.dirty and not dialogs.confirm(
                self, _("Chưa lưu"), _("Bản ghi đang sửa chưa được lưu. Vẫn mở dữ liệu khác?"), yes=_("Mở")):
            return
        dialog = OpenDialog(self.db_path, self)
        if dialog.exec() and dialog.location is not None:
            self.open_requested.emit(dialog.location)

    def open_backups(self) -> None:
        dialog = BackupDialog(self)
        dialog.exec()
        if dialog.restored:
            self.restart_requested.emit()  # every page shows the restored data

    def back_up_daily(self) -> None:
        """The first start of the day: a backup in the background; its outcome in the status bar."""
        job = Job(lambda _progress: backups.daily_if_due())
        job.signals.finished.connect(lambda made: made and self.statusBar().showMessage(
            _("Đã tự sao lưu: {name}").format(name=made.path.name), 8000))
        job.signals.failed.connect(self._backup_failed)
        job.setAutoDelete(False)
        self._backup_job = job
        QThreadPool.globalInstance().start(job)

    def _backup_failed(self, message: str) -> None:
        self.backup_warning.setText(_("Sao lưu tự động không đạt"))
        self.backup_warning.setToolTip(message)
        self.backup_warning.show()

    def open_periods(self) -> None:
        dialog = PeriodsDialog(self)
        dialog.exec()
        if dialog.changed:
            self._refresh_pages()

    def _refresh_pages(self) -> None:
        for page in self.pages.values():
            page.model.refresh()
            if page.form.uuid is not None:
                page.form.load(records.get(page.register, page.form.uuid), page.form.uuid)
            page._update_actions()

    def current_page(self) -> RegisterPage | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, RegisterPage) else None

    def _on_page_changed(self) -> None:
        page = self.current_page()
        for action in (self.save_action, self.save_next_action, self.delete_action, self.find_action, self.trash_action,
                       self.import_action, self.export_action):  # fmt: skip
            action.setEnabled(page is not None)
        if page is not None:
            self.import_action.setEnabled(accounts.may(Right.IMPORT))
            self.export_action.setEnabled(accounts.may(Right.EXPORT))
        if self.stack.currentWidget() is self.audit_page:
            self.audit_page.refresh()
        self.trash_action.setChecked(bool(page and page.show_deleted.isChecked()))

    # ------------------------------------------------------------ commands
    def new_record(self) -> None:
        page = self.current_page()
        if page is None:
            self.navigation.setCurrentRow(1)
            page = self.current_page()
        assert page is not None
        page.new_record()

    def save_record(self) -> None:
        if (page := self.current_page()) is not None:
            page.save_record()

    def save_and_next(self) -> None:
        if (page := self.current_page()) is not None:
            page.save_and_next()

    def delete_record(self) -> None:
        if (page := self.current_page()) is not None:
            page.delete_record()

    def focus_search(self) -> None:
        if (page := self.current_page()) is not None:
            page.search.setFocus()
            page.search.selectAll()

    def toggle_deleted(self) -> None:
        if (page := self.current_page()) is not None:
            page.show_deleted.setChecked(self.trash_action.isChecked())

    def open_reports(self) -> None:
        self.navigation.setCurrentRow(self.stack.indexOf(self.report_page))

    def open_petition(self, uuid: str) -> None:
        page = self.pages["petition"]
        self.show_records(Selection("petition"))  # every filter off: the petition is in the list
        page.select(uuid)
        if page.form.uuid != uuid:  # not on the first page of the list: load it directly
            page.form.load(records.get(page.register, uuid), uuid)

    def show_petitions(self, attention: str) -> None:
        self.show_records(Selection("petition", attention=attention))

    def show_records(self, selection: Selection) -> None:
        """The register, filtered to what a chart's bar counts (charts.Selection)."""
        page = self.pages[selection.register]
        self.navigation.setCurrentRow(1 + list(self.pages).index(selection.register))
        page.search.clear()
        page.show_selection(selection)

    def _on_records_changed(self) -> None:
        self.home.refresh()
        self._update_navigation()

    def _update_navigation(self) -> None:
        """The petition entry shows how many are overdue."""
        overdue = queries.count(queries.ListQuery(self.pages["petition"].register, attention=queries.ATTENTION_OVERDUE))
        item = self.navigation.item(1 + list(self.pages).index("petition"))
        title = self.pages["petition"].register.display_short_title
        item.setText(f"{title} ({format_number(overdue)} {_('quá hạn')})" if overdue else title)

    def import_records(self) -> None:
        page = self.current_page()
        if page is None:
            return
        title = _("Nhập vào sổ «{name}»").format(name=page.register.display_short_title)
        path = dialogs.choose_file(self, title, IMPORT_FILTER)
        if not path:
            return

        def refused(message: str) -> None:
            dialogs.warn(self, _("Không nhập được"), message.split("\n")[0], message)

        def done(result: transfer.ImportResult) -> None:
            page.model.refresh()
            self._on_records_changed()
            message = _("Đã nhập {count} bản ghi: {added} bản ghi mới, {updated} bản ghi được sửa. Tệp được đọc theo "
                        "bảng mã {encoding}.").format(count=format_number(result.imported),
                                                      added=format_number(result.added),
                                                      updated=format_number(result.updated),
                                                      encoding=result.encoding_label)  # fmt: skip
            dialogs.inform(self, _("Nhập dữ liệu"), " ".join(filter(None, (message, result.legacy.summary()))))

        def read(found: tuple[transfer.RawTable, tuple[list[list[Any]], LegacyReport]]) -> None:
            """Cells in the old fonts are shown before anything is written; then the import."""
            table, first = found
            columns = None
            if first[1].found:
                preview = LegacyPreviewDialog(table, first, Path(path).name, self)
                if preview.exec() != QDialog.DialogCode.Accepted:
                    return
                columns = preview.column_modes()
            run_job(self, _("Đang nhập {path}…").format(path=Path(path).name),
                    lambda progress: transfer.import_file(page.register, path, progress=progress,
                                                          legacy_columns=columns), done, refused)  # fmt: skip

        def read_file(_progress: object) -> tuple[transfer.RawTable, tuple[list[list[Any]], LegacyReport]]:
            table = transfer.read_raw(path)
            return table, table.converted()

        run_job(self, _("Đang đọc {path}…").format(path=Path(path).name), read_file, read, refused)

    def export_records(self) -> None:
        page = self.current_page()
        if page is None:
            return
        path = dialogs.choose_file(self, _("Xuất sổ «{name}»").format(name=page.register.display_short_title),
                                   FILE_FILTER, save=True, default_suffix="xlsx")  # fmt: skip
        if not path:
            return
        run_job(self, _("Đang xuất {path}…").format(path=Path(path).name),
                lambda progress: transfer.export_file(page.register, path, progress=progress),
                lambda count: dialogs.inform(self, _("Xuất dữ liệu"), _("Đã xuất {count} bản ghi ra {path}.").format(
                    count=format_number(count), path=path)),
                lambda message: dialogs.warn(self, _("Không xuất được"), message),
                on_cancelled=lambda: self.statusBar().showMessage(
                    _("Đã dừng xuất; không tệp nào được ghi."), 8000))  # fmt: skip

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if not dialog.exec():
            return
        hamlets = unit_setup.hamlets()
        for page in self.pages.values():
            page.set_hamlets(hamlets)
        self.idle_lock.minutes = unit_setup.idle_minutes()
        if dialog.language_changed:
            self.restart_requested.emit()

    # ------------------------------------------------------------ sync
    def send_now(self) -> None:
        if sync_settings().target_kind == "none":
            self.open_sync_settings()
            return
        if not self.sync_worker.sync_now():
            self.statusBar().showMessage(_("Đang đồng bộ; chờ lần này xong."), 5000)

    def open_sync_settings(self) -> None:
        if SyncSettingsDialog(self).exec():
            self.sync_worker.start()

    def open_merge(self, paths: list[Path] | None = None) -> None:
        dialog = MergeDialog([Path(p) for p in paths or []], self)
        dialog.exec()
        if dialog.applied:
            self._after_merge()

    def _show_sync_status(self, text: str, online: bool) -> None:
        self.sync_status.setText(text)
        self.sync_status.setStyleSheet("" if online else "color: #9a3412;")

    def _after_sync(self, result: object) -> None:
        if getattr(result, "outcomes", None):
            self._after_merge()

    def _after_merge(self) -> None:
        for page in self.pages.values():
            page.model.refresh()
        self._on_records_changed()
        if self.units_page is not None:
            self.units_page.refresh()
        self.sync_worker.report()

    def about(self) -> None:
        AboutDialog(self.db_path, self).exec()

    # ------------------------------------------------------------ remembering the layout
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        fit_to_screen(self, geometry is None)
        for page in self.pages.values():
            page.restore_state(self.settings)

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        for page in self.pages.values():
            page.save_state(self.settings)
        self.settings.sync()

    def end_of_session(self) -> None:
        """The session ends (SIGTERM at logout): nobody is there to answer a question, so the
        window closes without asking about an unsaved edit, its layout kept."""
        self.session_ending = True
        self.save_layout()

    def closeEvent(self, event: QCloseEvent) -> None:
        page = self.current_page()
        asks = self.isVisible() and page is not None and page.form.dirty  # a hidden window was already closed
        asks = asks and not self.session_ending
        if asks and not dialogs.confirm(
            self, _("Chưa lưu"), _("Bản ghi đang sửa chưa được lưu. Vẫn đóng chương trình?"), yes=_("Đóng")
        ):
            event.ignore()
            return
        self.save_layout()
        if self.isVisible() and getattr(self, "_backup_job", None) is not None:
            QThreadPool.globalInstance().waitForDone(30_000)  # the morning's backup ends before the last one
        if self.isVisible():
            try:
                backups.at_close()
            except (backups.BackupError, accounts.Refused) as error:
                dialogs.warn(self, _("Sao lưu khi đóng không đạt"), str(error))
        super().closeEvent(event)
