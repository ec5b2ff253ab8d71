"""The drill in progress: a stopwatch readable from the back of the room, the steps to tick off, Stop.

The start time lives in the plan file (written when the drill starts); the reading is
``DrillClock``: wall-clock now minus that start when the drill is (re)opened, then a
monotonic clock for the rest of the session. Ticked-off steps are written to the file
at once (``lap_drill``), so a crash or a closed laptop mid-drill loses nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cockpit import clock as wall_clock
from cockpit.reports.rollback import DrillRow, StepRow
from cockpit.rules.rollback import DrillClock, clock_text
from ui.fit import Columns
from ui.keys import describe
from ui.models.rollback import DrillStepsModel
from ui.rollback.lists import FittedColumns
from ui.widgets import plain_label, set_tone


class TallButton(QPushButton):
    """A push button two lines of its font high (the few actions that must be hit from across a room)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), self.fontMetrics().lineSpacing() * 2 + 8))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class StopwatchFace(QWidget):
    """Paints the reading as large as the widget allows (so it scales with the window and the projector).

    Over the target the digits take ``over_colour()`` (the panel's "bad" tone, from the stylesheet, so
    it keeps the contrast of the mode) and the panel says "OVER TARGET" in words beside them."""

    def __init__(self) -> None:
        super().__init__()
        self.seconds = 0.0
        self.target_seconds = 15 * 60.0
        self.over_colour: Callable[[], QColor] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Drill stopwatch")

    def minimumSizeHint(self) -> QSize:
        """Never less than three lines of the current font high: readable even when the room is short."""
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 12, metrics.lineSpacing() * 3)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 40, metrics.lineSpacing() * 8)

    def text(self) -> str:
        return clock_text(self.seconds)

    def set_reading(self, seconds: float, target_seconds: float) -> None:
        changed = clock_text(seconds) != self.text() or (seconds > target_seconds) != self.over
        self.seconds, self.target_seconds = seconds, target_seconds
        if changed:
            self.setAccessibleDescription(self.text() + (" — over the target" if self.over else ""))
            self.update()

    @property
    def over(self) -> bool:
        return self.seconds > self.target_seconds

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        text = self.text()
        font = QFont(self.font())
        font.setBold(True)
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(100)
        metrics = QFontMetricsF(font)
        sample = "0" * (len(text) - text.count(":")) + ":" * text.count(":")
        scale = min(self.width() * 0.92 / max(1.0, metrics.horizontalAdvance(sample)),
                    self.height() * 0.9 / max(1.0, metrics.height()))
        font.setPointSizeF(max(8.0, 100 * scale))
        painter.setFont(font)
        colour = self.palette().color(self.foregroundRole())
        if self.over and self.over_colour is not None:
            colour = self.over_colour()
        painter.setPen(colour)
        painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, text)


class StepsTable(QTableView):
    """The running drill's steps: never shorter than its header and four lines of its font (two steps
    of two lines), so the list stays usable while the clock takes the rest of the room."""

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        return QSize(super().minimumSizeHint().width(), self.horizontalHeader().sizeHint().height() + line * 4 + 8)


