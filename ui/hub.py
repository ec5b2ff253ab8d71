"""The hub: the open plan, its undo stack, and the ``changed`` signal every view listens to."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

if TYPE_CHECKING:
    from cockpit.services.core import Changes
    from cockpit.store import Plan


class Hub(QObject):
    """One per window. Views read through ``plan`` and change data only through ``run``."""

    #: a Changes value after a command ran or was redone, or its inverse after an undo:
    #: each row's ``after`` is the row as it now is in the file (None: gone)
    changed = Signal(object)
    #: a plan was opened (the Hub itself); views reload everything
    opened = Signal()
    #: the plan was closed; views clear themselves
    closed = Signal()
    #: a readable message for the person (validation errors, file problems)
    problem = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan: Plan | None = None
        self.release_id: int | None = None
        self.undo_stack = QUndoStack(self)

    # -- the open plan ------------------------------------------------------------------------
    def attach(self, plan: Plan) -> None:
        self.detach()
        self.plan = plan
        self.release_id = plan.live_release_id()
        self.undo_stack.clear()
        self.opened.emit()

    def detach(self) -> None:
        if self.plan is None:
            return
        self.undo_stack.clear()
        plan, self.plan, self.release_id = self.plan, None, None
        plan.close()
        self.closed.emit()

    # -- changing data --------------------------------------------------------------------------
    def run(self, call: Callable[[Plan], Changes]) -> Changes | None:
        """Run one core service; on success push it on the undo stack and broadcast it.

        A refusal from the core is shown as a readable message and nothing is pushed.
        """
        from cockpit.errors import CockpitError
        from ui.commands import ChangeCommand

        if self.plan is None:
            self.problem.emit("No plan is open.")
            return None
        try:
            changes = call(self.plan)
        except CockpitError as exc:
            self.problem.emit(str(exc))
            return None
        self.undo_stack.push(ChangeCommand(self, changes))
        return changes
