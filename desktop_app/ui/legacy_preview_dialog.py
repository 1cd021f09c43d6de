"""Before an old sheet is imported: the cells typed in the TCVN3 or VNI fonts, each as it is and
as it will be stored, and those no reading could decide; the officer may read a column otherwise
than the program guessed. Nothing is written until "Nhập"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.l10n import _, format_number
from desktop_app.services.legacy_cells import AUTO, MODES, NAMES, LegacyReport
from desktop_app.services.transfer import RawTable
from desktop_app.ui import dialogs

UNDECIDED = QColor("#fdebc8")


def column_letter(column: int) -> str:
    """A, B, … Z, AA, … as the spreadsheet names its columns."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class LegacyPreviewDialog(QDialog):
    def __init__(self, table: RawTable, first: tuple[list[list[Any]], LegacyReport], file_name: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        """``first``: the file's rows as read in its own encodings, and what that did
        (``table.converted()``, worked out off the window's thread)."""
        super().__init__(parent)
        self.setObjectName("legacyPreviewDialog")
        self.setWindowTitle(_("Chữ gõ bằng bảng mã cũ trong {file}").format(file=file_name))
        self.table = table
        self.modes: dict[int, str] = {}  # the officer's choice per column
        explanation = QLabel(_(
            "Tệp này có chữ gõ bằng phông chữ cũ (TCVN3 hay VNI). Dưới đây là các ô sẽ được đổi sang Unicode trước "
            "khi nhập, và các ô chưa rõ bảng mã (tô vàng, để nguyên). Nếu một cột đoán sai, chọn lại bảng mã của "
            "cột đó. Chưa có gì được ghi cho đến khi bấm «Nhập»."))  # fmt: skip
        explanation.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("legacySummary")
        self.summary.setWordWrap(True)

        converted, report = first
        heading = converted[0] if converted else []
        self.choosers: dict[int, QComboBox] = {}
        choices = QFormLayout()
        for column in sorted({c.column for c in report.changes} | {column for _r, column, _t in report.undecided}):
            chooser = QComboBox()
            chooser.setObjectName(f"legacyColumn_{column}")
            for code, label in MODES.items():
                chooser.addItem(_(label), code)
            chooser.currentIndexChanged.connect(lambda _index, column=column: self._choose(column))
            title = heading[column] if column < len(heading) and isinstance(heading[column], str) else ""
            choices.addRow(_("Cột {letter} «{title}»:").format(letter=column_letter(column), title=title), chooser)
            self.choosers[column] = chooser

        self.cells = QTableWidget(0, 5)
        self.cells.setObjectName("legacyCells")
        self.cells.setHorizontalHeaderLabels([_("Dòng"), _("Cột"), _("Trong tệp"), _("Sẽ nhập"), _("Bảng mã")])
        self.cells.verticalHeader().hide()
        self.cells.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.cells.horizontalHeader()
        for column in (0, 1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        dialogs.translate_buttons(buttons)
        self.import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(_("Nhập"))
        self.import_button.setObjectName("legacyImport")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(choices)
        layout.addWidget(self.summary)
        layout.addWidget(self.cells, 1)
        layout.addWidget(buttons)
        self.resize(980, 560)
        self.report = report
        self._show(report)

    def column_modes(self) -> dict[int, str]:
        """The columns the officer read otherwise than the file's guess."""
        return dict(self.modes)

    def _choose(self, column: int) -> None:
        mode = self.choosers[column].currentData()
        if mode == AUTO:
            self.modes.pop(column, None)
        else:
            self.modes[column] = mode
        self.report = self.table.converted(AUTO, self.modes)[1]
        self._show(self.report)

    def _show(self, report: LegacyReport) -> None:
        self.summary.setText(report.summary() or _("Không có ô nào cần chuyển."))
        entries = [(c.row, c.column, c.before, c.after, NAMES[c.legacy], None) for c in report.changes]
        entries += [(row, column, text, text, _("không rõ"), UNDECIDED) for row, column, text in report.undecided]
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        self.cells.setRowCount(len(entries))
        for index, (row, column, before, after, encoding, colour) in enumerate(entries):
            values = (format_number(row), column_letter(column), before, after, encoding)
            for position, value in enumerate(values):
                item = QTableWidgetItem(value)
                if position in (0, 1):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if colour is not None:
                    item.setBackground(QBrush(colour))
                self.cells.setItem(index, position, item)
