"""A lazy Qt table model over a register's list query.

It fetches one page at a time as the view scrolls (``canFetchMore``/``fetchMore``), so a
register of 100,000 records never loads them all. Sorting and filtering run a new query.

A new query shows its first page at once; how many records it selects in all is counted only
once the officer stops typing (``COUNT_DELAY_MS``), so counting never holds up a keystroke,
and ``totalChanged`` says when it is known.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.deadlines import DeadlineState, deadline_state
from desktop_app.domain.fields import Field, Kind
from desktop_app.domain.l10n import _
from desktop_app.domain.register import MASK, Register
from desktop_app.services import records
from desktop_app.store import queries
from desktop_app.store.queries import ListQuery

PAGE_SIZE = 200
COUNT_DELAY_MS = 300  # a pause in typing this long, and the list counts what it selects
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the raw value, so numbers and dates sort as such
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # a petition's deadline state
HAMLET_COLUMN = "hamlet"

STATE_COLOURS = {
    DeadlineState.OVERDUE: QColor("#f9d6d5"),
    DeadlineState.DUE_SOON: QColor("#fdebc8"),
}
NUMERIC_KINDS = (Kind.COUNT, Kind.MONEY, Kind.NUMBER, Kind.YEAR)
Index = QModelIndex | QPersistentModelIndex


class RecordListModel(QAbstractTableModel):
    totalChanged = Signal()

    def __init__(self, register: Register, parent: Any = None) -> None:
        super().__init__(parent)
        self.register = register
        self.columns: list[str] = [*register.list_fields, HAMLET_COLUMN]
        # A role that may not read sensitive fields sees them masked, and does not search them.
        self.reveal = records.may_read_sensitive()
        self.masked = {f.name for f in register.sensitive_fields} if not self.reveal else set()
        self.query = ListQuery(register, search_sensitive=self.reveal)
        self.today = dt.date.today()
        self._rows: list[dict[str, Any]] = []
        self._total: int | None = 0
        self._more = False  # the last page read was full: there may be more
        self._count_timer = QTimer(self, singleShot=True, interval=COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self.finish_count)

    # ------------------------------------------------------------ querying
    def set_query(self, query: ListQuery) -> None:
        """Show what ``query`` selects, from its first page; the count follows."""
        self.beginResetModel()
        # The petitions' states are judged today, unless a chart's bar asks for a day of the past.
        self.query = dataclasses.replace(query, today=query.today or self.today, search_sensitive=self.reveal)
        self._load(PAGE_SIZE)
        self.endResetModel()

    def _load(self, rows: int) -> None:
        """Read the first ``rows`` records; count them all now only when that is all there is."""
        self._rows = queries.select_page(self.query, 0, rows)
        self._more = len(self._rows) == rows
        self._total = None if self._more else len(self._rows)
        if self._more:
            self._count_timer.start()
        else:
            self._count_timer.stop()

    def finish_count(self) -> None:
        """Count what the query selects, if it is not known yet (the timer, or a caller that
        needs the number now)."""
        self._count_timer.stop()
        if self._total is None:
            self._total = queries.count(self.query)
            self.totalChanged.emit()

    def update_query(self, **changes: Any) -> None:
        self.set_query(dataclasses.replace(self.query, **changes))

    def refresh(self) -> None:
        """Run the current query again, keeping as many rows loaded as before."""
        loaded = max(len(self._rows), PAGE_SIZE)
        self.beginResetModel()
        self._load(loaded)
        self.endResetModel()

    @property
    def total(self) -> int:
        """How many records the query selects, loaded or not (counted now if still pending)."""
        self.finish_count()
        assert self._total is not None
        return self._total

    @property
    def counted(self) -> bool:
        """Whether ``total`` is known without counting."""
        return self._total is not None

    @property
    def loaded(self) -> int:
        return len(self._rows)

    def record_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def row_of(self, uuid: str) -> int | None:
        for row, record in enumerate(self._rows):
            if record["uuid"] == uuid:
                return row
        return None

    # ------------------------------------------------------------ lazy loading
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt API
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt API
        if parent.isValid():
            return
        page = queries.select_page(self.query, len(self._rows), PAGE_SIZE)
        self._more = len(page) == PAGE_SIZE
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # ------------------------------------------------------------ the model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def _field(self, column: int) -> Field | None:
        name = self.columns[column]
        return None if name == HAMLET_COLUMN else self.register.field(name)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        field = self._field(section)
        return _(records.HAMLET_LABEL) if field is None else field.display_label

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._rows[index.row()]
        field = self._field(index.column())
        value = record.get(field.name if field else HAMLET_COLUMN)
        if field is not None and field.name in self.masked and value not in (None, ""):
            return _(MASK) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            text = (value or "") if field is None else field.display(value)
            if field is not None and field.kind == Kind.LONG_TEXT and len(text) > 120:
                text = text[:117] + "…"
            return text
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and field is not None and field.kind in NUMERIC_KINDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, STATE_ROLE, Qt.ItemDataRole.ToolTipRole):
            return self._state_data(record, role)
        return None

    def _state_data(self, record: dict[str, Any], role: int) -> Any:
        if not self.register.has_field("deadline"):
            return None
        state = deadline_state(record, self.today)
        if role == STATE_ROLE:
            return state
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = STATE_COLOURS.get(state)
            return QBrush(colour) if colour else None
        if state == DeadlineState.OVERDUE:
            return _("Quá hạn xử lý, giải quyết")
        if state == DeadlineState.DUE_SOON:
            return _("Sắp đến hạn xử lý, giải quyết")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        name = self.columns[column]
        if name in self.masked:  # the order of hidden names would tell them apart: keep the list's own order
            self.update_query(sort_field=None, descending=False)
            return
        self.update_query(sort_field=name, descending=order == Qt.SortOrder.DescendingOrder)
