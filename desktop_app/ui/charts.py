"""Small bar charts drawn with Qt's own painter: nothing added to the installer, Vietnamese text
set by the window's font, the number of a bar on hover and a click that opens what it counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

from desktop_app.domain.l10n import _, format_number

NOW, BEFORE = QColor("#1f5fa8"), QColor("#a9c4e4")  # this year; the same month a year earlier
LATE, SOON, DONE = QColor("#c9302c"), QColor("#e0a030"), QColor("#3c8d4f")  # overdue or not sent; due soon; settled
MARGIN, TITLE_HEIGHT, LABEL_HEIGHT = 6, 20, 16


class _PointedBars(QWidget):
    """What both charts do with the mouse: hovering an item shows its tip, clicking it emits its
    index. A chart says which item stands at a point (``index_at``) and what its tip says."""

    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def index_at(self, point: QPoint) -> int | None:
        raise NotImplementedError

    def tip(self, index: int) -> str:
        raise NotImplementedError

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().toPoint())
        if index is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.tip(index), self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.index_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self.clicked.emit(index)


class PairedBars(_PointedBars):
    """Twelve months of one figure, a pair of bars each: this year's beside the same month a
    year earlier. Hovering a pair shows both numbers; clicking it emits the month's index."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.labels: list[str] = []
        self.values: list[int] = []
        self.before: list[int] = []
        self.names: list[str] = []
        self.setMinimumSize(240, 140)

    def sizeHint(self) -> QSize:
        return QSize(360, 160)

    def set_data(self, labels: list[str], values: list[int], before: list[int], names: list[str] | None = None) -> None:
        """``labels`` under the bars; ``names`` (default: the labels) in their tips."""
        self.labels, self.values, self.before = labels, values, before
        self.names = names or labels
        self.setAccessibleName(f"{self.title}: " + "; ".join(self.tip(i) for i in range(len(labels))))
        self.update()

    # ------------------------------------------------------------ geometry
    def _plot(self) -> QRect:
        return self.rect().adjusted(MARGIN, TITLE_HEIGHT, -MARGIN, -LABEL_HEIGHT)

    def month_rect(self, index: int) -> QRect:
        """The column of month ``index``: its two bars and the space around them."""
        plot = self._plot()
        width = plot.width() / max(len(self.labels), 1)
        return QRect(round(plot.left() + index * width), plot.top(), round(width), plot.height())

    def _bar(self, index: int, value: int, second: bool) -> QRectF:
        plot, column = self._plot(), self.month_rect(index)
        top = max(max(self.values, default=0), max(self.before, default=0), 1)
        bar_width = column.width() * 0.36
        left = column.left() + column.width() * 0.12 + (bar_width if second else 0)
        height = plot.height() * value / top
        return QRectF(left, plot.bottom() - height, bar_width, height)

    def index_at(self, point: QPoint) -> int | None:
        for index in range(len(self.labels)):
            if self.month_rect(index).contains(point):
                return index
        return None

    def tip(self, index: int) -> str:
        return _("{month}: {value} (cùng kỳ năm trước: {before})").format(
            month=self.names[index], value=format_number(self.values[index]), before=format_number(self.before[index]))

    # ------------------------------------------------------------ drawing and the mouse
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.drawText(QRect(0, 0, self.width(), TITLE_HEIGHT), Qt.AlignmentFlag.AlignCenter, self.title)
        plot = self._plot()
        painter.setPen(QColor("#888888"))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        top = max(max(self.values, default=0), max(self.before, default=0))
        if top:  # the scale: the tallest bar's number at its height
            label = QRect(plot.left(), plot.top() - 7, 80, 14)
            painter.drawText(label, Qt.AlignmentFlag.AlignLeft, format_number(top))
        painter.setPen(Qt.PenStyle.NoPen)
        for index in range(len(self.labels)):
            painter.setBrush(BEFORE)
            painter.drawRect(self._bar(index, self.before[index], False))
            painter.setBrush(NOW)
            painter.drawRect(self._bar(index, self.values[index], True))
        painter.setPen(self.palette().text().color())
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 0.8)
        painter.setFont(font)
        for index, label in enumerate(self.labels):
            column = self.month_rect(index)
            painter.drawText(QRect(column.left(), plot.bottom() + 1, column.width(), LABEL_HEIGHT),
                             Qt.AlignmentFlag.AlignCenter, label)  # fmt: skip
        painter.end()


