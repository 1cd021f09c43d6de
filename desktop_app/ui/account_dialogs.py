"""Signing in and accounts in the window: the login dialog (also the idle lock), the first
administrator, changing one's password, and the administrator's list of accounts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
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

from desktop_app import APP_DISPLAY_NAME
from desktop_app.domain.l10n import N_, _, format_stamp
from desktop_app.domain.roles import ROLES, role
from desktop_app.services import accounts, encryption, unit_setup
from desktop_app.store.database import DatabaseError
from desktop_app.store.migrations import SchemaError
from desktop_app.ui import dialogs

ERROR_STYLE = "color: #a93226;"


def _password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setObjectName(name)
    return edit


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    dialogs.translate_buttons(buttons)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _message_label() -> QLabel:
    label = QLabel()
    label.setObjectName("accountMessage")
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class _Form(QDialog):
    """A small form with a message line for what went wrong."""

    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = _message_label()
        layout = QVBoxLayout(self)
        if intro:
            text = QLabel(intro)
            text.setWordWrap(True)
            layout.addWidget(text)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        self.layout_ = layout
        self.setMinimumWidth(420)

    def fail(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()

    def submit(self, password: QLineEdit, again: QLineEdit, action: Callable[[], object]) -> None:
        """Close when the two passwords agree and ``action`` succeeds; otherwise say why, here."""
        if password.text() != again.text():
            self.fail(_("Hai ô mật khẩu không giống nhau."))
            return
        try:
            action()
        except (accounts.AccountError, accounts.NotAllowed) as error:
            self.fail(str(error))
            return
        QDialog.accept(self)


class LoginDialog(_Form):
    """Asks for the name and password until they are right, or the officer gives up. With
    ``locked_name`` it is the idle lock: the signed-in account's password, or sign out."""

    def __init__(self, parent: QWidget | None = None, locked_name: str | None = None,
                 encrypted: Path | None = None) -> None:  # fmt: skip
        # ``encrypted``: the file to open by this sign-in (its unit is read from the key ring).
        self.encrypted = encrypted
        unit = encryption.unit_label(encrypted) if encrypted else unit_setup.current_unit().display
        title = _("Mở khóa") if locked_name else _("Đăng nhập — {app}").format(app=APP_DISPLAY_NAME)
        intro = (_("Màn hình đã tự khóa vì lâu không dùng. Nhập mật khẩu của {name} để tiếp tục.").format(
            name=locked_name) if locked_name else _("Dữ liệu của {unit}. Mỗi cán bộ đăng nhập bằng tài khoản của "
                                                    "mình.").format(unit=unit))  # fmt: skip
        super().__init__(title, intro, parent)
        self.setObjectName("loginDialog")
        self.locked_name = locked_name
        self.name = QLineEdit(locked_name or "")
        self.name.setObjectName("loginName")
        self.name.setReadOnly(bool(locked_name))
        self.password = _password_edit("loginPassword")
        self.form.addRow(_("Tên đăng nhập"), self.name)
        self.form.addRow(_("Mật khẩu"), self.password)
        buttons = _buttons(self, _("Mở khóa") if locked_name else _("Đăng nhập"))
        if locked_name:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Đăng xuất"))
        self.layout_.addWidget(buttons)
        (self.password if locked_name else self.name).setFocus()
        self.session: accounts.Session | None = None

    def accept(self) -> None:
        try:
            if self.encrypted:
                self.session = encryption.open_signed_in(self.encrypted, self.name.text(), self.password.text())
            else:
                self.session = encryption.sign_in(self.name.text(), self.password.text(),
                                                  where="unlock" if self.locked_name else "window")  # fmt: skip
        except (accounts.Refused, DatabaseError, SchemaError) as error:
            self.password.clear()
            self.fail(str(error))
            return
        super().accept()


