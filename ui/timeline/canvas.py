"""The four-week timeline, painted: week columns with their goals, days (weekends shaded), the today
line, check-in marks and the five milestones, each on its own row.

Every size comes from the font (presentation mode's large type scales it all) and the canvas always
fits the width it is given: lane labels wrap to two lines, week titles and weekday names shorten
("Week 1 · 16 Nov" → "Week 1" → "W1", "Mo" → "M"), day numbers thin out to every other day or the
Mondays, and a week's goal shows at most ``GOAL_LINES`` lines, ending in "…" when it goes on
(``goals_cut`` says so, and the view then lists the goals in full below).

A milestone is moved by dragging it with the mouse, or from the keyboard: Up/Down picks a milestone,
Left/Right moves it a day (Shift: a week), Enter commits, Escape cancels. The move itself is the
view's job (``move_requested``); the canvas only previews it. Everything that does not move during
a drag is painted once into a pixmap, so a drag repaints only the markers.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
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
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QMenu, QSizePolicy, QWidget

from cockpit.reports.timeline import MilestoneMark, Timeline
from ui import style

COLOURS = {"scope freeze": "#1f6fb2", "rollback rehearsal": "#7b3fa0", "go/no-go review": "#c77700",
           "launch": "#c62828", "backup date": "#5f6b73"}
#: the today line and its flag (white on it: 7.5:1, WCAG AAA for the flag's word)
TODAY = QColor("#a51d1d")
#: a check-in (a dot) and a check-in that raised a blocker (a triangle: the shape says it, not only the colour)
CHECKED_IN, BLOCKED = QColor("#2e7d32"), QColor("#c62828")
#: the most lines a week's goal takes in the header (the rest is listed below the canvas by the view)
GOAL_LINES = 3
CHECK_INS = "Check-ins"


def scaled(font: QFont, factor: float) -> QFont:
    """``font`` ``factor`` times as large, sized in points or in pixels as ``font`` is (presentation
    mode's stylesheet sizes type in pixels, and then ``pointSizeF()`` is -1)."""
    out = QFont(font)
    if font.pixelSize() > 0:
        out.setPixelSize(max(8, round(font.pixelSize() * factor)))
    else:
        out.setPointSizeF(max(6.0, font.pointSizeF() * factor))
    return out


def wrapped(font: QFont, text: str, width: float, max_lines: int) -> tuple[list[str], bool]:
    """``text`` broken into lines no wider than ``width`` (between words where it can, inside a word
    only when the word alone is wider), at most ``max_lines``: when it goes on, the last line shown
    ends in "…". Returns the lines and whether the text was cut."""
    width = max(1.0, width)
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    lines: list[str] = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        lines.append(text[line.textStart():line.textStart() + line.textLength()].strip())
    layout.endLayout()
    lines = [line for line in lines if line]
    if len(lines) <= max_lines:
        return lines, False
    rest = " ".join(lines[max_lines - 1:])
    last = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, int(width))
    return [*lines[:max_lines - 1], last], True


def two_line_width(metrics: QFontMetrics, text: str) -> int:
    """The narrowest width that holds ``text`` on two lines broken between words."""
    words = text.split()
    if len(words) < 2:
        return metrics.horizontalAdvance(text)
    return min(max(metrics.horizontalAdvance(" ".join(words[:n])), metrics.horizontalAdvance(" ".join(words[n:])))
               for n in range(1, len(words)))