@dataclass(frozen=True)
class Row:
    """One bar of a RowBars: its label, number, colour, a word after the number and its tip."""

    label: str
    value: int
    colour: QColor = field(default_factory=lambda: NOW)
    note: str = ""
    tip: str = ""


ROW_HEIGHT, ROW_GAP = 20, 3


class RowBars(_PointedBars):
    """Horizontal bars, a row each: its label, the bar and its number (long labels such as a
    field's or a unit's name read well this way). Hovering a row shows its tip; clicking it emits
    its index. In a scroll area it grows a row at a time, however many units there are."""

    def __init__(self, title: str = "", parent: QWidget | None = None, swatches: bool = False) -> None:
        super().__init__(parent)
        self.title = title
        self.swatches = swatches  # a square of the row's colour before its label: seen on a row of 0 too
        self.rows: list[Row] = []
        self._fit()

    def set_title(self, title: str) -> None:
        self.title = title
        self._fit()
        self.update()

    def set_rows(self, rows: list[Row]) -> None:
        self.rows = rows
        self.setAccessibleName(f"{self.title}: " + "; ".join(self.tip(i) for i in range(len(rows))))
        self._fit()
        self.update()

    def _top(self) -> int:
        return TITLE_HEIGHT if self.title else 0

    def _fit(self) -> None:
        self.setMinimumHeight(self._top() + max(len(self.rows), 1) * ROW_HEIGHT + MARGIN)
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(320, self.minimumHeight())

    def tip(self, index: int) -> str:
        row = self.rows[index]
        return row.tip or f"{row.label}: {format_number(row.value)}"

    def row_rect(self, index: int) -> QRect:
        return QRect(0, self._top() + index * ROW_HEIGHT, self.width(), ROW_HEIGHT)

    def index_at(self, point: QPoint) -> int | None:
        index = (point.y() - self._top()) // ROW_HEIGHT
        return index if point.y() >= self._top() and 0 <= index < len(self.rows) else None

    def _label_width(self) -> int:
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(row.label) for row in self.rows), default=0)
        return min(widest + 2 * MARGIN + self._swatch(), int(self.width() * 0.4))

    def _swatch(self) -> int:
        return ROW_HEIGHT - 2 * ROW_GAP + MARGIN if self.swatches else 0

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().text().color()
        if self.title:
            painter.drawText(QRect(0, 0, self.width(), TITLE_HEIGHT), Qt.AlignmentFlag.AlignCenter, self.title)
        label_width = self._label_width()
        metrics = self.fontMetrics()
        numbers = max((metrics.horizontalAdvance(f"{format_number(row.value)}  {row.note}") for row in self.rows),
                      default=0) + MARGIN  # fmt: skip
        room = max(self.width() - label_width - numbers - 2 * MARGIN, 10)
        top = max((row.value for row in self.rows), default=0) or 1
        visible = event.rect()
        for index, row in enumerate(self.rows):
            box = self.row_rect(index)
            if not box.intersects(visible):  # a province's hundred units: only the rows shown
                continue
            swatch = self._swatch()
            if swatch:
                side = ROW_HEIGHT - 2 * ROW_GAP
                painter.fillRect(QRect(MARGIN, box.top() + ROW_GAP, side, side), row.colour)
            painter.setPen(text)
            label = metrics.elidedText(row.label, Qt.TextElideMode.ElideRight, label_width - MARGIN - swatch)
            painter.drawText(QRect(MARGIN + swatch, box.top(), label_width - MARGIN - swatch, ROW_HEIGHT),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)  # fmt: skip
            length = room * row.value / top
            bar = QRectF(label_width + MARGIN, box.top() + ROW_GAP, length, ROW_HEIGHT - 2 * ROW_GAP)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(row.colour)
            painter.drawRect(bar)
            painter.setPen(text)
            after = QRect(round(bar.right()) + MARGIN, box.top(), numbers, ROW_HEIGHT)
            painter.drawText(after, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             f"{format_number(row.value)}  {row.note}".rstrip())  # fmt: skip
        painter.end()