class RecoverDialog(_Form):
    """Opens an encrypted file with the recovery code when its key ring is missing (a copy taken
    without its ``.keys`` file) or every administrator password is lost: the code, then a new
    password for an administrator. Writes a fresh ring; every other officer keeps their password."""

    def __init__(self, encrypted: Path, parent: QWidget | None = None) -> None:
        intro = _("Không thấy tệp khóa {ring} bên cạnh {path}. Mã khôi phục trên phiếu cất trong tủ hồ sơ mở được "
                  "tệp này: nhập mã, rồi đặt mật khẩu mới cho tài khoản quản trị. Các cán bộ khác giữ mật khẩu "
                  "cũ.").format(ring=encryption.ring_file_name(encrypted), path=encrypted.name)  # fmt: skip
        super().__init__(_("Mở bằng mã khôi phục"), intro, parent)
        self.setObjectName("recoverDialog")
        self.setMinimumWidth(560)  # the 39 characters of the code and its groups show whole
        self.encrypted = encrypted
        self.code = QLineEdit()
        self.code.setObjectName("recoverCode")
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.name = QLineEdit()
        self.name.setObjectName("recoverName")
        self.name.setPlaceholderText(_("để trống nếu chỉ có một quản trị"))
        self.password = _password_edit("recoverPassword")
        self.confirm = _password_edit("recoverConfirm")
        self.form.addRow(_("Mã khôi phục"), self.code)
        self.form.addRow(_("Tài khoản quản trị"), self.name)
        self.form.addRow(_("Mật khẩu mới (ít nhất 8 ký tự)"), self.password)
        self.form.addRow(_("Nhập lại mật khẩu mới"), self.confirm)
        self.layout_.addWidget(_buttons(self, _("Mở dữ liệu")))
        self.code.setFocus()
        self.session: accounts.Session | None = None

    def accept(self) -> None:
        if self.password.text() != self.confirm.text():
            self.fail(_("Hai ô mật khẩu không giống nhau."))
            return
        try:
            self.session = encryption.recover(self.encrypted, self.code.text(), self.name.text().strip(),
                                              self.password.text())  # fmt: skip
        except (accounts.Refused, accounts.AccountError, DatabaseError, SchemaError) as error:
            self.fail(str(error))
            return
        QDialog.accept(self)


