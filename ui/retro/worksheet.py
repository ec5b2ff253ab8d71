"""Five-whys worksheets: a problem, up to five whys, the root cause, and one action with one owner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from cockpit.text import shown

if TYPE_CHECKING:
    from cockpit.reports.retro import Retro, Worksheet
    from ui.hub import Hub


class WorksheetEditor(QGroupBox):
    """Pick a worksheet on the left, edit it on the right, save it as one undoable step."""

    def __init__(self, hub: Hub) -> None:
        super().__init__("Five whys (blame-free: ask why the system let it happen, not who)")
        self.hub = hub
        self.facts: Retro | None = None
        self.current: Worksheet | None = None
        row = QHBoxLayout(self)
        left = QVBoxLayout()
        self.sheets = QListWidget()
        self.sheets.setAccessibleName("Worksheets")
        self.sheets.currentItemChanged.connect(self._pick)
        left.addWidget(self.sheets)
        new = QPushButton("New wor&ksheet")
        new.clicked.connect(self.new_sheet)
        self.delete = QPushButton("Delete worksheet")
        self.delete.clicked.connect(self._delete)
        left.addWidget(new)
        left.addWidget(self.delete)
        row.addLayout(left, 1)
        form = QFormLayout()
        self.problem = QLineEdit()
        self.problem.setPlaceholderText("What went wrong, in one sentence")
        form.addRow("Pro&blem", self.problem)
        self.whys = []
        for n in range(5):
            edit = QLineEdit()
            edit.setPlaceholderText("Why?" if n == 0 else "And why was that?")
            form.addRow(f"Why {n + 1}", edit)
            self.whys.append(edit)
        self.root = QLineEdit()
        form.addRow("Root ca&use", self.root)
        self.action = QLineEdit()
        self.action.setPlaceholderText("One concrete change to how we work")
        form.addRow("&Action", self.action)
        self.owner = QComboBox()
        form.addRow("Action own&er", self.owner)
        self.save = QPushButton("&Save worksheet")
        self.save.clicked.connect(self.save_sheet)
        form.addRow("", self.save)
        row.addLayout(form, 2)

    def show_sheets(self, facts: Retro, people: Sequence[tuple[int, str]]) -> None:
        """Show the cycle's worksheets; ``people``: (id, name) of everyone who can own an action, by name."""
        self.facts = facts
        keep = self.current.id if self.current else None
        self.sheets.blockSignals(True)
        self.sheets.clear()
        for sheet in facts.worksheets:
            item = QListWidgetItem(sheet.problem or "(no problem written yet)")
            item.setData(Qt.ItemDataRole.UserRole, sheet.id)
            self.sheets.addItem(item)
        self.sheets.blockSignals(False)
        self.owner.clear()
        self.owner.addItem("— nobody yet —", None)
        for person_id, name in people:
            self.owner.addItem(shown(name), person_id)
        match = next((s for s in facts.worksheets if s.id == keep), None)
        self._fill(match)
        for widget in (self.save, self.delete):
            widget.setEnabled(facts.live)

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
        for edit in (self.problem, self.root, self.action, *self.whys):
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
        if self.current is None:
            if not values["problem"].strip():
                self.hub.problem.emit("Write the problem first: what went wrong, in one sentence.")
                return
            changes = self.hub.run(lambda plan: add_retro_entry(plan, facts.release_id, kind="five whys", **values))
            if changes is not None:
                self.current = None
        else:
            sheet_id = self.current.id
            self.hub.run(lambda plan: update_retro_entry(plan, sheet_id, **values))

    def _delete(self) -> None:
        from cockpit.services.review import delete_retro_entry

        if self.current is not None:
            sheet_id = self.current.id
            self.current = None
            self.hub.run(lambda plan: delete_retro_entry(plan, sheet_id))

    def commit_pending(self) -> None:
        """Typed but unsaved worksheet text is saved when the window closes or undo is pressed."""
        edits = (self.problem, self.root, self.action, *self.whys)
        if self.current is not None and any(edit.isModified() for edit in edits):
            self.save_sheet()
            for edit in edits:
                edit.setModified(False)
