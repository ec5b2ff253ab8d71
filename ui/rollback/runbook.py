"""The runbook: a short ordered list of steps in plain words, each with who runs it and expected minutes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from ui.fit import FlowLayout
from ui.models.rollback import StepModel
from ui.rollback.lists import OrderedTable, RunnerDelegate, page_layout
from ui.widgets import plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.rollback import RollbackFacts
    from ui.hub import Hub


class RunbookPanel(QWidget):
    """Steps in order (drag or Alt+arrows), the caller, runner and verifiers from the ownership roles."""

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.release_id: int | None = None
        layout = page_layout(self)
        self.people = plain_label("", "heading")
        self.people.setAccessibleName("Caller, runner and verifiers")
        layout.addWidget(self.people)
        self.roles_hint = plain_label("", "tileLabel")
        layout.addWidget(self.roles_hint)
        self.warnings = plain_label("", "warn")
        layout.addWidget(self.warnings)
        self.model = StepModel(self)
        self.model.edit_handler = self._edit
        self.model.move_handler = self._move
        self.table = OrderedTable(self.model, "Runbook steps", self._delete)
        self.table.setItemDelegate(RunnerDelegate(self.model, self.table))
        self.table.verticalHeader().setVisible(True)
        # The field to add a step comes before the list: in sight on a projector however long the runbook is
        self.quick_add = QLineEdit()
        self.quick_add.setPlaceholderText("Add a step in plain words and press Enter")
        self.quick_add.setAccessibleName("Add a runbook step")
        self.quick_add.returnPressed.connect(self.add_step)
        layout.addWidget(self.quick_add)
        layout.addWidget(self.table, 1)
        row = FlowLayout()
        for text, slot in (("Move &up", lambda: self.table.nudge(-1)), ("Move do&wn", lambda: self.table.nudge(1)),
                           ("&Delete", self.table.delete_current)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addLayout(row)

    def show_facts(self, facts: RollbackFacts) -> None:
        self.release_id = facts.release_id
        self.model.people = facts.people
        self.model.set_rows(facts.steps)
        r = facts.readiness
        verifiers = ", ".join(r.verifiers) or "no verifier yet"
        self.people.setText(f"Caller: {r.caller or 'nobody yet'}   ·   Runner: {r.runner or 'nobody yet'}   ·   "
                            f"Verifiers: {verifiers}")
        set_tone(self.people, "heading" if r.item("people").ok else "heading bad")
        self.roles_hint.setText(f"{len(facts.steps)} step{'s' if len(facts.steps) != 1 else ''}, "
                                f"{facts.expected_minutes:g} minutes expected. Roles are set under Owners.")
        self.warnings.setText("\n".join(f"⚠  {w}" for w in facts.runbook_warnings()))
        self.warnings.setVisible(bool(self.warnings.text()))

    def add_step(self) -> None:
        from cockpit.services.rollback import add_step

        text, release_id = self.quick_add.text(), self.release_id
        if release_id is None or not text.strip():
            return
        changes = self.hub.run(lambda plan: add_step(plan, release_id, text))
        if changes is not None:
            self.quick_add.setText("")  # not clear(): that is a typing step, and Ctrl+Z must undo the plan's change
            self.table.select_id(changes.result)

    def _edit(self, step_id: int, field: str, value: Any) -> bool:
        from cockpit.services.rollback import update_step

        return self.hub.run(lambda plan: update_step(plan, step_id, **{field: value})) is not None

    def _move(self, step_id: int, index: int) -> bool:
        from cockpit.services.rollback import move_step

        return self.hub.run(lambda plan: move_step(plan, step_id, index)) is not None

    def _delete(self, step_id: int) -> None:
        from cockpit.services.rollback import delete_step

        self.hub.run(lambda plan: delete_step(plan, step_id))