class AdministratorDialog(_Form):
    """Creates the first account of a database made before accounts existed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Tạo tài khoản quản trị"), _(
            "Dữ liệu này chưa có tài khoản: ai mở máy cũng xem và sửa được mọi thứ. Hãy tạo tài khoản quản trị; "
            "từ đó mỗi cán bộ đăng nhập bằng tài khoản của mình, và mọi thay đổi được ghi vào nhật ký."), parent)
        self.setObjectName("administratorDialog")
        self.name = QLineEdit()
        self.name.setObjectName("adminName")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("adminFullName")
        self.password = _password_edit("adminPassword")
        self.confirm = _password_edit("adminConfirm")
        add_account_rows(self.form, self.name, self.full_name, self.password, self.confirm)
        self.layout_.addWidget(_buttons(self, _("Tạo tài khoản")))

    def accept(self) -> None:
        self.submit(self.password, self.confirm, lambda: accounts.create_administrator(
            self.name.text(), self.password.text(), self.full_name.text()))


def add_account_rows(form: QFormLayout, name: QLineEdit, full_name: QLineEdit, password: QLineEdit,
                     confirm: QLineEdit) -> None:  # fmt: skip
    name.setPlaceholderText(_("ví dụ: lan.nguyen"))
    form.addRow(_("Tên đăng nhập"), name)
    form.addRow(_("Họ và tên"), full_name)
    form.addRow(_("Mật khẩu (ít nhất 8 ký tự)"), password)
    form.addRow(_("Nhập lại mật khẩu"), confirm)


class ChangePasswordDialog(_Form):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Đổi mật khẩu"), "", parent)
        self.setObjectName("changePasswordDialog")
        self.old = _password_edit("oldPassword")
        self.new = _password_edit("newPassword")
        self.confirm = _password_edit("confirmPassword")
        self.form.addRow(_("Mật khẩu hiện tại"), self.old)
        self.form.addRow(_("Mật khẩu mới (ít nhất 8 ký tự)"), self.new)
        self.form.addRow(_("Nhập lại mật khẩu mới"), self.confirm)
        self.layout_.addWidget(_buttons(self, _("Đổi mật khẩu")))

    def accept(self) -> None:
        self.submit(self.new, self.confirm, lambda: accounts.change_own_password(self.old.text(), self.new.text()))


class NewAccountDialog(_Form):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Thêm tài khoản"), "", parent)
        self.setObjectName("newAccountDialog")
        self.name = QLineEdit()
        self.name.setObjectName("newName")
        self.full_name = QLineEdit()
        self.password = _password_edit("newPassword")
        self.confirm = _password_edit("newConfirm")
        self.role = QComboBox()
        self.role.setObjectName("newRole")
        for item in ROLES:
            self.role.addItem(item.display, item.code)
        add_account_rows(self.form, self.name, self.full_name, self.password, self.confirm)
        self.form.addRow(_("Vai trò"), self.role)
        self.layout_.addWidget(_buttons(self, _("Thêm")))

    def accept(self) -> None:
        self.submit(self.password, self.confirm, lambda: accounts.add_account(
            self.name.text(), self.role.currentData(), self.password.text(), self.full_name.text()))


class ResetPasswordDialog(_Form):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Đặt lại mật khẩu cho {name}").format(name=name), "", parent)
        self.account_name = name
        self.new = _password_edit("resetPassword")
        self.confirm = _password_edit("resetConfirm")
        self.form.addRow(_("Mật khẩu mới (ít nhất 8 ký tự)"), self.new)
        self.form.addRow(_("Nhập lại mật khẩu mới"), self.confirm)
        self.layout_.addWidget(_buttons(self, _("Đặt lại")))

    def accept(self) -> None:
        self.submit(self.new, self.confirm, lambda: accounts.reset_password(self.account_name, self.new.text()))


class AccountsDialog(QDialog):
    """The administrator's list: add, reset a password, disable (never delete)."""

    COLUMNS = (N_("Tên đăng nhập"), N_("Họ và tên"), N_("Vai trò"), N_("Trạng thái"), N_("Đăng nhập lần cuối"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.setWindowTitle(_("Tài khoản"))
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = _message_label()
        add = QPushButton(_("Thêm tài khoản…"))
        add.setObjectName("addAccount")
        add.clicked.connect(self.add)
        reset = QPushButton(_("Đặt lại mật khẩu…"))
        reset.clicked.connect(self.reset)
        disable = QPushButton(_("Vô hiệu hóa"))
        disable.setObjectName("disableAccount")
        disable.clicked.connect(self.disable)
        close = QPushButton(_("Đóng"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for button in (add, reset, disable):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.resize(720, 360)
        self.refresh()

    def refresh(self) -> None:
        found = accounts.accounts()
        self.table.setRowCount(len(found))
        for index, account in enumerate(found):
            state = _("Vô hiệu hóa từ {when}").format(when=format_stamp(account.disabled_at)) if account.disabled_at \
                else _("Đang dùng")
            last = format_stamp(account.last_sign_in_at) if account.last_sign_in_at else "—"
            for column, text in enumerate((account.name, account.full_name, role(account.role).display, state, last)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, account.name)
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()

    def _selected(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def add(self) -> None:
        if NewAccountDialog(self).exec():
            self.refresh()

    def reset(self) -> None:
        if (name := self._selected()) and ResetPasswordDialog(name, self).exec():
            dialogs.inform(self, _("Tài khoản"), _("Đã đặt mật khẩu mới cho {name}.").format(name=name))

    def disable(self) -> None:
        name = self._selected()
        if not name or not dialogs.confirm(self, _("Vô hiệu hóa tài khoản"), _(
                "Tài khoản {name} sẽ không đăng nhập được nữa. Nhật ký vẫn giữ tên tài khoản này.").format(name=name),
                yes=_("Vô hiệu hóa")):  # fmt: skip
            return
        try:
            accounts.disable(name)
        except (accounts.AccountError, accounts.NotAllowed) as error:
            self.message.setText(str(error))
            self.message.show()
            return
        self.refresh()
