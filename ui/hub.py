"""The hub: the open plan, its undo stack, and the ``changed`` signal every view listens to."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QInputDialog

    from cockpit.errors import NeedsReason
    from cockpit.services.core import Changes
    from cockpit.snapshot import Cycle
    from cockpit.store import Plan


class Hub(QObject):
    """One per window. Views read through ``plan`` and change data only through ``run``."""

    #: a Changes value after a command ran or was redone, or its inverse after an undo:
    #: each row's ``after`` is the row as it now is in the file (None: gone)
    changed = Signal(object)
    #: a plan was opened (the Hub itself); views reload everything
    opened = Signal()
    #: the plan is about to close (still open): save what must not wait, e.g. the session's clock
    closing = Signal()
    #: the plan was closed; views clear themselves
    closed = Signal()
    #: a readable message for the person (validation errors, file problems)
    problem = Signal(str)
    #: a file was written for the person (what it is, its Path): the status bar says where
    written = Signal(str, object)
    #: a record was kept that is no change to undo (the reset session's clock): a Changes value
    recorded = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan: Plan | None = None
        self.release_id: int | None = None
        self.undo_stack = QUndoStack(self)
        self._cycle: Cycle | None = None
        self._writer: threading.Thread | None = None
        #: the backup problem last shown (see ``Plan.backup_problem``)
        self._told: str | None = None
        #: whether the window has said that texts of the open plan were not UTF-8
        self._told_repaired = False
        #: why the plan may only be read just now (a read-only role, a lost server), or None: every change
        #: is refused with this sentence while it is set
        self.read_only_reason: str | None = None
        # Connected first, so the snapshot is dropped and the viewed cycle is valid before any view reacts.
        self.changed.connect(self._keep_release_valid)

    # -- the open plan ------------------------------------------------------------------------
    def cycle(self) -> Cycle:
        """The snapshot of the cycle on screen: read once per change, shared by every view.

        Raises ``LookupError`` when no plan is open.
        """
        if self.plan is None or self.release_id is None:
            raise LookupError("no plan is open")
        if self._cycle is None or self._cycle.release.id != self.release_id:
            from cockpit.reader import read_cycle

            self._cycle = read_cycle(self.plan.raw, self.release_id, self.plan.path.name)
            if getattr(self.plan.raw, "bad_text", False) and not self._told_repaired:
                self._told_repaired = True  # once per open plan, after the views that asked have refreshed
                QTimer.singleShot(0, self._tell_repaired)
        return self._cycle

    def _tell_repaired(self) -> None:
        from cockpit.fileformat import repair_note

        if self.plan is not None and (said := repair_note(self.plan.raw, self.plan.path.name)) is not None:
            self.problem.emit(said)

    def attach(self, plan: Plan) -> None:
        self.detach()
        self.plan = plan
        self._cycle = None
        self._told_repaired = False
        self.release_id = plan.live_release_id()
        self.undo_stack.clear()
        self.opened.emit()

    def detach(self) -> None:
        if self.plan is None:
            return
        self.closing.emit()
        self.undo_stack.clear()
        plan, self.plan, self.release_id, self._cycle = self.plan, None, None, None
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
        self._cycle = None
        self.opened.emit()

    def _keep_release_valid(self, changes: Changes) -> None:
        self._cycle = None  # every change makes a new snapshot
        if self.plan is not None and self.plan.backup_problem and self.plan.backup_problem != self._told:
            self._told = self.plan.backup_problem  # the change itself is saved: say it once, not per change
            self.problem.emit(self.plan.backup_problem)
        if self.plan is None or ("release" not in changes.tables and changes.rows):
            return
        from cockpit.reader import read_cycles

        exists = any(r.id == self.release_id for r in read_cycles(self.plan.raw))
        if not exists:  # e.g. "start the next cycle" was undone while its cycle was on screen
            self.release_id = self.plan.live_release_id()
            self.opened.emit()

    def reload_elsewhere(self, summary: str) -> None:
        """The plan changed elsewhere (another window on a team plan): read it again and let every view
        refresh in place, keeping what is selected and where it is scrolled.

        Announced as a ``Changes`` with no rows, which views take as "read everything again".
        """
        from cockpit.services.core import Changes

        if self.plan is None:
            return
        self._cycle = None
        self.changed.emit(Changes(summary, "elsewhere", self.release_id))

    # -- changing data --------------------------------------------------------------------------
    def run(self, call: Callable[..., Changes], *, parent: QWidget | None = None) -> Changes | None:
        """Run one core service; on success push it on the undo stack and broadcast it.

        ``call(plan, **answers)`` runs the service. When the core says a rule needs a reason
        (``NeedsReason``) or a confirmation (``NeedsConfirmation``), the person is asked here and
        the call is made again with the answer as the keyword the error names; the UI never checks
        a rule itself. Cancelling the question changes nothing. Any other refusal from the core is
        shown as a readable message and nothing is pushed.
        """
        from cockpit.errors import CannotSave, CockpitError, Conflict, NeedsConfirmation, NeedsReason
        from ui.commands import ChangeCommand

        self.wait_for_writes()  # spins the event loop: the plan may be closed meanwhile
        answers: dict[str, object] = {}
        while True:
            plan = self.plan  # read again after every question: a dialog spins the event loop too
            if plan is None:
                self.problem.emit("No plan is open.")
                return None
            if self.read_only_reason:
                self.problem.emit(f"{self.read_only_reason} Nothing was changed.")
                return None
            try:
                changes = call(plan, **answers)
                break
            except NeedsReason as exc:
                if exc.field in answers:  # the answer given was refused as well
                    self.problem.emit(str(exc))
                    return None
                reason = self.ask_optional(parent, exc) if exc.optional else self.ask_reason(parent, exc)
                if reason is None:
                    return None
                answers[exc.field] = reason
            except NeedsConfirmation as exc:
                if exc.field in answers:  # confirmed, and still asked: say so rather than nothing
                    self.problem.emit(str(exc))
                    return None
                if not self.confirm(parent, str(exc)):
                    return None
                answers[exc.field] = True
            except CannotSave as exc:  # the disk refused: nothing changed, nothing pushed; too serious for a bar
                modal = QApplication.activeModalWidget()
                if plan.engine == "team" and modal is None:  # a lost server: the window's banner says so already
                    self.problem.emit(str(exc))
                else:  # (a dialog open over the window would hide the bar: say it on top of the dialog)
                    self.tell(parent or modal, "The change was not saved", str(exc))
                return None
            except Conflict as exc:  # someone else changed it meanwhile: say who, and show their change
                self.problem.emit(str(exc))
                self.reload_elsewhere(str(exc))
                return None
            except CockpitError as exc:
                self.problem.emit(str(exc))
                return None
        self.undo_stack.push(ChangeCommand(changes, plan=lambda: self.plan, announce=self.changed.emit,
                                           problem=self.problem.emit, stack=self.undo_stack))
        return changes

    def keep(self, call: Callable[[Plan], Changes]) -> Changes | None:
        """Run a service that keeps a record without changing the plan (``services.core.keep_record``:
        the reset session's clock). Nothing goes on the undo stack; ``recorded`` announces it. A refusal
        is shown in the message bar and None returned."""
        from cockpit.errors import CockpitError

        self.wait_for_writes()
        plan = self.plan
        if plan is None:
            self.problem.emit("No plan is open.")
            return None
        if self.read_only_reason:
            return None  # a record, not a change: nothing to tell
        try:
            changes = call(plan)
        except CockpitError as exc:  # CannotSave too: the clock is saved again at the next step or pause
            self.problem.emit(str(exc))
            return None
        self._cycle = None  # a new snapshot, as after a change
        self.recorded.emit(changes)
        return changes

    # -- the write path -----------------------------------------------------------------------------
    def prepare_writes(self) -> None:
        """Import the services (standard library only, a few tens of milliseconds) in the background
        once the plan is on screen, so the first edit finds them loaded."""
        if self._writer is None:
            self._writer = threading.Thread(target=_load_write_path, name="load-write-path", daemon=True)
            self._writer.start()

    def wait_for_writes(self) -> None:
        """A change that comes before the write path is loaded waits for it, keeping the window responsive."""
        writer = self._writer
        if writer is None or not writer.is_alive():
            return
        from PySide6.QtCore import QEventLoop

        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(5)
        poll.timeout.connect(lambda: loop.quit() if not writer.is_alive() else None)
        poll.start()
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        poll.stop()

    def ask_reason(self, parent: QWidget | None, question: NeedsReason) -> str | None:
        """Ask for the reason a rule needs, offering its choices (editable; the first is the default).

        None when cancelled or left empty. Tests replace this.
        """
        from PySide6.QtWidgets import QDialog

        dialog = reason_dialog(parent, question)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        text = dialog.textValue().strip()
        dialog.deleteLater()
        return text if ok and text else None

    def ask_optional(self, parent: QWidget | None, question: NeedsReason) -> str | None:
        """Ask for a reason the person may leave out: "" when left empty (Enter skips), None when
        cancelled (Esc). Tests replace this."""
        from PySide6.QtWidgets import QDialog

        dialog = reason_dialog(parent, question)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        text = dialog.textValue().strip()
        dialog.deleteLater()
        return text if ok else None

    def ask_text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        """Ask for one line of text (a parking-lot topic): None when cancelled or left empty. Tests replace this."""
        from PySide6.QtWidgets import QDialog, QInputDialog, QLabel

        dialog = QInputDialog(parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        for shown_label in dialog.findChildren(QLabel):
            shown_label.setWordWrap(True)
        room = (parent.screen() if parent is not None else dialog.screen()).availableGeometry()
        dialog.resize(min(room.width(), dialog.fontMetrics().averageCharWidth() * 60), dialog.sizeHint().height())
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        text = dialog.textValue().strip()
        dialog.deleteLater()
        return text if ok and text else None

    def tell(self, parent: QWidget | None, title: str, message: str) -> None:
        """Show a problem the person must see before going on, in a dialog (tests replace this)."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(parent, title, message)

    def confirm(self, parent: QWidget | None, message: str) -> bool:
        """Ask the person to confirm what a rule flagged (tests replace this)."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(parent, "Please confirm", message)
        return answer == QMessageBox.StandardButton.Yes


def _load_write_path() -> None:
    """Import the services that the first edit will need."""
    import importlib

    for name in ("cockpit.services.core", "cockpit.services.scope", "cockpit.services.ownership"):
        importlib.import_module(name)


def reason_dialog(parent: QWidget | None, question: NeedsReason) -> QInputDialog:
    """The reason prompt: the question wrapped to the dialog, its choices in an editable list."""
    from PySide6.QtWidgets import QInputDialog, QLabel

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(question.title)
    dialog.setLabelText(str(question) + (f"\n\n{question.hint}" if question.hint else ""))  # the hint on its own line
    if question.choices:
        dialog.setComboBoxItems(list(question.choices))
        dialog.setComboBoxEditable(True)
    for label in dialog.findChildren(QLabel):  # a long question wraps instead of widening the dialog past the screen
        label.setWordWrap(True)
    # about 60 characters a line, never wider than the screen (a projector's 1024×768 in large type)
    room = (parent.screen() if parent is not None else dialog.screen()).availableGeometry()
    dialog.resize(min(room.width(), dialog.fontMetrics().averageCharWidth() * 60), dialog.sizeHint().height())
    return dialog
