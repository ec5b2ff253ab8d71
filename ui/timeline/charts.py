"""Two small charts drawn with QPainter: the burn-up (planned vs done) and plan stability (changes per week)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cockpit.rules.progress import STABILITY_AREAS, Progress, Stability

PLANNED = QColor("#1f6fb2")
DONE_OK = QColor("#2e7d32")
DONE_BEHIND = QColor("#c62828")
TODAY = QColor("#d32f2f")
AREA_COLOURS = {"scope": QColor("#1f6fb2"), "dates": QColor("#c77700"), "owners": QColor("#7b3fa0")}


class BurnUpChart(QWidget):
    """Planned (dashed) and done (solid) person-days by morning, with the scope line and today."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress: Progress | None = None
        self.today: dt.date | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Planned vs done")

    def set_progress(self, progress: Progress | None, today: dt.date | None) -> None:
        self.progress, self.today = progress, today
        if progress is not None:
            done = "nothing recorded" if progress.done_then is None else f"{progress.done_then:g} days done"
            state = "behind" if progress.warning else "on plan"
            self.setAccessibleDescription(f"{done}; {progress.planned_then:g} planned; "
                                          f"scope {progress.scope_days:g} days; {state}")
        self.update()

    def sizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).lineSpacing()
        return QSize(line * 22, line * 12)

    def minimumSizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).lineSpacing()
        return QSize(line * 12, line * 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        progress = self.progress
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text, mid = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Mid)
        if progress is None or not progress.days:
            p.setPen(text)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No plan open")
            return
        fm = QFontMetrics(self.font())
        line = fm.lineSpacing()
        colour = DONE_BEHIND if progress.warning else DONE_OK
        # the legend wraps onto more rows when the chart is narrow; "done" says "behind" in words too
        legend = [("planned", QPen(PLANNED, 2, Qt.PenStyle.DashLine)),
                  ("done: behind" if progress.warning else "done: on plan", QPen(colour, 3)),
                  (f"scope {progress.scope_days:g} days", QPen(mid, 1, Qt.PenStyle.DashDotLine)),
                  ("today", QPen(TODAY, 2))]
        placed = _flow([line * 1.5 + 4 + fm.horizontalAdvance(label) + line for label, _ in legend],
                       self.width() - 8, line * 1.4)
        legend_height = max((y for _, y in placed), default=0) + line * 1.4
        top_value = max(1.0, progress.scope_days, *(d.done or 0 for d in progress.days)) * 1.08
        left = fm.horizontalAdvance(f"{top_value:.0f}") + 10
        plot = QRectF(left, legend_height + line * 0.3, self.width() - left - 10,
                      self.height() - legend_height - line * 1.9)
        first, count = progress.days[0].day, len(progress.days)

        def x_of(day: dt.date) -> float:
            return plot.left() + plot.width() * (day - first).days / max(1, count - 1)

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * value / top_value

        # axes, week marks, value ticks
        p.setPen(QPen(mid, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())
        for week in range(0, count, 7):
            x = x_of(first + dt.timedelta(days=week))
            p.setPen(QPen(mid, 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            p.setPen(text)
            p.drawText(QRectF(x, plot.bottom() + 2, line * 3, line), Qt.AlignmentFlag.AlignLeft, f"W{week // 7 + 1}")
        for value in (0.0, progress.scope_days / 2, progress.scope_days):
            p.setPen(text)
            p.drawText(QRectF(0, y_of(value) - line / 2, left - 6, line), Qt.AlignmentFlag.AlignRight,
                       f"{value:.0f}")
        # scope line
        p.setPen(QPen(mid, 1, Qt.PenStyle.DashDotLine))
        p.drawLine(QPointF(plot.left(), y_of(progress.scope_days)), QPointF(plot.right(), y_of(progress.scope_days)))
        # planned
        planned = QPainterPath(QPointF(x_of(first), y_of(progress.days[0].planned)))
        for day in progress.days[1:]:
            planned.lineTo(x_of(day.day), y_of(day.planned))
        p.setPen(QPen(PLANNED, 2, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(planned)
        # done
        points = [(d.day, d.done) for d in progress.days if d.done is not None]
        if progress.from_items and progress.as_of and progress.done_then is not None:
            points = [(progress.as_of, progress.done_then)]
        if points:
            done = QPainterPath(QPointF(x_of(points[0][0]), y_of(points[0][1])))
            for when, value in points[1:]:
                done.lineTo(x_of(when), y_of(value))
            p.setPen(QPen(colour, 3))
            p.drawPath(done)
            p.setBrush(colour)
            for when, value in points:
                p.drawEllipse(QPointF(x_of(when), y_of(value)), 3.5, 3.5)
        # today
        if self.today is not None and first <= self.today <= progress.days[-1].day:
            x = x_of(self.today)
            p.setPen(QPen(TODAY, 2))
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        # legend
        p.setFont(self.font())
        for (label, pen), (x, y) in zip(legend, placed, strict=True):
            x += 4
            p.setPen(pen)
            p.drawLine(QPointF(x, y + line * 0.7), QPointF(x + line * 1.5, y + line * 0.7))
            x += line * 1.5 + 4
            p.setPen(text)
            p.drawText(QRectF(x, y, fm.horizontalAdvance(label) + line, line * 1.4), Qt.AlignmentFlag.AlignVCenter,
                       label)


def _flow(widths: list[float], room: float, height: float) -> list[tuple[float, float]]:
    """Where each of ``widths`` goes in rows ``room`` wide and ``height`` high (a new row when one is full)."""
    placed: list[tuple[float, float]] = []
    x = y = 0.0
    for width in widths:
        if x > 0 and x + width > room:
            x, y = 0.0, y + height
        placed.append((x, y))
        x += width
    return placed


class StabilityChart(QWidget):
    """Changes to scope, dates and owners per week (stacked bars) with the count above each bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stability: Stability | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Plan stability: changes per week")

    def set_stability(self, stability: Stability | None) -> None:
        self.stability = stability
        if stability is not None:
            self.setAccessibleDescription(", ".join(f"{w.label}: {w.total}" for w in stability.weeks))
        self.update()

    def sizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).lineSpacing()
        return QSize(line * 14, line * 10)

    def minimumSizeHint(self) -> QSize:
        line = QFontMetrics(self.font()).lineSpacing()
        return QSize(line * 10, line * 7)

    def paintEvent(self, event: QPaintEvent) -> None:
        stability = self.stability
        p = QPainter(self)
        pal = self.palette()
        text, mid = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Mid)
        if stability is None or not stability.weeks:
            return
        fm = QFontMetrics(self.font())
        line = fm.lineSpacing()
        plot = QRectF(4, line * 2.6, self.width() - 8, self.height() - line * 4)
        most = max(1, *(w.total for w in stability.weeks))
        slot = plot.width() / len(stability.weeks)
        bar = min(slot * 0.6, line * 3)
        p.setPen(QPen(mid, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        bold = QFont(self.font())
        bold.setBold(True)
        for n, week in enumerate(stability.weeks):
            x = plot.left() + slot * n + (slot - bar) / 2
            y = plot.bottom()
            for area, count in week.by_area:
                height = plot.height() * count / most
                p.fillRect(QRectF(x, y - height, bar, height), AREA_COLOURS[area])
                y -= height
            p.setPen(text)
            p.setFont(bold)
            p.drawText(QRectF(x - slot / 2, y - line - 2, bar + slot, line), Qt.AlignmentFlag.AlignHCenter,
                       str(week.total) + (f" · {week.finish_line_moves}⚑" if week.finish_line_moves else ""))
            p.setFont(self.font())
            p.drawText(QRectF(plot.left() + slot * n, plot.bottom() + 2, slot, line), Qt.AlignmentFlag.AlignHCenter,
                       week.label.replace("Week ", "W"))
        # legend
        x = 4.0
        for area in STABILITY_AREAS:
            p.fillRect(QRectF(x, line * 0.3, line * 0.8, line * 0.8), AREA_COLOURS[area])
            x += line
            width = fm.horizontalAdvance(area) + line * 0.8
            p.setPen(text)
            p.drawText(QRectF(x, 0, width, line * 1.4), Qt.AlignmentFlag.AlignVCenter, area)
            x += width
