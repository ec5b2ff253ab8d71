"""The window's team-plan actions: open one (File ▸ Open Team Plan…, a recent one, ``cockpit open URI``),
publish the open file as one, and keep the window honest about what it may do with the plan on screen.

A helper the window owns (``MainWindow.team``), given what it uses as plain callables and widgets, so it
never imports the window (as ``ui.file_actions``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from ui.team.live import LOST, READ_ONLY, TeamLink

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QWidget

    from cockpit.team.store import TeamPlan
    from ui.hub import Hub
    from ui.team.banner import TeamBanner


class TeamActions:
    """Opening and publishing team plans; the read-only banner, the lock and the live link of the window."""

    def __init__(self, window: QWidget, hub: Hub, banner: TeamBanner, *, commit_pending: Callable[[], None],
                 views: Callable[[], list[QWidget]], editing: list[QAction], say: Callable[[str], None],
                 shown: Callable[[], None] = lambda: None) -> None:
        """``views()``: the widgets whose controls are locked while the plan may only be read; ``editing``:
        the window's actions that change the plan (disabled meanwhile); ``say``: a line in the status bar;
        ``shown()``: a team plan is on screen (the window clears what was said about the one before)."""
        self.window = window
        self.hub = hub
        self.banner = banner
        self.commit_pending = commit_pending
        self.views = views
        self.editing = editing
        self.say = say
        self.shown = shown
        self.link = TeamLink(hub, window)
        self.link.state_changed.connect(self.apply_state)
        self.link.said.connect(say)
        #: who this window's changes are made as (None: ``COCKPIT_AUTHOR``, else the database login)
        self.author: str | None = None
        #: File ▸ Publish to a Team Plan… (set by the window): for an open plan file only
        self.publish_action: QAction | None = None
        self._locked = False
        self._relock_due = False
        hub.closing.connect(self.link.detach)
        hub.closed.connect(self.apply_state)
        hub.opened.connect(self.apply_state)
        for signal in (hub.opened, hub.changed, hub.recorded):
            signal.connect(self.relock_soon)

    # -- password ---------------------------------------------------------------------------------
    def ask_password(self, message: str) -> str | None:
        """Ask for the server's password (tests replace this)."""
        from ui.team.dialog import ask_password

        return ask_password(self.window, message)

    # -- opening --------------------------------------------------------------------------------------
    def open_dialog(self) -> object:
        """File ▸ Open Team Plan…: where it is; it opens from the dialog (problems are said there)."""
        from ui.team.dialog import TeamPlanDialog
        from ui.team.recent import team_recent

        remembered = next(iter(team_recent()), "")
        dialog = TeamPlanDialog(self.window, act=self.open_team, ask_password=self.ask_password,
                                remembered=remembered)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_team(self, text: str, password: str | None = None) -> str | None:
        """Open the team plan at ``text`` (a connection string or URI) in the window.

        Returns None when it is open, else the problem in one sentence (nothing else changed: the plan
        on screen stays open). The password, asked when libpq has none, is kept in memory only.
        """
        from cockpit.errors import CockpitError, NeedsPassword
        from cockpit.team.address import parse
        from cockpit.team.store import open_team_plan

        self.commit_pending()
        self.hub.prepare_writes()
        try:
            address = parse(text)
        except CockpitError as exc:
            return str(exc)
        while True:
            try:
                plan = open_team_plan(address, password=password, author=self.author,
                                      lost=self.link.connection_lost)
                break
            except NeedsPassword as exc:
                if password is not None:
                    return f"The server of {address.label()} refused that password: the plan was not opened."
                password = self.ask_password(str(exc))
                if password is None:
                    return "No password was given: the plan was not opened."
            except CockpitError as exc:
                return str(exc)
        self.attach(plan)
        return None

    def attach(self, plan: TeamPlan) -> None:
        """Show ``plan`` (just opened) in the window, listen to it, and remember where it is."""
        from ui.team.recent import remember_team

        self.hub.detach()
        self.hub.attach(plan)
        self.link.attach(plan)
        try:
            remember_team(plan.address.shown)
        except OSError:
            pass  # a read-only config folder must not stop the session
        self.shown()
        self.apply_state()
        if getattr(plan, "upgraded_from", None):
            self.hub.problem.emit(f"The team plan {plan.address.plan} was upgraded from format {plan.upgraded_from} "
                                  "to the one this version writes: older versions cannot open it any more.")

    def fill_recent(self, menu: QMenu) -> None:
        """Add the team plans opened recently to File ▸ Open Recent (by address, never a password)."""
        from cockpit.errors import PlanFileError
        from cockpit.team.address import parse
        from ui.team.recent import team_recent

        found = team_recent()
        if not found:
            return
        placeholder = [a for a in menu.actions() if not a.isEnabled() and not a.isSeparator()]
        for action in placeholder:  # "No recent plans" is not true any more
            menu.removeAction(action)
        if menu.actions():
            menu.addSeparator()
        for text in found:
            try:
                label = parse(text).label()
            except PlanFileError:
                continue
            action = menu.addAction(f"{label}  —  team plan")
            action.setToolTip(text)
            action.setStatusTip(text)
            action.triggered.connect(lambda _=False, t=text: self.open_recent(t))

    def open_recent(self, text: str) -> bool:
        """Open a recent team plan; a problem goes to the message bar."""
        problem = self.open_team(text)
        if problem is not None:
            self.hub.problem.emit(problem)
        return problem is None

    # -- publishing --------------------------------------------------------------------------------------
    def publish_dialog(self) -> object:
        """File ▸ Publish to a Team Plan…: the open file as a new team plan, then offer to open it."""
        from ui.team.dialog import TeamPlanDialog
        from ui.team.recent import team_recent

        plan = self.hub.plan
        if plan is None or plan.engine != "file":
            return None
        self.commit_pending()
        stem = "".join(ch if ch.isalnum() else "_" for ch in plan.path.stem.lower()).strip("_") or "plan"
        name = stem if stem[0].isalpha() else f"plan_{stem}"
        self._published: tuple[str, str | None] | None = None
        dialog = TeamPlanDialog(self.window, act=self.publish, ask_password=self.ask_password, publishing=True,
                                plan=name[:48], remembered=next(iter(team_recent()), ""))
        dialog.accepted.connect(self._offer_to_open)
        self.dialog = dialog
        dialog.open()
        return dialog

    def publish(self, text: str, password: str | None = None) -> str | None:
        """Publish the open plan file at ``text``: None when done, else the problem in one sentence."""
        from cockpit.errors import CockpitError, NeedsPassword
        from cockpit.team.store import publish

        plan = self.hub.plan
        if plan is None or plan.engine != "file":
            return "Open a plan file first: it is what gets published."
        while True:
            try:
                address = publish(plan, text, password=password)
                break
            except NeedsPassword as exc:
                if password is not None:
                    return "The server refused that password: nothing was published."
                password = self.ask_password(str(exc))
                if password is None:
                    return "No password was given: nothing was published."
            except CockpitError as exc:
                return str(exc)
        self._published = (address.shown, password)
        return None

    def _offer_to_open(self) -> None:
        published = getattr(self, "_published", None)
        if published is None:
            return
        shown, password = published
        self._published = None
        from cockpit.team.address import parse

        label = parse(shown).label()
        self.say(f"Published as {label}: the file is unchanged.")
        if self.hub.confirm(self.window, f"The plan is published as the team plan {label}, checked row for row. "
                                         "Your file stays as it is and is not kept in step with it.\n\n"
                                         "Open the team plan now?"):
            problem = self.open_team(shown, password)
            if problem is not None:
                self.hub.problem.emit(problem)

    # -- what the window may do with the plan on screen ------------------------------------------------
    def reason(self) -> str | None:
        """Why the plan on screen may only be read just now, or None."""
        plan = self.hub.plan
        if plan is None or plan.engine != "team":
            return None
        if self.link.is_lost:
            return LOST
        return READ_ONLY if plan.read_only else None

    def apply_state(self) -> None:
        """The banner, the lock on the views, the editing actions and the hub's refusal, as ``reason()`` says."""
        reason = self.reason()
        self.hub.read_only_reason = reason
        self.banner.say(reason)
        plan = self.hub.plan
        for action in self.editing:
            action.setEnabled(reason is None and plan is not None)
        if self.publish_action is not None:
            self.publish_action.setEnabled(plan is not None and plan.engine == "file")
        from ui.team import lock

        if reason is not None:
            lock.lock(self.views())
            self._locked = True
        elif self._locked:
            self._locked = False
            lock.unlock(self.views())

    def relock_soon(self, *_args: object) -> None:
        """Views enable their own controls when they refresh (and a view is built when first shown): lock
        what is there now, and again once they have refreshed."""
        if self.hub.read_only_reason is None:
            return
        self._relock()
        if not self._relock_due:
            self._relock_due = True
            QTimer.singleShot(0, self._relock)

    def _relock(self) -> None:
        self._relock_due = False  # (a deferred call clears it; an immediate one before it is harmless)
        if self.hub.read_only_reason is not None:
            from ui.team import lock

            lock.lock(self.views())
