"""Rollback triggers: written before launch, so when one fires the call is made, not debated."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu, QPushButton, QToolButton, QWidget

from cockpit.rules.rollback import TRIGGER_PRESETS
from ui.fit import FlowLayout
from ui.models.rollback import TriggerModel
from ui.rollback.lists import OrderedTable, page_layout
from ui.widgets import plain_label

if TYPE_CHECKING:
    from cockpit.reports.rollback import RollbackFacts
    from ui.hub import Hub


class TriggersPanel(QWidget):
    """Condition, threshold with its unit, window in minutes; presets; edit in place; drag to reorder."""

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.release_id: int | None = None
        layout = page_layout(self)
        layout.addWidget(plain_label("When one of these fires, the rollback caller says “roll back”. "
                                     "No meeting, no debate.", "tileLabel"))
        self.model = TriggerModel(self)
        self.model.edit_handler = self._edit
        self.model.move_handler = self._move
        self.table = OrderedTable(self.model, "Rollback triggers", self._delete)
        layout.addWidget(self.table, 1)
        buttons = FlowLayout()
        self.add = QToolButton()
        self.add.setText("&Add a trigger")
        self.add.setToolTip("Start from a preset and edit its numbers, or write your own")
        self.add.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add)
        menu.setAccessibleName("Trigger presets")
        for preset in TRIGGER_PRESETS:
            action = QAction(f"{preset.label}: {preset.condition} {preset.threshold:g} {preset.unit} "
                             f"for {preset.window_minutes} min", menu)
            action.triggered.connect(lambda _=False, p=preset: self.add_trigger(**p.fields()))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction("Your own condition…", self.add_custom)
        self.add.setMenu(menu)
        buttons.addWidget(self.add)
        for text, slot in (("Move &up", lambda: self.table.nudge(-1)), ("Move do&wn", lambda: self.table.nudge(1)),
                           ("&Delete", self.table.delete_current)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(buttons)

    def show_facts(self, facts: RollbackFacts) -> None:
        self.release_id = facts.release_id
        self.model.set_rows(facts.triggers)

    def add_trigger(self, **fields: Any) -> None:
        from cockpit.services.rollback import add_trigger

        if self.release_id is None:
            return
        release_id = self.release_id
        changes = self.hub.run(lambda plan: add_trigger(plan, release_id, **fields))
        if changes is not None:
            self.table.select_id(changes.result)

    def add_custom(self) -> None:
        condition, ok = QInputDialog.getText(self, "Add a rollback trigger",
                                             "When what happens? (e.g. “Refunds fail”) Then fill in the threshold, "
                                             "its unit and the window in the table.")
        if ok and condition.strip():
            self.add_trigger(condition=condition)

    def _edit(self, trigger_id: int, field: str, value: Any) -> bool:
        from cockpit.services.rollback import update_trigger

        return self.hub.run(lambda plan: update_trigger(plan, trigger_id, **{field: value})) is not None

    def _move(self, trigger_id: int, index: int) -> bool:
        from cockpit.services.rollback import move_trigger

        return self.hub.run(lambda plan: move_trigger(plan, trigger_id, index)) is not None

    def _delete(self, trigger_id: int) -> None:
        from cockpit.services.rollback import delete_trigger

        self.hub.run(lambda plan: delete_trigger(plan, trigger_id))
