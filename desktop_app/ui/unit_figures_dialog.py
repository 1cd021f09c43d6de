"""What a click on a unit's bar opens at a merging unit: that unit's figures for the period, the
lines the home page says for the whole area, with where the unit stands (sent, locked)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.headlines import headline_figures
from desktop_app.domain.l10n import _
from desktop_app.domain.periods import Period
from desktop_app.domain.quantities import quantity
from desktop_app.services.charts import UnitBar
from desktop_app.ui import dialogs


class UnitFiguresDialog(QDialog):
    def __init__(self, unit: UnitBar, period: Period, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitFiguresDialog")
        self.setWindowTitle(_("Số liệu của {unit}").format(unit=unit.name))
        heading = QLabel(_("<b>{unit}</b> ({code}) — {period}: {status}").format(
            unit=unit.name, code=unit.code, period=period.label, status=unit.status_label))  # fmt: skip
        heading.setObjectName("unitFiguresHeading")
        heading.setWordWrap(True)
        form = QFormLayout()
        lines = [(_("Bản ghi trong kỳ"), quantity(unit.records, "bản ghi")),
                 (_("Đơn quá hạn"), quantity(unit.overdue, "đơn")), *headline_figures(unit.figures)]  # fmt: skip
        for row, (title, line) in enumerate(lines):
            value = QLabel(line)
            value.setObjectName(f"unitFigure_{row}")
            value.setWordWrap(True)
            form.addRow(f"<b>{title}</b>", value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        dialogs.translate_buttons(buttons)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(620, self.sizeHint().height())
