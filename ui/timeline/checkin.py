"""The daily check-in: for a day (default today), what shipped yesterday, what blocks today and, for
each blocker, the one person who clears it before the day ends. Open blockers stay listed until cleared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cockpit.kinds import BlockerCategory
from cockpit.reports.timeline import Timeline
from cockpit.text import shown
from ui.fit import FlowLayout, LinesEdit, form
from ui.keys import describe
from ui.models.timeline import BlockerModel
from ui.timeline.blockers import BlockerList
from ui.widgets import plain_label

if TYPE_CHECKING:
    from ui.hub import Hub


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class NameCombo(QComboBox):
    """A combo box of people's names that is never narrower than its longest name (its form row then
    puts it below its label rather than cut a name)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class CheckInPanel(QWidget):
    """Edits one day's check-in and the blockers; every save is one undoable step through the hub."""

    def __init__(self, hub: Hub, source: Callable[[], Timeline | None]) -> None:
        super().__init__()
        self.hub = hub
        #: the timeline report on screen (the view holds it once; the panel asks)
        self._source = source
        self._started = False  # the day was set to today for the plan on screen
        self._shown_day: dt.date | None = None  # the day the text boxes belong to
        # Forms whose labels go above their fields when the panel is narrow, buttons that wrap, and the
        # blockers as cards that wrap: nothing here needs more width than a 1024 px projector gives.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(plain_label("Daily check-in", "heading"), 1)
        day_label = QLabel("&Day")
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setAccessibleName("Check-in day")
        self.day.dateChanged.connect(self._day_changed)
        day_label.setBuddy(self.day)
        top.addWidget(day_label)
        top.addWidget(self.day)
        layout.addLayout(top)

        fields = form()
        fields.setContentsMargins(0, 0, 0, 0)
        self.shipped = self._text_edit("What shipped yesterday?")
        self.blocks = self._text_edit("What blocks today?")
        self.done = QLineEdit()
        self.done.setPlaceholderText("e.g. 6.5")
        self.done.setAccessibleName("Days done so far")
        self.done.setToolTip("The running total of person-days finished in the release so far; it drives the "
                             "burn-up chart.")
        self.done.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # its own width, from the font
        for caption, widget in (("What &shipped yesterday?", self.shipped), ("What &blocks today?", self.blocks),
                                ("Days done so fa&r", self.done)):
            label = QLabel(caption)
            label.setBuddy(widget)
            label.setToolTip(widget.toolTip())
            fields.addRow(label, widget)
        layout.addLayout(fields)
        self.save = QPushButton("Save check-&in")
        self.save.setToolTip("Save this day's check-in (Ctrl+Enter)")
        self.save.clicked.connect(lambda: self.save_check_in())
        self.state = plain_label("", "tileLabel")
        save_row = QHBoxLayout()
        save_row.addWidget(self.state, 1)
        save_row.addWidget(self.save, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(save_row)
        for field in (self.shipped, self.blocks, self.done):
            describe(QShortcut(QKeySequence("Ctrl+Return"), field, self.save_check_in), "Save the check-in")

        blockers = plain_label("Blockers", "heading")
        blockers.setToolTip("Each blocker has the one person who clears it before the day ends. Open blockers "
                            "stay listed until cleared, and are kept for the retrospective.")
        layout.addWidget(blockers)
        self.model = BlockerModel(self)
        self.table = BlockerList(self.model)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for text, slot in (("Mark cleared", self.clear_selected), ("Reopen", self.reopen_selected),
                           ("Delete", self.delete_selected)):
            action = QAction(text, self.table)
            action.triggered.connect(slot)
            self.table.addAction(action)
        describe(QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected),
                 "Delete the selected blocker")
        layout.addWidget(self.table, 1)
        row_actions = FlowLayout()
        self.clear_button = QPushButton("Mark c&leared")
        self.clear_button.clicked.connect(self.clear_selected)
        self.reopen_button = QPushButton("Re&open")
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (self.clear_button, self.reopen_button, self.delete_button):
            row_actions.addWidget(button)
        layout.addLayout(row_actions)

        # A new blocker: one row each, so the longest name fits its combo box.
        adding = form()
        adding.setContentsMargins(0, 0, 0, 0)
        self.new_text = QLineEdit()
        self.new_text.setPlaceholderText("What blocks today?")
        self.new_text.setAccessibleName("New blocker")
        self.new_text.returnPressed.connect(self.add_blocker)
        self.remover = NameCombo()
        self.remover.setAccessibleName("Who clears it before the day ends")
        self.remover.setToolTip("The one person who clears it before the day ends")
        self.category = QComboBox()
        self.category.setAccessibleName("Blocker category")
        for category in BlockerCategory:
            self.category.addItem(category.value, category.value)
        new_fields: tuple[tuple[str, QWidget], ...] = (
            ("&New blocker", self.new_text), ("Who clears i&t before the day ends", self.remover),
            ("Categor&y", self.category))
        for caption, control in new_fields:
            label = QLabel(caption)
            label.setBuddy(control)
            adding.addRow(label, control)
        layout.addLayout(adding)
        self.add_button = QPushButton("Add bloc&ker")
        self.add_button.clicked.connect(self.add_blocker)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)

    def _text_edit(self, name: str) -> QPlainTextEdit:
        edit = LinesEdit(2)
        edit.setAccessibleName(name)
        return edit

    # -- showing --------------------------------------------------------------------------------------
    @property
    def facts(self) -> Timeline | None:
        """The timeline report on screen."""
        return self._source()

    def forget(self) -> None:
        """Another plan (or cycle) is opened: the next report starts on its today."""
        self._started = False

    def set_timeline(self, facts: Timeline, *, keep_day: bool = True) -> None:
        """Show ``facts`` (the report now on screen); the day and text being typed stay unless ``keep_day``."""
        first = not self._started
        self._started = True
        people = [(pid, name) for pid, name in facts.people]
        current = self.remover.currentData()
        self.remover.blockSignals(True)
        self.remover.clear()
        self.remover.addItem("Who clears it?", None)
        for pid, name in people:
            self.remover.addItem(shown(name), pid)
        self.remover.setCurrentIndex(max(0, self.remover.findData(current)))
        self.remover.blockSignals(False)
        if first or not keep_day:
            self.day.blockSignals(True)
            self.day.setDate(qdate(facts.today))
            self.day.blockSignals(False)
        self.show_day(keep_text=keep_day and not first)

    def current_day(self) -> dt.date:
        return pydate(self.day.date())

    def set_day(self, day: dt.date) -> None:
        self.day.setDate(qdate(day))

    def _day_changed(self, _date: QDate) -> None:
        # Text typed for the day shown before is saved for that day, not the new one.
        if self._modified() and self._shown_day is not None:
            self.save_check_in(self._shown_day)
        self.show_day()

    def show_day(self, *, keep_text: bool = False) -> None:
        facts = self.facts
        if facts is None:
            return
        day = self.current_day()
        self._shown_day = day
        saved = facts.check_ins.get(day)
        if not (keep_text and self._modified()):
            self.shipped.setPlainText(saved.shipped if saved else "")
            self.blocks.setPlainText(saved.blocks if saved else "")
            self.done.setText("" if saved is None or saved.done_days is None else f"{saved.done_days:g}")
            for edit in (self.shipped, self.blocks):
                edit.document().setModified(False)
            self.done.setModified(False)
        self.state.setText(f"Saved for {day:%a %d %b}." if saved else f"No check-in for {day:%a %d %b} yet.")
        selected = self.selected_blocker()
        self.model.set_blockers(facts.blockers, day)
        if selected is not None and self.model.row_of(selected) >= 0:
            self.table.select_row(self.model.row_of(selected))

    def _modified(self) -> bool:
        return self.shipped.document().isModified() or self.blocks.document().isModified() or self.done.isModified()

    def selected_blocker(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].data(BlockerModel.IdRole) if rows else None

    # -- editing --------------------------------------------------------------------------------------
    def commit_pending(self) -> None:
        """Save a check-in still being typed (before undo, close, or another day)."""
        if self._modified():
            self.save_check_in(self._shown_day)

    def save_check_in(self, day: dt.date | None = None) -> None:
        from cockpit.services.timeline import record_check_in

        facts = self.facts
        if facts is None:
            return
        day = day or self.current_day()
        shipped, blocks, done = self.shipped.toPlainText(), self.blocks.toPlainText(), self.done.text()
        for edit in (self.shipped, self.blocks):
            edit.document().setModified(False)
        self.done.setModified(False)
        saved = facts.check_ins.get(day)
        if saved and (saved.shipped, saved.blocks) == (shipped.strip(), blocks.strip()) and \
                done.strip() == ("" if saved.done_days is None else f"{saved.done_days:g}"):
            return
        release_id = facts.release_id
        self.hub.run(lambda plan, **extra: record_check_in(plan, release_id, day, shipped=shipped, blocks=blocks,
                                                           done_days=done, **extra), parent=self)

    def add_blocker(self) -> None:
        from cockpit.services.timeline import add_blocker

        facts = self.facts
        if facts is None:
            return
        text, remover, category, day = (self.new_text.text(), self.remover.currentData(),
                                        self.category.currentData(), self.current_day())
        check_in = facts.check_ins.get(day)
        release_id, check_in_id = facts.release_id, check_in.id if check_in else None
        changes = self.hub.run(lambda plan, **extra: add_blocker(plan, release_id, text, remover_id=remover,
                                                                 raised_on=day, category=category,
                                                                 check_in_id=check_in_id, **extra), parent=self)
        if changes is not None:
            self.new_text.setText("")  # not clear(): that is a typing step, and Ctrl+Z must undo the plan's change
            self.table.select_row(self.model.row_of(changes.result))

    def clear_selected(self) -> None:
        self._update_selected(cleared_on=self.current_day())

    def reopen_selected(self) -> None:
        self._update_selected(cleared_on=None)

    def _update_selected(self, **fields: object) -> None:
        from cockpit.services.timeline import update_blocker

        blocker = self.selected_blocker()
        if blocker is not None:
            self.hub.run(lambda plan, **extra: update_blocker(plan, blocker, **fields, **extra), parent=self)

    def delete_selected(self) -> None:
        from cockpit.services.timeline import delete_blocker

        blocker = self.selected_blocker()
        if blocker is not None:
            self.hub.run(lambda plan, **extra: delete_blocker(plan, blocker, **extra), parent=self)
