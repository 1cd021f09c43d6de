"""The units below a merging unit: the last package of each, the units missing for the current
quarter highlighted, and the conflict log to review."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.codec import decode
from desktop_app.domain.l10n import N_, _, format_number, format_stamp
from desktop_app.domain.periods import quarter_of
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.text import sort_key
from desktop_app.domain.units import children
from desktop_app.services import periods, records, unit_setup
from desktop_app.services.periods import unit_periods
from desktop_app.store.models import Conflict, TrustedKey
from desktop_app.sync import merge
from desktop_app.ui import dialogs
from desktop_app.ui.periods_dialog import recent_periods

MISSING = QColor("#fde2e1")
COLUMNS = (N_("Mã"), N_("Đơn vị"), N_("Gói nhận gần nhất"), N_("Bản ghi trong gói"), N_("Khóa đã tin cậy"),
           N_("Số liệu kỳ"), N_("Sửa sau khi mở lại kỳ"))  # fmt: skip
LOCKED = QColor("#e3f1e5")
STATUS_ORDER = {periods.NOT_SENT: 0, periods.SENT: 1, periods.LOCKED: 2}  # who is behind first, as on the home page


class _SortedItem(QTableWidgetItem):
    """A cell that sorts by the key it was given, not by its shown text: names in Vietnamese
    order ("Đ" after "D"), numbers by value, days by date."""

    def __init__(self, text: str, key: object) -> None:
        super().__init__(text)
        self.setData(Qt.ItemDataRole.UserRole, key)

    def __lt__(self, other: QTableWidgetItem) -> bool:  # a column's keys are all of one kind
        return self.data(Qt.ItemDataRole.UserRole) < other.data(Qt.ItemDataRole.UserRole)


class UnitsPage(QWidget):
    merge_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitsPage")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("unitsTable")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setSortingEnabled(True)  # a click on a column heading sorts by it
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        take = QPushButton(_("Nhận gói từ tệp…"))
        take.clicked.connect(self.merge_requested)
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("conflictsButton")
        self.conflicts_button.clicked.connect(self.review_conflicts)
        self.period = QComboBox()
        self.period.setObjectName("unitsPeriod")
        for choice in recent_periods(dt.date.today()):
            self.period.addItem(choice.label, choice)
        self.period.currentIndexChanged.connect(lambda _index: self.refresh())
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(_("Kỳ:")))
        buttons.addWidget(self.period)
        buttons.addWidget(take)
        buttons.addWidget(self.conflicts_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self, today: dt.date | None = None) -> None:
        today = today or dt.date.today()
        period = self.period.currentData() or quarter_of(today)
        unit = unit_setup.current_unit()
        latest = merge.last_package_by_unit()
        trusted = {row.unit_code for row in TrustedKey.select(TrustedKey.unit_code)}
        below = sorted(children(unit), key=lambda u: u.code)
        known = {u.code for u in below}
        names = {u.code: u.name for u in below}
        for code, row in latest.items():  # units further down that send directly
            if code not in known:
                names[code] = row.unit_name
        codes = sorted(names)
        states = unit_periods(period, codes)
        header = self.table.horizontalHeader()
        order = (header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.table.setSortingEnabled(False)  # rows stay where they are put while the table is filled
        self.table.setRowCount(len(codes))
        missing = locked = 0
        for row_number, code in enumerate(codes):
            package, state = latest.get(code), states[code]
            missing += state.status == periods.NOT_SENT
            locked += state.status == periods.LOCKED
            values = (code, names[code], format_stamp(package.received_at) if package else _("chưa nhận gói nào"),
                      format_number(package.records) if package else "", _("có") if code in trusted else _("chưa"),
                      state.label, format_number(state.reopened_changes) if state.reopened_changes else "")  # fmt: skip
            keys = (code, sort_key(names[code]), package.received_at.isoformat() if package else "",
                    package.records if package else -1, code in trusted, STATUS_ORDER.get(state.status, 9),
                    state.reopened_changes or 0)  # fmt: skip
            colour = (MISSING if state.status == periods.NOT_SENT else LOCKED if state.status == periods.LOCKED
                      else None)  # fmt: skip
            for column, (value, key) in enumerate(zip(values, keys, strict=True)):
                item = _SortedItem(value, key)
                if colour is not None:
                    item.setBackground(QBrush(colour))
                self.table.setItem(row_number, column, item)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(*order)
        self.heading.setText(_("<b>Đơn vị trực thuộc {unit}</b> — {period}: {missing}/{total} đơn vị chưa gửi gói "
                               "(tô đỏ), {locked} đơn vị đã chốt số liệu (tô xanh).").format(
                                   unit=unit.display, period=period.label, missing=missing, total=len(codes),
                                   locked=locked))  # fmt: skip
        open_conflicts = len(merge.open_conflicts())
        self.conflicts_button.setText(_("Xung đột cần xem ({n})").format(n=open_conflicts))
        self.conflicts_button.setEnabled(open_conflicts > 0)

    def review_conflicts(self) -> None:
        ConflictsDialog(self).exec()
        self.refresh()


def _loser(conflict: Conflict) -> dict:
    """The losing version as a record (it is kept in its travelling form), as the acting account
    may see it."""
    register = BY_NAME[conflict.register]
    return records.visible(register, decode(register, conflict.loser))


class ConflictsDialog(QDialog):
    """The versions that lost to a concurrent edit: what they said, and what won."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsDialog")
        self.setWindowTitle(_("Xung đột khi nhận gói"))
        self.resize(900, 520)
        self.conflicts = merge.open_conflicts()
        self.list = QListWidget()
        for conflict in self.conflicts:
            register = BY_NAME[conflict.register]
            item = QListWidgetItem(f"{register.display_short_title}: {register.summary(_loser(conflict))}")
            item.setData(Qt.ItemDataRole.UserRole, conflict.id)
            self.list.addItem(item)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.list.currentRowChanged.connect(self._show)
        mark = QPushButton(_("Đánh dấu đã xem"))
        mark.clicked.connect(self._mark)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        dialogs.translate_buttons(buttons)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        explanation = QLabel(_("Bản bị thay bởi một bản sửa cùng lúc ở máy khác. Bản đang dùng là bản thắng; nếu "
                               "bản bị thay đúng hơn, hãy sửa lại bản ghi theo nội dung dưới đây."))  # fmt: skip
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail, 2)
        row = QHBoxLayout()
        row.addWidget(mark)
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        if self.conflicts:
            self.list.setCurrentRow(0)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            self.detail.clear()
            return
        conflict = self.conflicts[row]
        register = BY_NAME[conflict.register]
        loser = _loser(conflict)
        lines = [_("Bản bị thay (lần sửa {revision}, {when}, máy {origin}):").format(
            revision=loser["revision"], when=format_stamp(loser["updated_at"]), origin=loser["origin"])]
        for field in register.fields:
            if loser.get(field.name) not in (None, "", ()):
                lines.append(f"  {field.display_label}: {field.display(loser[field.name])}")
        lines.append(_("Bản thắng: lần sửa {revision}, {when}, máy {origin}.").format(
            revision=conflict.winner_revision, when=format_stamp(conflict.winner_updated_at),
            origin=conflict.winner_origin))  # fmt: skip
        self.detail.setPlainText("\n".join(lines))

    def _mark(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.conflicts):
            merge.mark_reviewed(self.conflicts[row].id)
            self.list.takeItem(row)
            self.conflicts.pop(row)
