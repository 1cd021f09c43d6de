"""Issuing a report: the leader confirms, and chooses whether to sign it digitally — with a
certificate file (.p12, .pfx) and its password, or a USB token (its PKCS#11 module, remembered
on this computer, and its PIN) — seeing the signature as it will show before anything is signed.

The credential is opened when the leader presses "Ban hành", so a wrong password or PIN, an
expired certificate or a token not plugged in is said here and the dialog stays open; the report
page then issues with it and closes it (``credential``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.l10n import _
from desktop_app.security.pdf_signing import Credential
from desktop_app.services import accounts, signing
from desktop_app.ui import dialogs

MODULE_KEY = "signing/pkcs11_module"  # the token's PKCS#11 module: a fact of this computer, not of the data
NONE, P12, TOKEN = "none", "p12", "token"
PREVIEW_DPI = 72  # the signature at about its printed size on a laptop's screen


def choose_image(parent: QWidget, title: str, keep: Callable[[bytes], None]) -> bool:
    """Ask for a transparent PNG and ``keep`` it (the signature or the seal image); a file
    that is not one is refused, saying why. Whether one was kept."""
    path = dialogs.choose_file(parent, title, _("Ảnh PNG nền trong suốt (*.png)"))
    if not path:
        return False
    try:
        keep(Path(path).read_bytes())
    except (signing.SigningRefused, OSError) as error:
        dialogs.warn(parent, _("Không dùng được ảnh này"), str(error))
        return False
    return True


class IssueDialog(QDialog):
    def __init__(self, question: str, organisation: str, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("issueDialog")
        self.setWindowTitle(_("Ban hành"))
        self.settings = settings or QSettings()
        self.organisation = organisation
        self.credential: Credential | None = None
        text = QLabel(question)
        text.setObjectName("issueQuestion")
        text.setWordWrap(True)

        self.how = QButtonGroup(self)
        choices = QVBoxLayout()
        for key, label in ((NONE, _("Không ký số (in ra, ký tay và đóng dấu)")),
                           (P12, _("Ký số bằng tệp chứng thư số (.p12, .pfx)")),
                           (TOKEN, _("Ký số bằng USB token"))):  # fmt: skip
            button = QRadioButton(label)
            button.setObjectName(f"sign_{key}")
            button.setProperty("how", key)
            self.how.addButton(button)
            choices.addWidget(button)
        self.how.buttons()[0].setChecked(True)

        self.p12_path, self.p12_password = QLineEdit(), QLineEdit()
        self.p12_path.setObjectName("p12Path")
        self.p12_password.setObjectName("p12Password")
        self.p12_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.module, self.pin = QLineEdit(str(self.settings.value(MODULE_KEY, "") or "")), QLineEdit()
        self.module.setObjectName("pkcs11Module")
        self.module.setPlaceholderText(_("thư viện PKCS#11 đi kèm phần mềm của token (.dll, .so)"))
        self.pin.setObjectName("tokenPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.p12_box = self._group(_("Tệp chứng thư số"), [
            (_("Tệp:"), self._with_chooser(self.p12_path, _("Chọn tệp chứng thư số"),
                                             _("Chứng thư số (*.p12 *.pfx)"))),
            (_("Mật khẩu:"), self.p12_password)])  # fmt: skip
        self.token_box = self._group(_("USB token"), [
            (_("Thư viện:"), self._with_chooser(self.module, _("Chọn thư viện PKCS#11"),
                                                  _("Thư viện (*.so *.dll *.dylib)"))),
            (_("Mã PIN:"), self.pin)])  # fmt: skip

        self.images = QLabel()
        self.images.setObjectName("signatureImages")
        self.images.setWordWrap(True)
        self.choose_signature = QPushButton(_("Chọn ảnh chữ ký của tôi…"))
        self.choose_signature.setObjectName("chooseSignatureImage")
        self.choose_signature.clicked.connect(self._choose_signature)
        self.preview = QLabel()
        self.preview.setObjectName("signaturePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sign_box = QGroupBox(_("Chữ ký số sẽ hiện trên văn bản"))
        sign_layout = QVBoxLayout(self.sign_box)
        sign_layout.addWidget(self.images)
        sign_layout.addWidget(self.choose_signature, 0, Qt.AlignmentFlag.AlignLeft)
        sign_layout.addWidget(self.preview)

        buttons = QDialogButtonBox()
        self.issue_button = buttons.addButton(_("Ban hành"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.issue_button.setObjectName("issueButton")
        buttons.addButton(_("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(choices)
        layout.addWidget(self.p12_box)
        layout.addWidget(self.token_box)
        layout.addWidget(self.sign_box)
        layout.addWidget(buttons)
        self.how.buttonToggled.connect(lambda *_args: self._show_choice())
        self._show_choice()

    # ------------------------------------------------------------ building
    @staticmethod
    def _group(title: str, rows: list[tuple[str, QWidget]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for label, widget in rows:
            form.addRow(label, widget)
        return box

    def _with_chooser(self, edit: QLineEdit, title: str, filters: str) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit, 1)
        button = QPushButton(_("Chọn…"))
        button.clicked.connect(lambda: self._choose_path(edit, title, filters))
        layout.addWidget(button)
        return row

    def _choose_path(self, edit: QLineEdit, title: str, filters: str) -> None:
        if path := dialogs.choose_file(self, title, filters):
            edit.setText(path)

    @property
    def chosen(self) -> str:
        button = self.how.checkedButton()
        return str(button.property("how")) if button is not None else NONE

    def _show_choice(self) -> None:
        chosen = self.chosen
        self.p12_box.setVisible(chosen == P12)
        self.token_box.setVisible(chosen == TOKEN)
        self.sign_box.setVisible(chosen != NONE)
        if chosen != NONE:
            self._show_images()
        self.adjustSize()

    def _show_images(self) -> None:
        signature, seal = signing.has_images(accounts.current())
        missing = [] if signature else [_("chưa có ảnh chữ ký của bạn")]
        if not seal:
            missing.append(_("đơn vị chưa có ảnh con dấu (quản trị chọn trong Cài đặt)"))
        self.images.setText(_("Thiếu: {what}.").format(what="; ".join(missing)) if missing else
                            _("Ảnh chữ ký và ảnh con dấu đã có; giờ ký lấy lúc ký."))  # fmt: skip
        self.images.setStyleSheet("color: #9a3412;" if missing else "")
        self.preview.setPixmap(self._rendered() if not missing else QPixmap())

    def _rendered(self) -> QPixmap:
        """The signature as it will show, from the PDF page the signing draws."""
        try:
            pdf = signing.appearance_preview(self.organisation)
        except signing.SigningRefused:
            return QPixmap()
        document = QPdfDocument(self)
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document.load(buffer)
        points = document.pagePointSize(0)
        size = QSize(round(points.width() * PREVIEW_DPI / 72), round(points.height() * PREVIEW_DPI / 72))
        return QPixmap.fromImage(document.render(0, size))

    def _choose_signature(self) -> None:
        if choose_image(self, _("Chọn ảnh chữ ký"), signing.choose_signature_image):
            self._show_images()

    # ------------------------------------------------------------ issuing
    def accept(self) -> None:
        """Open the credential chosen; the dialog stays open, saying why, when it cannot sign."""
        chosen = self.chosen
        try:
            if chosen == P12:
                path = Path(self.p12_path.text().strip())
                if not path.is_file():
                    raise signing.SigningRefused(_("Chọn tệp chứng thư số (.p12, .pfx)."))
                self.credential = signing.open_p12(path.read_bytes(), self.p12_password.text(), path.name)
            elif chosen == TOKEN:
                module = self.module.text().strip()
                if not module:
                    raise signing.SigningRefused(_("Chọn thư viện PKCS#11 của USB token."))
                self.credential = signing.open_token(module, self.pin.text())
                self.settings.setValue(MODULE_KEY, module)
            if self.credential is not None:
                signing.images_of(accounts.current())
        except (signing.SigningRefused, OSError) as error:
            if self.credential is not None:
                self.credential.close()
                self.credential = None
            dialogs.warn(self, _("Không ký số được"), str(error))
            return
        super().accept()
