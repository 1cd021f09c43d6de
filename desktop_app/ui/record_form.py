"""The form of a register, generated from its declaration: one labelled widget per field."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop_app.domain.deadlines import deadline_article
from desktop_app.domain.l10n import _
from desktop_app.domain.register import Register
from desktop_app.domain.roles import Right
from desktop_app.domain.rules import Problem
from desktop_app.services import accounts, periods, records
from desktop_app.ui.field_widgets import widget_for

INVALID_STYLE = "border: 1px solid #c0392b; background: #fdecea;"


class RecordForm(QWidget):
    """Shows one record for editing. ``changed`` fires on every edit the user makes."""

    changed = Signal()

    def __init__(self, register: Register, hamlets: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.uuid: str | None = None
        self._loading = False
        self._dirty = False
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}

        self.title = QLabel()
        self.title.setObjectName("formTitle")
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.problems_label = QLabel()
        self.problems_label.setObjectName("formProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #a93226; background: #fdecea; padding: 6px; border-radius: 3px;")
        self.problems_label.hide()
        self.lock_label = QLabel()
        self.lock_label.setObjectName("formLocked")
        self.lock_label.setWordWrap(True)
        self.lock_label.setStyleSheet("color: #1f3a5f; background: #e8eef7; padding: 6px; border-radius: 3px;")
        self.lock_label.hide()
        self.read_only = False

        body = QWidget()
        self.body = body
        layout = QFormLayout(body)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.hamlet = QComboBox()
        self.hamlet.setObjectName("field_hamlet")
        self.set_hamlets(hamlets)
        self.hamlet.currentIndexChanged.connect(self._on_change)
        self.widgets["hamlet"] = self.hamlet
        self._add_row(layout, "hamlet", _(records.HAMLET_LABEL), self.hamlet)
        for field in register.fields:
            widget = widget_for(field)
            if field.editable:
                widget.changed.connect(self._on_change)  # type: ignore[attr-defined]
            self.widgets[field.name] = widget
            text = field.display_label + (" *" if field.required else "")
            self._add_row(layout, field.name, text, widget)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.title)
        outer.addWidget(self.lock_label)
        outer.addWidget(self.problems_label)
        outer.addWidget(scroll)
        self.clear()

    def _add_row(self, layout: QFormLayout, name: str, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        label.setWordWrap(True)
        self.labels[name] = label
        layout.addRow(label, widget)

    # ------------------------------------------------------------ state
    @property
    def dirty(self) -> bool:
        return self._dirty

    def _on_change(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.changed.emit()

    def set_hamlets(self, hamlets: list[str]) -> None:
        current = self.hamlet.currentText()
        self.hamlet.blockSignals(True)
        self.hamlet.clear()
        self.hamlet.addItem("")
        self.hamlet.addItems(hamlets)
        self.hamlet.setCurrentText(current)
        self.hamlet.blockSignals(False)

    def set_link_candidates(self, field_name: str, candidates: list[tuple[str, str]]) -> None:
        self.widgets[field_name].set_candidates(candidates)  # type: ignore[attr-defined]

    def clear(self) -> None:
        """An empty new record, with the register's defaults."""
        self.load(records.blank_record(self.register), None)

    def load(self, record: dict[str, Any], uuid: str | None) -> None:
        """Show ``record``: sensitive values masked (and not editable) for a role that may not
        read them, and the whole form read-only while the record's period is locked."""
        reveal = uuid is None or accounts.may(Right.READ_SENSITIVE)
        record = record if reveal else records.visible(self.register, record)
        self._loading = True
        try:
            self.uuid = uuid
            for field in self.register.sensitive_fields:
                self.widgets[field.name].setEnabled(reveal)
            self.hamlet.setCurrentText(record.get("hamlet") or "")
            for field in self.register.fields:
                self.widgets[field.name].set_value(record.get(field.name))  # type: ignore[attr-defined]
            if self.register.has_field("deadline"):
                self.widgets["deadline"].setToolTip(deadline_article(record))
            if uuid is None:
                self.title.setText(_("Bản ghi mới — {register}").format(register=self.register.display_short_title))
            else:
                summary = self.register.summary(record)
                self.title.setText(_("Sửa: {summary}").format(summary=summary))
        finally:
            self._loading = False
        self._dirty = False
        self.show_problems([])
        self.set_locked(periods.lock_of(self.register, record, record.get("unit_code") or "") if uuid else None)

    def set_locked(self, lock: Any) -> None:
        """A record of a locked period is shown read-only, saying who locked it and when."""
        self.read_only = lock is not None
        self.body.setEnabled(not self.read_only)
        self.lock_label.setVisible(self.read_only)
        self.lock_label.setText(periods.describe(lock) if lock is not None else "")

    def values(self) -> dict[str, Any]:
        """What the user typed, as raw values for ``records.save``."""
        raw: dict[str, Any] = {"hamlet": self.hamlet.currentText()}
        for field in self.register.editable_fields:
            raw[field.name] = self.widgets[field.name].value()  # type: ignore[attr-defined]
        return raw

    def show_problems(self, problems: list[Problem]) -> None:
        """List the problems above the form and mark each field at fault."""
        faulty = {problem.field for problem in problems}
        for name, widget in self.widgets.items():
            widget.setStyleSheet(INVALID_STYLE if name in faulty else "")
            self.labels[name].setStyleSheet("color: #a93226;" if name in faulty else "")
        if not problems:
            self.problems_label.hide()
            self.problems_label.clear()
            return
        self.problems_label.setText("\n".join(problem.message for problem in problems))
        self.problems_label.show()
        first = next((self.widgets[p.field] for p in problems if p.field in self.widgets), None)
        if first is not None:
            first.setFocus()

