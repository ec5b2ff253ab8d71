"""Owners: people, release roles and the ownership matrix — one name on every decision and every task.

Every change is one command through the hub (one undo step). After an owner changes, the
view patches its rows from the change's own snapshots, so assigning on a thousand-row
plan repaints without reading the plan again.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cockpit.kinds import TaskArea
from cockpit.reports.owners import Ownership, WorkRow, row_order, work_row
from cockpit.text import shown
from ui.models.owners import COLUMN_ORDERS, FILTERS, FIXED_COLUMNS, SORTS, OwnerMatrixModel
from ui.owners.checkin import MEETING_SECONDS, CheckInPanel
from ui.owners.matrix import MatrixTable
from ui.owners.people import PeopleActions
from ui.owners.roles import RolesPanel
from ui.widgets import ReloadWhenShown, plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.services.core import Changes
    from ui.hub import Hub

#: the tables whose changes the view patches from snapshots alone
_PATCHABLE = frozenset({"scope_item", "release_task", "change_log"})
_KINDS = {"scope_item": "item", "release_task": "task"}
MAX_WARNINGS = 5


def _combo(items: dict[str, str], name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)
    for key, text in items.items():
        combo.addItem(text, key)
    return combo


def _days_spin(value: float, high: float, suffix: str) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0.0, high)
    spin.setDecimals(1)
    spin.setSingleStep(0.5)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class OwnersView(ReloadWhenShown, PeopleActions, QWidget):
    """People, roles, the matrix and the ownership check-in."""

    def __init__(self, hub: Hub, *, clock: Callable[[], float] = time.monotonic,
                 meeting_seconds: float | None = None) -> None:
        super().__init__()
        self.hub = hub
        self.today: dt.date | None = None  # None: the real today (tests pin it)
        self._stale = True
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 8, 16, 8)

        people = QHBoxLayout()
        add_label = QLabel("Add &person")
        self.person_name = QLineEdit()
        self.person_name.setPlaceholderText("One person's name, then Enter (never a team)")
        self.person_name.setAccessibleName("New person's name")
        self.person_name.returnPressed.connect(self.add_person)
        add_label.setBuddy(self.person_name)
        self.person_days = _days_spin(5.0, 7.0, " days a week")
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
        widget: QWidget  # both rows of controls below are mixed kinds of widget
        for widget, stretch in ((add_label, 0), (self.person_name, 2), (self.person_days, 0), (add, 0),
                                (labels, 0)):
            people.addWidget(widget, stretch)
        people.addStretch(1)
        people.addWidget(self.check_in_button)
        outer.addLayout(people)

        self.model = OwnerMatrixModel(self)
        self.roles = RolesPanel(hub, lambda: self.model.report)
        outer.addWidget(self.roles)
        self.warnings = plain_label("", "warn")
        outer.addWidget(self.warnings)

        tools = QHBoxLayout()
        self.filter = _combo(FILTERS, "Filter the rows")
        self.filter_person = QComboBox()
        self.filter_person.setAccessibleName("Person to filter by")
        self.sort = _combo(SORTS, "Order of the rows")
        self.columns = _combo(COLUMN_ORDERS, "Order of the people")
        for text, combo in (("Fi&lter", self.filter), (None, self.filter_person), ("S&ort", self.sort),
                            ("Colu&mns", self.columns)):
            if text:
                label = QLabel(text)
                label.setBuddy(combo)
                tools.addWidget(label)
            tools.addWidget(combo)
            combo.activated.connect(self._view_options)
        self.filter_person.hide()
        tools.addStretch(1)
        outer.addLayout(tools)

        self.table = MatrixTable(self.model)
        self.table.clicked.connect(self._clicked)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._header_menu)
        self.table.horizontalHeader().sectionDoubleClicked.connect(
            lambda column: self._person_action(self.rename_person, column))
        self._add_actions()
        # None: the plan's checkin_minutes (tests pin a length)
        self._meeting_seconds = meeting_seconds
        self.check_in = CheckInPanel(clock=clock, duration=meeting_seconds or MEETING_SECONDS)
        self.check_in.finished.connect(lambda: self.check_in_button.setChecked(False))
        self.check_in_area = QScrollArea()
        self.check_in_area.setWidget(self.check_in)
        self.check_in_area.setWidgetResizable(True)
        self.check_in_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.check_in_area.hide()
        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)  # a collapsed pane could not be widened again
        splitter.addWidget(self.table)
        splitter.addWidget(self.check_in_area)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        work_label = QLabel("Open &work: click a person's cell (or Space) to make them the one owner")
        work_label.setBuddy(self.table)
        work_label.setWordWrap(True)
        self.summary = plain_label("", "tileLabel")
        line = QHBoxLayout()
        line.addWidget(work_label, 3)
        line.addWidget(self.summary, 2)
        outer.addLayout(line)
        outer.addWidget(splitter, 1)

        tasks = QHBoxLayout()
        task_label = QLabel("Add a release-path &task")
        self.task_title = QLineEdit()
        self.task_title.setPlaceholderText("Code, test data, deploy steps, approvals, rollback … then Enter")
        self.task_title.setAccessibleName("New release-path task")
        self.task_title.returnPressed.connect(self.add_task)
        task_label.setBuddy(self.task_title)
        area_label = QLabel("A&rea")
        self.task_area = _combo({a.value: a.value.capitalize() for a in TaskArea}, "Area of the release path")
        area_label.setBuddy(self.task_area)
        days_label = QLabel("Da&ys")
        self.task_days = _days_spin(1.0, 1000.0, "")
        self.task_days.setAccessibleName("Estimate in person-days")
        days_label.setBuddy(self.task_days)
        add_task = QPushButton("Add task")
        add_task.clicked.connect(self.add_task)
        for widget, stretch in ((task_label, 0), (self.task_title, 3), (area_label, 0), (self.task_area, 0),
                                (days_label, 0), (self.task_days, 0), (add_task, 0)):
            tasks.addWidget(widget, stretch)
        outer.addLayout(tasks)

        shortcut = QShortcut(QKeySequence("F6"), self, self.check_in_button.toggle)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, lambda: self.check_in_button.setChecked(False))
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
        if changes is None or self.report is None or self._stale or not changes.tables <= _PATCHABLE:
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

    def _show(self, keep: tuple[tuple[str, int] | None, int | None, int] | None = None) -> None:
        report = self.report
        if report is None:
            return
        warnings = report.warnings()
        if len(warnings) > MAX_WARNINGS:  # empty roles come first; the rest is summed up
            warnings = [*warnings[:MAX_WARNINGS - 1], f"… and {len(warnings) - MAX_WARNINGS + 1} more "
                        "(see the check-in, F6)."]
        text = "\n".join(f"⚠  {w}" for w in warnings) or ("✓  Every role and every open task has one name, "
                                                          "and no one is over capacity.")
        # Only touch labels whose text changed: a new text re-lays out the view (costly on every click).
        if text != self.warnings.text():
            self.warnings.setText(text)
            set_tone(self.warnings, "warn" if warnings else "good")
        self.warnings.setVisible(not self.check_in_button.isChecked())
        unowned, over = len(report.unowned()), len(report.overloaded())
        shown = self.model.rowCount()
        count = f"{len(report.rows)} open" if shown == len(report.rows) else f"{shown} of {len(report.rows)} open"
        summary = f"{count} · {unowned} without an owner · {over} overloaded"
        if summary != self.summary.text():
            self.summary.setText(summary)
        self.summary.setToolTip(f"Capacity counts working days up to the target ({report.target:%a %d %b}) "
                                f"at a focus factor of {report.focus:g}")
        if self.check_in_button.isChecked():
            self.check_in.set_questions(report.check_in())
        if keep is not None:
            self._restore(keep)

    # -- the focused cell ---------------------------------------------------------------------------
    def _current(self) -> tuple[tuple[str, int] | None, int | None, int]:
        index = self.table.currentIndex()
        work = self.model.work(index.row()) if index.isValid() else None
        person = self.model.person(index.column()) if index.isValid() else None
        return (work.key if work else None, person.id if person else None, index.row())

    def _restore(self, keep: tuple[tuple[str, int] | None, int | None, int]) -> None:
        key, person_id, old_row = keep
        if key is None or not self.model.rowCount():
            return
        row = self.model.row_of(key)
        if row < 0:  # filtered out (e.g. no longer unowned): stay at the same height, on the next row
            row = min(max(old_row, 0), self.model.rowCount() - 1)
        column = self.model.column_of(person_id) if person_id is not None else -1
        self.focus_cell(row, column if column >= 0 else FIXED_COLUMNS)

    def focus_cell(self, row: int, column: int) -> None:
        index = self.model.index(row, column)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

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
            self.task_title.clear()
            row = self.model.row_of(("task", changes.result))
            if row >= 0:
                self.focus_cell(row, FIXED_COLUMNS)
                self.table.scrollTo(self.model.index(row, FIXED_COLUMNS))

    # -- the check-in -------------------------------------------------------------------------------
    def set_check_in(self, on: bool) -> None:
        """Show the check-in beside the matrix and start its clock (or end it)."""
        if self.check_in_button.isChecked() != on:
            self.check_in_button.setChecked(on)  # re-enters through toggled
            return
        self.check_in_area.setVisible(on)
        self.warnings.setVisible(not on)
        if on:
            if self.report is not None:
                self.check_in.set_questions(self.report.check_in())
            self.check_in.start()
        else:
            self.check_in.stop()
