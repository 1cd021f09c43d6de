"""Tools → Sao lưu và khôi phục: the backups of this database, a backup now, restoring one (an
administrator's), and the second place each backup is copied to."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.l10n import N_, _, format_number, format_size
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.roles import Right
from desktop_app.services import accounts, backups
from desktop_app.services.audit import DETAIL_VALUES
from desktop_app.store import database as store_db
from desktop_app.store.sync_settings import sync_settings
from desktop_app.ui import dialogs

COLUMNS = (N_("Lúc sao lưu"), N_("Lý do"), N_("Số bản ghi"), N_("Dung lượng"), N_("Mã hóa"), N_("Tệp"))
PLACES = (("", N_("Không chép thêm")), ("folder", N_("Một thư mục (ổ USB, ổ mạng)")),
          ("webdav", N_("Máy chủ WebDAV của đồng bộ")))  # fmt: skip


def restore_question(backup: backups.Backup) -> str:
    """What the officer reads before a restore replaces the data: whose copy, when, what it holds."""
    counts = "\n".join(f"  • {BY_NAME[name].display_short_title}: {format_number(count)}"
                       for name, count in backup.counts.items() if count and name in BY_NAME)  # fmt: skip
    return _("Khôi phục dữ liệu từ bản sao lưu này?\n\nĐơn vị: {unit}\nLúc sao lưu: {at}\nSố bản ghi: {n}\n{counts}\n\n"
             "Dữ liệu hiện tại được sao lưu trước (lý do «trước khi khôi phục»), nên có thể quay lại. Những gì "
             "nhập sau lúc sao lưu sẽ không còn trên máy này; bản ghi đã gửi lên cấp trên vẫn còn ở cấp trên.").format(
        unit=backup.unit, at=backup.taken_at.strftime("%d/%m/%Y %H:%M:%S"), n=format_number(backup.records),
        counts=counts)  # fmt: skip


class BackupDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(_("Sao lưu và khôi phục"))
        self.restored = False
        self.database_path = store_db.database_path()
        intro = QLabel(_("Chương trình tự sao lưu khi mở máy lần đầu mỗi ngày, khi đóng, và trước khi nâng cấp dữ "
                         "liệu, nhập tệp lớn, nhận gói hoặc khôi phục. Mỗi bản được kiểm tra ngay sau khi ghi; giữ 10 "
                         "bản mới nhất cùng 7 bản theo ngày, 4 theo tuần, 12 theo tháng. Thư mục: {folder}").format(
            folder=backups.folder_for(self.database_path)))  # fmt: skip
        intro.setWordWrap(True)
        self._build_table()
        buttons = self._build_actions()
        place_form = self._build_second_place()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addLayout(place_form)
        self.resize(820, 480)
        self.refresh()

    def _build_table(self) -> None:
        """The backups, newest first: when, why, how many records, size, checked."""
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("backupsTable")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()

    def _build_actions(self) -> QHBoxLayout:
        """Back up now, restore the one chosen, open the folder, close."""
        self.message = QLabel()
        self.message.setObjectName("backupMessage")
        self.message.setWordWrap(True)
        now = QPushButton(_("Sao lưu ngay"))
        now.setObjectName("backupNow")
        now.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(_("Khôi phục bản đã chọn…"))
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_button.setEnabled(accounts.may(Right.RESTORE))
        folder = QPushButton(_("Mở thư mục sao lưu"))
        folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(
            str(backups.folder_for(self.database_path)))))  # fmt: skip
        close = QPushButton(_("Đóng"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (now, self.restore_button, folder):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        return buttons

    def _build_second_place(self) -> QFormLayout:
        """Where each copy also goes: nowhere, a folder (a USB stick) or the WebDAV server."""
        self.place = QComboBox()
        self.place.setObjectName("secondPlace")
        for code, label in PLACES:
            self.place.addItem(_(label), code)
        self.place_folder = QLineEdit()
        self.place_folder.setObjectName("secondPlaceFolder")
        choose = QPushButton(_("Chọn…"))
        choose.clicked.connect(self._choose_folder)
        save_place = QPushButton(_("Lưu nơi thứ hai"))
        save_place.setObjectName("saveSecondPlace")
        save_place.clicked.connect(self.save_second_place)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.place_folder, 1)
        folder_row.addWidget(choose)
        place_form = QFormLayout()
        place_form.addRow(_("Chép thêm mỗi bản tới"), self.place)
        place_form.addRow(_("Thư mục"), folder_row)
        place_form.addRow("", save_place)
        may_set = accounts.may(Right.SETTINGS)
        for widget in (self.place, self.place_folder, choose, save_place):
            widget.setEnabled(may_set)
        options = sync_settings()
        self.place.setCurrentIndex(max(0, self.place.findData(options.backup_place)))
        self.place_folder.setText(options.backup_folder)
        return place_form

    def refresh(self) -> None:
        self.listed = backups.backups(self.database_path)
        self.table.setRowCount(len(self.listed))
        for row, backup in enumerate(self.listed):
            reason = _(DETAIL_VALUES.get(backup.reason, backup.reason))
            cells = (backup.taken_at.strftime("%d/%m/%Y %H:%M:%S"), reason, format_number(backup.records),
                     format_size(backup.size), _("có") if backup.encrypted else _("không"), backup.path.name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        if self.listed:
            self.table.selectRow(0)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #a93226;" if error else "")

    def back_up_now(self) -> None:
        try:
            made = backups.make_backup("manual")
        except (backups.BackupError, accounts.Refused) as error:
            self.say(str(error), error=True)
            return
        self.say(_("Đã sao lưu và kiểm tra: {name} ({n} bản ghi).").format(name=made.path.name,
                                                                          n=format_number(made.records)))
        self.refresh()

    def restore_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.listed):
            self.say(_("Chọn một bản sao lưu trong danh sách."), error=True)
            return
        backup = self.listed[row]
        if not dialogs.confirm(self, _("Khôi phục"), restore_question(backup), yes=_("Khôi phục")):
            return
        try:
            done = backups.restore(backup.path)
        except (backups.BackupError, accounts.Refused, OSError) as error:
            self.say(str(error), error=True)
            return
        self.restored = True
        dialogs.inform(self, _("Khôi phục"), _("Đã khôi phục dữ liệu từ bản sao lưu lúc {at}. Dữ liệu trước đó được "
                                               "giữ ở {kept}.").format(at=backup.taken_at.strftime("%d/%m/%Y %H:%M"),
                                                                       kept=done.kept_as.name if done.kept_as else "—"))
        self.accept()

    def _choose_folder(self) -> None:
        chosen = dialogs.choose_folder(self, _("Thư mục chép thêm bản sao lưu"))
        if chosen:
            self.place_folder.setText(chosen)
            self.place.setCurrentIndex(self.place.findData("folder"))

    def save_second_place(self) -> None:
        place = self.place.currentData()
        try:
            backups.set_second_place(place, self.place_folder.text().strip() if place == "folder" else "")
        except (backups.BackupError, accounts.Refused) as error:
            self.say(str(error), error=True)
            return
        self.say(_("Đã lưu nơi chép thêm bản sao lưu."))

