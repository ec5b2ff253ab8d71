"""Timeline: the four weeks with their goals and milestones, the phase, the daily check-in, planned vs
done, and plan stability. Every change is one command through the hub (one undo step, logged)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cockpit.kinds import Phase
from cockpit.rules.dates import move_warnings
from cockpit.rules.progress import definition
from cockpit.text import shown
from ui.fit import Columns, FlowLayout, vertical_page
from ui.team.lock import reads_only
from ui.timeline.canvas import TimelineCanvas
from ui.timeline.charts import BurnUpChart, StabilityChart
from ui.timeline.checkin import CheckInPanel
from ui.widgets import ReloadWhenShown, plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.timeline import Timeline
    from cockpit.services.core import Changes
    from ui.hub import Hub

PHASE_HINTS = {Phase.TESTING.value: " (freezes scope)", Phase.SHIPPED.value: "", Phase.SHIPPING.value: ""}


def export_calendar(parent: QWidget, hub: Hub) -> str | None:
    """File ▸ Export Calendar…: write the live release's milestones as an .ics file. Returns the path."""
    from cockpit import clock
    from cockpit.reports.calendar import release_calendar

    if hub.plan is None or hub.release_id is None:
        hub.problem.emit("No plan is open.")
        return None
    suggested = str(hub.plan.path.with_suffix(".ics"))
    path, _ = QFileDialog.getSaveFileName(parent, "Export the milestones as a calendar", suggested,
                                          "iCalendar files (*.ics)")
    if not path:
        return None
    if not path.lower().endswith(".ics"):
        path += ".ics"
    try:
        with open(path, "wb") as out:
            out.write(release_calendar(hub.cycle(), stamp=clock.now()).encode("utf-8"))
    except OSError as exc:
        hub.problem.emit(f"Could not write {path}: {exc.strerror or exc}.")
        return None
    hub.written.emit("the calendar", Path(path))
    return path


