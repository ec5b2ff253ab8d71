"""The ownership check-in: DOMAIN.md's short meeting, with live answers and a countdown (15 minutes
unless the plan says otherwise: ``checkin_minutes``).

The countdown reads a monotonic clock (``time.monotonic`` unless one is injected), so a
changed system clock never shortens or stretches the meeting; tests inject the clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QVBoxLayout, QWidget

from cockpit.rules.ownership import Question
from ui.fit import FlowLayout
from ui.widgets import plain_label, set_tone

MEETING_SECONDS = 15 * 60
WARN_SECONDS = 2 * 60


def mm_ss(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))  # 14:59.2 left shows 15:00 → counts down to 0:00 at the end
    return f"{whole // 60}:{whole % 60:02d}"


class CheckInPanel(QFrame):
    """Questions with answers from the plan, and the time left in the meeting: the clock on the left, the
    questions beside it (each answer wraps, so a long name never widens the panel)."""

    #: the person ended the check-in (button or Esc)
    finished = Signal()
    #: the time left as shown (m:ss) and its tone ("", "warn", "bad"), each time either changes
    ticked = Signal(str, str)

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, duration: float = MEETING_SECONDS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("class", "tile")
        self.clock = clock
        self.duration = duration
        self._started: float | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.tick)

        layout = QGridLayout(self)
        side = QVBoxLayout()
        side.addWidget(plain_label("Ownership check-in", "heading"))
        self.countdown = plain_label(mm_ss(duration), "tileValue")
        self.countdown.setAccessibleName("Time left in the check-in")
        side.addWidget(self.countdown)
        self.status = plain_label(self._aim(), "tileLabel")
        side.addWidget(self.status)
        buttons = FlowLayout()
        self.restart = QPushButton("Restart clock")
        self.restart.clicked.connect(self.start)
        self.end = QPushButton("End (Esc)")
        self.end.setToolTip("End the check-in (Esc)")
        self.end.clicked.connect(self.finished.emit)
        buttons.addWidget(self.restart)
        buttons.addWidget(self.end)
        side.addLayout(buttons)
        side.addStretch(1)
        self._questions = QVBoxLayout()
        self._questions.setSpacing(2)
        layout.addLayout(side, 0, 0)
        layout.addLayout(self._questions, 0, 1)
        layout.setColumnStretch(0, 1)
        layout.setColumnStretch(1, 2)
        self.answers: dict[str, tuple[bool, str]] = {}
        self._asked: list[tuple[str, str, bool, str]] = []
        self._shown = ("", "")

    # -- the clock --------------------------------------------------------------------------------
    def _aim(self) -> str:
        return f"{self.duration / 60:g} minutes: one name for every answer."

    def set_duration(self, seconds: float) -> None:
        """The meeting's length (the plan's setting); a running clock keeps its start."""
        if seconds != self.duration:
            self.duration = seconds
            if self._started is not None and not self.timer.isActive() and self.remaining() > 0:
                self.timer.start()  # time was up, and the meeting got longer
            self.tick()

    def start(self) -> None:
        self._started = self.clock()
        self.timer.start()
        self.tick()

    def stop(self) -> None:
        self.timer.stop()
        self._started = None

    @property
    def running(self) -> bool:
        return self._started is not None

    def remaining(self) -> float:
        if self._started is None:
            return self.duration
        return max(0.0, self.duration - (self.clock() - self._started))

    def tick(self) -> None:
        left = self.remaining()
        self.countdown.setText(mm_ss(left))
        if left <= 0:
            self.timer.stop()
            self.status.setText("Time is up: write down what is still open and end the check-in.")
            tone = "bad"
        elif left <= WARN_SECONDS:
            self.status.setText("Two minutes left: settle the open questions.")
            tone = "warn"
        else:
            self.status.setText(self._aim())
            tone = ""
        if (self.countdown.text(), tone) != self._shown:  # a repolish only when the tone changes, not every tick
            if tone != self._shown[1]:
                set_tone(self.countdown, f"tileValue {tone}".strip())
            self._shown = (self.countdown.text(), tone)
            self.ticked.emit(*self._shown)

    # -- the questions ----------------------------------------------------------------------------
    def set_questions(self, questions: Sequence[Question]) -> bool:
        """Show the questions; answers follow the plan live (the view calls this after every change).
        True if anything changed (nothing is rebuilt when the answers are the same)."""
        wanted = [(q.key, q.text, q.ok, q.answer) for q in questions]
        if wanted == self._asked:
            return False
        self._asked = wanted
        while self._questions.count():
            item = self._questions.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.answers = {}
        for question in questions:
            mark = "✓" if question.ok else "⚠"
            label = plain_label(question.text)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            self._questions.addWidget(label)
            answer = plain_label(f"{mark}  {question.answer}", "good" if question.ok else "bad")
            answer.setAccessibleName(question.text)
            self._questions.addWidget(answer)
            self.answers[question.key] = (question.ok, question.answer)
        return True
