"""The form of a register, generated from its declaration: one labelled widget per field.

Keyboard first, as a spreadsheet row: Tab goes from field to field in the printed book's
order; what is wrong with a field is said under it as the cursor leaves it; the fields a rule
requires or closes follow the other fields as they are typed; "save and next" keeps the
fields that repeat through a batch (``Register.carried_fields``).
"""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.domain.deadlines import deadline_article
from desktop_app.domain.l10n import _
from desktop_app.domain.register import Register
from desktop_app.domain.rules import Problem
from desktop_app.services import periods, records
from desktop_app.ui.field_widgets import DateInput, TextInput, TypeAheadCombo, widget_for

INVALID_STYLE = "border: 1px solid #c0392b; background: #fdecea;"
MESSAGE_STYLE = "color: #a93226;"


class RecordForm(QWidget):
    """Shows one record for editing. ``changed`` fires on every edit the user makes."""

    changed = Signal()

    def __init__(self, register: Register, hamlets: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.uuid: str | None = None
        self.revision: int | None = None  # the revision shown, for a save to check against
        self._loading = False
        self._dirty = False
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.messages: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._reveal = True  # whether the record shown may show its sensitive values
        self._focus_owner: dict[QObject, str] = {}

        self.title = QLabel()
        self.title.setObjectName("formTitle")
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.title.setMinimumWidth(1)  # a long summary is cut, never widens the form
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
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.hamlet = TypeAheadCombo()
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
            self._add_row(layout, field.name, field.display_label, widget)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        message = QLabel()
        message.setObjectName(f"message_{name}")
        message.setWordWrap(True)
        message.setStyleSheet(MESSAGE_STYLE)
        message.hide()
        self.messages[name] = message
        cell = QWidget()
        cell.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # no gap around a text box
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        column.addWidget(message)
        layout.addRow(label, cell)
        focus = widget.focusProxy() or widget
        focus.installEventFilter(self)
        self._focus_owner[focus] = name

    # ------------------------------------------------------------ state
    @property
    def dirty(self) -> bool:
        return self._dirty

    def _on_change(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self._follow_rules()
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in self._focus_owner and not self._loading:
            name = self._focus_owner[watched]
            if event.reason() != Qt.FocusReason.PopupFocusReason:  # a calendar or a list opened
                widget = self.widgets[name]
                if isinstance(widget, DateInput):
                    widget.tidy()
                self._touched.add(name)
                self.check_touched()
        return super().eventFilter(watched, event)

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

    def _completing(self) -> list[tuple[str, TextInput]]:
        return [(field.name, widget) for field in self.register.fields
                if isinstance(widget := self.widgets[field.name], TextInput)
                and records.offers_completions(self.register, field.name)]  # fmt: skip

    def load_completions(self) -> None:
        """Names and addresses typed before, offered as the officer types them again."""
        for name, widget in self._completing():
            widget.offer_completions(functools.partial(records.typed_before, self.register, name))

    def remember_completions(self, record: dict[str, Any]) -> None:
        """A record just saved: its names and addresses are offered from now on, without asking
        the database again at every save of a session (sealed ones as the officer reads them)."""
        record = records.visible(self.register, record)
        for name, widget in self._completing():
            widget.remember(record.get(name))

    def clear(self) -> None:
        """An empty new record, with the register's defaults."""
        self.load(records.blank_record(self.register), None)

    def carried(self) -> dict[str, Any]:
        """The values "save and next" keeps: the fields that repeat through a batch."""
        values = self.values()
        return {name: values.get(name) for name in self.register.carried_fields}

    def start_next(self, carried: dict[str, Any]) -> QWidget:
        """A new record holding ``carried``; returns the first field left to type."""
        record = records.blank_record(self.register)
        record.update({name: value for name, value in carried.items() if value is not None})
        self.load(record, None)
        return self.first_open_field()

    def first_open_field(self) -> QWidget:
        for field in self.register.editable_fields:
            if field.name not in self.register.carried_fields and self.widgets[field.name].isEnabled():
                return self.widgets[field.name]
        return self.widgets[self.register.editable_fields[0].name]

    def load(self, record: dict[str, Any], uuid: str | None) -> None:
        """Show ``record``: sensitive values masked (and not editable) for a role that may not
        read them, and the whole form read-only while the record's period is locked."""
        reveal = uuid is None or records.may_read_sensitive()
        record = records.visible(self.register, record)
        self._loading = True
        for widget in self.widgets.values():  # a completion list of the last record never lingers
            if isinstance(widget, TextInput) and widget.completer() is not None:
                widget.completer().popup().hide()
        try:
            self.uuid = uuid
            self.revision = record.get("revision") if uuid else None  # a save after someone else's is refused
            for field in self.register.sensitive_fields:
                self.widgets[field.name].setEnabled(reveal)
            self.hamlet.setCurrentText(record.get("hamlet") or "")
            for field in self.register.fields:
                self.widgets[field.name].set_value(record.get(field.name))  # type: ignore[attr-defined]
            if self.register.has_field("deadline"):
                self.widgets["deadline"].setToolTip(deadline_article(record))
            if uuid is None:
                title = _("Bản ghi mới — {register}").format(register=self.register.display_short_title)
            else:
                title = _("Sửa: {summary}").format(summary=self.register.summary(record))
            self.set_title(title)
        finally:
            self._loading = False
        self._dirty = False
        self._touched = set()
        self.show_problems([])
        self._reveal = reveal
        self._follow_rules()
        self.set_locked(periods.lock_of(self.register, record, record.get("unit_code") or "") if uuid else None)

    def set_title(self, text: str) -> None:
        """The title on one line, cut with "…" where the form ends; the whole of it in a tooltip."""
        self.title.setToolTip(text)
        self._full_title = text
        self._fit_title()

    def _fit_title(self) -> None:
        text = getattr(self, "_full_title", "")
        width = max(self.title.width() - 4, 40)
        self.title.setText(self.title.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_title()

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

    # ------------------------------------------------------------ rules as the officer types
    def _follow_rules(self) -> None:
        """Mark the fields required now with "*" and close those a rule keeps empty, as the
        fields they depend on change (a tick, a choice), not only when the cursor leaves."""
        record, _problems = self.register.read(self.values())
        self.register.prepare(record)
        required = self.register.required_now(record)
        closed = self.register.closed_now(record)
        sensitive = {field.name for field in self.register.sensitive_fields}
        for field in self.register.fields:
            self.labels[field.name].setText(field.display_label + (" *" if field.name in required else ""))
            if field.editable and (self._reveal or field.name not in sensitive):
                empty = record.get(field.name) in (None, "", ())
                self.widgets[field.name].setEnabled(not (field.name in closed and empty))

    def check_touched(self) -> list[Problem]:
        """Say under each field the cursor has left what is wrong with it now."""
        _record, problems = records.read_and_check(self.register, self.values())
        shown = [problem for problem in problems if problem.field in self._touched]
        self._mark(shown)
        return shown

    def show_problems(self, problems: list[Problem]) -> None:
        """List the problems above the form, say each under its field, and put the cursor on
        the first field at fault."""
        self._touched |= {problem.field for problem in problems}
        self._mark(problems)
        if not problems:
            self.problems_label.hide()
            self.problems_label.clear()
            return
        self.problems_label.setText("\n".join(problem.message for problem in problems))
        self.problems_label.show()
        first = next((self.widgets[p.field] for p in problems if p.field in self.widgets), None)
        if first is not None:
            first.setFocus()

    def _mark(self, problems: list[Problem]) -> None:
        said: dict[str, list[str]] = {}
        for problem in problems:
            said.setdefault(problem.field, []).append(problem.message)
        for name, widget in self.widgets.items():
            faulty = name in said
            target = widget.focusProxy() or widget
            if not isinstance(widget, DateInput):  # a date marks its own text
                target.setStyleSheet(INVALID_STYLE if faulty else "")
            elif faulty:
                widget.edit.setStyleSheet(DateInput.INVALID)
            elif widget.problem is None:
                widget.edit.setStyleSheet("")
            self.labels[name].setStyleSheet(MESSAGE_STYLE if faulty else "")
            self.messages[name].setText("\n".join(said.get(name, [])))
            self.messages[name].setVisible(faulty)
