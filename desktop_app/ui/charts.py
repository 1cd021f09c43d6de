"""Small bar charts drawn with Qt's own painter: nothing added to the installer, Vietnamese text
set by the window's font, the number of a bar on hover and a click that opens what it counts.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QToolTip, QWidget

from desktop_app.domain.l10n import _, format_number

NOW, BEFORE = QColor("#1f5fa8"), QColor("#a9c4e4")  # this year; the same month a year earlier
MARGIN, TITLE_HEIGHT, LABEL_HEIGHT = 6, 20, 16


class PairedBars(QWidget):
    """Twelve months of one figure, a pair of bars each: this year's beside the same month a
    year earlier. Hovering a pair shows both numbers; clicking it emits the month's index."""

    month_clicked = Signal(int)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.labels: list[str] = []
        self.values: list[int] = []
        self.before: list[int] = []
        self.names: list[str] = []
        self.setMouseTracking(True)
        self.setMinimumSize(240, 140)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

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

    def month_at(self, point: QPoint) -> int | None:
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

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.month_at(event.position().toPoint())
        if index is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.tip(index), self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.month_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self.month_clicked.emit(index)
