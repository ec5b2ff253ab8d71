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
        # Connected first, so the viewed cycle is valid before any view reacts to a change.
        self.changed.connect(self._keep_release_valid)

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

    def live_release_id(self) -> int | None:
        return self.plan.live_release_id() if self.plan is not None else None

    def is_live(self) -> bool:
        """Is the cycle on screen the newest one (the only one that can change)?"""
        return self.release_id is not None and self.release_id == self.live_release_id()

    def show_release(self, release_id: int) -> None:
        """Look at another cycle of the plan (earlier cycles are read-only); views reload."""
        if self.plan is None or release_id == self.release_id:
            return
        self.release_id = release_id
        self.opened.emit()

    def _keep_release_valid(self, changes: Changes) -> None:
        if self.plan is None or "release" not in changes.tables:
            return
        from cockpit.model import Release

        with self.plan.read() as session:
            exists = self.release_id is not None and session.get(Release, self.release_id) is not None
        if not exists:  # e.g. "start the next cycle" was undone while its cycle was on screen
            self.release_id = self.plan.live_release_id()
            self.opened.emit()

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
