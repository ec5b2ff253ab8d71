"""Overview: release name, problem statement with the live one-sentence check, dates, phase, counts.

Every edit goes through the hub as one undoable command; the view only shows what the core says:
it reads the hub's snapshot of the cycle (``hub.cycle()``) and shows ``reports.overview.overview``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cockpit.kinds import Lane, Phase
from cockpit.rules.statement import check_statement
from cockpit.text import shown
from ui.fit import FlowLayout, vertical_page, wrapping_row
from ui.keys import describe
from ui.page import grow_with_text
from ui.widgets import FocusOut, ReloadWhenShown, plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.overview import Attention, Overview
    from ui.hub import Hub


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _blocked_detail(facts: Overview) -> str:
    """What the blocked number is made of: open check-in blockers and blocked work."""
    blockers, work = facts.open_blockers, facts.blocked_work
    return (f"{blockers} open blocker{'s' if blockers != 1 else ''} · "
            f"{work} blocked piece{'s' if work != 1 else ''} of work")


class Tile(QFrame):
    """A big number with a caption, readable from the back of the room."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setProperty("class", "tile")
        layout = QVBoxLayout(self)
        self.value = plain_label("", "tileValue")
        self.caption = plain_label(caption, "tileLabel")
        self.detail = plain_label("", "tileLabel")
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)
        layout.addStretch(1)  # the number and its caption at the top, however tall the row of tiles is
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)


class Watch(QObject):
    """Calls back when its widget changes size or type (an event filter)."""

    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._callback()
        return False


