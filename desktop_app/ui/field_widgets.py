"""One input widget per field kind, each able to hold "empty" and to give back a Python value.

``widget_for(field)`` picks the widget a field's kind calls for: a date picker showing
dd/MM/yyyy, a combo box of Vietnamese labels, a check list, spin boxes for counts, a money
field that shows 7.000.000.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from desktop_app.domain.fields import Field, Kind
from desktop_app.domain.l10n import _, current_language, format_money, parse_number

EMPTY_DATE = QDate(1900, 1, 1)
COUNT_MAX = 2_000_000_000


def qt_locale() -> QLocale:
    """Qt's locale for the active language: digit grouping, calendar month names."""
    if current_language() == "vi":
        return QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


class FieldWidget:
    """What the form needs from every field widget."""

    changed: Signal

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError


class TextInput(QLineEdit, FieldWidget):
    changed = Signal()

    def __init__(self, field: Field) -> None:
        super().__init__()
        if field.max_length:
            self.setMaxLength(field.max_length)
        self.textEdited.connect(self.changed)

    def value(self) -> str | None:
        return self.text() or None

    def set_value(self, value: Any) -> None:
        self.setText(value or "")


class LongTextInput(QPlainTextEdit, FieldWidget):
    changed = Signal()

    def __init__(self, field: Field) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setFixedHeight(64)
        self.textChanged.connect(self.changed)

    def value(self) -> str | None:
        return self.toPlainText() or None

    def set_value(self, value: Any) -> None:
        self.setPlainText(value or "")


class DateInput(QDateEdit, FieldWidget):
    """A date picker shown as dd/MM/yyyy that can also be empty."""

    changed = Signal()

    def __init__(self, field: Field | None = None) -> None:
        super().__init__()
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText(" ")
        self.setDate(EMPTY_DATE)
        self.dateChanged.connect(self.changed)

    def _start_from(self, day: QDate) -> None:
        """An empty date takes a first value, with the day selected so typing "05022026" works."""
        if self.date() == EMPTY_DATE:
            self.setDate(day)
            self.setCurrentSection(QDateEdit.Section.DaySection)
            self.setSelectedSection(QDateEdit.Section.DaySection)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._start_from(QDate.currentDate())  # the calendar opens on this month
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:  # Delete empties the date
            self.setDate(EMPTY_DATE)
            return
        if event.text().isdigit():
            # Typing starts from 1 January: a month of 31 days, so a typed day of 31 is not
            # cut to the length of the current month before the month is typed.
            self._start_from(QDate(QDate.currentDate().year(), 1, 1))
        elif event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._start_from(QDate.currentDate())
        super().keyPressEvent(event)

    def value(self) -> dt.date | None:
        date = self.date()
        return None if date == EMPTY_DATE else dt.date(date.year(), date.month(), date.day())

    def set_value(self, value: Any) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else EMPTY_DATE)


class CountInput(QSpinBox, FieldWidget):
    """A whole number ≥ 0 (or a year); the lowest value stands for "empty"."""

    changed = Signal()

    def __init__(self, field: Field) -> None:
        super().__init__()
        low = 1899 if field.kind == Kind.YEAR else -1
        self._empty = low
        self.setRange(low, 2100 if field.kind == Kind.YEAR else COUNT_MAX)
        self.setSpecialValueText(" ")
        if field.kind != Kind.YEAR:
            self.setGroupSeparatorShown(True)
        self.setValue(low)
        self.valueChanged.connect(self.changed)

    def value(self) -> int | None:  # type: ignore[override]
        number = super().value()
        return None if number == self._empty else number

    def set_value(self, value: Any) -> None:
        self.setValue(self._empty if value is None else int(value))


class NumberInput(QDoubleSpinBox, FieldWidget):
    changed = Signal()

    def __init__(self, field: Field) -> None:
        super().__init__()
        self.setDecimals(1)
        self._empty = (field.minimum or 0) - 0.1
        self.setRange(self._empty, field.maximum if field.maximum is not None else 1e9)
        self.setSpecialValueText(" ")
        self.setValue(self._empty)
        self.valueChanged.connect(self.changed)

    def value(self) -> float | None:  # type: ignore[override]
        number = super().value()
        return None if number <= self._empty + 1e-9 else round(number, 1)

    def set_value(self, value: Any) -> None:
        self.setValue(self._empty if value is None else float(value))


