"""Retrospective: the outcome, patterns rather than culprits, five whys, and the next cycle."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cockpit.kinds import BlockerCategory, Outcome
from cockpit.text import shown
from ui.fit import at_left, elastic, vertical_page, wrapping_row
from ui.fit import form as fit_form
from ui.retro.remediation import RemediationPanel
from ui.retro.worksheet import WorksheetEditor
from ui.sentence import SentenceEdit
from ui.team.lock import reads_only
from ui.widgets import ReloadWhenShown, plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.retro import Retro
    from ui.hub import Hub

CATEGORY_TITLES = {BlockerCategory.FRAGILE_CODE.value: "Fragile code", BlockerCategory.PROCESS_GAP.value:
                   "Process gaps (cut-offs, dropped work)", BlockerCategory.HANDOFF.value:
                   "Handoffs (product, engineering, QA waiting)"}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def refill(box: QListWidget, lines: list[str]) -> None:
    """Show ``lines`` in ``box``; a refresh that changes nothing leaves it alone (its scroll and
    selection stay), and a changed one keeps the line that was selected selected."""
    if [box.item(row).text() for row in range(box.count())] == lines:
        return
    current = box.currentItem().text() if box.currentItem() is not None else None
    box.clear()
    box.addItems(lines)
    if current in lines:
        box.setCurrentRow(lines.index(current))


def _buddy(text: str, field: QWidget) -> QLabel:
    """A form label whose underlined letter goes to ``field`` (a row given as a layout gets none)."""
    label = QLabel(text)
    label.setBuddy(field)
    return label


class RetroView(ReloadWhenShown, QWidget):
    """Everything the retrospective needs on one page that scrolls up and down, never sideways:
    sections one below the other, short group titles with their explanation in wrapping text."""

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.facts: Retro | None = None
        self._stale = True
        body = QWidget()
        self.page = vertical_page(body)
        view = QVBoxLayout(self)
        view.setContentsMargins(0, 0, 0, 0)
        view.addWidget(self.page)
        page = QVBoxLayout(body)
        page.setContentsMargins(24, 12, 24, 24)
        page.setSpacing(12)
        self.title = plain_label("", "heading")
        page.addWidget(self.title)
        self.read_only = plain_label("", "warn")
        page.addWidget(self.read_only)

        outcome = QGroupBox("Outcome of the release")
        form = fit_form(outcome)
        self.outcome = QComboBox()
        self.outcome.setAccessibleName("Outcome")
        for value, text in ((Outcome.SHIPPED.value, "Shipped"), (Outcome.SLIPPED.value, "Slipped (new date)"),
                            (Outcome.ROLLED_BACK.value, "Rolled back")):
            self.outcome.addItem(text, value)
        self.outcome.currentIndexChanged.connect(self._outcome_fields)
        form.addRow(_buddy("&Outcome", self.outcome), at_left(self.outcome))
        self.outcome_date = QDateEdit()
        self.outcome_date.setCalendarPopup(True)
        self.outcome_date.setDisplayFormat("ddd d MMM yyyy")
        self.outcome_date.setAccessibleName("Date of the outcome")
        form.addRow(_buddy("&Date (shipped, new date, or rolled back)", self.outcome_date), at_left(self.outcome_date))
        self.trigger = elastic(QComboBox(), 12)  # a trigger's condition can be long: the whole row is its own
        self.trigger.setAccessibleName("Which trigger fired")
        form.addRow("Which &trigger fired", self.trigger)
        self.restore = QDoubleSpinBox()
        self.restore.setRange(0, 10_000)
        self.restore.setSuffix(" min")
        self.restore.setAccessibleName("Time to restore")
        form.addRow(_buddy("Time to &restore", self.restore), at_left(self.restore))
        self.record = QPushButton("Record outco&me")
        self.record.setAccessibleName("Record outcome")
        self.record.clicked.connect(self._record_outcome)
        form.addRow(wrapping_row(self.record))
        self.outcome_text = plain_label()
        form.addRow(self.outcome_text)
        page.addWidget(outcome)

        blockers = QGroupBox("Blockers from the check-ins")
        grid = QGridLayout(blockers)
        grid.addWidget(plain_label("By kind. ↻ marks a blocker seen more than once: a property of the system, "
                                   "not bad luck.", "tileLabel"), 0, 0, 1, 3)
        self.blocker_lists: dict[str, QListWidget] = {}
        for column, (category, text) in enumerate(CATEGORY_TITLES.items()):
            grid.addWidget(plain_label(text, "tileLabel"), 1, column)
            box = QListWidget()
            box.setAccessibleName(text)
            box.setWordWrap(True)
            box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            grid.addWidget(box, 2, column)
            grid.setColumnStretch(column, 1)
            self.blocker_lists[category] = box
        self.recurring = plain_label("", "warn")
        grid.addWidget(self.recurring, 3, 0, 1, 3)
        page.addWidget(blockers)

        growth = QGroupBox("Scope growth")
        growth_layout = QVBoxLayout(growth)
        growth_layout.addWidget(plain_label("What was added after the plan was set, when, and who asked.",
                                            "tileLabel"))
        self.growth = QListWidget()
        self.growth.setAccessibleName("Scope growth")
        self.growth.setWordWrap(True)
        self.growth.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        growth_layout.addWidget(self.growth)
        page.addWidget(growth)
        history = QGroupBox("Finish-line moves and drills")
        history_layout = QVBoxLayout(history)
        self.moves = plain_label()
        self.drills = plain_label()
        history_layout.addWidget(self.moves)
        history_layout.addWidget(self.drills)
        page.addWidget(history)
        sessions = QGroupBox("The reset session")
        sessions_layout = QVBoxLayout(sessions)
        self.sessions = plain_label()
        self.sessions.setAccessibleName("Reset sessions")
        sessions_layout.addWidget(self.sessions)
        page.addWidget(sessions)

        self.worksheets = WorksheetEditor(hub)
        page.addWidget(self.worksheets)

        answers = QGroupBox("Two sentences for the record")
        answer_form = fit_form(answers)
        self.what_changed = SentenceEdit()
        self.what_changed.setAccessibleName("What changed")
        self.what_changed.setPlaceholderText("One sentence: what we changed in how we work")
        self.what_changed.editingFinished.connect(lambda: self._answer("what changed", self.what_changed))
        answer_form.addRow("What chan&ged", self.what_changed)
        self.why_worked = SentenceEdit()
        self.why_worked.setAccessibleName("Why it worked")
        self.why_worked.setPlaceholderText("One sentence: why it worked (or what we will try instead)")
        self.why_worked.editingFinished.connect(lambda: self._answer("why it worked", self.why_worked))
        answer_form.addRow("&Why it worked", self.why_worked)
        page.addWidget(answers)

        self.remediation = RemediationPanel(hub)
        page.addWidget(self.remediation)

        cycles = QGroupBox("Across cycles")
        cycle_layout = QVBoxLayout(cycles)
        self.cycles = plain_label()
        cycle_layout.addWidget(self.cycles)
        self.next_cycle = QPushButton("Start the &next cycle from this one")
        self.next_cycle.setAccessibleName("Start the next cycle")
        self.next_cycle.setToolTip("People, roles, triggers, runbook and the stable version kit carry over; "
                                   "Parked becomes the new backlog; dates follow the same four-week rhythm.")
        self.next_cycle.clicked.connect(self.start_next_cycle)
        # No underlined letter: every letter of "Track record" is taken in this view (Tab reaches it)
        self.track_record = reads_only(QPushButton("Track record…"))
        self.track_record.setAccessibleName("Track record")
        self.track_record.setToolTip("Every cycle side by side on one page: say/do, dates, churn, rollback, rhythm "
                                     "(also cockpit record)")
        self.track_record.clicked.connect(self.show_track_record)
        cycle_layout.addLayout(wrapping_row(self.track_record, self.next_cycle))
        page.addWidget(cycles)
        page.addStretch(1)
        self._fit_to_font()

        hub.opened.connect(self._plan_opened)
        hub.changed.connect(self._changed)
        hub.recorded.connect(self._changed)  # the reset session's record

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_to_font()  # presentation mode changes the type: the lists' heights follow it

    def _fit_to_font(self) -> None:
        line = self.fontMetrics().lineSpacing()
        for box in self.blocker_lists.values():
            box.setFixedHeight(line * 7)
        self.growth.setFixedHeight(line * 7)
        self.worksheets.fit_to_font(line)

    # -- loading ------------------------------------------------------------------------------
    def _plan_opened(self) -> None:
        self.remediation.clear()  # the note belongs to the cycle it was written for
        super()._plan_opened()

    def reload(self) -> None:
        from cockpit.reader import read_plan
        from cockpit.reports.remediation import draft_remediation
        from cockpit.reports.retro import retro
        from cockpit.reports.session import describe

        hub = self.hub
        if hub.plan is None or hub.release_id is None:
            return
        cycle = hub.cycle()
        # The summary across cycles needs every cycle; the one on screen is the hub's snapshot.
        cycles = [cycle if c.release.id == cycle.release.id else c for c in read_plan(hub.plan.raw)]
        self.facts = facts = retro(cycle, cycles)
        triggers = [(t.id, t.condition) for t in cycle.triggers]
        draft = draft_remediation(cycle, facts)
        self._stale = False
        self.title.setText(f"Retrospective — cycle {facts.cycle}: {shown(facts.name)}")
        self.read_only.setText("" if facts.live else "This cycle is finished and kept for the record: read-only.")
        self.read_only.setVisible(not facts.live)
        self.trigger.clear()
        self.trigger.addItem("—", None)
        for trigger_id, condition in triggers:
            self.trigger.addItem(shown(condition), trigger_id)
        if facts.outcome:
            self.outcome.setCurrentIndex(max(0, self.outcome.findData(facts.outcome)))
        self.outcome_date.setDate(_qdate(facts.outcome_date or min(dt.date.today(), facts.backup)))
        self.restore.setValue(facts.restore_minutes or 0)
        self._outcome_fields()
        self.outcome_text.setText(self._outcome_sentence(facts))
        set_tone(self.outcome_text, "good" if facts.outcome == Outcome.SHIPPED.value else
                 "bad" if facts.outcome else "warn")
        for category, box in self.blocker_lists.items():
            lines = []
            for line in facts.blockers.get(category, ()):
                state = "cleared" if line.cleared_on else "open"
                mark = "↻ " if line.recurring else ""
                lines.append(f"{mark}{line.raised_on:%a %d %b}: {shown(line.text)} — {state}")
            refill(box, lines)
        self.recurring.setText("\n".join(
            f"↻ Seen {len(group)} times: “{shown(group[0].text)}” — fix the system, not the people."
            for group in facts.recurring))
        grown_lines = []
        for grown in facts.growth:
            late = ", late addition" if grown.late else ""
            asked = shown(grown.asked_by or "?")
            grown_lines.append(f"{grown.added_on:%a %d %b}: {shown(grown.title)} (asked by {asked}; "
                               f"now {grown.lane}{late})")
        refill(self.growth, grown_lines or ["Nothing was added after the plan was set."])
        self.moves.setText(f"Finish line moved {len(facts.moves)} time{'s' if len(facts.moves) != 1 else ''}"
                           + "".join(f"\n  {at.astimezone():%a %d %b}: {shown(text)}" for at, text in facts.moves))
        self.drills.setText("Drills (target " + f"{facts.drill_target:g} min): " + (", ".join(
            f"{day:%d %b} {minutes:g} min" for day, minutes in facts.drills) or "none yet"))
        self.sessions.setText("\n\n".join("\n".join(describe(rec)) for rec in facts.sessions)
                              or "No reset session was run in this cycle (Session ▸ Run a Reset Session).")
        self.worksheets.show_sheets(facts, [(p.id, p.name) for p in cycle.people])
        for edit, (_, text) in ((self.what_changed, facts.what_changed), (self.why_worked, facts.why_it_worked)):
            if not edit.isModified():
                edit.setText(text)
        self.cycles.setText("\n".join(
            f"Cycle {c.cycle} — {shown(c.name)}: target {c.target:%d %b}, "
            + (f"{c.outcome} {c.actual:%d %b}" if c.outcome and c.actual else "no outcome yet")
            + f"; {c.late_additions} late additions, {c.finish_line_moves} finish-line moves, {c.blockers} blockers"
            for c in facts.cycles))
        self.next_cycle.setEnabled(facts.live)
        for widget in (self.record, self.what_changed, self.why_worked):
            widget.setEnabled(facts.live)
        self.remediation.show_retro(facts, draft)

    @staticmethod
    def _outcome_sentence(facts: Retro) -> str:
        if facts.outcome is None:
            return "No outcome recorded yet."
        when = f" on {facts.outcome_date:%a %d %b}" if facts.outcome_date else ""
        return f"Recorded: {facts.outcome}{when} (target was {facts.target:%a %d %b})."

    def _outcome_fields(self) -> None:
        rolled = self.outcome.currentData() == Outcome.ROLLED_BACK.value
        self.trigger.setEnabled(rolled)
        self.restore.setEnabled(rolled)

    # -- changes ------------------------------------------------------------------------------
    def _record_outcome(self) -> None:
        from cockpit.services.release import set_outcome

        facts = self.facts
        if facts is None:
            return
        day = self.outcome_date.date()
        outcome = self.outcome.currentData()
        rolled = outcome == Outcome.ROLLED_BACK.value
        trigger = self.trigger.currentData() if rolled else None
        minutes = self.restore.value() if rolled else None
        self.hub.run(lambda plan: set_outcome(plan, facts.release_id, outcome,
                                              dt.date(day.year(), day.month(), day.day()),
                                              trigger_id=trigger, restore_minutes=minutes))

    def _answer(self, kind: str, edit: SentenceEdit) -> None:
        from cockpit.services.review import add_retro_entry, update_retro_entry

        facts = self.facts
        if facts is None or not edit.isModified():
            return
        edit.setModified(False)
        entry_id, current = facts.what_changed if kind == "what changed" else facts.why_it_worked
        text = edit.text().strip()
        if text == current:
            return
        if entry_id is None:
            self.hub.run(lambda plan: add_retro_entry(plan, facts.release_id, kind=kind, problem=text))
        else:
            self.hub.run(lambda plan: update_retro_entry(plan, entry_id, problem=text))

    def show_track_record(self) -> QWidget | None:
        """Retro ▸ Track record: every cycle of the plan on one page (a dialog that exports it)."""
        from ui.record.dialog import show_track_record

        return show_track_record(self, self.hub)

    def start_next_cycle(self) -> None:
        from cockpit.services.cycles import start_next_cycle

        facts = self.facts
        if facts is None:
            return
        changes = self.hub.run(lambda plan: start_next_cycle(plan, facts.release_id))
        if changes is not None:
            self.hub.show_release(changes.result)

    def commit_pending(self) -> None:
        self._answer("what changed", self.what_changed)
        self._answer("why it worked", self.why_worked)
        self.worksheets.commit_pending()
        self.remediation.commit_pending()