class OverviewView(ReloadWhenShown, QWidget):
    """The first screen: what the release is, when it lands, and how it stands."""

    #: emitted once the plan's data is on screen (used by the startup probe)
    populated = Signal()
    #: a "needs attention" line was followed: (the view that fixes it, what to select there)
    navigate = Signal(str, str)
    #: "Run a reset session" (or resume the one under way) was pressed
    run_session = Signal()

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.facts: Overview | None = None
        # One page that scrolls up and down, never sideways: the name has a row of its own, the
        # dates and the phase wrap to the next line, the tiles share the width equally.
        body = QWidget()
        self.page = vertical_page(body)
        view = QVBoxLayout(self)
        view.setContentsMargins(0, 0, 0, 0)
        view.addWidget(self.page)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(24, 16, 24, 24)
        outer.setSpacing(14)

        name_hint = QLabel("Release &name")
        name_hint.setProperty("class", "tileLabel")
        outer.addWidget(name_hint)
        self.name = QLineEdit()
        self.name.setObjectName("releaseName")
        self.name.setAccessibleName("Release name")
        self.name.setPlaceholderText("Release name")
        self.name.editingFinished.connect(self._commit_name)
        name_hint.setBuddy(self.name)
        outer.addWidget(self.name)
        # A name longer than its field (the title's type is large) is also shown whole, wrapped.
        self.name_whole = plain_label("", "heading")
        self.name_whole.setAccessibleName("Release name in full")
        self.name_whole.hide()
        outer.addWidget(self.name_whole)
        self.name.textChanged.connect(self._show_whole_name)
        self._name_watch = Watch(self._show_whole_name)
        self.name.installEventFilter(self._name_watch)
        state_box = QWidget()  # the cycle and the phase move to the next line together when the page is narrow
        state = QHBoxLayout(state_box)
        state.setContentsMargins(0, 0, 0, 0)
        self.cycle = plain_label("", "tileLabel")
        self.cycle.setWordWrap(False)  # "Cycle 2 · scope frozen": short
        state.addWidget(self.cycle)
        state.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        phase_label = QLabel("Ph&ase")
        self.phase = QComboBox()
        self.phase.setAccessibleName("Phase")
        for phase in Phase:
            self.phase.addItem(phase.value.capitalize(), phase.value)
        self.phase.activated.connect(self._commit_phase)
        phase_label.setBuddy(self.phase)
        state.addWidget(phase_label)
        state.addWidget(self.phase)
        state.addStretch(1)
        outer.addWidget(state_box)
        self.session_button = QPushButton("&Run a reset session")
        self.session_button.setToolTip("The half-day reset as six timed steps on the projector, each with the view "
                                       "it needs (Session ▸ Run a Reset Session)")
        self.session_button.clicked.connect(self.run_session.emit)
        self.session_note = plain_label("", "tileLabel")
        outer.addLayout(wrapping_row(self.session_button, self.session_note))

        problem_label = plain_label("The &problem this release fixes, in one sentence", "heading")
        outer.addWidget(problem_label)
        self.problem = QPlainTextEdit()
        self.problem.setAccessibleName("Problem statement")
        self.problem.setTabChangesFocus(True)
        self.problem.setPlaceholderText("A customer on … cannot … without us fixing it by hand.")
        self.problem.textChanged.connect(self._live_check)
        grow_with_text(self.problem, 3, 8)  # a long statement is shown whole (up to eight lines), not scrolled
        self._focus_filter = FocusOut(self.commit_problem)
        self.problem.installEventFilter(self._focus_filter)
        describe(QShortcut(QKeySequence("Ctrl+Return"), self.problem, self.commit_problem),
                 "Save the problem statement")
        problem_label.setBuddy(self.problem)
        outer.addWidget(self.problem)
        self.statement = plain_label()
        outer.addWidget(self.statement)

        dates = FlowLayout(spacing=18)
        self.start = self._date_edit("&Start (Monday of week 1)", dates)
        self.target = self._date_edit("&Target date", dates)
        self.backup = self._date_edit("&Backup date", dates)
        outer.addLayout(dates)
        self.milestones = plain_label("", "tileLabel")
        outer.addWidget(self.milestones)

        tile_host = QWidget()  # a grid on a widget, not a free-standing layout (see ui/plan_rules.py)
        tiles = QGridLayout(tile_host)
        tiles.setContentsMargins(0, 0, 0, 0)
        tiles.setSpacing(12)
        self.tiles = {
            "in": Tile("in the release"), "cut": Tile("cut"), "parked": Tile("parked for next cycle"),
            "fit": Tile("fit against capacity"), "people": Tile("people"), "blockers": Tile("blocked"),
            "unowned": Tile("unfinished work without an owner"), "moves": Tile("finish-line moves"),
        }
        for n, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, n // 4, n % 4)
        for column in range(4):
            tiles.setColumnStretch(column, 1)  # equal tiles: a short caption does not make a narrow one
        outer.addWidget(tile_host)

        warn_title = plain_label("Needs attention", "heading")
        outer.addWidget(warn_title)
        # Each line is a link to the view and the thing that fixes it (Tab reaches the links, Enter follows)
        self.warnings = QLabel()
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Needs attention")
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                              | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.warnings.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.warnings.setProperty("focusable", True)
        self.warnings.linkActivated.connect(self._follow)
        outer.addWidget(self.warnings)
        outer.addStretch(1)

        self._stale = True
        hub.opened.connect(self._plan_opened)
        hub.changed.connect(self._changed)
        hub.recorded.connect(self._session_state)
        self.setEnabled(False)

    def _date_edit(self, caption: str, row: FlowLayout) -> QDateEdit:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        label = QLabel(caption)
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("ddd d MMM yyyy")
        edit.setAccessibleName(caption.replace("&", ""))
        edit.editingFinished.connect(self._commit_dates)
        label.setBuddy(edit)
        column.addWidget(label)
        column.addWidget(edit)
        row.addWidget(box)
        return edit

    # -- showing ------------------------------------------------------------------------------
    def reload(self) -> None:
        from cockpit.reports.overview import overview

        hub = self.hub
        if hub.plan is None or hub.release_id is None:
            self.setEnabled(False)
            return
        self.facts = facts = overview(hub.cycle(), dt.date.today())
        self._stale = False
        self.setEnabled(True)
        # Text the person is still typing is kept; everything else shows the file.
        if not self.name.isModified():
            self.name.setText(facts.name)
        if not self.problem.document().isModified():
            self.problem.blockSignals(True)
            self.problem.setPlainText(facts.problem)
            self.problem.document().setModified(False)
            self.problem.blockSignals(False)
        self._live_check()
        for edit, day in ((self.start, facts.start), (self.target, facts.target), (self.backup, facts.backup)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)
        self.phase.setCurrentIndex(max(0, self.phase.findData(facts.phase)))
        self.cycle.setText(f"Cycle {facts.cycle}" + (" · scope frozen" if facts.frozen else ""))
        self.milestones.setText("   ·   ".join(f"{kind.capitalize()}: {day:%a %d %b}"
                                               for kind, day in facts.milestones))
        lanes = facts.lanes
        in_release = lanes[Lane.IN_RELEASE.value]
        self._tile("in", str(in_release.items), f"{in_release.open_days:g} open days")
        self._tile("cut", str(lanes[Lane.CUT.value].items), "")
        self._tile("parked", str(lanes[Lane.PARKED.value].items), "")
        self._tile("fit", "Fits" if facts.fit.fits else "Too big", facts.fit.message(),
                   "good" if facts.fit.fits else "bad")
        self._tile("people", str(facts.people), "")
        self._tile("blockers", str(facts.blocked), _blocked_detail(facts), "warn" if facts.blocked else "")
        self._tile("unowned", str(facts.unowned), "", "bad" if facts.unowned else "")
        self._tile("moves", str(facts.finish_line_moves), "", "warn" if facts.finish_line_moves else "")
        self.warnings.setText(attention_html(facts.attention))
        self._session_state()
        self.populated.emit()

    def _session_state(self, _changes: object = None) -> None:
        """The session button: run one, or resume the one under way; the last one's line beside it."""
        try:
            cycle = self.hub.cycle()
        except LookupError:
            return
        self.session_button.setEnabled(cycle.is_live)
        if not cycle.sessions:  # most plans at start-up: nothing to load for the line (a few ms)
            self.session_button.setText("&Run a reset session")
            self.session_note.setText("")
            return
        from cockpit.reports.session import brief_line, open_session

        under_way = open_session(cycle)
        self.session_button.setText("&Resume the reset session" if under_way else "&Run a reset session")
        self.session_note.setText(brief_line(cycle) or "")

    def _follow(self, link: str) -> None:
        section, _, target = link.partition("|")
        self.navigate.emit(section, target)

    def first_field(self) -> QWidget | None:
        """Where a reset session's first step starts typing: the one sentence, while it is still empty."""
        return self.problem if not self.problem.toPlainText().strip() else None

    def reveal(self, target: str) -> None:
        """Select what fixes a "needs attention" line here: the dates, or the problem statement."""
        if target == "dates":
            self.target.setFocus()
        elif target == "problem":
            self.problem.setFocus()

    def _show_whole_name(self, _text: str = "") -> None:
        name, text = self.name, shown(self.name.text())  # a name the app accepts is at most 200 characters
        room = name.contentsRect().width() - name.textMargins().left() - name.textMargins().right() - 4
        cut = name.fontMetrics().horizontalAdvance(text) > room
        self.name_whole.setText(text if cut else "")
        self.name_whole.setVisible(cut)

    def _tile(self, key: str, value: str, detail: str, tone: str = "") -> None:
        tile = self.tiles[key]
        tile.value.setText(value)
        tile.detail.setText(detail)
        set_tone(tile.value, f"tileValue {tone}".strip())

    def _live_check(self) -> None:
        # Runs on every keystroke: the threshold comes from the last reload, not from the file.
        max_words = self.facts.statement_max_words if self.facts is not None else 30
        result = check_statement(self.problem.toPlainText(), max_words)
        if result.ok:
            text, tone = f"✓  One sentence, one job ({result.words} words).", "good"
        else:
            text, tone = "⚠  " + "  ".join(result.problems), "warn"
        self.statement.setText(text)
        set_tone(self.statement, tone)

    # -- editing ------------------------------------------------------------------------------
    def commit_pending(self) -> None:
        """Save any text still being typed (called before undo, close and quit)."""
        self._commit_name()
        self.commit_problem()

    def _commit_name(self) -> None:
        from cockpit.services.release import update_release

        facts, text = self.facts, self.name.text()
        self.name.setModified(False)
        if facts is None or text.strip() == facts.name:
            return
        if self.hub.run(lambda plan: update_release(plan, facts.release_id, name=text)) is None:
            self.name.setText(facts.name)

    def commit_problem(self) -> None:
        from cockpit.services.release import update_release

        facts, text = self.facts, self.problem.toPlainText()
        self.problem.document().setModified(False)
        if facts is None or text.strip() == facts.problem:
            return
        self.hub.run(lambda plan: update_release(plan, facts.release_id, problem=text))

    def _commit_phase(self, index: int) -> None:
        from cockpit.services.release import set_phase

        facts, value = self.facts, self.phase.itemData(index)
        if facts is None or value == facts.phase:
            return
        if self.hub.run(lambda plan, **extra: set_phase(plan, facts.release_id, value, **extra), parent=self) is None:
            self.reload()

    def _commit_dates(self) -> None:
        from cockpit.services.release import set_dates

        facts = self.facts
        if facts is None:
            return
        start, target, backup = (_pydate(e.date()) for e in (self.start, self.target, self.backup))
        if (start, target, backup) == (facts.start, facts.target, facts.backup):
            return
        # Moving the target needs a reason: the core says so (NeedsReason) and the hub asks.
        if self.hub.run(lambda plan, **extra: set_dates(plan, facts.release_id, start=start, target=target,
                                                        backup=backup, **extra), parent=self) is None:
            self.reload()


def attention_html(lines: tuple[Attention, ...]) -> str:
    """The "needs attention" lines as links (``section|target``); every text escaped (user names)."""
    import html

    if not lines:
        return html.escape("Nothing: every role has a name.")
    return "<br>".join(f"•&nbsp;&nbsp;<a href=\"{html.escape(line.section)}|{html.escape(line.target)}\">"
                       f"{html.escape(line.text)}</a>" for line in lines)
