"""The recovery code of a newly encrypted database, shown once: the officer prints the sheet or
copies the code, and says so before the dialog lets them go on."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.l10n import _
from desktop_app.ui import dialogs


class RecoveryCodeDialog(QDialog):
    def __init__(self, code: str, unit: str, database: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryCodeDialog")
        self.setWindowTitle(_("Mã khôi phục"))
        self.code, self.unit, self.database = code, unit, database
        intro = QLabel(_("Dữ liệu đã được mã hóa: ai lấy được máy hay tệp cũng không đọc được nếu không có mật "
                         "khẩu. Khi mọi mật khẩu quản trị đều bị quên, chỉ mã dưới đây mở lại được dữ liệu. Mã chỉ "
                         "hiện một lần: hãy in phiếu, cất trong tủ hồ sơ mật của cơ quan."))  # fmt: skip
        intro.setWordWrap(True)
        shown = QLabel(self._two_lines(code))
        shown.setObjectName("recoveryCode")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(16)
        font.setBold(True)
        shown.setFont(font)
        shown.setStyleSheet("padding: 10px; border: 1px solid #888;")
        save = QPushButton(_("Lưu phiếu PDF để in…"))
        save.setObjectName("saveRecoverySheet")
        save.clicked.connect(self.save_sheet)
        copy = QPushButton(_("Chép mã"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(code))
        row = QHBoxLayout()
        row.addWidget(save)
        row.addWidget(copy)
        row.addStretch(1)
        self.kept = QCheckBox(_("Tôi đã in phiếu hoặc chép mã ra giấy và cất giữ an toàn"))
        self.kept.setObjectName("recoveryKept")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        dialogs.translate_buttons(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Tiếp tục"))
        self.ok.setEnabled(False)
        self.kept.toggled.connect(self.ok.setEnabled)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (intro, shown):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.kept)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    @staticmethod
    def _two_lines(code: str) -> str:
        groups = code.split("-")
        return "  ".join(groups[:4]) + "\n" + "  ".join(groups[4:])

    def save_sheet(self) -> None:
        from desktop_app.reports.recovery_sheet import write_recovery_sheet

        chosen = dialogs.choose_file(self, _("Lưu phiếu mã khôi phục"), _("Tệp PDF (*.pdf)"), save=True,
                                     default_suffix="pdf")  # fmt: skip
        if not chosen:
            return
        try:
            write_recovery_sheet(chosen, unit=self.unit, database=self.database, code=self.code)
        except OSError as error:
            dialogs.warn(self, _("Không ghi được tệp"), str(error))
            return
        dialogs.inform(self, _("Mã khôi phục"),
                       _("Đã lưu {path}. Hãy in rồi xóa tệp này khỏi máy.").format(path=chosen))

    def reject(self) -> None:  # Escape does not skip the one chance to keep the code
        if self.kept.isChecked():
            super().accept()
