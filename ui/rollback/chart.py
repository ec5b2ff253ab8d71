"""Drill durations over time against the target time: one bar per drill, a dashed target line."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

GOOD, BAD = QColor("#2e8b45"), QColor("#c0392b")
MAX_BARS = 12


class TrendChart(QWidget):
    """Sizes come from the font, so the chart grows with presentation mode."""

    def __init__(self) -> None:
        super().__init__()
        self.points: list[tuple[dt.date, float]] = []
        self.target = 15.0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Drill trend against the target time")

    def set_points(self, points: list[tuple[dt.date, float]], target: float) -> None:
        self.points, self.target = points[-MAX_BARS:], target
        trend = "no drills yet" if not points else ", ".join(
            f"{day:%d %b} {m:.0f} min ({'within' if m <= target else 'over'})" for day, m in self.points)
        self.setAccessibleDescription(f"Target {target:g} min; {trend}")
        self.update()

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 24, line * 10)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 12, line * 7)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        text_colour = self.palette().color(self.foregroundRole())
        left = metrics.horizontalAdvance("000 min") + line // 2
        plot = QRectF(left, line * 1.2, self.width() - left - line, self.height() - line * 3.8)
        if plot.width() <= 0 or plot.height() <= 0:
            return
        top_value = max([self.target * 1.5, *(m for _, m in self.points)]) * 1.1
        painter.setPen(QPen(text_colour, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())

        def y(minutes: float) -> float:
            return plot.bottom() - plot.height() * minutes / top_value

        if not self.points:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No drill yet: run one and time it.")
        slot = plot.width() / max(len(self.points), 1)
        for n, (day, minutes) in enumerate(self.points):
            bar = QRectF(plot.left() + slot * n + slot * 0.2, y(minutes), slot * 0.6, plot.bottom() - y(minutes))
            painter.fillRect(bar, GOOD if minutes <= self.target else BAD)
            painter.setPen(text_colour)
            mark = "✓" if minutes <= self.target else "✗"  # the bar's colour says it, and so does a symbol
            painter.drawText(QRectF(bar.left() - slot * 0.2, bar.top() - line, slot, line),
                             Qt.AlignmentFlag.AlignCenter, f"{minutes:.0f} {mark}")
            painter.drawText(QRectF(plot.left() + slot * n, plot.bottom() + line * 0.2, slot, line),
                             Qt.AlignmentFlag.AlignCenter, f"{day:%d %b}")
        pen = QPen(text_colour, max(2, line // 8), Qt.PenStyle.DashLine)
        painter.setPen(pen)
        target_y = y(self.target)
        painter.drawLine(QPointF(plot.left(), target_y), QPointF(plot.right(), target_y))
        painter.drawText(QRectF(0, target_y - line / 2, left - line / 4, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{self.target:g} min")
        painter.drawText(QRectF(plot.left(), plot.bottom() + line * 1.3, plot.width(), line),
                         Qt.AlignmentFlag.AlignRight, "– – target · a bar a drill: ✓ within, ✗ over")