class TimelineCanvas(QWidget):
    """Paints a ``Timeline``; emits ``move_requested(key, day)`` when a move is committed."""

    move_requested = Signal(str, object)
    #: a day was clicked (for the check-in panel)
    day_clicked = Signal(object)
    #: the selected milestone or its previewed day changed (key, day or None)
    selection_changed = Signal(object, object)
    #: whether a week's goal is cut short in the header changed (the view then lists the goals in full)
    goals_cut_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.facts: Timeline | None = None
        self.selected: str | None = None
        self.preview: dt.date | None = None  # the selected milestone's day while it is being moved
        self.dragging = False
        self.picked_day: dt.date | None = None  # the check-in panel's day, outlined
        self.goals_cut = False
        #: (label column, least lane height, header height) for the key they were measured for
        self._measured: tuple[tuple[object, ...], tuple[int, int, int]] | None = None
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
        self._measured = None
        self._describe()
        self._check_goals()
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

    def _bold(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def _small_font(self) -> QFont:
        return scaled(self.font(), 0.85)

    def _min_day_width(self) -> int:
        """A day column this wide holds a two-letter weekday ("Mo")."""
        return QFontMetrics(self._small_font()).horizontalAdvance("Mo") + 4

    def _measure(self) -> tuple[int, int, int]:
        """(label column, least lane height, header height), measured once per width, font, data and
        days shown (a drag asks for them on every mouse move)."""
        assert self.facts is not None
        key = (self.width(), self.font().key(), id(self.facts), self.shown_days())
        if self._measured is None or self._measured[0] != key:
            label = self._measure_labels()
            self._measured = (key, (label, 0, 0))  # the lanes and the header depend on the label column
            self._measured = (key, (label, self._measure_lanes(), self._measure_header()))
        return self._measured[1]

    def _label_width(self) -> int:
        return 0 if self.facts is None else self._measure()[0]

    def _measure_labels(self) -> int:
        """The lane labels' column: each label on one line, or on two when one line leaves the days
        too narrow to read."""
        assert self.facts is not None
        fm = QFontMetrics(self._bold())
        pad = fm.averageCharWidth() * 2
        labels = [m.label for m in self.facts.milestones]
        one_line = max(fm.horizontalAdvance(text) for text in [*labels, CHECK_INS]) + pad
        if (self.width() - one_line - 12) / self._day_count() >= self._min_day_width():
            return one_line
        return max(two_line_width(fm, text) for text in [*labels, CHECK_INS]) + pad

    def _label_lines(self, text: str) -> list[str]:
        room = self._label_width() - QFontMetrics(self._bold()).averageCharWidth() * 2 + 2  # rounding
        return wrapped(self._bold(), text, room, 3)[0]

    def _lane_height(self) -> int:
        if self.facts is None:
            return int(self._metrics().lineSpacing() * 1.6)
        return self._measure()[1]

    def _measure_lanes(self) -> int:
        """The least height of a lane: its label's lines, and room to grab the marker."""
        assert self.facts is not None
        line = self._metrics().lineSpacing()
        lines = max(len(self._label_lines(m.label)) for m in self.facts.milestones)
        return max(int(line * 1.6), lines * line + 8)

    def week_title(self, number: int, first: dt.date, width: float) -> str:
        """The longest of "Week 1 · 16 Nov", "Week 1", "W1" that fits ``width``."""
        fm = QFontMetrics(self._bold())
        choices = (f"Week {number} · {first:%d %b}", f"Week {number}", f"W{number}")
        return next((text for text in choices if fm.horizontalAdvance(text) <= width), choices[-1])

    def goal_lines(self, goal: str) -> tuple[list[str], bool]:
        """A week's goal as its column shows it (at most ``GOAL_LINES`` lines) and whether it is cut."""
        return wrapped(self._small_font(), goal, self._day_width() * 7 - 8, GOAL_LINES)

    def _check_goals(self) -> None:
        cut = self.facts is not None and any(self.goal_lines(w.goal)[1] for w in self.facts.weeks)
        if cut != self.goals_cut:
            self.goals_cut = cut
            self.goals_cut_changed.emit(cut)

    def _header_height(self) -> int:
        return 0 if self.facts is None else self._measure()[2]

    def _measure_header(self) -> int:
        assert self.facts is not None
        small = QFontMetrics(self._small_font())
        goal = max(len(self.goal_lines(w.goal)[0]) for w in self.facts.weeks) * small.lineSpacing()
        return self._metrics().lineSpacing() + 6 + goal + 8

    def _weekday_letters(self) -> int:
        """How many letters of the weekday the day row shows: 2 ("Mo"), 1 ("M") or 0 (the columns are
        too narrow: the day numbers and the shaded weekends say it, and the row is left out)."""
        fm = QFontMetrics(self._small_font())
        day_w = self._day_width()
        return 2 if fm.horizontalAdvance("Mo") + 2 <= day_w else 1 if fm.horizontalAdvance("M") + 2 <= day_w else 0

    def needed_height(self) -> int:
        """Room for the header, the days, the check-ins, five lanes and the today flag."""
        line = self._metrics().lineSpacing()
        days = line * (2 if self._weekday_letters() else 1)
        return self._header_height() + days + line + 14 + self._lane_height() * 5 + line + 8

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
        return max(2.0, (self.width() - self._label_width() - 12) / self._day_count())

    def _rows(self) -> tuple[int, int, int, int]:
        """(top of the day row, top of the check-in row, top of the first lane, lane height)."""
        line = self._metrics().lineSpacing()
        header = self._header_height()
        days_top = header
        checks_top = days_top + line * (2 if self._weekday_letters() else 1) + 6
        lanes_top = checks_top + line + 8
        lane_height = max(self._lane_height(), (self.height() - lanes_top - line - 8) // 5)  # a line for "Today"
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
        char = self._metrics().averageCharWidth()
        return QSize(char * 120, self.needed_height() if self.facts else self._metrics().lineSpacing() * 20)

    def minimumSizeHint(self) -> QSize:
        char = self._metrics().averageCharWidth()
        return QSize(char * 36, self.needed_height() if self.facts else self._metrics().lineSpacing() * 16)

    # -- painting -------------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._background = None
        if self.facts is not None and event.oldSize().width() != event.size().width():
            self._check_goals()
            self.updateGeometry()  # the goals and labels wrap differently
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._background = None  # presentation mode: larger type, other colours
            if self.facts is not None:
                self._check_goals()
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
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setFont(self.font())
        line = self._metrics().lineSpacing()
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
        self._paint_weeks(p, bottom)
        self._paint_days(p)
        if self.picked_day and first_shown <= self.picked_day <= last_shown:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
            p.drawRect(QRectF(self.x_of(self.picked_day) + 1, days_top + 1, day_w - 2, checks_top + line - days_top))
        # lanes: label at the left (wrapped when the days need the room), a faint rule between them
        bold = self._bold()
        room = left - 8
        p.setFont(self.font())
        p.setPen(faint)
        p.drawText(QRectF(4, checks_top, room, line), Qt.AlignmentFlag.AlignLeft, CHECK_INS)
        for n, mark in enumerate(facts.milestones):
            top = lanes_top + n * lane_height
            p.setPen(QPen(mid, 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(0, top), QPointF(self.width(), top))
            p.setPen(text)
            p.setFont(bold if mark.finish_line else self.font())
            p.drawText(QRectF(4, top, room, lane_height), Qt.AlignmentFlag.AlignVCenter,
                       "\n".join(self._label_lines(mark.label)))
        p.end()
        return pixmap

    def _paint_weeks(self, p: QPainter, bottom: float) -> None:
        """Week columns: title, goal (cut short honestly), separators; then "After week 4"."""
        facts = self.facts
        assert facts is not None
        pal = self.palette()
        text, mid = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Mid)
        faint = pal.color(QPalette.ColorRole.PlaceholderText)
        line = self._metrics().lineSpacing()
        small = self._small_font()
        small_line = QFontMetrics(small).lineSpacing()
        width = self._day_width() * 7
        for week in facts.weeks:
            x = self.x_of(week.first)
            p.setPen(QPen(mid, 1))
            p.drawLine(QPointF(x, 0), QPointF(x, bottom))
            p.setFont(self._bold())
            p.setPen(text)
            p.drawText(QRectF(x + 4, 2, width - 8, line), Qt.AlignmentFlag.AlignLeft,
                       self.week_title(week.number, week.first, width - 8))
            p.setFont(small)
            p.setPen(faint)
            for n, goal_line in enumerate(self.goal_lines(week.goal)[0]):
                p.drawText(QRectF(x + 4, line + 6 + n * small_line, width - 8, small_line),
                           Qt.AlignmentFlag.AlignLeft, goal_line)
        after = facts.weeks[-1].last + dt.timedelta(days=1)
        if after <= self.shown_days()[1]:
            x = self.x_of(after)
            p.setPen(QPen(mid, 1))
            p.drawLine(QPointF(x, 0), QPointF(x, bottom))
            p.setPen(faint)
            p.setFont(small)
            room = self.width() - x - 8
            lines, _ = wrapped(small, "After week 4", room, 3)
            p.drawText(QRectF(x + 4, 2, room, small_line * 3), Qt.AlignmentFlag.AlignLeft, "\n".join(lines))

    def _paint_days(self, p: QPainter) -> None:
        """The day row (weekday and day number, thinned out when the columns are narrow) and the
        check-in marks below it: a dot for a check-in, a triangle for one that raised a blocker."""
        facts = self.facts
        assert facts is not None
        pal = self.palette()
        text, faint = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.PlaceholderText)
        days_top, checks_top, _, _ = self._rows()
        line = self._metrics().lineSpacing()
        day_w = self._day_width()
        left = self._label_width()
        small = self._small_font()
        fm = QFontMetrics(small)
        p.setFont(small)
        letters = self._weekday_letters()
        numbers_top = days_top + (line if letters else 0) + 2
        number_room = fm.horizontalAdvance("30") + 4
        # every day's number; else Monday, Wednesday and Friday; else Mondays only
        numbered = (range(7) if number_room <= day_w else (0, 2, 4) if number_room <= day_w * 2 else (0,))
        first_shown = self.shown_days()[0]
        for n in range(self._day_count()):
            day = first_shown + dt.timedelta(days=n)
            x = left + n * day_w
            p.setPen(text if day.weekday() < 5 else faint)
            if letters:
                p.drawText(QRectF(x, days_top + 2, day_w, line), Qt.AlignmentFlag.AlignHCenter, f"{day:%a}"[:letters])
            if day.weekday() in numbered:
                p.drawText(QRectF(x - day_w, numbers_top, day_w * 3, line), Qt.AlignmentFlag.AlignHCenter,
                           str(day.day))
            if day in facts.check_ins:
                blocked = any(b.raised_on == day for b in facts.blockers)
                r = min(day_w * 0.45, line * 0.3)
                centre = QPointF(x + day_w / 2, checks_top + line / 2)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(BLOCKED if blocked else CHECKED_IN)
                if blocked:
                    p.drawPolygon(QPolygonF([QPointF(centre.x(), centre.y() - r * 1.2),
                                             QPointF(centre.x() + r * 1.2, centre.y() + r),
                                             QPointF(centre.x() - r * 1.2, centre.y() + r)]))
                else:
                    p.drawEllipse(centre, r, r)
        p.setBrush(Qt.BrushStyle.NoBrush)

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
        left = min(max(0.0, x - width / 2), self.width() - width)  # the whole word, even at either edge
        box = QRectF(left, lanes_top + lane_height * 5 + 2, width, fm.lineSpacing())
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
        text = f"{day:%a %d %b}" + ("  ⚠ late" if mark.late else "")  # in words, not only by colour
        hint = "  ← moving: Enter to save, Esc to cancel"
        if moving and not self.dragging and fm.horizontalAdvance(text + hint) + rect.right() + 10 <= self.width():
            text += hint  # the view's note says the same where the canvas has no room
        width = fm.horizontalAdvance(text) + 4
        x = rect.right() + 6
        if x + width > self.width():
            x = max(0.0, rect.left() - 6 - width)
        p.setPen(style.tone("bad") if mark.late else self.palette().color(QPalette.ColorRole.Text))
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
