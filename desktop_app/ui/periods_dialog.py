"""The periods dialog: a leader approves and locks a period ("chốt số liệu") or reopens it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.l10n import N_, _, format_date, format_stamp
from desktop_app.domain.periods import Period, month_of, quarter_of, year_of
from desktop_app.domain.roles import Right
from desktop_app.services import accounts, periods
from desktop_app.ui import dialogs

COLUMNS = (N_("Kỳ"), N_("Từ ngày"), N_("Đến ngày"), N_("Trạng thái"), N_("Lúc"), N_("Người thực hiện"), N_("Lý do"))


def recent_periods(today: dt.date) -> list[Period]:
    """The periods a leader usually approves: the last quarters, months and years."""
    quarter = quarter_of(today)
    found: list[Period] = []
    for _step in range(5):
        found.append(quarter)
        quarter = quarter_of(quarter.start - dt.timedelta(days=1))
    month = month_of(today)
    for _step in range(3):
        found.append(month)
        month = month_of(month.start - dt.timedelta(days=1))
    found += [year_of(today), year_of(today).previous_year()]
    return found


class PeriodsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, period: Period | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("periodsDialog")
        self.setWindowTitle(_("Chốt số liệu kỳ"))
        intro = QLabel(_("Khi một kỳ đã chốt, không thêm, sửa, xóa hay khôi phục được bản ghi có ngày trong kỳ đó, "
                         "kể cả khi nhập từ tệp. Việc chốt và mở lại được ghi vào nhật ký và gửi lên cấp trên."))
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("periodsTable")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.period = QComboBox()
        self.period.setObjectName("periodChoice")
        self.period.setEditable(True)
        for item in recent_periods(dt.date.today()):
            self.period.addItem(f"{item.code} — {item.label}", item.code)
        if period is not None:
            self.period.setEditText(period.code)
        self.reason = QLineEdit()
        self.reason.setObjectName("periodReason")
        self.reason.setPlaceholderText(_("ví dụ: đã ban hành báo cáo quý III số 12-BC/ĐU"))
        self.message = QLabel()
        self.message.setObjectName("periodMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a93226;")
        self.message.hide()
        form = QFormLayout()
        form.addRow(_("Kỳ"), self.period)
        form.addRow(_("Lý do"), self.reason)
        lock = QPushButton(_("Chốt số liệu"))
        lock.setObjectName("lockPeriod")
        lock.clicked.connect(lambda: self._change(periods.lock))
        reopen = QPushButton(_("Mở lại kỳ"))
        reopen.setObjectName("reopenPeriod")
        reopen.clicked.connect(lambda: self._change(periods.reopen))
        allowed = accounts.may(Right.APPROVE_PERIODS)
        for button in (lock, reopen):
            button.setEnabled(allowed)
        close = QPushButton(_("Đóng"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(lock)
        buttons.addWidget(reopen)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(820, 420)
        self.changed = False
        self.refresh()

    def chosen_code(self) -> str:
        text = self.period.currentText()
        index = self.period.findText(text)
        return self.period.itemData(index) if index >= 0 else text.split(" ")[0].strip()

    def _change(self, action) -> None:
        try:
            row = action(self.chosen_code(), self.reason.text())
        except (periods.LockError, accounts.Refused) as error:
            self.message.setText(str(error))
            self.message.show()
            return
        self.message.hide()
        self.changed = True
        self.reason.clear()
        self.refresh()
        dialogs.inform(self, _("Chốt số liệu kỳ"), periods.summary_line(row))

    def refresh(self) -> None:
        found = periods.rows()
        self.table.setRowCount(len(found))
        for index, row in enumerate(found):
            cells = (row.period_code, format_date(row.start), format_date(row.end), periods.state_label(row.state),
                     format_stamp(row.changed_at), row.changed_by, row.reason)  # fmt: skip
            for column, text in enumerate(cells):
                self.table.setItem(index, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
