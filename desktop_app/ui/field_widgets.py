"""One input widget per field kind, each able to hold "empty" and to give back a Python value.

``widget_for(field)`` picks the widget a field's kind calls for: a date typed day first (with a
calendar beside it), a combo box of Vietnamese labels taken by their first letters, a check
list, spin boxes for counts, a money field that shows 7.000.000.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QElapsedTimer, QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDoubleSpinBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from desktop_app.domain.dates import DateTextError, parse_date
from desktop_app.domain.fields import Field, Kind
from desktop_app.domain.l10n import _, current_language, format_date, format_money, parse_number
from desktop_app.domain.text import fold

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
        self._typed_before: Callable[[], list[str]] | None = None  # completions not asked for yet

    def value(self) -> str | None:
        return self.text() or None

    def set_value(self, value: Any) -> None:
        self.setText(value or "")

    def offer_completions(self, typed_before: Callable[[], list[str]]) -> None:
        """Offer the values ``typed_before`` gives as the officer types, found without accents.
        They are asked for when the field first takes the cursor, not when the window opens: a
        province's million records are not grouped for a field nobody types into."""
        completer = self.completer()
        if not isinstance(completer, FoldingCompleter):
            completer = FoldingCompleter(self)
            self.setCompleter(completer)
        self._typed_before = typed_before

    def focusInEvent(self, event: QFocusEvent) -> None:
        if (typed_before := self._typed_before) is not None:
            self._typed_before = None
            self.completer().set_values(typed_before())
        super().focusInEvent(event)

    def remember(self, value: str | None) -> None:
        """Offer ``value`` from now on too (a record just saved), first among the others."""
        completer = self.completer()
        if value and isinstance(completer, FoldingCompleter):
            completer.remember(value)


class FoldingCompleter(QCompleter):
    """Completes from values typed before, matching any part of them without accents or case:
    "nguyen van" offers "Nguyễn Văn An"; the value itself is what goes into the field."""

    FOLDED = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setCompletionRole(self.FOLDED)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setMaxVisibleItems(8)

    def set_values(self, values: list[str]) -> None:
        self._model.clear()
        for value in values:  # distinct already: the store groups them
            self._model.appendRow(self._item(value))

    def _item(self, value: str) -> QStandardItem:
        item = QStandardItem(value)
        item.setData(fold(value), self.FOLDED)
        return item

    def remember(self, value: str) -> None:
        if not self._model.findItems(value):
            self._model.insertRow(0, self._item(value))

    def splitPath(self, path: str) -> list[str]:
        return [fold(path)]

    def pathFromIndex(self, index: Any) -> str:
        return index.data(Qt.ItemDataRole.DisplayRole)


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


class SelectingLineEdit(QLineEdit):
    """A line whose whole text is selected when the cursor comes in, by click, Tab or Shift+Tab,
    so what is typed replaces it, as in a spreadsheet cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._select_on_release = False

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        reason = event.reason()
        if reason == Qt.FocusReason.MouseFocusReason:
            self._select_on_release = True  # the press that gave focus also places the cursor
        elif reason not in (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason):
            self.selectAll()  # not when the window comes back to the front: the cursor stays put

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self._select_on_release and not self.hasSelectedText():
            self.selectAll()
        self._select_on_release = False


class DateInput(QWidget, FieldWidget):
    """A date typed day first (15/03/2024, 15-3-2024, 15032024, 15/3) or picked from the calendar.

    The text is read by ``domain.dates.parse_date`` and by nothing else: what it cannot read as
    one real date is shown red with its reason, and ``value()`` gives back the text itself, so
    the form's validation refuses it by name; it never becomes another date. Empty is allowed.
    """

    changed = Signal()
    INVALID = "QLineEdit { border: 1px solid #c0392b; background: #fdecea; }"

    def __init__(self, field: Field | None = None) -> None:
        super().__init__()
        self.edit = SelectingLineEdit()
        self.edit.setObjectName("dateText")
        self.edit.setPlaceholderText(_("ngày/tháng/năm"))
        self.edit.setMaxLength(24)
        width = self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 16
        self.edit.setMinimumWidth(width)
        self.button = QToolButton()
        self.button.setObjectName("calendarButton")
        self.button.setText("▾")
        self.button.setToolTip(_("Chọn trên lịch (Alt+↓)"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field
        self.button.clicked.connect(self.open_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.problem: str | None = None
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(self.tidy)
        self.edit.installEventFilter(self)

    # ------------------------------------------------------------ reading
    def parsed(self) -> tuple[dt.date | None, str | None]:
        """The date the text names and None, or None and the reason it names no date."""
        text = self.edit.text().strip()
        if not text:
            return None, None
        try:
            return parse_date(text), None
        except DateTextError as error:
            return None, error.reason

    def value(self) -> dt.date | str | None:
        """The date; the text itself when it is not one real date, for validation to name."""
        date, reason = self.parsed()
        return self.edit.text().strip() if reason else date

    def date(self) -> dt.date | None:
        """The date, or None when the field is empty or not a date (filters use this)."""
        return self.parsed()[0]

    def set_value(self, value: Any) -> None:
        self.edit.setText(format_date(value) if isinstance(value, dt.date) else (value or ""))
        self._show_problem(None)

    def text(self) -> str:
        return self.edit.text()

    # ------------------------------------------------------------ reacting
    def _on_edited(self) -> None:
        if self.problem and self.parsed()[1] is None:
            self._show_problem(None)  # corrected while typing
        self.changed.emit()

    def tidy(self) -> None:
        """On leaving the field: a date is written out in full (15/03/2024); text that is not
        a date turns red with its reason."""
        date, reason = self.parsed()
        if date is not None:
            shown = format_date(date)
            if shown != self.edit.text():
                self.edit.setText(shown)
        self._show_problem(reason)

    def _show_problem(self, reason: str | None) -> None:
        self.problem = reason
        self.edit.setStyleSheet(self.INVALID if reason else "")
        self.edit.setToolTip(reason or "")

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ the calendar
    def open_calendar(self) -> None:
        """A month calendar under the field, on the date typed (or today); a click or Enter picks."""
        popup = QMenu(self)
        calendar = QCalendarWidget()
        calendar.setObjectName("calendarPopup")
        calendar.setLocale(qt_locale())
        calendar.setGridVisible(True)
        day = self.date() or dt.date.today()
        calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        holder = QWidgetAction(popup)
        holder.setDefaultWidget(calendar)
        popup.addAction(holder)
        calendar.activated.connect(lambda chosen: self._pick(chosen, popup))
        calendar.clicked.connect(lambda chosen: self._pick(chosen, popup))
        self.calendar_popup = popup
        calendar.setFocus()
        popup.exec(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.calendar_popup = None
        self.window().activateWindow()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def _pick(self, chosen: QDate, popup: QMenu) -> None:
        self.edit.setText(format_date(dt.date(chosen.year(), chosen.month(), chosen.day())))
        self._show_problem(None)
        popup.close()
        self.changed.emit()


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


class TypeAheadCombo(QComboBox):
    """A list chosen by the first letters of its label typed without accents: "kien" gives
    "Kiến nghị", "dat d" gives "Đất đai" (đ = d), as the registers' search reads text."""

    TYPE_AHEAD_MS = 1200  # a pause this long starts a new word

    def __init__(self) -> None:
        super().__init__()
        self._typed = ""
        self._clock = QElapsedTimer()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        typed = event.text()
        plain = not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        if plain and typed and typed.isprintable() and (typed != " " or self._typing()):
            self._type_ahead(typed)
            return
        if event.key() == Qt.Key.Key_Backspace and self._typing():
            self._typed = self._typed[:-1]
            self._clock.restart()
            return
        super().keyPressEvent(event)

    def _typing(self) -> bool:
        return bool(self._typed) and self._clock.isValid() and self._clock.elapsed() < self.TYPE_AHEAD_MS

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._typed = ""  # the next visit starts a new word, however soon it comes
        super().focusOutEvent(event)

    def _type_ahead(self, typed: str) -> None:
        self._typed = (self._typed if self._typing() else "") + typed
        self._clock.restart()
        index = choice_matching(self, self._typed)
        if index is not None:
            self.setCurrentIndex(index)


