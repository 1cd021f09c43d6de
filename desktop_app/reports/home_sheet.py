"""The home page on one printed page, for a meeting: the unit and the period, a line of figures
for each area of work, the petitions by state and the models by field, and the three twelve-month
charts with each bar's number over it. The
builder is given the lines and the series (services/charts.py); it reads nothing itself.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop_app.domain.l10n import _, format_date, format_number
from desktop_app.reports.document import markup, style
from desktop_app.reports.fonts import font_for, register_fonts
from desktop_app.reports.profiles import Text

NOW, BEFORE = colors.HexColor("#1f5fa8"), colors.HexColor("#a9c4e4")  # as the window draws them


@dataclass(frozen=True)
class Series:
    title: str
    values: Sequence[int]
    year_before: Sequence[int]


@dataclass(frozen=True)
class Bars:
    """One period's figures side by side: the petitions by state, the models by field."""

    title: str
    labels: Sequence[str]
    values: Sequence[int]


@dataclass(frozen=True)
class HomeSheet:
    unit: str
    period: str  # "quý IV năm 2026"
    printed_on: object  # a date
    lines: Sequence[tuple[str, str]]  # (area of work, its figures)
    months: Sequence[str]  # the twelve months' labels under the bars
    series: Sequence[Series]
    bars: Sequence[Bars] = ()


def _bars(bars: Bars, width: float, height: float) -> Drawing:
    """Horizontal bars with their labels at the left and each number at the bar's end."""
    drawing = Drawing(width, height)
    drawing.add(String(width / 2, height - 11, bars.title, fontName=font_for(bold=True), fontSize=9,
                       textAnchor="middle"))  # fmt: skip
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = width * 0.42, 4, width * 0.5, height - 22
    chart.data = [list(reversed(bars.values))]  # the first label at the top, as the window has it
    chart.bars[0].fillColor = NOW
    chart.bars.strokeColor = None
    chart.categoryAxis.categoryNames = list(reversed(bars.labels))
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = font_for(), 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.visible = False
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([*bars.values, 1])
    chart.barLabelFormat = lambda value: format_number(int(value))
    chart.barLabels.fontName, chart.barLabels.fontSize = font_for(), 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _chart(series: Series, months: Sequence[str], width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(String(width / 2, height - 11, series.title, fontName=font_for(bold=True), fontSize=10,
                       textAnchor="middle"))  # fmt: skip
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 24, 18, width - 32, height - 40
    chart.data = [list(series.year_before), list(series.values)]
    chart.bars[0].fillColor, chart.bars[1].fillColor = BEFORE, NOW
    chart.bars.strokeColor = None
    chart.categoryAxis.categoryNames = list(months)
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = font_for(), 7
    chart.valueAxis.valueMin = 0
    top = max([*series.values, *series.year_before, 1])
    chart.valueAxis.valueStep = max(1, math.ceil(top / 5))  # whole numbers on the scale
    chart.valueAxis.labelTextFormat = lambda value: format_number(int(value))
    chart.barLabelFormat = lambda value: format_number(int(value)) if value else ""
    chart.barLabels.fontName, chart.barLabels.fontSize = font_for(), 6
    chart.barLabels.nudge = 5
    drawing.add(chart)
    return drawing


def build_home_sheet(sheet: HomeSheet) -> bytes:
    register_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=sheet.unit, invariant=True)  # fmt: skip
    width = A4[0] - 30 * mm
    subtitle = _("Số liệu {period} (in ngày {date})").format(period=sheet.period, date=format_date(sheet.printed_on))
    story: list = [
        Paragraph(markup(sheet.unit), style("title", Text(15, bold=True))),
        Paragraph(markup(subtitle), style("subtitle", Text(11, italic=True))),
        Spacer(0, 4 * mm),
    ]
    cell = style("cell", Text(10), 0)
    bold = style("bold", Text(10, bold=True), 0)
    rows = [[Paragraph(markup(title), bold), Paragraph(markup(line), cell)] for title, line in sheet.lines]
    table = Table(rows, colWidths=[width * 0.28, width * 0.72])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.grey),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))  # fmt: skip
    story += [table, Spacer(0, 3 * mm)]
    if sheet.bars:
        half = width / len(sheet.bars)
        row = Table([[_bars(bars, half, 30 * mm) for bars in sheet.bars]], colWidths=[half] * len(sheet.bars))
        row.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        story += [row, Spacer(0, 2 * mm)]
    legend = _("Mười hai tháng: cột đậm là kỳ này, cột nhạt là cùng kỳ năm trước.")
    story.append(Paragraph(markup(legend), style("legend", Text(9, italic=True), 0)))
    for series in sheet.series:
        story.append(_chart(series, sheet.months, width, 46 * mm))
    doc.build(story)
    return out.getvalue()
