"""Where the registers live: a file on this computer, or a province's database on a PostgreSQL
server (#14). The same fields serve the first-run wizard's first page and File → Mở dữ liệu…

A server is named by host, port, database and the server account's name and password; the
password is kept in the operating system's keyring when the officer asks (never in a settings
file), and the window remembers the server's address without it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.l10n import _
from desktop_app.domain.units import find_unit
from desktop_app.store import engines
from desktop_app.transports import credentials
from desktop_app.transports.targets import TransportError
from desktop_app.ui import dialogs

LOCATION_KEY = "database/location"  # the file or the server (without its password) the window opened last


class Probe:
    """What a check of the server fields found: whether it answered, and the unit it is set up for."""

    def __init__(self, url: str, answered: bool, unit: str | None = None, problem: str = "") -> None:
        self.url, self.answered, self.unit, self.problem = url, answered, unit, problem

    @property
    def set_up(self) -> bool:
        return self.answered and self.unit is not None

    def said(self) -> str:
        address = engines.shown(self.url)
        if not self.answered:
            return _("Không kết nối được {address}: {problem}").format(address=address, problem=self.problem)
        if self.unit is None:
            empty = _("Đã kết nối {address}. Cơ sở dữ liệu còn trống: các bước sau thiết lập đơn vị trên máy chủ.")
            return empty.format(address=address)
        try:
            unit = find_unit(self.unit).display
        except KeyError:
            unit = self.unit
        return _("Đã kết nối {address}: dữ liệu của {unit}.").format(address=address, unit=unit)


def not_set_up(url: str) -> str:
    """What is said of a server database that has no unit yet, where it cannot be set up."""
    return _("Cơ sở dữ liệu {url} trên máy chủ chưa có đơn vị: thiết lập bằng «danvan init --db …» trên máy chủ "
             "rồi mở lại.").format(url=engines.shown(url))


def probe(url: str) -> Probe:
    """Ask the server, reading only; the message never shows the password."""
    import psycopg

    try:
        return Probe(url, True, engines.server_unit(url))
    except psycopg.Error as error:
        problem = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        password = engines.address_of(url)["password"]
        return Probe(url, False, problem=problem.replace(password, "…") if password else problem)


class ServerFields(QWidget):
    """Host, port, database, the server account and its password; ``url()`` with the password."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = QLineEdit()
        self.host.setObjectName("serverHost")
        self.host.setPlaceholderText(_("ví dụ: 10.0.0.5 hoặc csdl.tinh.gov.vn"))
        self.port = QSpinBox()
        self.port.setObjectName("serverPort")
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.name = QLineEdit("danvan")
        self.name.setObjectName("serverDatabase")
        self.user = QLineEdit()
        self.user.setObjectName("serverUser")
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(_("Lưu mật khẩu máy chủ trong kho mật khẩu của hệ điều hành"))
        self.remember.setObjectName("serverRemember")
        self.remember.setChecked(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Máy chủ:"), self.host)
        form.addRow(_("Cổng:"), self.port)
        form.addRow(_("Cơ sở dữ liệu:"), self.name)
        form.addRow(_("Tài khoản máy chủ:"), self.user)
        form.addRow(_("Mật khẩu máy chủ:"), self.password)
        form.addRow("", self.remember)
        for edit in (self.host, self.name, self.user, self.password):
            edit.textChanged.connect(self.changed)
        self.port.valueChanged.connect(self.changed)

    def filled(self) -> bool:
        return all(edit.text().strip() for edit in (self.host, self.name, self.user))

    def url(self) -> str:
        return engines.server_url(self.host.text(), self.port.value(), self.name.text(), self.user.text(),
                                  self.password.text())  # fmt: skip

    def show_address(self, url: str) -> None:
        """Fill the fields from a remembered address, with the kept password if there is one."""
        parts = engines.address_of(url)
        self.host.setText(parts["host"])
        self.port.setValue(parts["port"])
        self.name.setText(parts["name"])
        self.user.setText(parts["user"])
        self.password.setText(parts["password"] or credentials.server_password(engines.shown(url)) or "")

    def keep_password(self, parent: QWidget | None) -> None:
        """Keep (or forget) the password in the keyring, as the box says; a refusal is said, not fatal."""
        try:
            credentials.set_server_password(engines.shown(self.url()),
                                            self.password.text() if self.remember.isChecked() else None)  # fmt: skip
        except TransportError as error:
            dialogs.warn(parent, _("Mật khẩu máy chủ"), str(error))


class LocationChooser(QWidget):
    """A file on this computer, or a server database: the radio buttons and the fields of each."""

    changed = Signal()

    def __init__(self, file: Path | None = None, parent: QWidget | None = None, *, fixed_file: bool = False) -> None:
        # ``fixed_file``: the first-run wizard makes the file where the program keeps it; only shown.
        super().__init__(parent)
        self.on_file = QRadioButton(_("Trên máy tính này (một tệp dữ liệu, dùng cả khi không có mạng)"))
        self.on_file.setObjectName("locationFile")
        self.on_server = QRadioButton(_("Trên máy chủ PostgreSQL của đơn vị (nhiều cán bộ cùng dùng, cấp tỉnh)"))
        self.on_server.setObjectName("locationServer")
        group = QButtonGroup(self)
        group.addButton(self.on_file)
        group.addButton(self.on_server)
        self.file = QLineEdit(str(file or ""))
        self.file.setObjectName("locationPath")
        browse = QPushButton(_("Chọn tệp dữ liệu…"))
        browse.setObjectName("locationBrowse")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.file.setReadOnly(fixed_file)
        browse.setVisible(not fixed_file)
        self.file_box = QWidget()
        self.file_box.setLayout(file_row)
        file_row.setContentsMargins(24, 0, 0, 0)
        self.server = ServerFields()
        self.check_button = QPushButton(_("Kiểm tra kết nối"))
        self.check_button.setObjectName("serverCheck")
        self.check_button.clicked.connect(self.check)
        self.found = QLabel()
        self.found.setObjectName("serverFound")
        self.found.setWordWrap(True)
        server_box = QVBoxLayout()
        server_box.setContentsMargins(24, 0, 0, 0)
        server_box.addWidget(self.server)
        server_box.addWidget(self.check_button)
        server_box.addWidget(self.found)
        self.server_box = QWidget()
        self.server_box.setLayout(server_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.on_file)
        layout.addWidget(self.file_box)
        layout.addWidget(self.on_server)
        layout.addWidget(self.server_box)
        layout.addStretch(1)
        self.probed: Probe | None = None
        self.on_file.setChecked(True)
        group.buttonToggled.connect(self._on_choice)
        self.server.changed.connect(self._forget_probe)
        self.file.textChanged.connect(self.changed)
        self._on_choice()

    def _on_choice(self) -> None:
        self.file_box.setEnabled(self.on_file.isChecked())
        self.server_box.setEnabled(self.on_server.isChecked())
        self.changed.emit()

    def _forget_probe(self) -> None:
        self.probed = None
        self.found.clear()
        self.changed.emit()

    def _browse(self) -> None:
        chosen = dialogs.choose_file(self, _("Chọn tệp dữ liệu"), _("Tệp dữ liệu Sổ Dân vận (*.sqlite);;Mọi tệp (*)"))
        if chosen:
            self.file.setText(chosen)

    def show_location(self, location: Path | str | None) -> None:
        if engines.is_server(location):
            self.on_server.setChecked(True)
            self.server.show_address(str(location))
        elif location:
            self.on_file.setChecked(True)
            self.file.setText(str(location))

    def check(self) -> Probe | None:
        """Ask the server the fields name; what it found is said under the button."""
        if not self.server.filled():
            self.found.setText(_("Nhập máy chủ, cơ sở dữ liệu và tài khoản máy chủ."))
            return None
        self.probed = probe(self.server.url())
        self.found.setText(self.probed.said())
        self.changed.emit()
        return self.probed

    def ready(self) -> bool:
        if self.on_file.isChecked():
            return bool(self.file.text().strip())
        return self.probed is not None and self.probed.answered

    def location(self) -> Path | str:
        """The file's path, or the server's URL with its password (in memory only)."""
        return self.server.url() if self.on_server.isChecked() else Path(self.file.text().strip()).expanduser()
