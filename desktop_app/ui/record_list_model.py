"""A lazy Qt table model over a register's list query.

It fetches one page at a time as the view scrolls (``canFetchMore``/``fetchMore``), so a
register of 100,000 records never loads them all. Sorting and filtering run a new query.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.domain.deadlines import DeadlineState, deadline_state
from desktop_app.domain.fields import Field, Kind
from desktop_app.domain.l10n import _
from desktop_app.domain.register import MASK, Register
from desktop_app.services import records
from desktop_app.store import queries
from desktop_app.store.queries import ListQuery

PAGE_SIZE = 200
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
        self._total = 0

    # ------------------------------------------------------------ querying
    def set_query(self, query: ListQuery) -> None:
        """Show what ``query`` selects, from its first page."""
        self.beginResetModel()
        self.query = dataclasses.replace(query, today=self.today, search_sensitive=self.reveal)
        self._total = queries.count(self.query)
        self._rows = queries.select_page(self.query, 0, PAGE_SIZE)
        self.endResetModel()

    def update_query(self, **changes: Any) -> None:
        self.set_query(dataclasses.replace(self.query, **changes))

    def refresh(self) -> None:
        """Run the current query again, keeping as many rows loaded as before."""
        loaded = max(len(self._rows), PAGE_SIZE)
        self.beginResetModel()
        self._total = queries.count(self.query)
        self._rows = queries.select_page(self.query, 0, loaded)
        self.endResetModel()

    @property
    def total(self) -> int:
        """How many records the query selects, loaded or not."""
        return self._total

    def record_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def row_of(self, uuid: str) -> int | None:
        for row, record in enumerate(self._rows):
            if record["uuid"] == uuid:
                return row
        return None

    # ------------------------------------------------------------ lazy loading
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt API
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 - Qt API
        if parent.isValid():
            return
        page = queries.select_page(self.query, len(self._rows), PAGE_SIZE)
        if not page:
            self._total = len(self._rows)
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