class DrillPanel(QWidget):
    """Fills the rollback view while a drill runs: the clock on top and as large as the room allows,
    what to do next, then the steps and the notes (which give up height first)."""

    #: (drill id, step id, step text, split seconds)
    tick_requested = Signal(int, int, str, float)
    #: (drill id, stopped-at moment, notes)
    stop_requested = Signal(int, object, str)
    abandon_requested = Signal(int)
    notes_committed = Signal(int, str)

    def __init__(self, *, wall: Callable[[], dt.datetime] = wall_clock.now,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        """``wall`` and ``monotonic`` are the clocks the stopwatch reads (tests pass their own)."""
        super().__init__()
        self._wall, self._monotonic = wall, monotonic
        self.drill: DrillRow | None = None
        self.clock: DrillClock | None = None
        self.target_minutes = 15.0
        self._over = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Rollback drill in progress")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 8)
        self.title = plain_label("", "heading")
        outer.addWidget(self.title)
        self.face = StopwatchFace()
        outer.addWidget(self.face, 4)
        self.target = plain_label("")
        self.target.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.face.over_colour = lambda: self.target.palette().color(self.target.foregroundRole())
        outer.addWidget(self.target)
        self.next_step = plain_label("", "heading")
        self.next_step.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_step.setAccessibleName("Next step")
        outer.addWidget(self.next_step)

        self.tick = TallButton("&Tick off the next step  (Space)")
        self.tick.setToolTip("Record the lap for the next step in the runbook")
        self.tick.clicked.connect(self.tick_next)
        self.stop = TallButton("&Stop: users are back on the stable version")
        self.stop.setToolTip("Stops the clock now and records the drill (Ctrl+Return)")
        self.stop.clicked.connect(self.request_stop)
        self.buttons = Columns([(self.tick, 1), (self.stop, 1)], characters=84)
        outer.addWidget(self.buttons)

        self.steps = DrillStepsModel(self)
        self.table = StepsTable()
        self.table.setModel(self.steps)
        self.table.setAccessibleName("Runbook steps in this drill")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.columns = FittedColumns(self.table, 0, share=0.25)
        self.table.doubleClicked.connect(lambda index: self.tick_step(self.steps.row_at(index.row())))
        outer.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("Notes: what slowed you down?")
        self.notes.setToolTip("What slowed you down, what to fix before the next drill")
        self.notes.setAccessibleName("Drill notes")
        self.notes.editingFinished.connect(self.commit_notes)
        bottom.addWidget(self.notes, 1)
        self.abandon = QPushButton("&Abandon drill")
        self.abandon.setToolTip("Throw this drill away (Edit ▸ Undo brings it back)")
        self.abandon.clicked.connect(lambda: self.drill and self.abandon_requested.emit(self.drill.id))
        bottom.addWidget(self.abandon)
        outer.addLayout(bottom)

        self.timer = QTimer(self)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.refresh)
        describe(QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.tick_next,
                           context=Qt.ShortcutContext.WidgetWithChildrenShortcut), "Drill: tick the next step")
        describe(QShortcut(QKeySequence("Ctrl+Return"), self, self.request_stop,
                           context=Qt.ShortcutContext.WidgetWithChildrenShortcut), "Drill: stop the stopwatch")

    # -- showing -------------------------------------------------------------------------------------
    def show_drill(self, drill: DrillRow | None, steps: tuple[StepRow, ...], target_minutes: float) -> None:
        """Show a running drill (None: no drill runs); the clock is kept while it is the same drill."""
        if drill is None:
            self.drill, self.clock = None, None
            self.timer.stop()
            self.notes.clear()
            return
        if self.drill is None or self.drill.id != drill.id or self.clock is None:
            self.clock = DrillClock(drill.started_at, wall=self._wall, monotonic=self._monotonic)
            self.notes.setText(drill.notes)
            self.notes.setModified(False)
        elif not self.notes.isModified():
            self.notes.setText(drill.notes)
        self.drill, self.target_minutes = drill, target_minutes
        self.title.setText(f"Rollback drill · {drill.environment} · started "
                           f"{drill.started_at.astimezone():%a %H:%M:%S}")
        self.steps.set_drill(steps, drill.laps)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        if self.clock is None:
            return
        self.face.set_reading(self.clock.elapsed(), self.target_minutes * 60)
        step = self.steps.next_step()
        if step is None:
            text = "Every step ticked off: stop the clock when users are back on the stable version."
        else:
            text = f"Next: {step.text}" + (f" — {step.runner}" if step.runner else "")
        if self.next_step.text() != text:
            self.next_step.setText(text)
        self.tick.setEnabled(step is not None)
        self._say_target()

    def _say_target(self) -> None:
        """The target in words, and "OVER TARGET" in words (not only in red) once the clock passes it."""
        target = self.target_minutes * 60
        if self.face.over:
            text = (f"⚠  OVER TARGET by {clock_text(self.face.seconds - target)} · target {clock_text(target)}")
        else:
            text = f"Target time {clock_text(target)}"  # the Stop button says when the clock stops
        if self.target.text() != text:
            self.target.setText(text)
        if self._over != self.face.over:
            self._over = self.face.over
            set_tone(self.target, "bad" if self._over else "")

    # -- acting --------------------------------------------------------------------------------------
    def elapsed(self) -> float:
        return self.clock.elapsed() if self.clock else 0.0

    def tick_next(self) -> None:
        step = self.steps.next_step()
        if step is not None:
            self.tick_step(step)

    def tick_step(self, step: StepRow) -> None:
        if self.drill is None or self.clock is None or step.id in self.steps.laps:
            return
        self.tick_requested.emit(self.drill.id, step.id, step.text, round(self.clock.elapsed(), 1))

    def request_stop(self) -> None:
        if self.drill is None or self.clock is None:
            return
        self.stop_requested.emit(self.drill.id, self.clock.moment(), self.notes.text())

    def commit_notes(self) -> None:
        if self.drill is not None and self.notes.isModified() and self.notes.text().strip() != self.drill.notes:
            self.notes.setModified(False)
            self.notes_committed.emit(self.drill.id, self.notes.text())
