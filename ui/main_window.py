"""The shell: navigation, menus, message bar, status bar, undo stack, presentation mode."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QSettings, QTimer, Signal

# Only what the first frame needs is imported here: PySide creates each class (and its enums) on
# first use, so the menus', navigation's and dialogs' classes are imported where they are built,
# after the window has painted. ``QtCore.Qt`` is reached through the module for the same reason:
# touching the Qt namespace creates its hundred-odd enums (~20 ms), and the first frame needs none.
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from cockpit.text import breakable_path, shown
from ui import style
from ui.file_actions import FileActions
from ui.hub import Hub
from ui.shell import EmptyPage, MessageBar, fit_to_screen

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent, QIcon, QPaintEvent
    from PySide6.QtWidgets import QDialog, QMenu

    from cockpit.services.core import Changes
    from ui.keys import Key
    from ui.session.panel import SessionPanel

APP_TITLE = "Release Cockpit"


def _probe(mark: str) -> None:
    """Startup timing marks for tests/bench (only when COCKPIT_STARTUP_PROBE is set; "exit" also
    closes the window once the plan is visible)."""
    if os.environ.get("COCKPIT_STARTUP_PROBE"):
        print(f"{mark} {time.time():.6f}", file=sys.stderr, flush=True)


class MainWindow(QMainWindow):
    """One window, one plan."""

    plan_shown = Signal()
    #: the window has painted once (queued, so the frame is out before slow work starts)
    first_painted = Signal()

    def __init__(self, *, deferred: bool = False) -> None:
        """``deferred``: paint a bare window first and build menus, navigation and status bar right
        after (the app does this at start-up; everything else gets the whole window at once)."""
        super().__init__()
        from cockpit import paths

        self.hub = Hub(self)
        #: the File menu's handlers (new, open, save a copy, import, brief…)
        self.files = FileActions(self, self.hub, open_path=self.open_path, commit_pending=self.commit_pending)
        self.settings = QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
        self._painted = False
        self._chrome = False
        self.setWindowTitle(APP_TITLE)
        self.setMinimumSize(960, 600)
        screen = QApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        # Fit a 1366×768 laptop (or a projector's 1280×720) on first start; the size is remembered.
        self.resize(min(1280, available.width()) if available else 1280,
                    min(800, available.height()) if available else 800)
        self.empty = EmptyPage((("&New plan…", self.show_start), ("&Open plan…", self.files.open_dialog),
                                ("Open the &example plan", self.files.open_example)))
        self.views: dict[str, QWidget] = {}
        self._restore_geometry()
        if deferred:
            self.setCentralWidget(self.empty)
        else:
            self._build_chrome()

    def _build_chrome(self) -> None:
        """Navigation, the view stack, message bar, status bar and menus."""
        if self._chrome:
            return
        self._chrome = True
        from PySide6.QtWidgets import QComboBox, QSplitter, QStackedWidget

        from ui.chrome import ExampleBanner, NavigationList, PathLabel, WrittenNote
        from ui.models.sections import SectionModel

        self.sections = SectionModel()
        self.nav = NavigationList()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Views")
        self.nav.setModel(self.sections)
        self.nav.fit()
        self.nav.selectionModel().currentChanged.connect(lambda current, _prev: self.show_section(current.row()))

        self.stack = QStackedWidget()
        if self.centralWidget() is self.empty:
            self.takeCentralWidget()
        self.stack.addWidget(self.empty)

        self.message_bar = MessageBar()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 8, 8, 0)
        self.example_banner = ExampleBanner(self.show_start)
        right_layout.addWidget(self.example_banner)
        from ui.team.banner import TeamBanner

        self.team_banner = TeamBanner()
        right_layout.addWidget(self.team_banner)
        right_layout.addWidget(self.message_bar)
        right_layout.addWidget(self.stack, 1)
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)  # a pane dragged to nothing could not be widened again
        self.splitter = splitter
        splitter.addWidget(self.nav)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)

        self.path_label = PathLabel()
        self.saved_label = QLabel()
        self.cycle_box = QComboBox()
        self.cycle_box.setAccessibleName("Cycle")
        self.cycle_box.setToolTip("Earlier cycles stay in the file, read-only")
        self.cycle_box.activated.connect(self._show_cycle)
        self.written_note = WrittenNote()
        self.hub.written.connect(self.written_note.show_written)
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addWidget(self.written_note)
        self.statusBar().addPermanentWidget(self.cycle_box)
        self.statusBar().addPermanentWidget(self.saved_label)

        self.hub.problem.connect(self.message_bar.show_message)
        self.hub.changed.connect(self._after_change)
        self.hub.opened.connect(self._after_open)
        self.hub.closing.connect(self._before_close)
        self.hub.closed.connect(self._after_close)
        from ui.team.actions import TeamActions

        #: team plans: opening and publishing them, the live link, and the read-only banner and lock
        self.team = TeamActions(self, self.hub, self.team_banner, commit_pending=self.commit_pending,
                                views=self._editable_views, editing=[],
                                say=lambda text: self.statusBar().showMessage(text, 15000),
                                shown=self._team_plan_shown)
        self.stack.currentChanged.connect(self.team.relock_soon)
        self.team.link.state_changed.connect(lambda: self._update_status(title=False))
        self._build_menus()
        self.team.editing = [self.import_action, self.rules_action, self.run_session_action]
        self._set_nav_enabled(False)
        if self.settings.value("presentation", False, type=bool):
            self.set_presentation(True)

    # -- menus ----------------------------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(text, self)
        if isinstance(shortcut, tuple):  # several keys: the first is the one menus show
            action.setShortcuts([QKeySequence(keys) for keys in shortcut])
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        from PySide6.QtGui import QKeySequence

        from ui.keys import REDO, UNDO
        from ui.models.sections import SECTIONS

        bar = self.menuBar()
        files = self.files
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&New Plan…", self.show_start, "Ctrl+N",
                     "Create a new plan file with one release on the four-week rhythm")
        self._action(file_menu, "&Open…", files.open_dialog, "Ctrl+O")
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file_menu, "Open the &Example Plan", files.open_example)
        # Alt+F, T opens it (the menu bar's File, then its underlined letter)
        self._action(file_menu, "Open &Team Plan…", self.team.open_dialog,
                     tip="A plan on a PostgreSQL server that the whole team works on at once")
        file_menu.addSeparator()
        self.import_action = self._action(file_menu, "&Import a Backlog…", files.import_backlog, "Ctrl+I",
                                          "Jira, Linear, GitHub or Trello exports, or any CSV")
        self.copy_action = self._action(file_menu, "Save a &Copy…", files.save_copy, "Ctrl+Shift+S",
                                        "Write a verified copy of this plan (to mail or put on a USB stick)")
        self.team.publish_action = self._action(
            file_menu, "P&ublish to a Team Plan…", self.team.publish_dialog,
            tip="Make a new team plan on a PostgreSQL server from this file (the file stays as it is)")
        self.team.publish_action.setEnabled(False)
        self.close_action = self._action(file_menu, "&Close Plan", files.close_plan, "Ctrl+W")
        self.calendar_action = self._action(file_menu, "Export &Calendar (.ics)…", files.export_calendar,
                                            tip="The milestones as calendar events for every owner")
        file_menu.addSeparator()
        self.brief_actions = [
            self._action(file_menu, "Print Pre&view…", lambda: files.brief("print_preview"),
                         tip="The one-page release brief, as it will print"),
            self._action(file_menu, "&Print the Brief…", lambda: files.brief("print_brief"), "Ctrl+P"),
            self._action(file_menu, "Export the Brief as P&DF…", lambda: files.brief("export_pdf")),
            self._action(file_menu, "Export the Brief as &Markdown…", lambda: files.brief("export_markdown"),
                         tip="For mail and chat"),
        ]
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, "Ctrl+Q")

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.hub.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence(UNDO))
        self.redo_action = self.hub.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence(keys) for keys in REDO])
        self.undo_action.triggered.disconnect()
        self.undo_action.triggered.connect(self.undo)
        self.redo_action.triggered.disconnect()
        self.redo_action.triggered.connect(self.redo)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.rules_action = self._action(edit_menu, "Plan &Rules…", files.edit_plan_rules, "Ctrl+,",
                                         "The numbers behind the warnings: word limit, drill target, check-in "
                                         "length…")

        view_menu = bar.addMenu("&View")
        self.presentation_action = self._action(view_menu, "&Presentation Mode", self.set_presentation, "F5",
                                                "Larger type and higher contrast for a projector")
        self.presentation_action.setCheckable(True)
        view_menu.addSeparator()
        self.section_actions = []
        for row, section in enumerate(SECTIONS):
            action = self._action(view_menu, section.title, lambda _=False, r=row: self.go_to(r), f"Ctrl+{row + 1}")
            self.section_actions.append(action)

        # No underlined letter: every letter of "Session" is a mnemonic in some view (tests/ui/test_keys.py);
        # Its entries have keys of their own, or a button on the session panel (Tab reaches them).
        session_menu = bar.addMenu("Session")
        self.run_session_action = self._action(
            session_menu, "&Run a Reset Session", self.run_session, "Ctrl+Shift+R",
            tip="The half-day reset as six timed steps on the projector, each with the view it needs; resumes "
            "the session under way")
        session_menu.addSeparator()
        from ui.session import BACK, NEXT, PARK

        self.session_actions = [
            self._action(session_menu, "&Next Step", lambda: self._in_session(lambda p: p.step_by(1)), NEXT),
            self._action(session_menu, "&Previous Step", lambda: self._in_session(lambda p: p.step_by(-1)), BACK),
            self._action(session_menu, "Pause or Resume the &Clock",
                         lambda: self._in_session(lambda p: p.toggle_pause()), "Ctrl+Shift+Space",
                         "A break: the time so far is saved"),
            self._action(session_menu, "Park a &Topic…", lambda: self._in_session(lambda p: p.park_topic()), PARK,
                         "Jot a topic that came up and is not for now; it waits on the Close step"),
            self._action(session_menu, "&Leave the Session", lambda: self._in_session(lambda p: p.leave_session()),
                         tip="Use the app freely; the clock pauses and the session stays open"),
            self._action(session_menu, "&End the Session", lambda: self._in_session(lambda p: p.end_session()),
                         tip="Record it: the retrospective shows it, the brief carries one line"),
        ]
        for action in self.session_actions:
            action.setEnabled(False)

        help_menu = bar.addMenu("&Help")
        self.keys_action = self._action(help_menu, "&Keyboard Shortcuts", self.show_keys, "F1",
                                        "Every key, grouped by view, with a search field (also ? outside text fields)")
        self._action(help_menu, "&Session Guide", self.show_guide,
                     tip="The four moves of a reset session, with the view and the keys for each")
        self._action(help_menu, "Open the &Example Plan", files.open_example)
        self._action(help_menu, "&Copy Diagnostics", self.copy_diagnostics,
                     tip="Versions, platform and plan format for a bug report: nothing personal")
        help_menu.addSeparator()
        self._action(help_menu, "&About Release Cockpit", self._about)
        from PySide6.QtGui import QShortcut

        from ui.keys import describe

        # ? opens the key map too; a text field takes the key as a character (it claims printable keys first)
        describe(QShortcut(QKeySequence("?"), self, self.show_keys), "Keyboard shortcuts (outside text fields)")

    # -- plan lifecycle -------------------------------------------------------------------------
    def open_path(self, path: Path, *, create: bool = False, example: bool = False, name: str | None = None) -> bool:
        """Open (or create) a plan and show it. Problems appear in the message bar."""
        from cockpit import paths, recent
        from cockpit.errors import CockpitError, NeedsRecovery
        from cockpit.store import open_plan

        self.commit_pending()
        # The services load in the background while SQLite checks the file (it releases the GIL).
        self.hub.prepare_writes()
        backups = paths.backup_dir()
        try:
            if create:
                from cockpit import example as example_plan

                if path.parent == paths.data_dir():
                    paths.private_dir(path.parent)
                else:
                    path.parent.mkdir(parents=True, exist_ok=True)
                if example:
                    plan = example_plan.create_example(path, backup_dir=backups)
                else:
                    plan = example_plan.new_empty(path, backup_dir=backups, name=name or "New release")
            else:
                try:
                    plan = open_plan(path, backup_dir=backups)
                except NeedsRecovery as exc:
                    if not self.hub.confirm(self, f"{exc.why}\n\nRecover it now? The file as it was is kept "
                                                  "beside it under a new name."):
                        self.message_bar.show_message(f"{path.name} was not opened and not changed. {exc.why}")
                        self.empty.set_opening(False)
                        return False
                    plan = open_plan(path, backup_dir=backups, recover=True)
        except CockpitError as exc:
            self.message_bar.show_message(str(exc))
            self.empty.set_opening(False)
            return False
        except OSError as exc:
            self.message_bar.show_message(f"{path}: {exc.strerror or exc}")
            self.empty.set_opening(False)
            return False
        self.hub.detach()
        self.hub.attach(plan)
        # The example says so, with a way to start one's own (the first run's plan is the example)
        self.example_banner.setVisible(example or plan.path == paths.default_plan_path())
        try:
            recent.remember(plan.path)
        except OSError:
            pass  # a read-only config folder must not stop the session
        self.message_bar.hide()
        if plan.backup_problem:
            self.message_bar.show_message(plan.backup_problem)
        if plan.recovered_from is not None:
            self.message_bar.show_message(f"{plan.path.name} was recovered. The file as it was is kept beside it as "
                                          f"{plan.recovered_from.name}.")
        if getattr(plan, "upgraded_from", None):
            self.message_bar.show_message(
                f"{plan.path.name} was upgraded from file format {plan.upgraded_from} to {plan.format}. Older "
                "versions of Release Cockpit cannot open it any more; the file as it was is kept in the backups "
                "folder. Colleagues on an older version: send them a copy once they have updated.")
        return True

    def open_after_peek(self, path: Path, *, create: bool = False) -> None:
        """At start-up: show the plan's headline from a plain-sqlite3 peek at once, then open it fully."""
        if not create:
            from cockpit.peek import peek

            found = peek(path)
            if found is not None:
                self.empty.show_peek(found)
                self.empty.repaint()
                _probe("plan-visible")
                self._peeked = True
        def open_it() -> None:
            if self.open_path(path, create=create, example=create) and create:
                self.show_start()  # the first run: the example is open behind the start page

        QTimer.singleShot(0, open_it)

    def show_start(self) -> QDialog:
        """The start page: a new plan (its name, where it goes), the example, or a recent plan."""
        from cockpit import paths, recent
        from ui.start import StartDialog

        def start(name: str, path: Path) -> str | None:
            if not self.open_path(path, create=True, name=name):
                return self.message_bar.text() or f"{path.name} could not be started."
            from ui.overview.view import OverviewView

            self.go_to(0)
            overview = self.views["overview"]
            if isinstance(overview, OverviewView):
                overview.problem.setFocus()  # the next thing to write: the one sentence
            return None

        def open_recent(path: Path) -> str | None:
            return None if self.open_path(path) else self.message_bar.text() or f"{path.name} could not be opened."

        def example() -> None:
            if not self.example_banner.isVisible():
                self.files.open_example()

        def guided(name: str, path: Path) -> str | None:
            if not self.open_path(path, create=True, name=name):
                return self.message_bar.text() or f"{path.name} could not be started."
            self.run_session()
            return None

        dialog = StartDialog(self, folder=paths.data_dir(), recent=[p for p in recent.recent() if p.exists()],
                             start=start, example=example, open_recent=open_recent, guided=guided)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.start_dialog = dialog
        return dialog

    #: section key → "module:Class" of its view; each view is built the first time it is shown
    VIEW_CLASSES: ClassVar[dict[str, str]] = {
        "scope": "ui.board.view:BoardView", "owners": "ui.owners.view:OwnersView",
        "timeline": "ui.timeline.view:TimelineView", "rollback": "ui.rollback.view:RollbackView",
        "gonogo": "ui.gonogo.view:GoNoGoView", "retro": "ui.retro.view:RetroView",
    }

    def _ensure_views(self) -> None:
        """The Overview now; every other view when first shown (building all of them costs ~0.5 s)."""
        if self.views:
            return
        from ui.overview.view import OverviewView

        overview = OverviewView(self.hub)
        overview.populated.connect(self._on_populated)
        overview.navigate.connect(self.reveal)
        overview.run_session.connect(self.run_session)
        self.views["overview"] = overview
        self.stack.addWidget(overview)
        if self.hub.plan is not None:
            overview.reload()

    def view(self, key: str) -> QWidget:
        """The view of a section, built on first use (it reads the plan when shown)."""
        found = self.views.get(key)
        if found is None:
            import importlib

            module, name = self.VIEW_CLASSES[key].split(":")
            found = getattr(importlib.import_module(module), name)(self.hub)
            if key == "gonogo":
                found.navigate.connect(lambda target: self.go_to(self.sections.row_of(target)))
            self.views[key] = found
            self.stack.addWidget(found)
        return found

    def reveal(self, section: str, target: str = "") -> None:
        """Show the view of ``section`` and select ``target`` there (a "needs attention" line followed)."""
        self.go_to(self.sections.row_of(section))
        view = self.views.get(section)
        reveal = getattr(view, "reveal", None)
        if target and reveal is not None:
            reveal(target)

    def _after_open(self) -> None:
        self._ensure_views()
        self._set_nav_enabled(True)
        current = self.nav.currentIndex().row()
        self.go_to(current if current > 0 and self.stack.currentWidget() is not self.empty else 0)
        self._update_status()
        self._fill_cycles()
        self._show_session_under_way()

    # -- the reset session --------------------------------------------------------------------------
    def session_panel(self) -> SessionPanel:
        """The panel that runs the reset session (built on first use)."""
        panel = getattr(self, "_session_panel", None)
        if panel is None:
            from ui.session.panel import SessionHost, SessionPanel

            host = SessionHost(show_section=self._show_step, reveal=self.reveal,
                               commit_pending=self.commit_pending,
                               export_brief=lambda: self.files.brief("export_pdf"))
            panel = SessionPanel(self.hub, host)
            panel.left.connect(lambda: self._show_session(False))
            panel.hide()
            self.splitter.insertWidget(0, panel)
            self._session_panel = panel
        return panel

    def _show_step(self, key: str) -> None:
        """A session step's view, with the focus where the room starts typing in it (if the view says)."""
        self.go_to(self.sections.row_of(key))
        first = getattr(self.views.get(key), "first_field", None)
        field = first() if first is not None else None
        if field is not None:
            field.setFocus()

    def _show_session(self, on: bool) -> None:
        """The session panel in the navigation's place (its agenda is the navigation while it runs)."""
        panel = self.session_panel()
        panel.setVisible(on)
        if not on:
            panel.ticker.stop()
        self.nav.setVisible(not on)
        for action in self.session_actions:
            action.setEnabled(on)
        self.run_session_action.setText("&Run a Reset Session")

    def run_session(self) -> bool:
        """Session ▸ Run a Reset Session: start one, or resume the one under way, on its step."""
        if self.hub.plan is None:
            self.message_bar.show_message("Open or start a plan first: the session fills it in.")
            return False
        self.commit_pending()
        panel = self.session_panel()
        if not panel.start():
            return False
        self._show_session(True)
        return True

    def _in_session(self, act: Callable[[SessionPanel], object]) -> None:
        panel = getattr(self, "_session_panel", None)
        if panel is not None and panel.isVisible():
            act(panel)

    def _show_session_under_way(self) -> None:
        """A plan opened with a session under way (a crash, a break, another laptop): show it paused."""
        try:
            under_way = self.hub.is_live() and any(s.ended_at is None for s in self.hub.cycle().sessions)
        except LookupError:
            under_way = False
        if not under_way:
            if getattr(self, "_session_panel", None) is not None:
                self._show_session(False)
            return
        if self.session_panel().show_paused():
            self._show_session(True)

    def _before_close(self) -> None:
        panel = getattr(self, "_session_panel", None)
        if panel is not None:
            panel.pause_for_close()
            panel.forget()
            self._show_session(False)

    def _after_close(self) -> None:
        self.empty.set_opening(False)
        self.stack.setCurrentWidget(self.empty)
        self._set_nav_enabled(False)
        self.setWindowTitle(APP_TITLE)
        self.path_label.setText("")
        self.path_label.setAccessibleName("")
        self.saved_label.setText("")
        self.example_banner.hide()

    def _after_change(self, changes: Changes) -> None:
        elsewhere = not changes.rows  # another window's change: anything may have changed
        self._update_status(title=elsewhere or "release" in changes.tables)
        if elsewhere or "release" in changes.tables:
            self._fill_cycles()

    def _fill_recent(self) -> None:
        self.files.fill_recent(self.recent_menu)
        self.team.fill_recent(self.recent_menu)

    def _editable_views(self) -> list[QWidget]:
        """The widgets whose controls can change the plan: every view built so far, and the session panel."""
        found: list[QWidget] = list(self.views.values())
        panel = getattr(self, "_session_panel", None)
        if panel is not None:
            found.append(panel)
        return found

    def _team_plan_shown(self) -> None:
        """A team plan is on screen: what was said about the plan before goes (as after opening a file)."""
        self.message_bar.hide()
        self.example_banner.hide()

    def open_team_later(self, text: str) -> None:
        """At start-up (``cockpit open URI``): open the team plan once the window is on screen."""
        def open_it() -> None:
            problem = self.team.open_team(text)
            if problem is not None:
                self.empty.set_opening(False)
                self.message_bar.show_message(problem)

        QTimer.singleShot(0, open_it)

    def _fill_cycles(self) -> None:
        """The cycle switcher: every cycle in the file, the newest marked live."""
        self.cycle_box.clear()
        if self.hub.plan is None:
            self.cycle_box.hide()
            return
        try:
            cycles = self.hub.cycle().cycles
        except LookupError:  # a plan with no release in it
            cycles = ()
        for n, release in enumerate(cycles):
            live = n == len(cycles) - 1
            # Short in the status bar (a projector's 1024 px has room for little beside the path); the name
            # is in the window's title and in the entry's tooltip.
            self.cycle_box.addItem(f"Cycle {release.cycle}" + ("" if live else " (read-only)"), release.id)
            self.cycle_box.setItemData(n, shown(release.name), QtCore.Qt.ItemDataRole.ToolTipRole)
        self.cycle_box.setCurrentIndex(max(0, self.cycle_box.findData(self.hub.release_id)))
        self.cycle_box.setVisible(len(cycles) > 1)

    def _on_populated(self) -> None:
        if not getattr(self, "_shown_once", False):
            self._shown_once = True
            QTimer.singleShot(0, self._announce_shown)

    def _announce_shown(self) -> None:
        if not getattr(self, "_peeked", False):
            _probe("plan-visible")
        _probe("plan-ready")
        self.plan_shown.emit()
        if os.environ.get("COCKPIT_STARTUP_PROBE") == "exit":
            QTimer.singleShot(0, self._close_when_writable)

    def _close_when_writable(self) -> None:
        """Start-up benchmark: mark when the first edit would run at once, then quit."""
        self.hub.wait_for_writes()
        _probe("write-ready")
        self.close()

    def _set_nav_enabled(self, enabled: bool) -> None:
        from ui.models.sections import SECTIONS

        self.nav.setEnabled(enabled)
        for action, section in zip(self.section_actions, SECTIONS, strict=True):
            action.setEnabled(enabled and section.available)
        self.copy_action.setEnabled(enabled)
        self.close_action.setEnabled(enabled)
        self.calendar_action.setEnabled(enabled)
        self.import_action.setEnabled(enabled)
        self.rules_action.setEnabled(enabled)
        for action in self.brief_actions:
            action.setEnabled(enabled)

    def _update_status(self, *, title: bool = True) -> None:
        plan = self.hub.plan
        if plan is None:
            return
        if title:
            try:
                name = self.hub.cycle().release.name
            except LookupError:  # a plan with no release in it
                name = plan.path.stem
            self.setWindowTitle(f"{shown(name)} — {plan.path.name} — {APP_TITLE}")
            where = getattr(plan, "address", None)
            if where is not None:  # a team plan: where it lives on the server (never a password)
                self.path_label.setText(f"Team plan {plan.path.name} · {where.shown}")
                self.path_label.setAccessibleName(f"Team plan {where.shown}")
            else:
                self.path_label.setText(breakable_path(plan.path))
                self.path_label.setAccessibleName(str(plan.path))
        if self.team.reason() is not None:  # a read-only role, or the server is lost: the banner says which
            self.saved_label.setText("Read-only")
        elif plan.last_saved_at is None:
            self.saved_label.setText("Every change is saved as you make it")
        else:
            self.saved_label.setText(f"All changes saved · {plan.last_saved_at.astimezone():%H:%M:%S}")

    # -- navigation -----------------------------------------------------------------------------
    def go_to(self, row: int) -> None:
        if not self.sections.flags(self.sections.index(row)) & QtCore.Qt.ItemFlag.ItemIsEnabled:
            return
        self.nav.setCurrentIndex(self.sections.index(row))
        self.show_section(row)

    def show_section(self, row: int) -> None:
        if row < 0 or self.hub.plan is None:
            return
        key = self.sections.section(row).key
        self._ensure_views()
        self.stack.setCurrentWidget(self.view(key))

    # -- actions --------------------------------------------------------------------------------
    def commit_pending(self) -> None:
        for view in self.views.values():
            commit = getattr(view, "commit_pending", None)
            if commit is not None and self.hub.plan is not None:
                commit()

    def undo(self) -> None:
        self.commit_pending()
        if self.hub.read_only_reason:
            self.message_bar.show_message(f"{self.hub.read_only_reason} Nothing was undone.")
            return
        self.hub.undo_stack.undo()

    def redo(self) -> None:
        self.commit_pending()
        if self.hub.read_only_reason:
            self.message_bar.show_message(f"{self.hub.read_only_reason} Nothing was redone.")
            return
        self.hub.undo_stack.redo()

    def _show_cycle(self, index: int) -> None:
        self.commit_pending()  # text being typed belongs to the cycle it was typed in
        self._before_close()  # the session's clock is saved and paused; another cycle is shown
        self.hub.show_release(self.cycle_box.itemData(index))

    def set_presentation(self, on: bool) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        style.apply(app, presentation=on)
        self.presentation_action.setChecked(on)
        self.settings.setValue("presentation", on)

    def key_map(self) -> list[Key]:
        """Every key of the window and of every view (all views are built for it)."""
        from ui.keys import key_map

        self._ensure_views_if_open()
        return key_map(self, self.menuBar(), self.views)

    def show_keys(self) -> QDialog:
        """The key map overlay (F1, or ? outside text fields); Esc closes it."""
        from ui.keys import KeyMapOverlay

        overlay = KeyMapOverlay(self, self.key_map())
        overlay.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        overlay.show()
        overlay.search.setFocus()
        self.key_overlay = overlay
        return overlay

    def show_guide(self) -> QDialog:
        from ui.help import show_guide

        return show_guide(self, self.key_map(), [a.shortcut().toString() for a in self.section_actions])

    def copy_diagnostics(self) -> str:
        from PySide6.QtGui import QGuiApplication

        from ui.help import diagnostics

        text = diagnostics(self.screen(), self.presentation_action.isChecked(), self.hub.plan)
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage("Diagnostics copied: versions, platform and plan format, nothing personal.", 8000)
        return text

    def _ensure_views_if_open(self) -> None:
        """Every view's keys exist only once the view does: build them all for the key map."""
        if self.hub.plan is None:
            return
        from ui.models.sections import SECTIONS

        self._ensure_views()
        for section in SECTIONS:
            self.view(section.key)

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from cockpit import __version__

        QMessageBox.about(self, APP_TITLE, f"Release Cockpit {__version__}\n\nCut scope, name owners, "
                          "rehearse rollback, plan four weeks, print one page. Works offline; "
                          "every change is saved in the plan file as you make it.")

    # -- window state ---------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        # A size remembered on a large monitor must not overflow the projector's 1024×768 next time.
        screen = self.screen()
        if screen is not None and not (self.isMaximized() or self.isFullScreen()):
            fitted = fit_to_screen(self.geometry(), screen.availableGeometry())
            if fitted != self.geometry():
                self.setGeometry(fitted)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            _probe("first-paint")
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        self._build_chrome()
        self.first_painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.commit_pending()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.sync()
        self.hub.detach()
        event.accept()


def window_icon() -> QIcon:
    from PySide6.QtGui import QIcon

    from cockpit.paths import resource

    return QIcon(str(resource("icons/cockpit.svg")))
