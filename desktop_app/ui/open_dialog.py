"""File → Mở dữ liệu…: open another set of registers — a file on this computer, or a database on
the unit's PostgreSQL server (#14). The window then closes the open one and signs in on the
chosen one; if that fails, the one it had is opened again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.l10n import _
from desktop_app.ui import dialogs
from desktop_app.ui.location_chooser import LocationChooser, not_set_up


class OpenDialog(QDialog):
    """Choose where the registers are; ``location`` once accepted (a server's URL carries its
    password, in memory only)."""

    def __init__(self, current: Path | str | None, parent: QWidget | None = None, *, problem: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("openDialog")
        self.setWindowTitle(_("Mở dữ liệu"))
        layout = QVBoxLayout(self)
        if problem:  # why it is asked at start: the remembered place did not open
            said = QLabel(problem)
            said.setObjectName("openProblem")
            said.setWordWrap(True)
            layout.addWidget(said)
        self.chooser = LocationChooser()
        self.chooser.show_location(current)
        layout.addWidget(self.chooser)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        dialogs.translate_buttons(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Mở"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.chooser.changed.connect(self._update)
        self._update()
        self.resize(620, 420)
        self.location: Path | str | None = None

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            (self.chooser.on_server.isChecked() and self.chooser.server.filled()) or self.chooser.ready())

    def accept(self) -> None:
        chooser = self.chooser
        if chooser.on_server.isChecked():
            probed = chooser.probed or chooser.check()  # the officer may open without pressing Kiểm tra first
            if probed is None or not probed.answered:
                return  # what went wrong is said under the button
            if not probed.set_up:
                dialogs.warn(self, _("Mở dữ liệu"), not_set_up(probed.url))
                return
            chooser.server.keep_password(self)
        elif not chooser.location().exists():
            dialogs.warn(self, _("Mở dữ liệu"), _("Không tìm thấy tệp dữ liệu {path}.").format(path=chooser.location()))
            return
        self.location = chooser.location()
        super().accept()
