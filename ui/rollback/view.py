"""Rollback: triggers, the last stable version kit, the runbook, timed drills and the readiness checklist.

While a drill runs the whole view is its stopwatch (readable on a projector); otherwise the checklist sits
beside four tabs, or above them when the view is too narrow for both side by side (presentation mode's
large type on a 1024 px projector). Every part scrolls up and down, never sideways. Every change is one
command through the hub; the view re-reads the core's report after it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from cockpit import clock
from ui.fit import ArrangedByWidth, vertical_page
from ui.rollback.checklist import ReadinessChecklist
from ui.rollback.drills import DrillsPanel
from ui.rollback.kit import KitPanel
from ui.rollback.runbook import RunbookPanel
from ui.rollback.stopwatch import DrillPanel
from ui.rollback.triggers import TriggersPanel
from ui.widgets import ReloadWhenShown, plain_label

if TYPE_CHECKING:
    from cockpit.reports.rollback import RollbackFacts
    from ui.hub import Hub


#: the least width, in average characters, for the checklist beside the tabs (else it goes above them)
SIDE_BY_SIDE = 110


class RollbackView(ArrangedByWidth, ReloadWhenShown, QStackedWidget):
    """Page 0: checklist and tabs. Page 1: the drill in progress."""

    def __init__(self, hub: Hub, *, wall: Callable[[], dt.datetime] = clock.now,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        """``wall`` and ``monotonic``: the clocks the drill stopwatch reads (tests pass their own)."""
        super().__init__()
        self.hub = hub
        self.facts: RollbackFacts | None = None
        self._stale = True

        self.plan_page = QWidget()
        outer = QVBoxLayout(self.plan_page)
        outer.setContentsMargins(16, 8, 16, 8)
        self.blocking = plain_label("⛔  This release has a database change that blocks rollback: it is NOT "
                                    "READY until the change is reversible (see Kit: the last stable version).",
                                    "bad")
        self.blocking.setObjectName("rollbackBlocking")
        outer.addWidget(self.blocking)
        self.splitter = splitter = QSplitter()
        splitter.setChildrenCollapsible(False)  # a collapsed pane could not be widened again
        self.checklist = ReadinessChecklist()
        splitter.addWidget(vertical_page(self.checklist))
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(False)  # every tab's title in sight: they are short for that
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.triggers = TriggersPanel(hub)
        self.kit = KitPanel(hub)
        self.runbook = RunbookPanel(hub)
        self.drills = DrillsPanel(hub)
        for panel, title, tip in ((self.triggers, "&Triggers", "When the caller says “roll back”"),
                                  (self.kit, "&Kit", "The last stable version: what to restore"),
                                  (self.runbook, "Ru&nbook", "The steps, in order, and who runs each"),
                                  (self.drills, "Dr&ills", "Timed rehearsals, and the stopwatch")):
            self.tabs.addTab(panel, title)
            self.tabs.setTabToolTip(self.tabs.count() - 1, tip)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([2000, 3000])
        outer.addWidget(splitter, 1)
        self.addWidget(self.plan_page)

        self.drill = DrillPanel(wall=wall, monotonic=monotonic)
        self.drill.tick_requested.connect(self._tick)
        self.drill.stop_requested.connect(self._stop)
        self.drill.abandon_requested.connect(self._abandon)
        self.drill.notes_committed.connect(self._notes)
        self.addWidget(self.drill)

        hub.opened.connect(self._plan_opened)
        hub.changed.connect(self._changed)
        hub.closed.connect(self._plan_closed)
        self.setEnabled(False)

    # -- fitting the room -----------------------------------------------------------------------------
    def arrange(self, width: int) -> None:
        """The checklist beside the tabs when ``width`` holds both, else above them."""
        wide = width >= self.fontMetrics().averageCharWidth() * SIDE_BY_SIDE
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)
            self.splitter.setSizes([2000, 3000])  # the stretch factors' share of the new direction

    # -- loading ------------------------------------------------------------------------------------
    def _plan_closed(self) -> None:
        self.facts = None
        self.drill.show_drill(None, (), 15)
        self.setCurrentWidget(self.plan_page)
        self.setEnabled(False)

    def reload(self) -> None:
        from cockpit.reports.rollback import rollback_facts

        try:
            cycle = self.hub.cycle()
        except LookupError:  # no plan open
            self.setEnabled(False)
            return
        self.facts = facts = rollback_facts(cycle)
        self._stale = False
        self.setEnabled(True)
        self.checklist.show_readiness(facts.readiness)
        self.blocking.setVisible(facts.kit.db_change_blocks_rollback)
        for panel in (self.triggers, self.kit, self.runbook, self.drills):
            panel.show_facts(facts)
        was_running = self.currentWidget() is self.drill
        self.drill.show_drill(facts.running, facts.steps, facts.target_minutes)
        if facts.running is not None:
            self.setCurrentWidget(self.drill)
            if not was_running and self.isVisible():
                self.drill.setFocus()  # so Space ticks off the next step at once
        else:
            self.setCurrentWidget(self.plan_page)
            if was_running:
                self.tabs.setCurrentWidget(self.drills)

    def commit_pending(self) -> None:
        """Save text still being typed (the main window calls this before undo and close)."""
        self.kit.commit_pending()
        self.drill.commit_notes()

    # -- the running drill --------------------------------------------------------------------------
    def _tick(self, drill_id: int, step_id: int, text: str, seconds: float) -> None:
        from cockpit.services.rollback import lap_drill

        self.hub.run(lambda plan: lap_drill(plan, drill_id, text, seconds, step_id=step_id))

    def _stop(self, drill_id: int, moment: dt.datetime, notes: str) -> None:
        from cockpit.services.rollback import stop_drill

        self.drill.notes.setModified(False)
        self.hub.run(lambda plan: stop_drill(plan, drill_id, stopped_at=moment, notes=notes))

    def _abandon(self, drill_id: int) -> None:
        from cockpit.services.rollback import delete_drill

        self.hub.run(lambda plan: delete_drill(plan, drill_id))

    def _notes(self, drill_id: int, notes: str) -> None:
        from cockpit.services.rollback import update_drill

        self.hub.run(lambda plan: update_drill(plan, drill_id, notes=notes))
