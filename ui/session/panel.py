"""The reset session on the projector: the agenda rail, the countdown, what is still open, the parking lot.

The panel stands where the navigation list stands while a session runs (each step opens the view it
needs). Its facts come from ``cockpit.reports.session``; its clock is saved through the hub's ``keep``
(no undo step) at every step, pause and ``SAVE_EVERY`` seconds, so a crash loses less than that.
The countdown reads a monotonic clock between saves; tests pass their own clocks.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cockpit import clock
from cockpit.reports import session as report
from cockpit.rules import session as rules
from cockpit.text import shown
from ui.fit import vertical_page, wrapping_row
from ui.hub import Hub
from ui.session import BACK, NEXT, PARK
from ui.widgets import plain_label

#: the countdown's background and text for each tone: black on amber, white on red (both above 7:1)
TONE_COLOURS = {"amber": ("#ffb000", "#000000"), "red": ("#8f1d16", "#ffffff")}


@dataclass
class SessionHost:
    """What the panel asks of the window."""

    show_section: Callable[[str], None]
    reveal: Callable[[str, str], None]
    commit_pending: Callable[[], None]
    export_brief: Callable[[], None]


class Countdown(QLabel):
    """The time left in the step, three times the panel's type (readable from the back of the room), on
    amber in the last two minutes and on red once the timebox is used up (the line below says it in
    words too: colour is never alone)."""

    def __init__(self, base: QWidget) -> None:
        super().__init__("0:00")
        self.base = base
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName("Time left in this step")
        self.tone = ""
        self.restyle()

    def restyle(self) -> None:
        """Its size from the panel's type (normal or presentation mode), its colours from its tone."""
        pixels = round(max(10, self.base.fontInfo().pixelSize()) * 2.6)
        back, fore = TONE_COLOURS.get(self.tone, ("", ""))
        colours = f"background: {back}; color: {fore}; border-radius: 6px;" if self.tone else ""
        self.setStyleSheet(f"font-size: {pixels}px; font-weight: bold; {colours}")

    def set_reading(self, remaining: float) -> None:
        text = rules.countdown_text(remaining)
        tone = rules.tone(remaining)
        if text != self.text():
            self.setText(text)
        if tone != self.tone:
            self.tone = tone
            self.restyle()


