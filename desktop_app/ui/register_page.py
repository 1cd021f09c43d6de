"""The page of one register: filters and search above, the list on the left, the form beside it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.l10n import _, format_date, format_number, pgettext
from desktop_app.domain.periods import Period, date_range, quarter_of, year_of
from desktop_app.domain.register import Register
from desktop_app.domain.registers import get_register
from desktop_app.domain.roles import Right
from desktop_app.services import accounts, records
from desktop_app.services.charts import Selection
from desktop_app.store import queries
from desktop_app.ui import dialogs
from desktop_app.ui.audit_page import HistoryView
from desktop_app.ui.field_widgets import DateInput
from desktop_app.ui.record_form import RecordForm
from desktop_app.ui.record_list_model import RecordListModel

SEARCH_DELAY_MS = 200
LINK_CANDIDATES = 300


def period_choices(today: dt.date) -> list[tuple[str, Period | None]]:
    """The periods the filter offers; None is "every date"."""
    this_year = year_of(today)
    month_start = today.replace(day=1)
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    return [
        (_("Mọi thời gian"), None),
        (_("Tháng này"), date_range(month_start, next_month - dt.timedelta(days=1))),
        (_("Quý này"), quarter_of(today)),
        (_("Năm nay"), this_year),
        (_("Năm trước"), this_year.previous_year()),
    ]


class RegisterPage(QWidget):
    """Lists, filters, edits, deletes and restores the records of one register."""

    records_changed = Signal()
    CUSTOM_PERIOD = "custom"

    def __init__(self, register: Register, hamlets: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.setObjectName(f"page_{register.name}")
        self.model = RecordListModel(register, self)
        self.form = RecordForm(register, hamlets)
        self.form.changed.connect(self._update_actions)
        self._suggested: str | None = None
        if register.has_field("receipt_number") and register.date_field:
            self.form.widgets[register.date_field].changed.connect(self._follow_date)  # type: ignore[attr-defined]
        self._build_filters(hamlets)
        self._build_table()
        self._build_buttons()

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.count_label)
        record_tab = QWidget()
        record_layout = QVBoxLayout(record_tab)
        record_layout.setContentsMargins(0, 0, 0, 0)
        record_layout.addWidget(self.form)
        record_layout.addLayout(self.button_row)
        self.history = HistoryView()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("recordTabs")
        self.tabs.addTab(record_tab, _("Bản ghi"))
        self.tabs.addTab(self.history, _("Lịch sử"))
        self.tabs.currentChanged.connect(self._show_history)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self._sized = False  # the list and the form start at 3 : 2 unless the officer moved them

        title = QLabel(register.display_title)
        title.setStyleSheet("font-size: 16px; font-weight: bold;")
        source = QLabel(register.source)
        source.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(source)
        layout.addLayout(self.filter_row)
        layout.addWidget(splitter, 1)
        self.form.load_completions()
        self.apply_filters()
        self._update_actions()

    # ------------------------------------------------------------ building
    def _build_filters(self, hamlets: list[str]) -> None:
        row = QHBoxLayout()
        self._add_search(row)
        self._add_period_filter(row)
        self._add_hamlet_filter(row, hamlets)
        self._add_choice_filter(row)
        self._add_attention_filter(row)
        self._add_deleted_switch(row)
        self.filter_row = row

    def _add_search(self, row: QHBoxLayout) -> None:
        """The search box: found as the cursor types, after a short pause."""
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Tìm (không cần dấu): tên, nội dung, thôn…"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        row.addWidget(self.search, 2)

    def _add_period_filter(self, row: QHBoxLayout) -> None:
        """The period: this month, quarter, year, last year, or a range of dates."""
        self.period = QComboBox()
        self.period.setObjectName("periodFilter")
        for label, period in period_choices(dt.date.today()):
            self.period.addItem(label, period)
        self.period.addItem(_("Khoảng ngày…"), self.CUSTOM_PERIOD)
        self.period.setEnabled(self.register.has_period)
        self.date_from, self.date_to = DateInput(), DateInput()
        for widget in (self.date_from, self.date_to):
            widget.hide()
            widget.changed.connect(self.apply_filters)
        self.period.currentIndexChanged.connect(self._on_period)
        row.addWidget(QLabel(_("Kỳ:")))
        row.addWidget(self.period)
        row.addWidget(self.date_from)
        row.addWidget(self.date_to)
        # A chart's bar opens the petitions as its figure counts them (resolved by a day, or their
        # state judged on a past day): said beside the period, and cleared with ×.
        self.resolved_by: dt.date | None = None
        self.judged_on: dt.date | None = None
        self.chart_note = QLabel()
        self.chart_note.setObjectName("chartNote")
        self.clear_chart_filter = QToolButton()
        self.clear_chart_filter.setText("×")
        self.clear_chart_filter.setToolTip(_("Bỏ lọc này"))
        self.clear_chart_filter.clicked.connect(self._clear_chart_filter)
        for widget in (self.chart_note, self.clear_chart_filter):
            widget.hide()
            row.addWidget(widget)

    def _add_hamlet_filter(self, row: QHBoxLayout, hamlets: list[str]) -> None:
        """The hamlet."""
        self.hamlet_filter = QComboBox()
        self.hamlet_filter.setObjectName("hamletFilter")
        self.set_hamlets(hamlets)
        self.hamlet_filter.currentIndexChanged.connect(self.apply_filters)
        row.addWidget(QLabel(_("Thôn:")))
        row.addWidget(self.hamlet_filter)

    def _add_choice_filter(self, row: QHBoxLayout) -> None:
        """One menu per choice field of the register, each with its choices."""
        self.choice_button = QToolButton()
        self.choice_button.setObjectName("choiceFilter")
        self.choice_button.setText(_("Lọc"))
        self.choice_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.choice_menu = QMenu(self)
        self.choice_groups: dict[str, QActionGroup] = {}
        for field in self.register.choice_fields:
            submenu = self.choice_menu.addMenu(field.display_label)
            group = QActionGroup(submenu)
            group.setExclusive(True)
            for label, code in [(_("Tất cả"), None)] + [(c.display, c.code) for c in field.choices]:
                action = QAction(label, submenu, checkable=True)
                action.setData(code)
                action.setChecked(code is None)
                group.addAction(action)
                submenu.addAction(action)
            group.triggered.connect(self.apply_filters)
            self.choice_groups[field.name] = group
        self.choice_button.setMenu(self.choice_menu)
        row.addWidget(self.choice_button)

    def _add_attention_filter(self, row: QHBoxLayout) -> None:
        """Petitions only: overdue, due soon or on time."""
        self.attention = QComboBox()
        self.attention.setObjectName("attentionFilter")
        self.attention.addItem(_("Mọi đơn"), None)
        self.attention.addItem(_("Quá hạn"), queries.ATTENTION_OVERDUE)
        self.attention.addItem(_("Sắp đến hạn"), queries.ATTENTION_DUE_SOON)
        self.attention.addItem(_("Trong hạn"), queries.ATTENTION_ON_TIME)
        self.attention.currentIndexChanged.connect(self.apply_filters)
        self.attention.setVisible(self.register.has_field("deadline"))
        row.addWidget(self.attention)

    def _add_deleted_switch(self, row: QHBoxLayout) -> None:
        """The deleted records instead of the live ones."""
        self.show_deleted = QCheckBox(_("Bản ghi đã xóa"))
        self.show_deleted.setObjectName("showDeleted")
        self.show_deleted.toggled.connect(self._on_show_deleted)
        row.addWidget(self.show_deleted)

    def _build_table(self) -> None:
        table = QTableView()
        table.setObjectName("recordTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSortingEnabled(True)
        table.horizontalHeader().setSortIndicatorShown(True)
        table.horizontalHeader().setSectionsMovable(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # A narrow column shows the start of its heading ("Người gửi…"), not its middle.
        table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.horizontalHeader().customContextMenuRequested.connect(self._column_menu)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.selectionModel().currentRowChanged.connect(self._on_row)
        date_field = self.register.date_field
        if date_field in self.model.columns:
            table.sortByColumn(self.model.columns.index(date_field), Qt.SortOrder.DescendingOrder)
        else:
            table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table = table
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.model.modelReset.connect(self._update_count)
        self.model.totalChanged.connect(self._update_count)

    def _build_buttons(self) -> None:
        row = QHBoxLayout()
        self.new_button = QPushButton(_("Thêm mới"))
        self.save_button = QPushButton(pgettext("button", "Lưu"))
        self.save_button.setObjectName("saveButton")
        self.delete_button = QPushButton(_("Xóa"))
        self.delete_button.setObjectName("deleteButton")
        self.restore_button = QPushButton(_("Khôi phục"))
        self.restore_button.setObjectName("restoreButton")
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self.save_record)
        self.delete_button.clicked.connect(self.delete_record)
        self.restore_button.clicked.connect(self.restore_record)
        for button in (self.new_button, self.save_button, self.delete_button, self.restore_button):
            row.addWidget(button)
        row.addStretch(1)
        self.button_row = row

    def _column_menu(self, position: Any) -> None:
        """Right-click on the heading: show or hide columns."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column in range(self.model.columnCount()):
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda shown, c=column: header.setSectionHidden(c, not shown))
        menu.exec(header.mapToGlobal(position))

    # ------------------------------------------------------------ filters
    def set_hamlets(self, hamlets: list[str]) -> None:
        current = self.hamlet_filter.currentData()
        self.hamlet_filter.blockSignals(True)
        self.hamlet_filter.clear()
        self.hamlet_filter.addItem(_("Tất cả"), None)
        for name in hamlets:
            self.hamlet_filter.addItem(name, name)
        self.hamlet_filter.setCurrentIndex(max(self.hamlet_filter.findData(current), 0))
        self.hamlet_filter.blockSignals(False)
        self.form.set_hamlets(hamlets)

    def _on_period(self) -> None:
        custom = self.period.currentData() == self.CUSTOM_PERIOD
        self.date_from.setVisible(custom)
        self.date_to.setVisible(custom)
        self.apply_filters()

    def _period_bounds(self) -> tuple[dt.date | None, dt.date | None]:
        chosen = self.period.currentData()
        if chosen == self.CUSTOM_PERIOD:
            return self.date_from.date(), self.date_to.date()
        if isinstance(chosen, Period):
            return chosen.start, chosen.end
        return None, None

    def _on_show_deleted(self) -> None:
        self.apply_filters()
        self.form.clear()
        self._update_actions()

    def apply_filters(self) -> None:
        start, end = self._period_bounds()
        chosen = tuple(
            (name, group.checkedAction().data())
            for name, group in self.choice_groups.items()
            if group.checkedAction() is not None and group.checkedAction().data() is not None
        )
        self.choice_button.setText(_("Lọc ({count})").format(count=len(chosen)) if chosen else _("Lọc"))
        self.model.update_query(
            search=self.search.text(),
            start=start,
            end=end,
            hamlet=self.hamlet_filter.currentData(),
            choices=chosen,
            attention=self.attention.currentData() if self.attention.isVisible() else None,
            deleted=self.show_deleted.isChecked(),
            resolved_by=self.resolved_by,
            today=self.judged_on,
        )

    def show_selection(self, selection: Selection) -> None:
        """Show what a chart's bar counts (charts.Selection): the records dated in its period (any
        date when it has none), of its choice, and of the petitions those resolved by a day or in a
        state on a day; every other filter on "Tất cả"."""
        for name, group in self.choice_groups.items():
            wanted = selection.choice[1] if selection.choice and selection.choice[0] == name else None
            for action in group.actions():
                action.setChecked(action.data() == wanted)
        self.resolved_by, self.judged_on = selection.resolved_by, selection.judged_on
        note = ""
        if selection.resolved_by is not None:
            note = _("Chỉ đơn đã giải quyết đến hết ngày {date}").format(date=format_date(selection.resolved_by))
        elif selection.judged_on is not None and selection.judged_on != dt.date.today():
            note = _("Tình trạng của đơn tính đến hết ngày {date}").format(date=format_date(selection.judged_on))
        self.chart_note.setText(note)
        self.chart_note.setVisible(bool(note))
        self.clear_chart_filter.setVisible(bool(note))
        self.attention.blockSignals(True)
        self.attention.setCurrentIndex(max(self.attention.findData(selection.attention), 0))
        self.attention.blockSignals(False)
        period = selection.period
        for widget, day in ((self.date_from, period and period.start), (self.date_to, period and period.end)):
            widget.blockSignals(True)
            widget.set_value(day)
            widget.blockSignals(False)
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData(self.CUSTOM_PERIOD) if period else 0)
        self.period.blockSignals(False)
        self._on_period()

    def _clear_chart_filter(self) -> None:
        self.resolved_by = self.judged_on = None
        self.chart_note.hide()
        self.clear_chart_filter.hide()
        self.apply_filters()

    def _update_count(self) -> None:
        """The count under the list: exact once counted, until then at least what is shown."""
        if not self.model.counted:
            self.count_label.setText(_("{count}+ bản ghi, đang đếm…").format(count=format_number(self.model.loaded)))
            return
        total = self.model.total
        text = _("{count} bản ghi").format(count=format_number(total))
        if self.show_deleted.isChecked():
            text = _("{count} bản ghi đã xóa").format(count=format_number(total))
        self.count_label.setText(text)

    # ------------------------------------------------------------ records
    def _on_row(self, current: Any, previous: Any) -> None:
        if not current.isValid():
            return
        record = self.model.record_at(current.row())
        if self.form.uuid == record["uuid"] and not self.form.dirty:
            return
        self._load_links(record)
        self.form.load(record, record["uuid"])
        self._update_actions()
        self._show_history()

    def _show_history(self) -> None:
        if self.tabs.currentWidget() is self.history:
            self.history.show_record(self.register.name, self.form.uuid)

    def _refused(self, error: Exception) -> None:
        """A save, delete or restore the period lock or the role does not allow."""
        dialogs.warn(self, _("Không thực hiện được"), str(error))

    def _load_links(self, record: dict[str, Any] | None = None) -> None:
        """The newest records to link to, the one ``record`` links to among them, and a search
        over all of them."""
        for field in self.register.fields:
            if field.link_register:
                linked = get_register(field.link_register)
                rows = queries.select_page(queries.ListQuery(linked), 0, LINK_CANDIDATES)
                candidates = [(r["uuid"], linked.summary(r)) for r in rows]
                target = (record or {}).get(field.name)
                if target and all(uuid != target for uuid, _label in candidates):
                    try:
                        shown = records.visible(linked, records.get(linked, target))
                        candidates.append((target, linked.summary(shown)))
                    except records.RecordNotFound:
                        candidates.append((target, target))
                widget = self.form.widgets[field.name]
                widget.set_searcher(lambda text, register=linked: self._find(register, text))  # type: ignore[attr-defined]
                self.form.set_link_candidates(field.name, candidates)

    @staticmethod
    def _find(register: Register, text: str) -> list[tuple[str, str]]:
        rows = queries.select_page(queries.ListQuery(register, search=text), 0, LINK_CANDIDATES)
        return [(row["uuid"], register.summary(row)) for row in rows]

    def new_record(self) -> None:
        if self.show_deleted.isChecked():
            self.show_deleted.setChecked(False)
        self.table.clearSelection()
        self._load_links()
        self.form.clear()
        self._suggest_number()
        first = next(iter(self.register.editable_fields))
        self.form.widgets[first.name].setFocus()
        self._update_actions()

    def _suggest_number(self) -> None:
        """The next receipt number of the year of the date typed (of today before one is)."""
        if self.register.has_field("receipt_number"):
            values = self.form.values()
            day = values.get(self.register.date_field) if self.register.date_field else None
            day = day if isinstance(day, dt.date) else dt.date.today()
            self._suggested = records.suggest_unique_value(self.register, "receipt_number", day)
            self.form.widgets["receipt_number"].set_value(self._suggested)  # type: ignore[attr-defined]

    def _follow_date(self) -> None:
        """A petition dated in another year takes that year's next number, unless the officer
        typed a number of their own."""
        number = self.form.widgets["receipt_number"].value()  # type: ignore[attr-defined]
        if self.form.uuid is None and self._suggested is not None and number == self._suggested:
            self._suggest_number()

    def save_and_next(self) -> bool:
        """Save, then start the next record of the batch with the fields that repeat kept
        (CSPro's persistent fields): ten citizens of one session are ten short rows."""
        carried = self.form.carried()
        if not self.save_record():
            return False
        self.table.clearSelection()
        self._load_links()
        first = self.form.start_next(carried)
        self._suggest_number()
        first.setFocus()
        self._update_actions()
        return True

    def save_record(self) -> bool:
        if self.show_deleted.isChecked():
            return False
        try:
            saved = records.save(self.register, self.form.values(), uuid=self.form.uuid,
                                 revision=self.form.revision)  # fmt: skip
        except records.ValidationError as error:
            self.form.show_problems(error.problems)
            return False
        except records.ChangedMeanwhile as changed:
            dialogs.warn(self, _("Bản ghi đã được người khác sửa"), str(changed))
            self.model.refresh()
            self.form.load(changed.stored, changed.stored["uuid"])
            return False
        except accounts.Refused as error:
            self._refused(error)
            return False
        self.model.refresh()
        self.form.load(saved, saved["uuid"])
        self.form.remember_completions(saved)
        self.select(saved["uuid"])
        self._show_history()
        self.records_changed.emit()
        self._update_actions()
        return True

    def select(self, uuid: str) -> None:
        row = self.model.row_of(uuid)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def delete_record(self) -> None:
        uuid = self.form.uuid
        if uuid is None or self.show_deleted.isChecked():
            return
        summary = self.register.summary(records.visible(self.register, records.get(self.register, uuid)))
        question = _("Xóa bản ghi «{summary}»?\nBản ghi đã xóa vẫn xem và khôi phục được.").format(summary=summary)
        if not dialogs.confirm(self, _("Xóa bản ghi"), question, yes=_("Xóa")):
            return
        try:
            records.delete(self.register, uuid)
        except accounts.Refused as error:
            self._refused(error)
            return
        self.model.refresh()
        self.form.clear()
        self.records_changed.emit()
        self._update_actions()

    def restore_record(self) -> None:
        uuid = self.form.uuid
        if uuid is None or not self.show_deleted.isChecked():
            return
        try:
            records.restore(self.register, uuid)
        except accounts.Refused as error:
            self._refused(error)
            return
        self.model.refresh()
        self.form.clear()
        self.records_changed.emit()
        self._update_actions()

    def _update_actions(self) -> None:
        trash = self.show_deleted.isChecked()
        editable = accounts.may(Right.EDIT_RECORDS) and not self.form.read_only
        self.save_button.setEnabled(not trash and editable)
        self.new_button.setEnabled(accounts.may(Right.EDIT_RECORDS))
        self.delete_button.setVisible(not trash)
        self.delete_button.setEnabled(self.form.uuid is not None and editable)
        self.restore_button.setVisible(trash)
        self.restore_button.setEnabled(self.form.uuid is not None and editable)
        self.form.setEnabled(not trash or self.form.uuid is not None)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            total = sum(self.splitter.sizes()) or self.splitter.width()
            self.splitter.setSizes([total * 3 // 5, total - total * 3 // 5])

    # ------------------------------------------------------------ remembering the layout
    def save_state(self, settings: QSettings) -> None:
        settings.setValue(f"pages/{self.register.name}/header", self.table.horizontalHeader().saveState())
        settings.setValue(f"pages/{self.register.name}/splitter", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value(f"pages/{self.register.name}/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        splitter = settings.value(f"pages/{self.register.name}/splitter")
        if splitter is not None:
            self._sized = self.splitter.restoreState(splitter)