class ChoiceInput(TypeAheadCombo, FieldWidget):
    """One of a field's choices, typed by its first letters (``TypeAheadCombo``)."""

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


def choice_matching(combo: QComboBox, typed: str) -> int | None:
    """The item whose label starts with ``typed`` (accents, case and đ aside), else the first
    with a word that does."""
    wanted = fold(typed).strip()
    if not wanted:
        return None
    labels = [(index, fold(combo.itemText(index))) for index in range(combo.count())]
    for index, label in labels:
        if label.startswith(wanted):
            return index
    for index, label in labels:
        if any(word.startswith(wanted) for word in label.split()):
            return index
    return None


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


class LinkInput(QWidget, FieldWidget):
    """Another record of a register, chosen by its summary from a list the form fills with the
    newest records; the search box beside it fills the list with the records it finds, among
    all of them ("Trùng với đơn" finds a petition of years ago by its sender or number)."""

    changed = Signal()
    SEARCH_DELAY_MS = 250

    def __init__(self, field: Field) -> None:
        super().__init__()
        self.combo = QComboBox()
        self.combo.setObjectName("linkChoice")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(16)
        self.combo.addItem("", None)
        self.search = QLineEdit()
        self.search.setObjectName("linkSearch")
        self.search.setPlaceholderText(_("Tìm: số, tên, nội dung…"))
        self.search.setClearButtonEnabled(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 3)
        layout.addWidget(self.search, 2)
        self.setFocusProxy(self.combo)
        self._searcher: Callable[[str], list[tuple[str, str]]] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textEdited.connect(self._timer.start)
        self.combo.currentIndexChanged.connect(self.changed)

    def set_searcher(self, searcher: Callable[[str], list[tuple[str, str]]]) -> None:
        """``searcher(text)`` gives the (uuid, summary) of the records the text finds."""
        self._searcher = searcher

    def run_search(self) -> None:
        if self._searcher is not None and self.search.text().strip():
            found = self._searcher(self.search.text())
            self.set_candidates(found)
            self.search.setToolTip(_("Tìm thấy {count} bản ghi").format(count=len(found)))

    def set_candidates(self, candidates: list[tuple[str, str]]) -> None:
        current = self.value()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("", None)
        for uuid, label in candidates:
            self.combo.addItem(label, uuid)
        self.combo.blockSignals(False)
        self.set_value(current)

    def value(self) -> str | None:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        if value and self.combo.findData(value) < 0:
            self.combo.addItem(value, value)
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0))


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
    if isinstance(widget, QComboBox):  # a long choice or linked summary never widens the form
        widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(16)
    widget.setLocale(qt_locale())
    widget.setObjectName(f"field_{field.name}")
    if field.help:
        widget.setToolTip(_(field.help))
    return widget