class MoneyInput(QLineEdit, FieldWidget):
    """An amount in đồng, shown grouped as 7.000.000 once typed."""

    changed = Signal()

    def __init__(self, field: Field) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText(_("đồng"))
        self.editingFinished.connect(self._regroup)
        self.textEdited.connect(self.changed)

    def _regroup(self) -> None:
        value = self.value()
        if isinstance(value, int):
            self.setText(format_money(value, with_unit=False))

    def value(self) -> int | str | None:
        """The amount; the text itself when it is not a number, for validation to name."""
        text = self.text().strip()
        if not text:
            return None
        try:
            number = parse_number(text)
        except ValueError:
            return text
        return int(number) if number == int(number) else text

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else format_money(int(value), with_unit=False))


class ChoiceInput(QComboBox, FieldWidget):
    changed = Signal()

    def __init__(self, field: Field) -> None:
        super().__init__()
        self.addItem("", None)
        for choice in field.choices:
            self.addItem(choice.display, choice.code)
        self.setMaxVisibleItems(20)
        self.currentIndexChanged.connect(self.changed)

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value)
        self.setCurrentIndex(max(index, 0))


class MultiChoiceInput(QListWidget, FieldWidget):
    changed = Signal()

    def __init__(self, field: Field) -> None:
        super().__init__()
        for choice in field.choices:
            item = QListWidgetItem(choice.display)
            item.setData(Qt.ItemDataRole.UserRole, choice.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setFixedHeight(min(6, len(field.choices)) * 22 + 6)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def value(self) -> tuple[str, ...] | None:
        codes = tuple(
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )
        return codes or None

    def set_value(self, value: Any) -> None:
        chosen = set(value or ())
        for i in range(self.count()):
            item = self.item(i)
            state = Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen else Qt.CheckState.Unchecked
            item.setCheckState(state)


class YesNoInput(QCheckBox, FieldWidget):
    """Yes or no. Left unanswered (None) until the user ticks it or a stored value is shown, so
    the register can fill it from other fields: a denunciation keeps its sender secret."""

    changed = Signal()

    def __init__(self, field: Field) -> None:
        super().__init__()
        self._answered = False
        self.clicked.connect(self._on_click)
        self.toggled.connect(self.changed)

    def _on_click(self) -> None:
        self._answered = True

    def value(self) -> bool | None:
        return self.isChecked() if self._answered or self.isChecked() else None

    def set_value(self, value: Any) -> None:
        self._answered = value is not None
        self.setChecked(bool(value))


class LinkInput(QComboBox, FieldWidget):
    """Another record of a register, chosen by its summary; filled by the form with candidates."""

    changed = Signal()

    def __init__(self, field: Field) -> None:
        super().__init__()
        self.addItem("", None)
        self.currentIndexChanged.connect(self.changed)

    def set_candidates(self, candidates: list[tuple[str, str]]) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        self.addItem("", None)
        for uuid, label in candidates:
            self.addItem(label, uuid)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> str | None:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        if value and self.findData(value) < 0:
            self.addItem(value, value)
        self.setCurrentIndex(max(self.findData(value), 0))


class ComputedDisplay(QLineEdit, FieldWidget):
    """A value the program computes (a petition's deadline): shown, never typed."""

    changed = Signal()

    def __init__(self, field: Field) -> None:
        super().__init__()
        self._field = field
        self.setReadOnly(True)
        self.setFrame(False)
        self._value: Any = None

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        self.setText(self._field.display(value) if value is not None else "—")


_WIDGETS: dict[Kind, type[QWidget]] = {
    Kind.TEXT: TextInput,
    Kind.LONG_TEXT: LongTextInput,
    Kind.CHOICE: ChoiceInput,
    Kind.MULTI_CHOICE: MultiChoiceInput,
    Kind.DATE: DateInput,
    Kind.COUNT: CountInput,
    Kind.YEAR: CountInput,
    Kind.MONEY: MoneyInput,
    Kind.NUMBER: NumberInput,
    Kind.YES_NO: YesNoInput,
    Kind.LINK: LinkInput,
}


def widget_for(field: Field) -> QWidget:
    """The input widget of a field, or a read-only display for a computed one."""
    if not field.editable:
        return ComputedDisplay(field)
    widget = _WIDGETS[field.kind](field)
    widget.setLocale(qt_locale())
    widget.setObjectName(f"field_{field.name}")
    if field.help:
        widget.setToolTip(_(field.help))
    return widget