class SessionPanel(QFrame):
    """The guided session: one step on the projector at a time, with the view it needs beside it."""

    #: the person left the session to use the app freely (the window shows its navigation again)
    left = Signal()

    def __init__(self, hub: Hub, host: SessionHost, *, wall: Callable[[], dt.datetime] = clock.now,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.setObjectName("sessionPanel")
        self.hub = hub
        self.host = host
        self._wall = wall
        self._monotonic = monotonic
        self.session_id: int | None = None
        self.step = rules.KEYS[0]
        #: the clock runs in this window (an open session found in a plan starts paused)
        self.running = False
        self.record: report.SessionRecord | None = None
        self._saved_mono = monotonic()
        self._watching = False

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(8)
        self.where = plain_label("", "tileLabel")
        self.title = plain_label("", "heading")
        self.countdown = Countdown(self)
        self.state = plain_label("")
        self.state.setAccessibleName("Clock")
        self.back = QPushButton("◀ Back")
        self.back.setToolTip(f"The previous step ({' or '.join(BACK)})")
        self.back.clicked.connect(lambda: self.step_by(-1))
        self.next = QPushButton("Next ▶")
        self.next.setToolTip(f"The next step ({' or '.join(NEXT)})")
        self.next.clicked.connect(lambda: self.step_by(1))
        self.pause = QPushButton("Pause")
        self.pause.setToolTip("Pause the clock for a break; the time so far is saved")
        self.pause.clicked.connect(self.toggle_pause)
        self.park = QPushButton("Park a topic…")
        self.park.setToolTip(f"Jot a topic that came up and is not for now ({PARK}); it waits on the Close step")
        self.park.clicked.connect(self.park_topic)
        self.agenda = QListWidget()
        self.agenda.setAccessibleName("Agenda")
        self.agenda.setWordWrap(True)
        self.agenda.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.agenda.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.agenda.itemActivated.connect(lambda item: self.go(item.data(Qt.ItemDataRole.UserRole)))
        self.agenda.itemClicked.connect(lambda item: self.go(item.data(Qt.ItemDataRole.UserRole)))
        for n, step in enumerate(rules.STEPS):
            item = QListWidgetItem(f"{n + 1}  {step.title}")
            item.setData(Qt.ItemDataRole.UserRole, step.key)
            self.agenda.addItem(item)
        # The rail: a numbered button per step under the title, always in sight (the agenda list with the
        # titles is further down); a click or Enter jumps there.
        self.rail: list[QToolButton] = []
        for n, step in enumerate(rules.STEPS):
            button = QToolButton()
            button.setText(str(n + 1))
            button.setCheckable(True)
            button.setAutoExclusive(True)
            button.setToolTip(f"Step {n + 1}: {step.title}")
            button.clicked.connect(lambda _=False, key=step.key: self.go(key))
            self.rail.append(button)
        self.task = plain_label("")
        open_heading = plain_label("Still open in this step", "tileLabel")
        self.open_lines = QLabel()
        self.open_lines.setWordWrap(True)
        self.open_lines.setTextFormat(Qt.TextFormat.RichText)
        self.open_lines.setAccessibleName("Still open in this step")
        self.open_lines.linkActivated.connect(self._follow)
        # Tab reaches each line, Enter follows it (as on the Overview)
        self.open_lines.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.open_lines.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.open_lines.setProperty("focusable", True)
        self.parking_heading = plain_label("", "tileLabel")
        self.parking = QListWidget()
        self.parking.setAccessibleName("Parking lot")
        self.parking.setWordWrap(True)
        self.parking.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.to_items = QPushButton("To &Parked")
        self.to_items.setToolTip("The ticked topics (all, when none is ticked) become items in Parked: "
                                 "next cycle's backlog")
        self.to_items.clicked.connect(lambda: self._topics(to_items=True))
        self.to_notes = QPushButton("Keep as &notes")
        self.to_notes.setToolTip("The ticked topics (all, when none is ticked) stay in the session's record")
        self.to_notes.clicked.connect(lambda: self._topics(to_items=False))
        self.brief = QPushButton("&Brief (PDF)…")
        self.brief.setToolTip("Export the one-page brief as PDF for everyone in the room")
        self.brief.clicked.connect(self.host.export_brief)
        self.end = QPushButton("&End session")
        self.end.setToolTip("The session's record goes to the retrospective; the brief carries one line of it")
        self.end.clicked.connect(self.end_session)
        self.leave = QPushButton("Leave session")
        self.leave.setToolTip("Use the app freely; the clock pauses. Session ▸ Run a Reset Session comes back here")
        self.leave.clicked.connect(self.leave_session)

        layout.addWidget(self.where)
        layout.addWidget(self.title)
        layout.addLayout(wrapping_row(*self.rail))
        layout.addWidget(self.countdown)
        layout.addWidget(self.state)
        layout.addLayout(wrapping_row(self.back, self.next))
        # the closing step's own actions and the parking lot come first there: in sight without scrolling
        layout.addLayout(wrapping_row(self.brief, self.end))
        layout.addWidget(self.parking_heading)
        layout.addWidget(self.parking)
        layout.addLayout(wrapping_row(self.to_items, self.to_notes))
        layout.addWidget(open_heading)
        layout.addWidget(self.open_lines)
        layout.addWidget(self.task)
        layout.addLayout(wrapping_row(self.pause, self.park))
        layout.addWidget(plain_label("Agenda", "tileLabel"))
        layout.addWidget(self.agenda)
        layout.addLayout(wrapping_row(self.leave))
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(vertical_page(body))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self._fit_width()

        named: tuple[tuple[QPushButton, str], ...] = (
            (self.back, "Previous step"), (self.next, "Next step"), (self.pause, "Pause or resume"),
            (self.park, "Park a topic"), (self.to_items, "Make parked items"), (self.to_notes, "Keep as notes"),
            (self.brief, "Brief as PDF"), (self.end, "End session"), (self.leave, "Leave session"))
        for named_button, name in named:
            named_button.setAccessibleName(name)
        self.ticker = QTimer(self)
        self.ticker.setInterval(500)
        self.ticker.timeout.connect(self.tick)
        hub.changed.connect(lambda _changes: self.refresh())
        hub.recorded.connect(lambda _changes: self.refresh())

    # -- size -------------------------------------------------------------------------------------
    def _fit_width(self) -> None:
        """About 24 characters of the type in use, but never more than a fifth and a bit of the window
        (the step's view needs the rest: three lanes of cards at 1024 px in presentation mode), and
        never less than its widest button with the margins and a scroll bar."""
        buttons = (self.back, self.next, self.pause, self.park, self.to_items, self.to_notes, self.brief, self.end,
                   self.leave)
        widest = max(b.sizeHint().width() for b in buttons)
        scroll = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) + 4
        window = self.window()
        share = int(window.width() * 0.22) if window is not self and window.width() > 0 else 10_000
        wanted = min(self.fontMetrics().averageCharWidth() * 24 + 20 + scroll, share)
        self.setFixedWidth(max(wanted, widest + 20 + scroll))
        line = self.agenda.fontMetrics().lineSpacing()
        self.agenda.setFixedHeight((line + 12) * len(rules.STEPS) + 2 * self.agenda.frameWidth() + 4)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window() and event.type() == QEvent.Type.Resize:
            self._fit_width()
        return False

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_width()
            self.countdown.restyle()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._watching:  # its width follows the window's
            self._watching = True
            self.window().installEventFilter(self)
        self._fit_width()  # the stylesheet's type is known once the panel is polished
        self.countdown.restyle()
        self.refresh()  # changes made while it was hidden only kept its record

    def sizeHint(self) -> QSize:
        return QSize(self.minimumWidth(), super().sizeHint().height())

    # -- the session ----------------------------------------------------------------------------------
    def open_session(self) -> report.SessionRecord | None:
        """The session under way in the cycle on screen, as the plan records it."""
        try:
            return report.open_session(self.hub.cycle())
        except LookupError:
            return None

    def start(self) -> bool:
        """Start a session, or resume the one under way; show its step. False when refused."""
        from cockpit.services import session as service

        if not self.hub.is_live():
            self.hub.problem.emit("Earlier cycles are kept for the record: run a reset session in the current one.")
            return False
        under_way = self.open_session()
        if under_way is None:
            release_id = self.hub.release_id
            assert release_id is not None
            if self.hub.keep(lambda plan: service.start_session(plan, release_id, now=self._wall())) is None:
                return False
            under_way = self.open_session()
            if under_way is None:
                return False
            self.session_id = under_way.id
            self.running = True
            self._saved_mono = self._monotonic()
        else:
            self.session_id = under_way.id
            self.running = False
            self.resume()
        self.refresh()
        self.host.show_section(rules.step(self.step).section)
        return True

    def show_paused(self) -> bool:
        """A plan with a session under way was opened: show it paused at its saved time (nothing is
        written until the person resumes). False when there is none."""
        under_way = self.open_session()
        if under_way is None:
            return False
        self.session_id = under_way.id
        self.running = False
        self.refresh()
        self.host.show_section(rules.step(self.step).section)
        return True

    def _save(self, *, running: bool, step: str | None = None) -> bool:
        from cockpit.services import session as service

        session_id = self.session_id
        if session_id is None:
            return False
        was_running = self.running  # a clock shown paused (after a crash too) counts no time since its save
        done = self.hub.keep(lambda plan: service.set_clock(plan, session_id, running=running, step=step,
                                                             now=self._wall(), count_gap=was_running))
        if done is None:
            self._saved_mono = self._monotonic()  # a refused save is tried again at the next interval, not each tick
            return False
        self.running = running
        self._saved_mono = self._monotonic()
        return True

    def go(self, step: str) -> None:
        """Show ``step``: the time so far goes to the step being left, and the clock runs on (or stays paused)."""
        if self.session_id is None or step not in rules.BY_KEY:
            return
        self.host.commit_pending()  # text being typed belongs to the step it was typed in
        if step != self.step and not self._save(running=self.running, step=step):
            return
        self.step = step
        self.refresh()
        self.host.show_section(rules.step(step).section)

    def step_by(self, by: int) -> None:
        """Next (+1) or Back (-1)."""
        at = rules.position(self.step) + by
        if 0 <= at < len(rules.KEYS):
            self.go(rules.KEYS[at])

    def resume(self) -> None:
        if self.session_id is not None and not self.running:
            self._save(running=True)
            self.refresh()

    def toggle_pause(self) -> None:
        if self.running:
            self._save(running=False)
        else:
            self._save(running=True)
        self.refresh()

    def tick(self) -> None:
        """Twice a second: the countdown; every ``SAVE_EVERY`` seconds of running, a save of the clock."""
        if self.session_id is None or self.record is None:
            return
        if self.running and self._monotonic() - self._saved_mono >= rules.SAVE_EVERY:
            self._save(running=True)  # refreshes through ``recorded``
        self._show_clock()

    def spent(self) -> float:
        """Seconds spent on the step on screen, the unsaved running time included."""
        if self.record is None:
            return 0.0
        saved = self.record.spent(self.step).spent
        return saved + (max(0.0, self._monotonic() - self._saved_mono) if self.running else 0.0)

    def remaining(self) -> float:
        if self.record is None:
            return 0.0
        return self.record.spent(self.step).timebox - self.spent()

    def pause_for_close(self) -> None:
        """The window closes: save the time so far and pause (the next open resumes from it)."""
        if self.session_id is not None and self.running:
            self._save(running=False)

    def forget(self) -> None:
        """The plan closes: nothing of it is held or ticking."""
        self.ticker.stop()
        self.session_id = None
        self.record = None
        self.running = False

    def leave_session(self) -> None:
        """Use the app freely: the clock pauses, the session stays open."""
        self.pause_for_close()
        self.ticker.stop()
        self.left.emit()

    def end_session(self) -> None:
        from cockpit.services import session as service

        session_id = self.session_id
        if session_id is None:
            return
        self.host.commit_pending()
        if self.hub.keep(lambda plan: service.end_session(plan, session_id, now=self._wall())) is None:
            return
        total = ""
        try:
            ended = report.records(self.hub.cycle())
            total = rules.duration_text(ended[-1].total) if ended else ""
        except LookupError:
            pass
        self.session_id = None
        self.running = False
        self.ticker.stop()
        self.left.emit()
        self.hub.problem.emit(f"The reset session is recorded ({total} on the steps): the retrospective shows it, "
                              "and the brief carries one line of it.")

    # -- the parking lot -------------------------------------------------------------------------------
    def park_topic(self) -> None:
        from cockpit.services import session as service

        release_id = self.hub.release_id
        if release_id is None:
            return
        text = self.hub.ask_text(self, "Park a topic", "A topic that came up and is not for now (one line):")
        if text is None:
            return
        self.hub.run(lambda plan: service.park_topic(plan, release_id, text, now=self._wall()), parent=self)

    def _topics(self, *, to_items: bool) -> None:
        from cockpit.services import session as service

        release_id = self.hub.release_id
        rows = [self.parking.item(n) for n in range(self.parking.count())]
        ticked = [r.data(Qt.ItemDataRole.UserRole) for r in rows if r.checkState() == Qt.CheckState.Checked]
        ids = ticked or [r.data(Qt.ItemDataRole.UserRole) for r in rows]
        if release_id is None or not ids:
            return
        call = service.topics_to_items if to_items else service.topics_to_notes
        self.hub.run(lambda plan: call(plan, release_id, ids), parent=self)

    # -- showing it ----------------------------------------------------------------------------------
    def _follow(self, link: str) -> None:
        section, _, target = link.partition("|")
        if section == "session":
            self.go("close")
        else:
            self.host.reveal(section, target)

    def refresh(self) -> None:
        """Everything the panel shows, from the plan's snapshot."""
        if self.session_id is None:
            return
        from cockpit.reader import change_log
        from ui.overview.view import attention_html

        try:
            cycle = self.hub.cycle()
        except LookupError:
            return
        found = next((s for s in cycle.sessions if s.id == self.session_id), None)
        if found is None or found.ended_at is not None:  # undone with its plan, or ended elsewhere
            self.session_id = None
            self.ticker.stop()
            self.left.emit()
            return
        self.record = report.record(cycle, found)
        self.step = self.record.step if self.record.step in rules.BY_KEY else rules.KEYS[0]
        if not self.isVisible():  # left, or not shown yet: "still open" is worked out when it shows again
            return
        step = rules.step(self.step)
        at = rules.position(self.step)
        self.where.setText(f"Step {at + 1} of {len(rules.STEPS)} · reset session")
        self.title.setText(step.title)
        self.title.setAccessibleName(f"Step: {step.title}")
        self.task.setText(step.task)
        log = change_log(self.hub.plan.raw) if self.step == "weeks" and self.hub.plan is not None else None
        lines = report.still_open(cycle, self.step, dt.date.today(), log)
        shown_lines = attention_html(lines) if lines else "Nothing: this step is settled."
        if shown_lines != self.open_lines.text():  # a save that changed nothing here keeps the Tab position
            self.open_lines.setText(shown_lines)
        for n, s in enumerate(self.record.steps):
            item = self.agenda.item(n)
            mark = "▶ " if s.key == self.step else "✓ " if rules.visited(s.spent) else ""
            item.setText(f"{mark}{n + 1}  {s.title} · {rules.duration_text(s.timebox)}")
        self.agenda.setCurrentRow(at)
        for n, (button, s) in enumerate(zip(self.rail, self.record.steps, strict=True)):
            state = "current" if n == at else "done" if rules.visited(s.spent) else "to do"
            button.setText(f"{n + 1}✓" if state == "done" else str(n + 1))
            button.setChecked(n == at)
            button.setAccessibleName(f"Step {n + 1}: {s.title} ({state})")
        self.back.setEnabled(at > 0)
        self.next.setEnabled(at < len(rules.STEPS) - 1)
        topics = report.open_topics(cycle)
        closing = self.step == "close"
        self.parking_heading.setText(f"Parking lot: {len(topics)} topic{'s' if len(topics) != 1 else ''}"
                                     + ("" if closing else f" ({QKeySequence(PARK).toString()} adds one)"))
        ticked = {self.parking.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.parking.count())
                  if self.parking.item(n).checkState() == Qt.CheckState.Checked}
        if [self.parking.item(n).data(Qt.ItemDataRole.UserRole) for n in range(self.parking.count())] != \
                [t.id for t in topics]:  # rebuilt only when the topics changed: a save keeps the ticks
            self.parking.clear()
            for topic in topics:
                item = QListWidgetItem(shown(topic.text))
                item.setData(Qt.ItemDataRole.UserRole, topic.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if topic.id in ticked else Qt.CheckState.Unchecked)
                self.parking.addItem(item)
        self.parking.setVisible(closing and bool(topics))
        self.to_items.setVisible(closing and bool(topics))
        self.to_notes.setVisible(closing and bool(topics))
        self.brief.setVisible(closing)
        self.end.setVisible(closing)
        self._show_clock()
        if not self.ticker.isActive():
            self.ticker.start()

    def _show_clock(self) -> None:
        if self.record is None:
            return
        remaining = self.remaining()
        self.countdown.set_reading(remaining)
        timebox = rules.duration_text(self.record.spent(self.step).timebox)
        if not self.running:
            saved = self.record.clock_saved_at
            if saved is not None and rules.interrupted(saved, self._wall()):
                text = (f"Interrupted at {saved.astimezone():%H:%M}: the clock stands at what was saved. "
                        "Resume when the room is ready.")
            else:
                text = "Paused. Resume when the room is ready."
        elif (tone := rules.tone(remaining)) == "red":
            text = f"Over the {timebox} timebox by {rules.countdown_text(remaining)[1:] or '0:00'}: " \
                   "decide, park it, or move on."
        elif tone == "amber":
            text = f"Two minutes or less left of the {timebox} timebox."
        else:
            text = f"Left of the {timebox} timebox."
        if self.state.text() != text:
            self.state.setText(text)
        self.pause.setText("Pause" if self.running else "Resume")
