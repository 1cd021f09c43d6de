"""Tools → Sync settings: where packages go (a folder or a WebDAV server), how often, which
registers send their sensitive fields, and this installation's key for the unit above."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.l10n import N_, _
from desktop_app.domain.registers import REGISTERS
from desktop_app.security import keys
from desktop_app.services import accounts
from desktop_app.store.models import Installation, SyncSettings
from desktop_app.store.sync_settings import sync_settings
from desktop_app.sync import enrolment, runner
from desktop_app.transports.targets import TransportError
from desktop_app.ui import dialogs

KIND_LABELS = {"none": N_("Không gửi"), "folder": N_("Thư mục (USB, thư mục mạng, thư mục đồng bộ)"),
               "webdav": N_("Máy chủ WebDAV (Nextcloud, ownCloud…)")}  # fmt: skip


class SyncSettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncSettingsDialog")
        self.setWindowTitle(_("Cài đặt đồng bộ"))
        options = sync_settings()
        form = self._build_target(options)
        self._add_connection_test(form)
        sensitive = self._build_sensitive(options)
        key, enrol = self._build_own_key()
        buttons = dialogs.save_cancel_buttons(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(sensitive)
        layout.addWidget(key)
        layout.addWidget(enrol)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._update)
        self._update()

    def _build_target(self, options: SyncSettings) -> QFormLayout:
        """Where packages go: a folder or a WebDAV server, its user and password, how often."""
        self.kind = QComboBox()
        for code, label in KIND_LABELS.items():
            self.kind.addItem(_(label), code)
        self.kind.setCurrentIndex(list(KIND_LABELS).index(options.target_kind))
        self.location = QLineEdit(options.target)
        self.location.setPlaceholderText(_("Thư mục, hoặc https://may-chu/remote.php/dav/files/ten/danvan/"))
        self.browse = QPushButton(_("Chọn thư mục…"))
        self.browse.clicked.connect(self._browse)
        self.username = QLineEdit(options.username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("để trống: giữ mật khẩu đã lưu"))
        self.every = QSpinBox()
        self.every.setRange(1, 24 * 60)
        self.every.setSuffix(_(" phút"))
        self.every.setValue(options.interval_minutes)

        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(self.browse)
        form = QFormLayout()
        form.addRow(_("Gửi gói tới:"), self.kind)
        form.addRow(_("Địa chỉ:"), where)
        form.addRow(_("Tên đăng nhập:"), self.username)
        form.addRow(_("Mật khẩu:"), self.password)
        form.addRow(_("Đồng bộ mỗi:"), self.every)
        return form

    def _add_connection_test(self, form: QFormLayout) -> None:
        """A button that tries a whole sync round on the place typed, before anything is saved."""
        self.test_button = QPushButton(_("Kiểm tra kết nối"))
        self.test_button.setObjectName("testConnection")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        form.addRow("", self.test_button)
        form.addRow("", self.test_result)

    def _build_sensitive(self, options: SyncSettings) -> QGroupBox:
        """Which registers send their sensitive fields, and the unit above's key they are sealed to."""
        sensitive = QGroupBox(_("Gửi cả thông tin nhạy cảm (họ tên, địa chỉ, giấy tờ…) của các sổ:"))
        grid = QVBoxLayout(sensitive)
        self.sensitive: dict[str, QCheckBox] = {}
        for register in REGISTERS:
            if not register.sensitive_fields:
                continue
            names = ", ".join(field.display_label for field in register.sensitive_fields)
            box = QCheckBox(f"{register.display_short_title} ({names})")
            box.setChecked(bool(options.sensitive.get(register.name)))
            self.sensitive[register.name] = box
            grid.addWidget(box)
        self.key_above = QLabel()
        self.key_above.setObjectName("keyAbove")
        self.key_above.setWordWrap(True)
        take_key = QPushButton(_("Nhận khóa mã hóa của cấp trên (tệp đăng ký)…"))
        take_key.setObjectName("takeKeyAbove")
        take_key.clicked.connect(self._take_key_above)
        grid.addWidget(self.key_above)
        grid.addWidget(take_key)
        self._show_key_above()
        return sensitive

    def _build_own_key(self) -> tuple[QLabel, QPushButton]:
        """This installation's key fingerprint, and its enrolment file for the unit above."""
        public_key = bytes(Installation.get().public_key)
        key = QLabel(_("Dấu vân tay khóa của máy này: <b>{fingerprint}</b>").format(
            fingerprint=keys.fingerprint(public_key)))  # fmt: skip
        key.setObjectName("fingerprint")
        enrol = QPushButton(_("Ghi tệp đăng ký cho cấp trên…"))
        enrol.clicked.connect(self._write_enrolment)
        return key, enrol

    def _update(self) -> None:
        kind = self.kind.currentData()
        self.location.setEnabled(kind != "none")
        self.browse.setVisible(kind == "folder")
        for widget in (self.username, self.password):
            widget.setEnabled(kind == "webdav")

    def test_connection(self) -> None:
        """Write, rename, list, read back and delete a small file with what is typed, off the
        interface thread; say which step the target refused. Nothing is saved."""
        from desktop_app.ui.jobs import run_job

        kind, location = self.kind.currentData(), self.location.text().strip()
        if kind == "none" or not location:
            self._show_test(False, _("Hãy chọn nơi gửi và nhập «Địa chỉ» trước."))
            return
        username, password = self.username.text().strip(), self.password.text() or None
        self.test_result.setText(_("Đang kiểm tra…"))
        run_job(self, _("Đang kiểm tra kết nối…"),
                lambda progress: runner.test_connection(kind, location, username, password),
                lambda steps: self._show_test(True, _("Kết nối được: {steps}.").format(steps=", ".join(steps))),
                lambda message: self._show_test(False, message))  # fmt: skip

    def _show_test(self, passed: bool, text: str) -> None:
        self.test_result.setText(text)
        self.test_result.setStyleSheet("color: #1e7b34;" if passed else "color: #a93226;")

    def _browse(self) -> None:
        folder = dialogs.choose_folder(self, _("Thư mục gửi gói"))
        if folder:
            self.location.setText(folder)

    def _write_enrolment(self) -> None:
        path = dialogs.choose_file(self, _("Ghi tệp đăng ký"), _("Tệp đăng ký (*.json)"), save=True,
                                   default_suffix="json")  # fmt: skip
        if path:
            from pathlib import Path

            fingerprint = enrolment.write(Path(path))
            dialogs.inform(self, _("Tệp đăng ký"), _("Đã ghi {path}.\nDấu vân tay: {fingerprint}\nGửi tệp này cho cấp "
                                                     "trên để họ tin cậy các gói của máy này.").format(
                path=path, fingerprint=fingerprint))  # fmt: skip

    def _show_key_above(self) -> None:
        """Whether sensitive fields can travel: they go only sealed to the unit above's key."""
        known = enrolment.key_above()
        if known:
            self.key_above.setText(_("Thông tin nhạy cảm được mã hóa cho đơn vị {unit}; dấu vân tay khóa: {fingerprint}"
                                     ).format(unit=known[0], fingerprint=known[1]))  # fmt: skip
            self.key_above.setStyleSheet("")
        else:
            self.key_above.setText(_("Chưa có khóa mã hóa của cấp trên: thông tin nhạy cảm chưa gửi được. Hãy nhận tệp "
                                     "đăng ký của đơn vị cấp trên."))  # fmt: skip
            self.key_above.setStyleSheet("color: #9a3412;")

    def _take_key_above(self) -> None:
        path = dialogs.choose_file(self, _("Tệp đăng ký của đơn vị cấp trên"), _("Tệp đăng ký (*.json)"))
        if not path:
            return
        from pathlib import Path

        try:
            enrolment.take_key_above(enrolment.read(Path(path)), Path(path))
        except (enrolment.EnrolmentError, accounts.Refused) as error:
            dialogs.warn(self, _("Khóa mã hóa của cấp trên"), str(error))
            return
        self._show_key_above()

    def accept(self) -> None:
        kind = self.kind.currentData()
        location = self.location.text().strip()
        if kind != "none" and not location:
            dialogs.warn(self, _("Cài đặt đồng bộ"), _("Hãy nhập «Địa chỉ» nơi gửi gói."))
            return
        try:
            runner.configure(kind, location, self.username.text().strip(), self.password.text() or None,
                             interval_minutes=self.every.value())  # fmt: skip
        except TransportError as error:
            dialogs.warn(self, _("Cài đặt đồng bộ"), str(error))
            return
        for name, box in self.sensitive.items():
            runner.set_sensitive(name, box.isChecked())
        super().accept()
