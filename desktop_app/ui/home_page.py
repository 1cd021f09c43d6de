"""The home screen: this period's figures and the petitions that need attention."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.deadlines import DeadlineState, deadline_state
from desktop_app.domain.headlines import headline_figures
from desktop_app.domain.l10n import _, format_date, format_number, ngettext
from desktop_app.domain.periods import Period
from desktop_app.domain.quantities import quantity
from desktop_app.domain.registers import PETITION
from desktop_app.domain.text import sentence_case
from desktop_app.domain.units import Unit
from desktop_app.services import charts, figures, reports
from desktop_app.services.periods import LOCKED, NOT_SENT, SENT
from desktop_app.store import queries
from desktop_app.ui import dialogs
from desktop_app.ui.charts import BEFORE, DONE, LATE, NOW, SOON, PairedBars, Row, RowBars
from desktop_app.ui.jobs import Job, run_job, start
from desktop_app.ui.register_page import period_choices
from desktop_app.ui.unit_figures_dialog import UnitFiguresDialog

ATTENTION_ROWS = 200
CHART_DELAY_MS = 500  # the charts are reckoned after the window's first screen is painted
STATE_COLOURS = {"petition.on_time": NOW, "petition.due_soon": SOON, "petition.overdue": LATE,
                 "petition.resolved": DONE}  # fmt: skip
UNIT_COLOURS = {NOT_SENT: LATE, SENT: NOW, LOCKED: DONE}
STATUS_WORDS = {NOT_SENT: lambda: _("chưa gửi"), SENT: lambda: _("đã gửi, chưa chốt"),
                LOCKED: lambda: _("đã chốt")}  # fmt: skip
log = logging.getLogger(__name__)


class HomePage(QWidget):
    """Figures of the chosen period, and the overdue and due-soon petitions."""

    open_petition = Signal(str)  # uuid
    show_petitions = Signal(str)  # attention: overdue or due_soon
    show_records = Signal(object)  # charts.Selection: what a bar counts

    def __init__(self, unit: Unit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("homePage")
        self.unit = unit
        title = QLabel(unit.display)
        title.setObjectName("homeTitle")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")

        self.period = QComboBox()
        self.period.setObjectName("homePeriod")
        for label, period in period_choices(dt.date.today())[1:]:
            self.period.addItem(f"{label} ({period.label})", period)
        self.period.setCurrentIndex(1)  # this quarter
        self.period.currentIndexChanged.connect(self.refresh)
        self.sheet_button = QPushButton(_("Lưu trang PDF…"))
        self.sheet_button.setObjectName("homeSheetButton")
        self.sheet_button.setToolTip(_("Trang này trên một trang giấy, để mang đi họp"))
        self.sheet_button.clicked.connect(self.save_sheet)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(QLabel(_("Kỳ:")))
        top.addWidget(self.period)
        top.addWidget(self.sheet_button)

        self.overdue_button = QPushButton()
        self.overdue_button.setObjectName("overdueButton")
        self.overdue_button.setStyleSheet("background: #f9d6d5; padding: 8px; font-weight: bold;")
        self.overdue_button.clicked.connect(lambda: self.show_petitions.emit(queries.ATTENTION_OVERDUE))
        self.due_soon_button = QPushButton()
        self.due_soon_button.setObjectName("dueSoonButton")
        self.due_soon_button.setStyleSheet("background: #fdebc8; padding: 8px; font-weight: bold;")
        self.due_soon_button.clicked.connect(lambda: self.show_petitions.emit(queries.ATTENTION_DUE_SOON))
        alerts = QHBoxLayout()
        alerts.addWidget(self.overdue_button)
        alerts.addWidget(self.due_soon_button)
        alerts.addStretch(1)

        self.figure_grid = QGridLayout()
        self.figure_grid.setColumnStretch(1, 1)
        self.figure_grid.setHorizontalSpacing(24)
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setLayout(self.figure_grid)
        # Beside the figures, two of them as bars: the petitions by state and the new models by field.
        self.state_chart, self.field_chart = RowBars(), RowBars()
        self.state_chart.setObjectName("chart_petition_states")
        self.field_chart.setObjectName("chart_model_fields")
        self.bar_charts: dict[RowBars, charts.BarChart] = {}
        for chart in (self.state_chart, self.field_chart):
            chart.clicked.connect(lambda index, chart=chart: self._open_bar(chart, index))
        side = QVBoxLayout()
        side.addWidget(self.state_chart)
        side.addWidget(self.field_chart)
        side.addStretch(1)
        figures_row = QHBoxLayout()
        figures_row.addWidget(frame, 3)
        figures_row.addLayout(side, 2)

        self.attention_table = QTableWidget(0, 5)
        self.attention_table.setObjectName("attentionTable")
        self.attention_table.setHorizontalHeaderLabels(
            [_("Tình trạng"), _("Hạn"), PETITION.field("receipt_number").display_label,
             PETITION.field("kind").display_label, PETITION.field("summary").display_label]
        )
        self.attention_table.horizontalHeader().setStretchLastSection(True)
        self.attention_table.verticalHeader().hide()
        self.attention_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.attention_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.attention_table.cellDoubleClicked.connect(self._open_row)

        self.charts: dict[str, PairedBars] = {}
        chart_row = QHBoxLayout()
        for series in charts.MONTHLY_SERIES:
            chart = PairedBars(series.display_title)
            chart.setObjectName(f"chart_{series.key}")
            chart.clicked.connect(lambda index, series=series: self._open_month(series, index))
            self.charts[series.key] = chart
            chart_row.addWidget(chart)
        legend = QLabel(f"{_('Mười hai tháng')}: <span style='color:{NOW.name()}'>■</span> {_('kỳ này')}, "
                        f"<span style='color:{BEFORE.name()}'>■</span> {_('cùng kỳ năm trước')} "
                        f"({_('rê chuột để xem số, bấm để mở sổ')})")  # fmt: skip
        legend.setObjectName("chartLegend")
        self.chart_months: list[Period] = []
        self._chart_generation = 0
        self._chart_asked: tuple[int, Period, dt.date] | None = None
        self._charts_started = 0

        attention = QWidget()
        attention_layout = QVBoxLayout(attention)
        attention_layout.setContentsMargins(0, 0, 0, 0)
        attention_layout.addWidget(QLabel(_("Đơn thư cần chú ý (nhấp đúp để mở):")))
        attention_layout.addWidget(self.attention_table, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(alerts)
        layout.addLayout(figures_row)
        layout.addWidget(legend)
        layout.addLayout(chart_row)
        self.units_overview: list[charts.UnitBar] = []
        self.units_chart: RowBars | None = None
        if unit.is_merging:  # the units under it, who is behind first; the petitions beside them
            self.tabs = QTabWidget()
            self.tabs.setObjectName("homeTabs")
            self.tabs.addTab(self._units_panel(), _("Đơn vị trực thuộc"))
            self.tabs.addTab(attention, _("Đơn thư cần chú ý"))
            layout.addWidget(self.tabs, 1)
        else:
            layout.addWidget(attention, 1)
        self.refresh()

    def _units_panel(self) -> QWidget:
        panel = QWidget()
        self.units_sort = QComboBox()
        self.units_sort.setObjectName("unitsSort")
        for code, (label, _key) in charts.SORTS.items():
            self.units_sort.addItem(_(label), code)
        self.units_sort.currentIndexChanged.connect(self._sort_units)
        self.units_heading = QLabel()
        self.units_heading.setObjectName("unitsHeading")
        self.units_heading.setWordWrap(True)
        swatch = "<span style='color:{colour}'>■</span> {label}"
        legend = QLabel(", ".join(swatch.format(colour=UNIT_COLOURS[status].name(), label=word())
                                  for status, word in STATUS_WORDS.items()))  # fmt: skip
        legend.setObjectName("unitsLegend")
        row = QHBoxLayout()
        row.addWidget(self.units_heading, 1)
        row.addWidget(legend)
        row.addWidget(QLabel(_("Sắp xếp:")))
        row.addWidget(self.units_sort)
        self.units_chart = RowBars(swatches=True)
        self.units_chart.setObjectName("chart_units")
        self.units_chart.clicked.connect(self._open_unit)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.units_chart)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(row)
        layout.addWidget(scroll, 1)
        return panel

    def current_period(self) -> Period:
        return self.period.currentData()

    def refresh(self) -> None:
        today = dt.date.today()
        period = self.current_period()
        values = figures.figures_for_period(period)
        while self.figure_grid.count():
            self.figure_grid.takeAt(0).widget().deleteLater()
        for row, (title, line) in enumerate(headline_figures(values)):
            name = QLabel(title)
            name.setStyleSheet("font-weight: bold;")
            value = QLabel(line)
            value.setObjectName(f"figure_{row}")
            value.setWordWrap(True)
            self.figure_grid.addWidget(name, row, 0)
            self.figure_grid.addWidget(value, row, 1)
        self._show_bars(self.state_chart, charts.petition_states(period, values, today), STATE_COLOURS)
        self._show_bars(self.field_chart, charts.models_by_field(period, values), {})
        overdue = queries.count(queries.ListQuery(PETITION, attention=queries.ATTENTION_OVERDUE, today=today))
        due_soon = queries.count(queries.ListQuery(PETITION, attention=queries.ATTENTION_DUE_SOON, today=today))
        self._fill_charts(period, today)
        self.overdue_button.setText(ngettext("{count} đơn quá hạn", "{count} đơn quá hạn", overdue).format(
            count=format_number(overdue)))  # fmt: skip
        self.due_soon_button.setText(ngettext("{count} đơn sắp đến hạn", "{count} đơn sắp đến hạn", due_soon).format(
            count=format_number(due_soon)))  # fmt: skip
        self._fill_attention(today)

    def _fill_charts(self, period: Period, today: dt.date) -> None:
        """Reckon the charts off the window's thread (24 months of figures: most of a second at a
        province of a million records), once the window has painted its first screen, and draw
        them when done; a later refresh wins. The timer and the job's signal are tied to this page:
        a page closed meanwhile hears of neither."""
        self._chart_generation += 1
        self._chart_asked = (self._chart_generation, period, today)
        QTimer.singleShot(CHART_DELAY_MS, self, self._start_charts)

    def _start_charts(self) -> None:
        generation, period, today = self._chart_asked
        if self._charts_started == generation:  # several refreshes before the timer: one job, the last
            return
        self._charts_started = generation
        merging = self.unit if self.unit.is_merging else None

        def work(_progress: object) -> tuple[int, charts.MonthlyChart, list[charts.UnitBar]]:
            units = charts.units_overview(period, merging) if merging is not None else []
            return generation, charts.monthly(period, today), units

        job = Job(work)
        job.signals.finished.connect(self._show_charts)
        job.signals.failed.connect(self._charts_failed)
        start(job)

    def _charts_failed(self, message: str) -> None:
        log.error("charts not drawn: %s", message)

    def _show_charts(self, result: tuple[int, charts.MonthlyChart, list[charts.UnitBar]]) -> None:
        generation, monthly, units = result
        if generation != self._chart_generation:
            return
        self.chart_months = monthly.months
        names = [month.label for month in monthly.months]
        for key, chart in self.charts.items():
            chart.set_data(monthly.labels, monthly.values[key], monthly.year_before[key], names)
        if self.units_chart is not None:
            self.units_overview = units
            self._sort_units()

    def _show_bars(self, widget: RowBars, chart: charts.BarChart, colours: dict[str, QColor]) -> None:
        self.bar_charts[widget] = chart
        widget.set_title(chart.title)
        widget.set_rows([Row(bar.label, value, colours.get(bar.key, NOW))
                         for bar, value in zip(chart.bars, chart.values, strict=True)])  # fmt: skip

    def _open_bar(self, widget: RowBars, index: int) -> None:
        self.show_records.emit(self.bar_charts[widget].bars[index].selection)

    def _sort_units(self) -> None:
        """The units in the order chosen (who has not sent or not locked first, unless asked otherwise)."""
        order = charts.SORTS[self.units_sort.currentData()][1]
        self.units_overview = sorted(self.units_overview, key=order)
        behind = sum(bar.status != LOCKED for bar in self.units_overview)
        not_sent = sum(bar.status == NOT_SENT for bar in self.units_overview)
        self.units_heading.setText(sentence_case(_(
            "{period}: {not_sent}/{total} đơn vị chưa gửi, {behind} chưa chốt số liệu. Cột là số bản ghi trong kỳ; "
            "bấm để xem số liệu của đơn vị.").format(
                period=self.current_period().label, not_sent=format_number(not_sent), behind=format_number(behind),
                total=format_number(len(self.units_overview)))))  # fmt: skip
        rows = []
        for bar in self.units_overview:
            overdue = ngettext("{count} đơn quá hạn", "{count} đơn quá hạn", bar.overdue).format(
                count=format_number(bar.overdue)) if bar.overdue else ""  # fmt: skip
            tip = _("{unit}: {records} trong kỳ; {overdue}; {status}").format(
                unit=bar.name, records=quantity(bar.records, "bản ghi"), status=bar.status_label,
                overdue=overdue or _("không có đơn quá hạn"))  # fmt: skip
            note = "; ".join(part for part in (STATUS_WORDS[bar.status](), overdue) if part)
            rows.append(Row(bar.name, bar.records, UNIT_COLOURS[bar.status], note, tip))
        self.units_chart.set_rows(rows)

    def _open_unit(self, index: int) -> None:
        UnitFiguresDialog(self.units_overview[index], self.current_period(), self).exec()

    def save_sheet(self) -> None:
        """The figures and charts of the chosen period on one PDF page, for a meeting."""
        path = dialogs.choose_file(self, _("Lưu trang PDF"), "PDF (*.pdf)", save=True, default_suffix="pdf")
        if not path:
            return
        period = self.current_period()

        def work(_progress: object) -> Path:
            return reports.write_pdf(charts.home_sheet(period), path)

        run_job(self, _("Đang lập trang PDF…"), work,
                lambda out: dialogs.inform(self, _("Lưu trang PDF"), _("Đã lưu {path}.").format(path=out)),
                lambda message: dialogs.warn(self, _("Không lưu được"), message))  # fmt: skip

    def _open_month(self, series: charts.MonthlySeries, index: int) -> None:
        self.show_records.emit(series.selection(self.chart_months[index]))

    def _fill_attention(self, today: dt.date) -> None:
        rows: list[dict[str, Any]] = []
        for attention in (queries.ATTENTION_OVERDUE, queries.ATTENTION_DUE_SOON):
            query = queries.ListQuery(PETITION, attention=attention, today=today, sort_field="deadline")
            rows += queries.select_page(query, 0, ATTENTION_ROWS)
        table = self.attention_table
        table.setRowCount(len(rows))
        for index, record in enumerate(rows):
            overdue = deadline_state(record, today) == DeadlineState.OVERDUE
            cells = [
                _("Quá hạn") if overdue else _("Sắp đến hạn"),
                format_date(record["deadline"]),
                record.get("receipt_number") or "",
                PETITION.field("kind").display(record["kind"]),
                record.get("summary") or "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, record["uuid"])
                table.setItem(index, column, item)
        table.resizeColumnsToContents()

    def _open_row(self, row: int, column: int) -> None:
        item = self.attention_table.item(row, 0)
        if item is not None:
            self.open_petition.emit(item.data(Qt.ItemDataRole.UserRole))
