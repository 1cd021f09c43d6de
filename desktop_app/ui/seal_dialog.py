"""Sealing the identities of a database encrypted before they were sealed: offered once to an
administrator at sign-in. The recovery code on the cabinet's sheet keeps the reader key, so it
is asked for; "Để sau" leaves the file as it is and asks again at the next sign-in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.l10n import _
from desktop_app.domain.roles import Right
from desktop_app.services import accounts, encryption, reader_key
from desktop_app.store import cipher
from desktop_app.ui import dialogs
from desktop_app.ui.account_dialogs import ERROR_STYLE


class SealDialog(QDialog):
    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sealDialog")
        self.setWindowTitle(_("Niêm phong thông tin nhạy cảm"))
        self.database = database
        intro = QLabel(_("Tệp dữ liệu này được mã hóa từ trước khi chương trình niêm phong thông tin nhạy cảm: tài "
                         "khoản Nhập liệu vẫn đọc được họ tên người gửi đơn, công dân, người có uy tín nếu lấy được "
                         "tệp. Nhập mã khôi phục trên phiếu cất trong tủ hồ sơ và mật khẩu của bạn để niêm phong; "
                         "từ đó chỉ lãnh đạo và quản trị đọc được. Chương trình sao lưu trước khi làm."))  # fmt: skip
        intro.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setObjectName("sealCode")
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.password = QLineEdit()
        self.password.setObjectName("sealPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("Mã khôi phục"), self.code)
        form.addRow(_("Mật khẩu của bạn"), self.password)
        self.message = QLabel()
        self.message.setObjectName("sealMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        dialogs.translate_buttons(buttons)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Niêm phong"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Để sau"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.code.setFocus()
        self.done_text = ""

    def accept(self) -> None:
        try:
            done = encryption.seal_with_code(self.database, self.code.text(), self.password.text())
        except (accounts.Refused, OSError) as error:
            self.password.clear()
            self.message.setText(str(error))
            self.message.show()
            return
        self.done_text = _("Đã niêm phong {records} bản ghi; chỉ lãnh đạo và quản trị đọc được.").format(**done)
        super().accept()


def needs_sealing(database: Path) -> bool:
    """Whether to offer the dialog: an administrator signed in to an encrypted file that has no
    reader key yet."""
    return (cipher.is_encrypted(database) and accounts.may(Right.MANAGE_ACCOUNTS)
            and reader_key.public_key() is None)  # fmt: skip
