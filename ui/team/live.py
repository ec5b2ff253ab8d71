"""A window's live link to its team plan: other people's changes as they commit, and the connection.

A thread of its own waits on a second connection (``TeamPlan.listener``) and hands what it hears to the
window's thread through queued signals; the window reloads the plan and says who changed what. When the
server is lost (the listener's connection breaks, or a change finds the plan's connection gone), the
window says so at once and shows the plan as it was, read-only; every ``RETRY_MS`` it tries again, and
once the plan's connection is back it reloads and can be edited again. Nothing is queued meanwhile.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from cockpit.team.store import Listener, TeamPlan
    from ui.hub import Hub

#: how often a lost connection is tried again
RETRY_MS = 2000
#: how long the listening thread waits at a time (how soon it notices it should stop)
WAIT_S = 0.25
#: how often a quiet listener asks the server whether it is still there
HEARTBEAT_S = 2.0
#: how long the server may take to answer it before the connection counts as lost (and the window's own
#: waiting call is broken off)
STALL_S = 10.0

LOST = ("The connection to the server is lost — showing the plan as it was, read-only; retrying…")
READ_ONLY = "Read-only: your database role may only read this team plan."


def heard_line(notes: list[dict[str, Any]]) -> str:
    """“Ana Lopez: Cut “Dark mode””: the latest announcement, with how many more came with it."""
    last = notes[-1]
    who = str(last.get("author") or "Someone else")
    line = f"{who}: {last.get('summary') or 'changed the plan'}"
    if len(notes) > 1:
        line += f" (and {len(notes) - 1} more change{'s' if len(notes) > 2 else ''})"
    return line


class TeamLink(QObject):
    """One per window: live changes and the state of the connection of the team plan it shows."""

    #: from the listening thread: (plan, announcements of other windows)
    heard = Signal(object, object)
    #: the connection is lost: (plan, whether the listener found it)
    lost = Signal(object, bool)
    #: the listening thread has a working connection: (plan,)
    listening = Signal(object)
    #: the link went from live to lost, or back (the window shows or hides its banner)
    state_changed = Signal()
    #: a line for the status bar: who changed what, or that the connection is back
    said = Signal(str)

    def __init__(self, hub: Hub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.plan: TeamPlan | None = None
        #: whether the connection is lost (the window shows the plan as it was, read-only)
        self.is_lost = False
        self._listener_up = False
        #: the server process of the listening connection (tests end it to play a lost server)
        self.listener_pid: int | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.try_again)
        queued = QtCore.Qt.ConnectionType.QueuedConnection
        self.heard.connect(self._on_heard, queued)
        self.lost.connect(self._on_lost, queued)
        self.listening.connect(self._on_listening, queued)

    # -- the plan ---------------------------------------------------------------------------------
    def connection_lost(self) -> None:
        """The plan's own connection broke under a change or a read (``open_team_plan(lost=...)``)."""
        if self.plan is not None:
            self.lost.emit(self.plan, False)

    def attach(self, plan: TeamPlan) -> None:
        """Start listening to ``plan`` (just opened in the window)."""
        self.detach()
        self.plan = plan
        self.is_lost = False
        self._listener_up = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, args=(plan, self._stop), name="team-plan-listener",
                                        daemon=True)
        self._thread.start()

    def detach(self) -> None:
        """Stop listening (the plan is closing); the thread ends before this returns."""
        was = self.plan is not None and self.is_lost
        self.plan = None
        self.is_lost = False
        self.listener_pid = None
        self._retry.stop()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if was:
            self.state_changed.emit()

    # -- the listening thread ------------------------------------------------------------------------
    def _listen(self, plan: TeamPlan, stop: threading.Event) -> None:
        """Wait for other windows' announcements until told to stop; reconnect every RETRY_MS when lost."""
        import psycopg

        from cockpit.errors import PlanFileError

        listener: Listener | None = None
        checked = time.monotonic()
        try:
            while not stop.is_set():
                if listener is None:
                    try:
                        listener = plan.listener()
                    except (PlanFileError, psycopg.Error):
                        stop.wait(RETRY_MS / 1000)
                        continue
                    self.listener_pid = listener.conn.info.backend_pid
                    if not stop.is_set():
                        self.listening.emit(plan)
                try:
                    notes = listener.wait(WAIT_S)
                    if not notes and time.monotonic() - checked >= HEARTBEAT_S:
                        # a stalled server says nothing: ask it; the window's own call is broken off only if it
                        # too has waited that long (a long import on a slow line is left to finish)
                        listener.alive(STALL_S, lambda: plan.break_connection(STALL_S))
                        checked = time.monotonic()
                except psycopg.Error:
                    _close_quietly(listener)
                    listener = None
                    if not stop.is_set():
                        self.lost.emit(plan, True)
                    stop.wait(RETRY_MS / 1000)
                    continue
                if notes and not stop.is_set():
                    self.heard.emit(plan, notes)
        finally:
            if listener is not None:
                _close_quietly(listener)

    # -- in the window's thread ------------------------------------------------------------------------
    def _on_heard(self, plan: TeamPlan, notes: list[dict[str, Any]]) -> None:
        if plan is not self.plan or self.is_lost or self.hub.plan is not plan:
            return
        self.hub.reload_elsewhere(heard_line(notes))
        self.said.emit(heard_line(notes))

    def _on_lost(self, plan: TeamPlan, by_listener: bool) -> None:
        if plan is not self.plan:
            return
        if by_listener:
            self._listener_up = False
        if not self.is_lost:
            self.is_lost = True
            self._retry.start()
            self.state_changed.emit()

    def _on_listening(self, plan: TeamPlan) -> None:
        if plan is not self.plan:
            return
        self._listener_up = True
        if self.is_lost:
            self.try_again()

    def try_again(self) -> bool:
        """Connect the plan again if the server answers (the listener's connection says it does); on
        success reload the plan as the server has it and leave the lost state. True when back."""
        from cockpit.errors import PlanFileError

        plan = self.plan
        if plan is None or not self.is_lost:
            self._retry.stop()
            return not self.is_lost
        if not self._listener_up:  # the server does not answer yet: trying here would block the window
            return False
        try:
            plan.reconnect()
        except PlanFileError:
            return False
        self.is_lost = False
        self._retry.stop()
        self.state_changed.emit()
        self.hub.reload_elsewhere("The connection is back")
        self.said.emit("The connection to the server is back: the plan is shown as the server has it.")
        return True


def _close_quietly(listener: Listener) -> None:
    import psycopg

    try:
        listener.close()
    except psycopg.Error:
        pass
