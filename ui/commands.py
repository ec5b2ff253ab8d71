"""Undo commands. Each wraps one core service call that has already run (so a refusal never
reaches the stack); undo and redo replay its exact before/after rows through the core."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from cockpit.services.core import Changes
    from ui.hub import Hub


class ChangeCommand(QUndoCommand):
    """One undo step for one ``Changes`` value (a compound action is one ``Changes`` already)."""

    def __init__(self, hub: Hub, changes: Changes) -> None:
        super().__init__(changes.summary)
        self._hub = hub
        self.changes = changes
        self._applied = True  # the service ran before the push

    def redo(self) -> None:
        if self._applied:
            self._hub.changed.emit(self.changes)
            return
        self._replay(forward=True)

    def undo(self) -> None:
        self._replay(forward=False)

    def _replay(self, *, forward: bool) -> None:
        from cockpit.errors import CockpitError
        from cockpit.services.core import redo, undo

        plan = self._hub.plan
        if plan is None:
            return
        try:
            (redo if forward else undo)(plan, self.changes)
        except CockpitError as exc:
            self._hub.problem.emit(str(exc))
            return
        self._applied = forward
        # Views read ``after`` as the rows' current state, so an undo is announced as the inverse.
        self._hub.changed.emit(self.changes if forward else self.changes.inverse())