class TimelineView(ReloadWhenShown, QWidget):
    """The four-week timeline with its milestones, the daily check-in and visible progress."""

    #: emitted once the plan's data is on screen
    populated = Signal()

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        #: the day the view treats as today (tests set a fixed day)
        self.today: Callable[[], dt.date] = dt.date.today
        self._stale = True

        # Everything scrolls as one page, up and down only: the canvas fits its width to the page, the
        # parts below it stack when the page is narrow (presentation mode's type on a 1024 px projector).
        # The canvas comes right after the title, so its milestones are on screen at 1280×720 in
        # presentation mode; the warnings follow it, and a button in the header says how many there are.
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        self.area = vertical_page(body)
        page.addWidget(self.area)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(16, 8, 16, 8)
        top = QHBoxLayout()
        self.title = plain_label("", "heading")
        top.addWidget(self.title, 1)
        phase_label = QLabel("&Phase")
        self.phase = QComboBox()
        self.phase.setAccessibleName("Phase")
        for phase in Phase:
            self.phase.addItem(phase.value.capitalize(), phase.value)
        self.phase.activated.connect(lambda index: self.set_phase(self.phase.itemData(index)))
        phase_label.setBuddy(self.phase)
        top.addWidget(phase_label)
        top.addWidget(self.phase)
        outer.addLayout(top)
        self.subtitle = plain_label("", "tileLabel")
        outer.addWidget(self.subtitle)
        actions = FlowLayout()
        self.advance = QPushButton()
        self.advance.clicked.connect(self.advance_phase)
        self.export = QPushButton("Export &calendar…")
        self.export.setToolTip("The milestones as an .ics file for everyone's calendar")
        self.export.clicked.connect(lambda: export_calendar(self, self.hub))
        self.to_warnings = QPushButton()
        self.to_warnings.setToolTip("The warnings are listed below the timeline")
        self.to_warnings.clicked.connect(self.show_warnings)
        self.progress_note = QPushButton("Pro&gress note…")
        self.progress_note.setToolTip("This week's note for founders and funders: planned vs done, what shipped, "
                                      "blockers, changes; edit it, mark it sent, export one page")
        self.progress_note.clicked.connect(self.show_progress_note)
        for button in (self.progress_note, self.export, self.to_warnings):
            reads_only(button)  # the note's own changes go through the hub, which refuses them when read-only
        for button in (self.advance, self.progress_note, self.export, self.to_warnings):
            actions.addWidget(button)
        outer.addLayout(actions)

        self.canvas = TimelineCanvas()
        self.canvas.move_requested.connect(self.move_milestone)
        self.canvas.day_clicked.connect(self._pick_day)
        self.canvas.selection_changed.connect(self._selection_changed)
        outer.addWidget(self.canvas)
        self.legend = plain_label("●  a check-in     ▲  a check-in that raised a blocker     ◆  a milestone: drag "
                                  "it, or Tab here, then Up/Down, Left/Right and Enter", "tileLabel")
        outer.addWidget(self.legend)
        self.note = plain_label("", "tileLabel")
        self.note.hide()
        outer.addWidget(self.note)
        self.warnings = plain_label("", "warn")
        self.warnings.setAccessibleName("Timeline warnings")
        outer.addWidget(self.warnings)
        self.goals = plain_label("", "tileLabel")
        self.goals.setAccessibleName("Week goals")
        self.goals.hide()
        outer.addWidget(self.goals)
        self.canvas.goals_cut_changed.connect(self.goals.setVisible)

        self.check_in = CheckInPanel(hub, lambda: self.canvas.facts)
        self.check_in.day.dateChanged.connect(lambda _d: self.canvas.set_picked_day(self.check_in.current_day()))
        progress = QWidget()
        progress_box = QVBoxLayout(progress)
        progress_box.setContentsMargins(0, 0, 0, 0)
        progress_box.addWidget(plain_label("Planned vs done (person-days)", "heading"))
        self.burn_up = BurnUpChart()
        progress_box.addWidget(self.burn_up, 1)
        self.progress_text = plain_label("")
        progress_box.addWidget(self.progress_text)
        self.definition = plain_label(definition(), "tileLabel")
        progress_box.addWidget(self.definition)
        stability = QWidget()
        stability_box = QVBoxLayout(stability)
        stability_box.setContentsMargins(0, 0, 0, 0)
        stability_box.addWidget(plain_label("Plan stability", "heading"))
        self.stability = StabilityChart()
        stability_box.addWidget(self.stability, 1)
        self.stability_text = plain_label("")
        stability_box.addWidget(self.stability_text)
        self.charts = Columns([(progress, 4), (stability, 3)], characters=64)
        self.below = Columns([(self.check_in, 5), (self.charts, 7)], characters=150)
        outer.addSpacing(self.fontMetrics().lineSpacing() // 2)
        outer.addWidget(self.below, 1)

        hub.opened.connect(self._plan_opened)
        hub.changed.connect(self._changed)
        hub.closed.connect(self._closed)
        self.setEnabled(False)

    # -- keeping up with the plan -----------------------------------------------------------------------
    @property
    def facts(self) -> Timeline | None:
        """The timeline report on screen (held once, by the canvas that paints it)."""
        return self.canvas.facts

    def _plan_opened(self) -> None:
        self.canvas.set_timeline(None)
        self.check_in.forget()
        super()._plan_opened()

    def _closed(self) -> None:
        self.canvas.set_timeline(None)
        self.setEnabled(False)

    def reload(self) -> None:
        """Read the timeline report from the hub's snapshot of the cycle and show it."""
        from cockpit.reader import change_log
        from cockpit.reports.timeline import timeline

        hub = self.hub
        self._stale = False
        if hub.plan is None or hub.release_id is None:
            self.setEnabled(False)
            return
        facts = timeline(hub.cycle(), self.today(), change_log(hub.plan.raw))
        self.canvas.set_timeline(facts)
        self.setEnabled(True)
        self.title.setText(shown(facts.name))
        frozen = f" · scope frozen on {facts.frozen_on:%a %d %b}" if facts.frozen_on else ""
        self.subtitle.setText(f"Four weeks from {facts.start:%a %d %b} · launch {facts.target:%a %d %b} · "
                              f"backup {facts.backup:%a %d %b}{frozen}")
        self.phase.setCurrentIndex(max(0, self.phase.findData(facts.phase)))
        upcoming = facts.next_phase
        self.advance.setVisible(upcoming is not None)
        if upcoming:
            self.advance.setText(f"&Advance to {upcoming}{PHASE_HINTS.get(upcoming, '')}")
        self.warnings.setText("\n".join(f"⚠  {w}" for w in facts.warnings))
        self.warnings.setVisible(bool(facts.warnings))
        count = len(facts.warnings)
        self.to_warnings.setText(f"⚠  {count} &warning{'s' if count != 1 else ''} ↓")
        self.to_warnings.setVisible(bool(count))
        self.goals.setText("Week goals in full:\n" + "\n".join(f"Week {w.number} · {w.first:%d %b}: {w.goal}"
                                                                 for w in facts.weeks))
        self.check_in.set_timeline(facts)
        self.canvas.set_picked_day(self.check_in.current_day())
        self.burn_up.set_progress(facts.progress, facts.today)
        self.definition.setText(facts.progress.definition)
        self.stability.set_stability(facts.stability)
        self._describe_progress()
        self.populated.emit()

    def show_progress_note(self) -> QWidget | None:
        """Timeline ▸ Progress note: this week's note (the dialog)."""
        from ui.progress.dialog import show_progress_note

        return show_progress_note(self, self.hub)

    def show_warnings(self) -> None:
        """Scroll the warnings (below the timeline) into view."""
        self.area.ensureWidgetVisible(self.warnings, 0, self.fontMetrics().lineSpacing())

    def _describe_progress(self) -> None:
        facts = self.facts
        assert facts is not None
        progress = facts.progress
        if progress.as_of is None or progress.done_then is None:
            text, tone = "Nothing to compare yet: the plan starts on " f"{facts.start:%a %d %b}.", ""
        else:
            source = "items marked done" if progress.from_items else f"check-in of {progress.as_of:%a %d %b}"
            text = (f"{progress.done_then:g} of {progress.planned_then:g} planned days done ({source}); "
                    f"scope {progress.scope_days:g} days.")
            text, tone = (f"Behind by {progress.behind_days:.1f} days. " + text, "bad") if progress.warning \
                else ("On plan. " + text, "good")
        self.progress_text.setText(text)
        set_tone(self.progress_text, tone)
        stability = facts.stability
        weeks = " · ".join(f"{w.label}: {w.total}" for w in stability.weeks)
        moves = stability.finish_line_moves
        self.stability_text.setText(f"Changes to scope, dates and owners: {weeks}.\n"
                                    f"Finish line moved {moves} time{'s' if moves != 1 else ''}.")
        set_tone(self.stability_text, "warn" if stability.warnings else "")

    # -- milestones -----------------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _selection_changed(self, key: str | None, day: dt.date | None) -> None:
        if self.facts is None or key is None or day is None:
            return
        mark = self.facts.milestone(key)
        if day != mark.day:
            self._say(f"{mark.label}: {mark.day:%a %d %b} → {day:%a %d %b}. Enter saves, Esc cancels.")
        else:
            self._say(f"{mark.label}: {day:%a %d %b}. Drag it, or Left/Right then Enter; Up/Down picks another "
                      "milestone.")

    def move_milestone(self, key: str, day: dt.date) -> Changes | None:
        """Move one milestone (one undo step). Moving the launch moves the finish line: the service asks
        for a reason (``NeedsReason``), and the hub asks the person and retries."""
        from cockpit.services.timeline import move_milestone

        facts = self.facts
        if facts is None:
            return None
        mark, release_id = facts.milestone(key), facts.release_id
        changes = self.hub.run(lambda plan, **extra: move_milestone(plan, release_id, key, day, **extra),
                               parent=self)
        if changes is None:
            self.canvas.cancel()
            return None
        warnings = move_warnings(mark.label.split(" (")[0].lower(), day, facts.today)
        self._say(f"{changes.summary}. " + " ".join(warnings) + " (Ctrl+Z undoes it.)")
        return changes

    # -- phase ----------------------------------------------------------------------------------------
    def advance_phase(self) -> None:
        """Move to the next phase (entering testing asks to confirm the freeze)."""
        if self.facts is not None and self.facts.next_phase:
            self.set_phase(self.facts.next_phase)

    def set_phase(self, value: str) -> None:
        """Set the phase (one undo step); the service asks to confirm a phase that freezes scope."""
        from cockpit.services.release import set_phase

        facts = self.facts
        if facts is None or value == facts.phase:
            return
        release_id = facts.release_id
        if self.hub.run(lambda plan, **extra: set_phase(plan, release_id, value, **extra), parent=self) is None:
            self.reload()

    # -- check-in -------------------------------------------------------------------------------------
    def _pick_day(self, day: dt.date) -> None:
        self.check_in.set_day(day)

    def commit_pending(self) -> None:
        """Save a check-in still being typed (the main window calls this before undo, close and quit)."""
        self.check_in.commit_pending()
