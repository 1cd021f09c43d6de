"""Message boxes and file pickers whose buttons speak the program's language.

PySide6 ships no Vietnamese translation of Qt's own dialogs, so every button text is set here
through the program's catalog instead of Qt's.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QWidget

from desktop_app.domain.l10n import _, pgettext


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    return box


def confirm(parent: QWidget | None, title: str, text: str, yes: str | None = None) -> bool:
    """Ask a yes/no question; True when the user says yes. No is the default."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    yes_button = box.addButton(yes or _("Đồng ý"), QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(_("Hủy"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def inform(parent: QWidget | None, title: str, text: str) -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, text)
    box.addButton(_("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def warn(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    box = _box(parent, QMessageBox.Icon.Warning, title, text)
    if details:
        box.setDetailedText(details)
    box.addButton(_("Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def translate_buttons(buttons: QDialogButtonBox) -> None:
    """Give a standard button box Vietnamese (or English) texts."""
    texts = {
        QDialogButtonBox.StandardButton.Ok: _("Đồng ý"),
        QDialogButtonBox.StandardButton.Cancel: _("Hủy"),
        QDialogButtonBox.StandardButton.Save: pgettext("button", "Lưu"),
        QDialogButtonBox.StandardButton.Close: _("Đóng"),
        QDialogButtonBox.StandardButton.Yes: _("Có"),
        QDialogButtonBox.StandardButton.No: _("Không"),
    }
    for standard, text in texts.items():
        button = buttons.button(standard)
        if button is not None:
            button.setText(text)


def _file_dialog(parent: QWidget | None, title: str, filters: str, save: bool) -> QFileDialog:
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # native dialogs ignore our texts
    dialog.setNameFilter(filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    labels = {
        QFileDialog.DialogLabel.LookIn: _("Thư mục:"),
        QFileDialog.DialogLabel.FileName: _("Tên tệp:"),
        QFileDialog.DialogLabel.FileType: _("Loại tệp:"),
        QFileDialog.DialogLabel.Accept: pgettext("button", "Lưu") if save else _("Mở"),
        QFileDialog.DialogLabel.Reject: _("Hủy"),
    }
    for label, text in labels.items():
        dialog.setLabelText(label, text)
    return dialog


def choose_file(parent: QWidget | None, title: str, filters: str, *, save: bool = False,
                default_suffix: str = "") -> str | None:  # fmt: skip
    """A path chosen by the user, or None when they cancel."""
    dialog = _file_dialog(parent, title, filters, save)
    if default_suffix:
        dialog.setDefaultSuffix(default_suffix)
    if dialog.exec() and dialog.selectedFiles():
        return dialog.selectedFiles()[0]
    return None


def choose_files(parent: QWidget | None, title: str, filters: str) -> list[str]:
    """Existing files chosen by the user (several at once); empty when they cancel."""
    dialog = _file_dialog(parent, title, filters, save=False)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return list(dialog.selectedFiles()) if dialog.exec() else []


def choose_folder(parent: QWidget | None, title: str) -> str | None:
    dialog = _file_dialog(parent, title, "", save=False)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, _("Chọn"))
    if dialog.exec() and dialog.selectedFiles():
        return dialog.selectedFiles()[0]
    return None


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """Save and Cancel in the program's language, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    translate_buttons(buttons)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
