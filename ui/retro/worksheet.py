"""Five-whys worksheets: a problem, up to five whys, the root cause, and one action with one owner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from cockpit.text import shown
from ui.fit import FlowLayout, elastic, form
from ui.sentence import SentenceEdit
from ui.widgets import plain_label

if TYPE_CHECKING:
    from cockpit.reports.retro import Retro, Worksheet
    from ui.hub import Hub


class WorksheetEditor(QGroupBox):
    """Pick a worksheet on the left, edit it on the right, save it as one undoable step."""

    def __init__(self, hub: Hub) -> None:
        super().__init__("Five whys")
        self.hub = hub
        self.facts: Retro | None = None
        self.current: Worksheet | None = None
        self._shown: list[tuple[int, str]] = []
        self._people: list[tuple[int, str]] = []
        # The list above the form, not beside it: on a projector's 1024 px the form needs the width
        # (a long owner's name, a sentence per why).
        column = QVBoxLayout(self)
        column.addWidget(plain_label("Blame-free: ask why the system let it happen, not who.", "tileLabel"))
        self.sheets = QListWidget()
        self.sheets.setAccessibleName("Worksheets")
        self.sheets.setWordWrap(True)
        self.sheets.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sheets.currentItemChanged.connect(self._pick)
        column.addWidget(self.sheets)
        new = QPushButton("New wor&ksheet")
        new.clicked.connect(self.new_sheet)
        self.delete = QPushButton("Delete worksheet")
        self.delete.clicked.connect(self._delete)
        buttons = FlowLayout()
        buttons.addWidget(new)
        buttons.addWidget(self.delete)
        column.addLayout(buttons)
        fields = form()
        self.problem = SentenceEdit()
        self.problem.setAccessibleName("Problem")
        self.problem.setPlaceholderText("What went wrong, in one sentence")
        fields.addRow("Pro&blem", self.problem)
        self.whys = []
        for n in range(5):
            edit = SentenceEdit()
            edit.setAccessibleName(f"Why {n + 1}")
            edit.setPlaceholderText("Why?" if n == 0 else "And why was that?")
            fields.addRow(f"Why {n + 1}", edit)
            self.whys.append(edit)
        self.root = SentenceEdit()
        self.root.setAccessibleName("Root cause")
        fields.addRow("Root ca&use", self.root)
        self.action = SentenceEdit()
        self.action.setAccessibleName("Action")
        self.action.setPlaceholderText("One concrete change to how we work")
        fields.addRow("&Action", self.action)
        self.owner = elastic(QComboBox(), 12)  # a long name gets the whole field's width
        self.owner.setAccessibleName("Action owner")
        fields.addRow("A&ction owner", self.owner)
        self.save = QPushButton("&Save worksheet")
        self.save.clicked.connect(self.save_sheet)
        save_row = FlowLayout()
        save_row.addWidget(self.save)
        fields.addRow(save_row)
        column.addLayout(fields)

    def fit_to_font(self, line: int) -> None:
        """The list of worksheets: four lines of ``line`` pixels (the page's current type)."""
        self.sheets.setFixedHeight(line * 4)

    def show_sheets(self, facts: Retro, people: Sequence[tuple[int, str]]) -> None:
        """Show the cycle's worksheets; ``people``: (id, name) of everyone who can own an action, by name."""
        self.facts = facts
        keep = self.current.id if self.current else None
        listed = [(sheet.id, sheet.problem or "(no problem written yet)") for sheet in facts.worksheets]
        if listed != self._shown:  # a refresh that changes nothing keeps the list's scroll and selection
            self._shown = listed
            self.sheets.blockSignals(True)
            self.sheets.clear()
            for sheet_id, text in listed:
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, sheet_id)
                self.sheets.addItem(item)
            self.sheets.blockSignals(False)
        if list(people) != self._people:
            self._people = list(people)
            chosen = self.owner.currentData()
            self.owner.clear()
            self.owner.addItem("— nobody yet —", None)
            for person_id, name in people:
                self.owner.addItem(shown(name), person_id)
            self.owner.setCurrentIndex(max(0, self.owner.findData(chosen)))
        match = next((s for s in facts.worksheets if s.id == keep), None)
        if self._typing() and (match.id if match else None) == keep:
            self.current = match  # a change elsewhere: the words being typed stay (Save or leaving saves them)
        else:
            self._fill(match)
        for widget in (self.save, self.delete):
            widget.setEnabled(facts.live)

    def _edits(self) -> tuple[SentenceEdit, ...]:
        return (self.problem, *self.whys, self.root, self.action)

    def _typing(self) -> bool:
        return any(edit.isModified() for edit in self._edits())

    def _pick(self, item: QListWidgetItem | None) -> None:
        if self.facts is None or item is None:
            return
        sheet_id = item.data(Qt.ItemDataRole.UserRole)
        self._fill(next((s for s in self.facts.worksheets if s.id == sheet_id), None))

    def _fill(self, sheet: Worksheet | None) -> None:
        self.current = sheet
        self.problem.setText(sheet.problem if sheet else "")
        for n, edit in enumerate(self.whys):
            edit.setText(sheet.whys[n] if sheet and n < len(sheet.whys) else "")
        self.root.setText(sheet.root_cause if sheet else "")
        self.action.setText(sheet.action if sheet else "")
        self.owner.setCurrentIndex(max(0, self.owner.findData(sheet.action_owner_id)) if sheet and
                                   sheet.action_owner_id else 0)
        for edit in self._edits():
            edit.setModified(False)
        if sheet is not None:
            for row in range(self.sheets.count()):
                if self.sheets.item(row).data(Qt.ItemDataRole.UserRole) == sheet.id:
                    self.sheets.setCurrentRow(row)

    def new_sheet(self) -> None:
        self.sheets.clearSelection()
        self._fill(None)
        self.problem.setFocus()

    def _values(self) -> dict:
        whys = [edit.text().strip() for edit in self.whys]
        while whys and not whys[-1]:
            whys.pop()
        return {"problem": self.problem.text(), "whys": whys, "root_cause": self.root.text(),
                "action": self.action.text(), "action_owner_id": self.owner.currentData()}

    def save_sheet(self) -> None:
        from cockpit.services.review import add_retro_entry, update_retro_entry

        facts = self.facts
        if facts is None:
            return
        values = self._values()
        if self.current is None and not values["problem"].strip():
            self.hub.problem.emit("Write the problem first: what went wrong, in one sentence.")
            return
        typed = [edit for edit in self._edits() if edit.isModified()]
        for edit in typed:  # saved now: the reload that follows shows the file, not "words being typed"
            edit.setModified(False)
        if self.current is None:
            changes = self.hub.run(lambda plan: add_retro_entry(plan, facts.release_id, kind="five whys", **values))
        else:
            sheet_id = self.current.id
            changes = self.hub.run(lambda plan: update_retro_entry(plan, sheet_id, **values))
        if changes is None:  # refused (the hub said why): the words stay, still to be saved
            for edit in typed:
                edit.setModified(True)

    def _delete(self) -> None:
        from cockpit.services.review import delete_retro_entry

        if self.current is not None:
            sheet_id = self.current.id
            self.current = None
            self.hub.run(lambda plan: delete_retro_entry(plan, sheet_id))

    def commit_pending(self) -> None:
        """Typed but unsaved worksheet text is saved when the window closes or undo is pressed."""
        if self.current is not None and self._typing():
            self.save_sheet()  # clears the typed flags itself, and keeps them if the save is refused
