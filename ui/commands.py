"""Undo commands. Each wraps one core service call that has already run (so a refusal never
reaches the stack); undo and redo replay its exact before/after rows through the core.

The command knows nothing of the hub: it is given the open plan, and where to announce a change
or a problem, as plain callables (so ``ui.hub`` imports this module and never the other way round).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand, QUndoStack

if TYPE_CHECKING:
    from cockpit.services.core import Changes
    from cockpit.store import Plan


class ChangeCommand(QUndoCommand):
    """One undo step for one ``Changes`` value (a compound action is one ``Changes`` already)."""

    def __init__(self, changes: Changes, *, plan: Callable[[], Plan | None], announce: Callable[[Changes], None],
                 problem: Callable[[str], None], stack: QUndoStack | None = None) -> None:
        """``plan``: the open plan now (None once closed); ``announce``: broadcast a change as applied;
        ``problem``: show a readable refusal; ``stack``: the stack it is pushed on (to step back onto this
        command when a replay is refused for now)."""
        super().__init__(changes.summary)
        self._plan = plan
        self._announce = announce
        self._problem = problem
        self._stack = stack
        self.changes = changes
        self._applied = True  # the service ran before the push
        self._stepping_back = False

    def redo(self) -> None:
        """Qt calls this on push (the change is already made: just announce it) and on Redo."""
        if self._stepping_back:  # the stack moves back onto a step whose undo was refused for now
            self._stepping_back = False
            return
        if self._applied:
            self._announce(self.changes)
            return
        self._replay(forward=True)

    def undo(self) -> None:
        """Put the rows back as they were and announce the inverse change."""
        if self._stepping_back:  # the stack moves back onto a step whose redo was refused for now
            self._stepping_back = False
            return
        self._replay(forward=False)

    def _replay(self, *, forward: bool) -> None:
        from cockpit.errors import CockpitError, ValidationError
        from cockpit.services.core import redo, undo

        plan = self._plan()
        if plan is None:
            return
        try:
            (redo if forward else undo)(plan, self.changes)
        except CockpitError as exc:
            # Nothing was changed, so the stack must not count the step as undone (or redone).
            if isinstance(exc, ValidationError) or self._stack is None:
                # refused for good (someone built on it, it is gone): the step leaves the stack
                self.setObsolete(True)
            else:
                # refused for now (the server away, another's change taking its time): the step stays, and
                # the stack steps back onto it once Qt has finished this call, without replaying anything
                self._stepping_back = True
                stack = self._stack
                QTimer.singleShot(0, stack.redo if not forward else stack.undo)
            self._problem(str(exc))
            return
        self._applied = forward
        # Views read ``after`` as the rows' current state, so an undo is announced as the inverse.
        self._announce(self.changes if forward else self.changes.inverse())
