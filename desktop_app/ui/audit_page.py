"""The audit trail in the window: a record's "Lịch sử" tab, and the page of every entry with
filters, the chain check and export to .xlsx. Values the role may not read are masked."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.l10n import N_, _, format_number, format_stamp
from desktop_app.domain.registers import REGISTERS
from desktop_app.domain.roles import BY_CODE
from desktop_app.services import accounts, audit_reading
from desktop_app.ui import dialogs
from desktop_app.ui.field_widgets import DateInput

HISTORY_COLUMNS = (N_("Trường"), N_("Trước"), N_("Sau"))
PAGE_COLUMNS = (N_("Số"), N_("Thời điểm"), N_("Người thực hiện"), N_("Vai trò"), N_("Việc"), N_("Sổ"),
                N_("Mã bản ghi"), N_("Nội dung"))  # fmt: skip
SHOWN_AT_MOST = 2000


def _who(line: audit_reading.Line, *, with_role: bool = True) -> str:
    """The account (and its role); for a record from a package, who changed it at the unit below."""
    role = BY_CODE.get(line.role)
    who = f"{line.user} ({role.display})" if role and with_role else line.user
    if line.action == "merge_record" and line.detail.get("by"):
        below = BY_CODE.get(line.detail.get("role", ""))
        by = f"{line.detail['by']} ({below.display})" if below else line.detail["by"]
        who = _("{by}, đơn vị {unit}; nhận qua gói").format(by=by, unit=line.detail.get("unit", ""))
    return who


def _table(columns: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels([_(c) for c in columns])
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().hide()
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for index, row in enumerate(rows):
        for column, text in enumerate(row):
            table.setItem(index, column, QTableWidgetItem(text))
    table.resizeColumnsToContents()


class HistoryView(QWidget):
    """One record's history, newest first: a shaded line per change (when, who, what), then a
    row per changed field with its value before and after."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = _table(HISTORY_COLUMNS, "historyTable")
        self.table.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.table)

    def show_record(self, register_name: str, uuid: str | None) -> None:
        self.table.clearSpans()
        if uuid is None:
            self.note.setText(_("Bản ghi mới: chưa có lịch sử."))
            _fill(self.table, [])
            return
        try:
            found = list(audit_reading.lines(register=register_name, record_uuid=uuid, newest_first=True))
        except accounts.NotAllowed as error:
            self.note.setText(str(error))
            _fill(self.table, [])
            return
        rows: list[tuple[str, ...]] = []
        heads: list[int] = []
        for line in found:
            heads.append(len(rows))
            rows.append((f"{format_stamp(line.at)} — {_who(line)} — {line.action_label}", "", ""))
            rows += line.change_lines()
        self.note.setText(_("{n} lần thay đổi, mới nhất ở trên.").format(n=format_number(len(found))))
        _fill(self.table, rows)
        shade = QBrush(QColor("#eef2f7"))
        for row in heads:
            self.table.setSpan(row, 0, 1, len(HISTORY_COLUMNS))
            item = self.table.item(row, 0)
            item.setBackground(shade)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.table.resizeColumnsToContents()
        for column in range(len(HISTORY_COLUMNS)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 220))

    def entry_lines(self) -> list[str]:
        """The shaded lines, newest first (what an officer reads first)."""
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount()) if self.table.columnSpan(r, 0) > 1]

    def field_rows(self) -> list[tuple[str, str, str]]:
        """(field, before, after) rows, in the table's order."""
        return [tuple(self.table.item(r, c).text() for c in range(3)) for r in range(self.table.rowCount())
                if self.table.columnSpan(r, 0) == 1]  # type: ignore[misc]


class AuditPage(QWidget):
    """Every entry, filtered by register, account and dates; checked and exported on demand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = QComboBox()
        self.register.setObjectName("auditRegister")
        self.register.addItem(_("Mọi sổ"), None)
        for register in REGISTERS:
            self.register.addItem(register.display_short_title, register.name)
        self.user = QLineEdit()
        self.user.setObjectName("auditUser")
        self.user.setPlaceholderText(_("Tên đăng nhập"))
        self.user.setMinimumWidth(140)
        today = dt.date.today()
        self.start, self.end = DateInput(), DateInput()  # typed day first, as every date of the program
        self.start.set_value(today - dt.timedelta(days=30))
        self.end.set_value(today)
        show = QPushButton(_("Xem"))
        show.setObjectName("auditShow")
        show.clicked.connect(self.refresh)
        check = QPushButton(_("Kiểm tra nhật ký"))
        check.setObjectName("auditVerify")
        check.clicked.connect(self.verify)
        export = QPushButton(_("Xuất ra Excel…"))
        export.setObjectName("auditExport")
        export.clicked.connect(self.export)
        filters = QHBoxLayout()
        for label, widget in ((_("Sổ"), self.register), (_("Người thực hiện"), self.user), (_("Từ"), self.start),
                              (_("Đến"), self.end)):  # fmt: skip
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(show)
        filters.addStretch(1)
        filters.addWidget(check)
        filters.addWidget(export)
        self.table = _table(PAGE_COLUMNS, "auditTable")
        self.count = QLabel()
        layout = QVBoxLayout(self)
        title = QLabel(_("Nhật ký thay đổi"))
        title.setStyleSheet("font-weight: bold; font-size: 15px;")
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.count)
        self.found: list[audit_reading.Line] = []

    def _dates(self) -> tuple[dt.date | None, dt.date | None]:
        """The range typed; an empty (or red) end leaves that side open."""
        return self.start.date(), self.end.date()

    def refresh(self) -> None:
        start, end = self._dates()
        try:
            self.found = list(audit_reading.lines(
                register=self.register.currentData(), user=self.user.text().strip() or None, start=start, end=end,
                newest_first=True, limit=SHOWN_AT_MOST))
        except accounts.NotAllowed as error:
            self.count.setText(str(error))
            return
        rows = []
        for line in self.found:
            role = BY_CODE.get(line.role)
            register = next((r.display_short_title for r in REGISTERS if r.name == line.register), line.register or "")
            changes = "; ".join(f"{label}: {before} → {after}" for label, before, after in line.change_lines())
            rows.append((str(line.id), format_stamp(line.at), _who(line, with_role=False), role.display if role else "",
                         line.action_label, register, (line.record_uuid or "")[:8], changes or line.detail_text()))
        _fill(self.table, rows)
        self.count.setText(_("{n} mục (mới nhất ở trên).").format(n=format_number(len(self.found))))

    def verify(self) -> None:
        findings = audit_reading.verify()
        if not findings:
            dialogs.inform(self, _("Kiểm tra nhật ký"), _(
                "Nhật ký nguyên vẹn: {n} mục, mọi bản ghi khớp với lần thay đổi cuối.").format(
                    n=format_number(audit_reading.entry_count())))  # fmt: skip
            return
        dialogs.warn(self, _("Kiểm tra nhật ký"), findings[0].message, "\n".join(f.message for f in findings))

    def export(self) -> None:
        if not self.found:
            self.refresh()
        path = dialogs.choose_file(self, _("Xuất nhật ký"), "Excel (*.xlsx)", save=True, default_suffix="xlsx")
        if not path:
            return
        audit_reading.write_xlsx(path, self.found)
        dialogs.inform(self, _("Xuất nhật ký"), _("Đã xuất {count} mục ra {path}.").format(
            count=format_number(len(self.found)), path=path))  # fmt: skip
