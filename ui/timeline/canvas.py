"""The four-week timeline, painted: week columns with their goals, days (weekends shaded), the today
line, check-in marks and the five milestones, each on its own row.

A milestone is moved by dragging it with the mouse, or from the keyboard: Up/Down picks a milestone,
Left/Right moves it a day (Shift: a week), Enter commits, Escape cancels. The move itself is the
view's job (``move_requested``); the canvas only previews it. Everything that does not move during
a drag is painted once into a pixmap, so a drag repaints only the markers.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

from cockpit.reports.timeline import MilestoneMark, Timeline

COLOURS = {"scope freeze": "#1f6fb2", "rollback rehearsal": "#7b3fa0", "go/no-go review": "#c77700",
           "launch": "#c62828", "backup date": "#5f6b73"}
TODAY = QColor("#d32f2f")


class TimelineCanvas(QWidget):
    """Paints a ``Timeline``; emits ``move_requested(key, day)`` when a move is committed."""

    move_requested = Signal(str, object)
    #: a day was clicked (for the check-in panel)
    day_clicked = Signal(object)
    #: the selected milestone or its previewed day changed (key, day or None)
    selection_changed = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts: Timeline | None = None
        self.selected: str | None = None
        self.preview: dt.date | None = None  # the selected milestone's day while it is being moved
        self.dragging = False
        self.picked_day: dt.date | None = None  # the check-in panel's day, outlined
        self._background: QPixmap | None = None
        self._background_days: tuple[dt.date, dt.date] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.setAccessibleName("Four-week timeline")
        self.setToolTip("Drag a milestone to another day. Keyboard: Up/Down pick a milestone, Left/Right move "
                        "it a day (Shift: a week), Enter saves, Escape cancels.")

    # -- data -----------------------------------------------------------------------------------------
    def set_timeline(self, facts: Timeline | None) -> None:
        self.facts = facts
        self.preview = None
        self.dragging = False
        self._background = None
        self._describe()
        self.updateGeometry()  # the height it needs follows the data (minimumSizeHint)
        self.update()

    def set_picked_day(self, day: dt.date | None) -> None:
        if day != self.picked_day:
            self.picked_day = day
            self._background = None
            self.update()

    def milestone_day(self, key: str) -> dt.date | None:
        """Where the milestone is drawn now (its preview while moving)."""
        if self.facts is None:
            return None
        if key == self.selected and self.preview is not None:
            return self.preview
        return self.facts.milestone(key).day

    # -- geometry (all from the font, so presentation mode scales it) -----------------------------------
    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self.font())

    def _label_width(self) -> int:
        if self.facts is None:
            return 0
        bold = QFont(self.font())
        bold.setBold(True)
        fm = QFontMetrics(bold)
        return max(fm.horizontalAdvance(m.label) for m in self.facts.milestones) + fm.averageCharWidth() * 2

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.9))
        return small

    def _header_height(self) -> int:
        fm = self._metrics()
        if self.facts is None:
            return 0
        small = QFontMetrics(self._small_font())
        width = max(20, int(self._day_width() * 7) - 8)
        goal = max(small.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, w.goal).height()
                   for w in self.facts.weeks)
        return fm.lineSpacing() + 6 + min(goal, small.lineSpacing() * 10) + 8

    def needed_height(self) -> int:
        """Room for the header, the days, the check-ins, five lanes and the today flag."""
        line = self._metrics().lineSpacing()
        return self._header_height() + line * 3 + 14 + int(line * 1.6) * 5 + line + 8

    def shown_days(self) -> tuple[dt.date, dt.date]:
        """The first and last day drawn: the timeline's, widened to a milestone moved past either end."""
        assert self.facts is not None
        first, last = self.facts.first_day, self.facts.last_day
        if self.preview is not None:
            first, last = min(first, self.preview), max(last, self.preview)
        return first, last

    def _day_count(self) -> int:
        first, last = self.shown_days()
        return (last - first).days + 1

    def _day_width(self) -> float:
        if self.facts is None:
            return 1.0
        return max(4.0, (self.width() - self._label_width() - 12) / self._day_count())

    def _rows(self) -> tuple[int, int, int, int]:
        """(top of the day row, top of the check-in row, top of the first lane, lane height)."""
        line = self._metrics().lineSpacing()
        header = self._header_height()
        days_top = header
        checks_top = days_top + line * 2 + 6
        lanes_top = checks_top + line + 8
        lane_height = max(int(line * 1.6), (self.height() - lanes_top - line - 8) // 5)  # a line below for "Today"
        return days_top, checks_top, lanes_top, lane_height

    def x_of(self, day: dt.date) -> float:
        """The left edge of ``day``'s column."""
        assert self.facts is not None
        return self._label_width() + (day - self.shown_days()[0]).days * self._day_width()

    def day_at(self, x: float) -> dt.date:
        """The day under ``x``, clamped to the days shown."""
        assert self.facts is not None
        n = int((x - self._label_width()) // self._day_width())
        n = max(0, min(self._day_count() - 1, n))
        return self.shown_days()[0] + dt.timedelta(days=n)

    def marker_rect(self, key: str) -> QRectF:
        """Where the milestone's diamond is (for hit tests and tests)."""
        if self.facts is None:
            return QRectF()
        day = self.milestone_day(key)
        if day is None:
            return QRectF()
        lane = [m.key for m in self.facts.milestones].index(key)
        _, _, lanes_top, lane_height = self._rows()
        size = self._metrics().lineSpacing() * 1.1
        cx = self.x_of(day) + self._day_width() / 2
        cy = lanes_top + lane * lane_height + lane_height / 2
        return QRectF(cx - size / 2, cy - size / 2, size, size)

    def key_at(self, pos: QPointF) -> str | None:
        if self.facts is None:
            return None
        for mark in self.facts.milestones:
            rect = self.marker_rect(mark.key).adjusted(-4, -4, 4, 4)
            if rect.contains(pos):
                return mark.key
        return None

    def sizeHint(self) -> QSize:
        return QSize(900, self.needed_height() if self.facts else self._metrics().lineSpacing() * 20)

    def minimumSizeHint(self) -> QSize:
        return QSize(400, self.needed_height() if self.facts else self._metrics().lineSpacing() * 16)

    def heightForWidth(self, width: int) -> int:
        return self.needed_height()

    # -- painting -------------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._background = None
        if self.facts is not None and event.oldSize().width() != event.size().width():
            self.updateGeometry()  # the goals wrap differently
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._background = None  # presentation mode: larger type, other colours
            if self.facts is not None:
                self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.facts is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No plan open")
            return
        shown = self.shown_days()
        if self._background is None or self._background.size() != self.size() * self.devicePixelRatioF() \
                or shown != self._background_days:
            self._background = self._paint_background()
            self._background_days = shown
        painter.drawPixmap(0, 0, self._background)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_today(painter)
        for mark in self.facts.milestones:
            self._paint_marker(painter, mark)

    def _paint_background(self) -> QPixmap:
        facts = self.facts
        assert facts is not None
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pal = self.palette()
        pixmap.fill(pal.color(QPalette.ColorRole.Base))
        p = QPainter(pixmap)
        p.setFont(self.font())
        fm = self._metrics()
        line = fm.lineSpacing()
        text = pal.color(QPalette.ColorRole.Text)
        mid = pal.color(QPalette.ColorRole.Mid)
        faint = pal.color(QPalette.ColorRole.PlaceholderText)
        days_top, checks_top, lanes_top, lane_height = self._rows()
        bottom = lanes_top + lane_height * 5
        day_w = self._day_width()
        left = self._label_width()
        shade = QColor(mid)
        shade.setAlpha(45)
        # weekends, across days and lanes
        first_shown, last_shown = self.shown_days()
        for n in range(self._day_count()):
            day = first_shown + dt.timedelta(days=n)
            if day.weekday() >= 5:
                p.fillRect(QRectF(left + n * day_w, days_top, day_w, bottom - days_top), shade)
        # week columns: title, goal, separators
        bold = QFont(self.font())
        bold.setBold(True)
        for week in facts.weeks:
            x = self.x_of(week.first)
            width = day_w * 7
            p.setPen(QPen(mid, 1))
            p.drawLine(QPointF(x, 0), QPointF(x, bottom))
            p.setFont(bold)
            p.setPen(text)
            p.drawText(QRectF(x + 4, 2, width - 8, line), Qt.AlignmentFlag.AlignLeft,
                       fm.elidedText(f"Week {week.number} · {week.first:%d %b}",
                                     Qt.TextElideMode.ElideRight, int(width - 8)))
            p.setFont(self._small_font())
            p.setPen(faint)
            p.drawText(QRectF(x + 4, line + 6, width - 8, days_top - line - 10),
                       Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignTop, week.goal)
        after = facts.weeks[-1].last + dt.timedelta(days=1)
        if after <= last_shown:
            x = self.x_of(after)
            p.setPen(QPen(mid, 1))
            p.drawLine(QPointF(x, 0), QPointF(x, bottom))
            p.setPen(faint)
            p.drawText(QRectF(x + 4, 2, self.width() - x - 8, line * 2), Qt.TextFlag.TextWordWrap,
                       "After week 4")
        # the day row: weekday letter and day number; check-ins below
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.85))
        p.setFont(small)
        for n in range(self._day_count()):
            day = first_shown + dt.timedelta(days=n)
            x = left + n * day_w
            p.setPen(text if day.weekday() < 5 else faint)
            p.drawText(QRectF(x, days_top + 2, day_w, line), Qt.AlignmentFlag.AlignHCenter, f"{day:%a}"[:2])
            p.drawText(QRectF(x, days_top + line + 2, day_w, line), Qt.AlignmentFlag.AlignHCenter, str(day.day))
            check_in = facts.check_ins.get(day)
            blocked = any(b.raised_on == day for b in facts.blockers)
            if check_in is not None:
                colour = QColor("#c62828") if blocked else QColor("#2e7d32")
                p.setBrush(colour)
                p.setPen(Qt.PenStyle.NoPen)
                r = min(day_w, line) * 0.28
                p.drawEllipse(QPointF(x + day_w / 2, checks_top + line / 2), r, r)
        if self.picked_day and first_shown <= self.picked_day <= last_shown:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
            p.drawRect(QRectF(self.x_of(self.picked_day) + 1, days_top + 1, day_w - 2, checks_top + line - days_top))
        p.setFont(self.font())
        # lanes: label at the left, a faint rule between them
        p.setPen(faint)
        p.drawText(QRectF(4, checks_top, left - 8, line), Qt.AlignmentFlag.AlignLeft, "Check-ins")
        for n, mark in enumerate(facts.milestones):
            top = lanes_top + n * lane_height
            p.setPen(QPen(mid, 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(0, top), QPointF(self.width(), top))
            p.setPen(text)
            font = bold if mark.finish_line else self.font()
            p.setFont(font)
            p.drawText(QRectF(4, top, left - 8, lane_height), Qt.AlignmentFlag.AlignVCenter, mark.label)
            p.setFont(self.font())
        p.end()
        return pixmap

    def _paint_today(self, p: QPainter) -> None:
        facts = self.facts
        assert facts is not None
        first, last = self.shown_days()
        if not first <= facts.today <= last:
            return
        days_top, _, lanes_top, lane_height = self._rows()
        x = self.x_of(facts.today) + self._day_width() / 2
        p.setPen(QPen(TODAY, 2))
        p.drawLine(QPointF(x, days_top), QPointF(x, lanes_top + lane_height * 5))
        fm = self._metrics()
        label = "Today"
        width = fm.horizontalAdvance(label) + 8
        box = QRectF(x - width / 2, lanes_top + lane_height * 5 + 2, width, fm.lineSpacing())
        p.fillRect(box, TODAY)
        p.setPen(QColor("white"))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)

    def _paint_marker(self, p: QPainter, mark: MilestoneMark) -> None:
        day = self.milestone_day(mark.key)
        if day is None:
            return
        rect = self.marker_rect(mark.key)
        colour = QColor(COLOURS.get(mark.key, "#444444"))
        moving = mark.key == self.selected and self.preview is not None and self.preview != mark.day
        if moving and self.preview is not None and mark.day is not None:  # a ghost where it was
            ghost = QRectF(rect)
            ghost.moveLeft(rect.left() - (self.preview - mark.day).days * self._day_width())
            faded = QColor(colour)
            faded.setAlpha(70)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(faded)
            p.drawPath(_diamond(ghost))
        p.setPen(QPen(self.palette().color(QPalette.ColorRole.Base), 1.5))
        p.setBrush(colour)
        p.drawPath(_diamond(rect))
        if mark.key == self.selected:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 2.5 if self.hasFocus() else 1.5))
            p.drawEllipse(rect.adjusted(-4, -4, 4, 4))
        fm = self._metrics()
        text = f"{day:%a %d %b}" + ("  ← moving: Enter to save, Esc to cancel" if moving and not self.dragging
                                    else "")
        width = fm.horizontalAdvance(text) + 4
        x = rect.right() + 6
        if x + width > self.width():
            x = rect.left() - 6 - width
        p.setPen(colour.darker(120) if moving else self.palette().color(QPalette.ColorRole.Text))
        p.drawText(QRectF(x, rect.top(), width, rect.height()), Qt.AlignmentFlag.AlignVCenter, text)

    # -- mouse ----------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.facts is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        key = self.key_at(event.position())
        if key is not None:
            self.select(key)
            self.dragging = True
            self.preview = self.facts.milestone(key).day
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            self.update()
            return
        _, checks_top, _, _ = self._rows()
        if event.position().y() < checks_top + self._metrics().lineSpacing() + 8 \
                and event.position().x() >= self._label_width():
            self.day_clicked.emit(self.day_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.facts is None:
            return
        if self.dragging:
            day = self.day_at(event.position().x())
            if day != self.preview:
                self.preview = day
                self._describe()
                self.update()
            return
        over = self.key_at(event.position()) is not None
        self.setCursor(Qt.CursorShape.OpenHandCursor if over else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if not self.dragging or event.button() != Qt.MouseButton.LeftButton:
            super().mouseReleaseEvent(event)
            return
        self.dragging = False
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.commit()

    # -- keyboard -------------------------------------------------------------------------------------
    def select(self, key: str | None) -> None:
        if key != self.selected:
            self.selected = key
            self.preview = None
        self._describe()
        self.update()

    def nudge(self, days: int) -> None:
        """Preview the selected milestone ``days`` later (earlier if negative)."""
        if self.facts is None or self.selected is None:
            return
        current = self.milestone_day(self.selected)
        if current is None:
            return
        self.preview = current + dt.timedelta(days=days)
        self._describe()
        self.update()

    def commit(self) -> None:
        """Ask for the previewed move (the view runs it; a refusal or cancel resets the preview)."""
        if self.facts is None or self.selected is None or self.preview is None:
            return
        day = self.preview
        if day == self.facts.milestone(self.selected).day:
            self.cancel()
            return
        self.move_requested.emit(self.selected, day)

    def _nudge_and_commit(self, days: int) -> None:
        """Move the selected milestone ``days`` at once (the context menu's entries)."""
        self.nudge(days)
        self.commit()

    def cancel(self) -> None:
        self.preview = None
        self.dragging = False
        self._describe()
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.facts is None:
            super().keyPressEvent(event)
            return
        keys = [m.key for m in self.facts.milestones]
        key = event.key()
        step = 7 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            if self.preview is not None:
                self.cancel()
            n = keys.index(self.selected) if self.selected in keys else -1
            n = (n + (1 if key == Qt.Key.Key_Down else -1)) % len(keys) if n >= 0 else 0
            self.select(keys[n])
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            if self.selected is None:
                self.select(keys[0])
            self.nudge(step if key == Qt.Key.Key_Right else -step)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()
        elif key == Qt.Key.Key_Escape and self.preview is not None:
            self.cancel()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self.selected is None and self.facts is not None and event.reason() != Qt.FocusReason.MouseFocusReason:
            self.selected = self.facts.milestones[0].key
            self._describe()
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        key = self.key_at(QPointF(event.pos())) or self.selected
        if self.facts is None or key is None:
            return
        self.select(key)
        menu = QMenu(self)
        label = self.facts.milestone(key).label
        menu.addAction(f"Move {label} a day &earlier", lambda: self._nudge_and_commit(-1))
        menu.addAction(f"Move {label} a day &later", lambda: self._nudge_and_commit(1))
        menu.addAction(f"Move {label} a &week later", lambda: self._nudge_and_commit(7))
        menu.exec(event.globalPos())

    def _describe(self) -> None:
        if self.facts is None or self.selected is None:
            self.setAccessibleDescription("")
            self.selection_changed.emit(None, None)
            return
        day = self.milestone_day(self.selected)
        label = self.facts.milestone(self.selected).label
        self.setAccessibleDescription(f"{label}: {day:%A %d %B}" if day else label)
        self.selection_changed.emit(self.selected, day)


def _diamond(rect: QRectF) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(rect.center().x(), rect.top()), QPointF(rect.right(), rect.center().y()),
                               QPointF(rect.center().x(), rect.bottom()), QPointF(rect.left(), rect.center().y())]))
    path.closeSubpath()
    return path
