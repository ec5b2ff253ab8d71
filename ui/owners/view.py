"""Owners: people, release roles and the ownership matrix — one name on every decision and every task.

Every change is one command through the hub (one undo step). After an owner changes, the
view patches its rows from the change's own snapshots, so assigning on a thousand-row
plan repaints without reading the plan again.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cockpit.kinds import TaskArea
from cockpit.reports.owners import Ownership, WorkRow, row_order, work_row
from cockpit.text import shown
from ui.fit import FlowLayout, elastic, vertical_page
from ui.keys import describe
from ui.models.owners import COLUMN_ORDERS, FILTERS, FIXED_COLUMNS, SORTS, OwnerMatrixModel
from ui.owners.checkin import MEETING_SECONDS, CheckInPanel
from ui.owners.matrix import MatrixTable
from ui.owners.page import OwnersPage, WideLineEdit, combo_of, days_spin, group
from ui.owners.people import PeopleActions
from ui.owners.roles import RolesPanel
from ui.team.lock import reads_only
from ui.widgets import ReloadWhenShown, plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.services.core import Changes
    from ui.hub import Hub

#: the tables whose changes the view patches from snapshots alone
_PATCHABLE = frozenset({"scope_item", "release_task", "change_log"})
_KINDS = {"scope_item": "item", "release_task": "task"}
MAX_WARNINGS = 5


class Spot(NamedTuple):
    """The focused cell, by what it shows (rows and columns move when the plan changes)."""

    key: tuple[str, int] | None  # the work's (kind, id)
    person_id: int | None  # the person's column, or None for the Owner and Days columns
    row: int
    column: int


class OwnersView(ReloadWhenShown, PeopleActions, OwnersPage, QWidget):
    """People, roles, the matrix and the ownership check-in, on one page that scrolls up and down.

    From the top: adding people, the roles (every combo box as wide as the longest name), the warnings (or
    the check-in while it runs), the matrix's filters, the matrix, as high as the screen so its rows scroll
    under the names' header (``ui.owners.matrix``), then adding a release-path task. Nothing scrolls
    sideways; a control reached by its Alt+letter is scrolled into view.
    """

    def __init__(self, hub: Hub, *, clock: Callable[[], float] = time.monotonic,
                 meeting_seconds: float | None = None) -> None:
        super().__init__()
        self.hub = hub
        self.today: dt.date | None = None  # None: the real today (tests pin it)
        self._stale = True
        self._still = False  # restoring the focused cell after a refresh: nothing scrolls
        self.body = QWidget()
        self._outer = outer = QVBoxLayout(self.body)
        self.page = vertical_page(self.body, follow=False)  # OwnersPage follows the focus (the matrix's cell)
        self.page.setAccessibleName("Owners page")
        # Always shown: its width never comes and goes, so the matrix's columns never re-plan for it.
        self.page.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

        add_label = QLabel("Add &person")
        self.person_name = WideLineEdit(28)
        self.person_name.setPlaceholderText("One person's name, then Enter (never a team)")
        self.person_name.setAccessibleName("New person's name")
        self.person_name.returnPressed.connect(self.add_person)
        add_label.setBuddy(self.person_name)
        self.person_days = days_spin(5.0, 7.0, " days a week")
        # Enter in any field of a small form submits it (the days as well as the name)
        self.person_days.lineEdit().returnPressed.connect(self.add_person)
        self.person_days.setAccessibleName("New person's weekly capacity")
        add = QPushButton("Add")
        add.clicked.connect(self.add_person)
        labels = QPushButton("Team la&bels…")
        labels.setToolTip("Names refused as owners: teams, functions, placeholders (a setting of this plan)")
        labels.clicked.connect(self.edit_team_labels)
        self.check_in_button = QPushButton("Ownership chec&k-in (F6)")
        self.check_in_button.setCheckable(True)
        self.check_in_button.setToolTip("Walk the room through who owns what, with a 15-minute clock")
        self.check_in_button.toggled.connect(self.set_check_in)
        people = FlowLayout()
        for widget in (group(add_label, self.person_name, self.person_days, add), labels, self.check_in_button):
            people.addWidget(widget)
        outer.addLayout(people)

        self.model = OwnerMatrixModel(self)
        self.roles = RolesPanel(hub, lambda: self.model.report)
        outer.addWidget(self.roles)
        self.warnings = plain_label("", "warn")
        outer.addWidget(self.warnings)
        # None: the plan's checkin_minutes (tests pin a length)
        self._meeting_seconds = meeting_seconds
        self.check_in = CheckInPanel(clock=clock, duration=meeting_seconds or MEETING_SECONDS)
        self.check_in.finished.connect(lambda: self.check_in_button.setChecked(False))
        self.check_in.hide()
        #: where the check-in shows (in place of the warnings, which it answers)
        self.check_in_area = self.check_in
        outer.addWidget(self.check_in)

        #: the filters and the summary just above the matrix (scrolled into view with it)
        self.matrix_tools = QWidget()
        above = QVBoxLayout(self.matrix_tools)
        above.setContentsMargins(0, 0, 0, 0)
        tools = FlowLayout()
        self.filter = combo_of(FILTERS, "Filter the rows")
        self.filter_person = elastic(QComboBox(), 12)
        self.filter_person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter_person.setAccessibleName("Person to filter by")
        self.sort = combo_of(SORTS, "Order of the rows")
        self.columns = combo_of(COLUMN_ORDERS, "Order of the people")
        for how_shown in (self.filter, self.filter_person, self.sort, self.columns):
            reads_only(how_shown)  # what is shown and in which order: no change to the plan
        for text, combo in (("Fi&lter", self.filter), ("S&ort", self.sort), ("Colu&mns", self.columns)):
            label = QLabel(text)
            label.setBuddy(combo)
            tools.addWidget(group(label, combo))
            if combo is self.filter:
                tools.addWidget(self.filter_person)
        for combo in (self.filter, self.filter_person, self.sort, self.columns):
            combo.activated.connect(self._view_options)
        self.filter_person.hide()
        above.addLayout(tools)
        self.table = MatrixTable(self.model)
        work_label = plain_label("Open &work: click a person's cell (or Space) to make them the one owner")
        work_label.setTextFormat(Qt.TextFormat.AutoText)  # its mnemonic (Alt+W) goes to the matrix
        work_label.setBuddy(self.table)
        self.summary = plain_label("", "tileLabel")
        #: the check-in's clock, beside the matrix while the check-in runs
        self.clock_label = plain_label("", "tileLabel")
        self.clock_label.setAccessibleName("Time left in the check-in")
        self.clock_label.hide()
        self.check_in.ticked.connect(self._clock_ticked)
        line = QHBoxLayout()
        line.addWidget(work_label, 3)
        summary = QVBoxLayout()
        summary.addWidget(self.summary)
        summary.addWidget(self.clock_label)
        line.addLayout(summary, 2)
        above.addLayout(line)
        outer.addWidget(self.matrix_tools)

        self.table.clicked.connect(self._clicked)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._header_menu)
        self.table.horizontalHeader().sectionDoubleClicked.connect(
            lambda column: self._person_action(self.rename_person, column))
        self.table.fitted.connect(self._fit_matrix_height)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._reveal_current())
        self._add_actions()
        outer.addWidget(self.table)

        task_label = QLabel("Add a release-path &task")
        self.task_title = WideLineEdit(36)
        self.task_title.setPlaceholderText("Code, test data, deploy steps, approvals, rollback … then Enter")
        self.task_title.setAccessibleName("New release-path task")
        self.task_title.returnPressed.connect(self.add_task)
        task_label.setBuddy(self.task_title)
        area_label = QLabel("A&rea")
        self.task_area = combo_of({a.value: a.value.capitalize() for a in TaskArea}, "Area of the release path")
        area_label.setBuddy(self.task_area)
        days_label = QLabel("Da&ys")
        self.task_days = days_spin(1.0, 1000.0, "")
        self.task_days.lineEdit().returnPressed.connect(self.add_task)
        self.task_days.setAccessibleName("Estimate in person-days")
        days_label.setBuddy(self.task_days)
        add_task = QPushButton("Add task")
        add_task.clicked.connect(self.add_task)
        tasks = FlowLayout()
        for widget in (group(task_label, self.task_title), group(area_label, self.task_area),
                       group(days_label, self.task_days), add_task):
            tasks.addWidget(widget)

        outer.addLayout(tasks)

        self.page.viewport().installEventFilter(self)
        self.matrix_tools.installEventFilter(self)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.page)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

        shortcut = describe(QShortcut(QKeySequence("F6"), self, self.check_in_button.toggle),
                            "Start or end the ownership check-in")
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape = describe(QShortcut(QKeySequence(Qt.Key.Key_Escape), self,
                                    lambda: self.check_in_button.setChecked(False)), "End the ownership check-in")
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        hub.opened.connect(self._plan_opened)
        hub.changed.connect(self._changed)
        hub.closed.connect(self._plan_closed)
        self.setEnabled(False)

    def _add_actions(self) -> None:
        entries = [
            ("Make this person the owner", ("Space", "Return", "Enter"), self.assign_current),
            ("Clear the owner", ("Delete", "Backspace"), self.clear_current),
            ("Delete this release-path task", ("Ctrl+Delete",), self.delete_current_task),
            (None, (), None),
            ("Rename this person…", ("F2",), lambda: self._person_action(self.rename_person)),
            ("Weekly capacity of this person…", ("F4",), lambda: self._person_action(self.set_capacity)),
            ("Remove this person…", ("Shift+Delete",), lambda: self._person_action(self.remove_person)),
        ]
        for text, keys, slot in entries:
            action = QAction(text or "", self.table)
            if text is None:
                action.setSeparator(True)
            else:
                action.setShortcuts([QKeySequence(k) for k in keys])
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
                action.triggered.connect(slot)
            self.table.addAction(action)

    # -- loading ------------------------------------------------------------------------------------
    @property
    def report(self) -> Ownership | None:
        """The Owners report on screen (held once, by the matrix model)."""
        return self.model.report

    def _plan_closed(self) -> None:
        self.model.set_report(None)
        self.roles.refresh()
        self.check_in_button.setChecked(False)
        self.setEnabled(False)

    def reload(self) -> None:
        """Make the report from the hub's snapshot of the cycle and show it."""
        from cockpit.reports.owners import ownership

        if self.hub.plan is None or self.hub.release_id is None:
            return
        keep = self._current()
        report = ownership(self.hub.cycle(), self.today or dt.date.today())
        if self._meeting_seconds is None:
            self.check_in.set_duration(report.checkin_minutes * 60)
        self._stale = False
        self.setEnabled(True)
        self.model.set_report(report)
        self.roles.refresh()
        self._fill_person_filter()
        self._show(keep)

    def _changed(self, changes: Changes | None = None) -> None:
        # no rows: changed elsewhere (another window on a team plan), so read everything again
        if (changes is None or self.report is None or self._stale or not changes.rows
                or not changes.tables <= _PATCHABLE):
            super()._changed(changes)  # read the whole matrix (now if shown, else when shown)
            return
        self._patch(changes)

    def _patch(self, changes: Changes) -> None:
        """Apply the rows' new states from the change's own snapshots (no read of the plan: a click on a
        thousand-row matrix repaints within a frame)."""
        report = self.report
        assert report is not None
        keep = self._current()
        rows = list(report.rows)
        where = {row.key: n for n, row in enumerate(rows)}
        changed: set[tuple[str, int]] = set()
        moved = False
        for change in changes.rows:
            kind = _KINDS.get(change.table)
            if kind is None:
                continue
            key = (kind, change.key)
            values = dict(change.after) if change.after is not None else None
            row = work_row(kind, values) if values and values["release_id"] == report.release_id else None
            at = where.get(key)
            changed.add(key)
            if at is not None and row is not None and row_order(row) == row_order(rows[at]):
                rows[at] = row  # the usual case: an owner (or estimate) changed in place
                continue
            moved = True
            if at is not None:
                rows[at] = None  # type: ignore[call-overload]  # a hole, dropped just below
            if row is not None:
                rows.append(row)
        if moved:
            rows = sorted((row for row in rows if row is not None), key=row_order)
        self.model.patch(report.with_rows(rows), None if moved else changed)
        self._show(keep)

    def _show(self, keep: Spot | None = None) -> None:
        report = self.report
        if report is None:
            return
        self._keep_matrix_still(lambda: self._show_texts(report))
        if keep is not None:
            self._restore(keep)

    def _show_texts(self, report: Ownership) -> bool:
        """The warnings, the summary and the check-in's answers; True if any of them changed height."""
        grew = False

        def put(label: QLabel, text: str) -> None:
            nonlocal grew
            # Only touch labels whose text changed: a new text re-lays out the page (costly on every click).
            if text != label.text():
                before = label.heightForWidth(label.width())
                label.setText(text)
                grew = grew or label.heightForWidth(label.width()) != before

        warnings = report.warnings()
        if len(warnings) > MAX_WARNINGS:  # empty roles come first; the rest is summed up
            warnings = [*warnings[:MAX_WARNINGS - 1], f"… and {len(warnings) - MAX_WARNINGS + 1} more "
                        "(see the check-in, F6)."]
        put(self.warnings, "\n".join(f"⚠  {w}" for w in warnings) or (
            "✓  Every role and every open task has one name, and no one is over capacity."))
        tone = "warn" if warnings else "good"
        if self.warnings.property("class") != tone:
            set_tone(self.warnings, tone)
        unowned, over = len(report.unowned()), len(report.overloaded())
        rows = self.model.rowCount()
        count = f"{len(report.rows)} open" if rows == len(report.rows) else f"{rows} of {len(report.rows)} open"
        put(self.summary, f"{count} · {unowned} without an owner · {over} overloaded")
        self.summary.setToolTip(f"Capacity counts working days up to the target ({report.target:%a %d %b}) "
                                f"at a focus factor of {report.focus:g}")
        if self.check_in_button.isChecked():
            grew = self.check_in.set_questions(report.check_in()) or grew
        return grew

    # -- the focused cell ---------------------------------------------------------------------------
    def _current(self) -> Spot:
        index = self.table.currentIndex()
        work = self.model.work(index.row()) if index.isValid() else None
        person = self.model.person(index.column()) if index.isValid() else None
        return Spot(work.key if work else None, person.id if person else None, index.row(), index.column())

    def _restore(self, keep: Spot) -> None:
        if keep.key is None or not self.model.rowCount():
            return
        row = self.model.row_of(keep.key)
        if row < 0:  # filtered out (e.g. no longer unowned): stay at the same height, on the next row
            row = min(max(keep.row, 0), self.model.rowCount() - 1)
        if keep.person_id is not None:
            column = self.model.column_of(keep.person_id)
        else:  # the Owner or Days column stays where it was
            column = keep.column if 0 <= keep.column < FIXED_COLUMNS else -1
        # Where the cell has not moved, the matrix does not scroll (a refresh leaves it where it was).
        self.focus_cell(row, column if column >= 0 else FIXED_COLUMNS, scroll=row != keep.row)

    def first_field(self) -> QWidget:
        """Where the reset session's One name each step starts typing: a person's name."""
        return self.person_name

    def reveal(self, target: str) -> None:
        """Select what fixes a "needs attention" line of the Overview: ``role:<role>`` (its picker, or
        the verifiers' Choose… button) or ``work:<item|task>:<id>`` (that row's first person cell)."""
        kind, _, rest = target.partition(":")
        if kind == "role":
            widget = self.roles.combos.get(rest) or self.roles.verifiers
            widget.setFocus()
        elif kind == "work":
            piece, _, number = rest.partition(":")
            row = self.model.row_of((piece, int(number))) if number.isdigit() else -1
            if row >= 0:
                self.table.setFocus()
                self.focus_cell(row, FIXED_COLUMNS)

    def focus_cell(self, row: int, column: int, *, scroll: bool = True) -> None:
        index = self.model.index(row, column)
        if not index.isValid():
            return
        self.table.setAutoScroll(scroll)
        self._still = not scroll
        try:
            self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self.table.setAutoScroll(True)
            self._still = False

    def _fill_person_filter(self) -> None:
        chosen = self.filter_person.currentData()
        self.filter_person.clear()
        for person in self.report.people if self.report else []:
            self.filter_person.addItem(shown(person.name), person.id)
        self.filter_person.setCurrentIndex(max(0, self.filter_person.findData(chosen)))

    def _view_options(self) -> None:
        keep = self._current()
        mode = self.filter.currentData()
        self.filter_person.setVisible(mode == "person")
        self.model.set_view(filter_mode=mode, person_id=self.filter_person.currentData(),
                            sort_mode=self.sort.currentData(), column_mode=self.columns.currentData())
        self._show(keep)

    # -- ownership ----------------------------------------------------------------------------------
    def _clicked(self, index: QModelIndex) -> None:
        if index.column() >= FIXED_COLUMNS:
            self.assign(index.row(), index.column())

    def assign(self, row: int, column: int) -> Changes | None:
        """Make the person of ``column`` the one owner of the work in ``row``."""
        work, person = self.model.work(row), self.model.person(column)
        if work is None or person is None or work.owner_id == person.id:
            return None
        return self._set_owner(work, person.id)

    def _set_owner(self, work: WorkRow, person_id: int | None) -> Changes | None:
        from cockpit.services.ownership import set_owner

        kind = work.kind  # "item" or "task": a WorkRow's kind is the service's RowKind
        return self.hub.run(lambda plan, **extra: set_owner(
            plan, kind, work.id, person_id, **extra), parent=self)  # type: ignore[arg-type]  # str, not the Literal

    def assign_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.assign(index.row(), index.column())

    def clear_current(self) -> None:
        index = self.table.currentIndex()
        work = self.model.work(index.row()) if index.isValid() else None
        if work is not None and work.owner_id is not None:
            self._set_owner(work, None)

    def delete_current_task(self) -> None:
        from cockpit.services.timeline import delete_task

        index = self.table.currentIndex()
        work = self.model.work(index.row()) if index.isValid() else None
        if work is None:
            return
        if work.kind != "task":
            self.hub.problem.emit("That is a scope item: cut or delete it on the Scope board.")
            return
        self.hub.run(lambda plan, **extra: delete_task(plan, work.id, **extra), parent=self)

    def add_task(self) -> None:
        from cockpit.services.timeline import add_task

        release_id, title = self.hub.release_id, self.task_title.text()
        area, days = self.task_area.currentData(), self.task_days.value()
        if release_id is None:
            return
        changes = self.hub.run(lambda plan, **extra: add_task(plan, release_id, title, area=area,
                                                              estimate_days=days, **extra), parent=self)
        if changes is not None:
            self.task_title.setText("")  # not clear(): that is a typing step, and Ctrl+Z must undo the plan's change
            row = self.model.row_of(("task", changes.result))
            if row >= 0:
                self.focus_cell(row, FIXED_COLUMNS)
                self.table.scrollTo(self.model.index(row, FIXED_COLUMNS))

    # -- the check-in -------------------------------------------------------------------------------
    def set_check_in(self, on: bool) -> None:
        """Show the check-in in place of the warnings and start its clock (or end it). Its clock is also
        shown just above the matrix, so it stays in sight while the room works through the rows."""
        if self.check_in_button.isChecked() != on:
            self.check_in_button.setChecked(on)  # re-enters through toggled
            return
        self.check_in_area.setVisible(on)
        self.warnings.setVisible(not on)
        self.clock_label.setVisible(on)
        if on:
            if self.report is not None:
                self.check_in.set_questions(self.report.check_in())
            self.check_in.start()
            self.page.ensureWidgetVisible(self.check_in, 0, 0)
        else:
            self.check_in.stop()
