"""The File menu's actions: new, open, open the example, save a copy, recent plans, import, calendar, brief.

A helper the window owns (``MainWindow.files``). It is given everything it uses: the window as
the parent of its dialogs, the hub, and the window's ``open_path`` and ``commit_pending``, so this
module never imports the window (the dependency goes one way: ``ui.main_window`` → here).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu

    from ui.hub import Hub

PLAN_FILTER = "Release Cockpit plans (*.cockpit)"


class FileActions:
    """File-menu handlers; every file problem ends in the message bar (``hub.problem``), never in a traceback."""

    def __init__(self, window: QMainWindow, hub: Hub, *, open_path: Callable[..., bool],
                 commit_pending: Callable[[], None]) -> None:
        """``open_path(path, create=False, example=False)`` opens a plan in the window; ``commit_pending``
        saves text being typed before a file action."""
        self.window = window
        self.hub = hub
        self.open_path = open_path
        self.commit_pending = commit_pending

    def _ask_path(self, title: str, *, save: bool) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        from cockpit import paths

        plan = self.hub.plan
        if plan is not None and plan.engine == "team" and save:
            start = str(plan.path.with_suffix(".cockpit"))  # the plan's name, in the home folder
        else:
            start = str(plan.path.parent if plan else paths.data_dir())
        if save:
            name, _ = QFileDialog.getSaveFileName(self.window, title, start, PLAN_FILTER)
        else:
            name, _ = QFileDialog.getOpenFileName(self.window, title, start, PLAN_FILTER)
        if not name:
            return None
        path = Path(name)
        return path.with_suffix(".cockpit") if save and path.suffix != ".cockpit" else path

    def open_dialog(self) -> None:
        path = self._ask_path("Open a plan", save=False)
        if path is not None:
            self.open_path(path)

    def open_example(self) -> None:
        path = self._ask_path("Where should the example plan go?", save=True)
        if path is not None:
            self.open_path(path, create=True, example=True)

    def save_copy(self) -> None:
        """File ▸ Save a Copy…: where to, then ``write_copy``."""
        if self.hub.plan is None:
            return
        self.commit_pending()
        team = self.hub.plan.engine == "team"
        title = ("Save a copy of the team plan (a snapshot: it is never merged back)" if team
                 else "Save a copy of the plan")
        path = self._ask_path(title, save=True)
        if path is None:
            return
        self.write_copy(path)

    def write_copy(self, path: Path) -> bool:
        """Write the verified copy to ``path`` and say where it went (a team plan's copy says it is a snapshot)."""
        from cockpit.errors import CockpitError

        plan = self.hub.plan
        if plan is None:
            return False
        try:
            plan.save_copy(path, overwrite=True)  # the file dialog already asked about replacing
        except CockpitError as exc:
            self.hub.problem.emit(str(exc))
            return False
        if plan.engine == "team":
            self.hub.written.emit("a snapshot of the team plan as it is now (a copy, never merged back)", path)
        else:
            self.hub.written.emit("a verified copy of the plan", path)
        return True

    def brief(self, name: str) -> None:
        """Print, preview or export the brief (``name``: a function of ``ui.brief.actions``)."""
        from ui.brief import actions

        if self.hub.plan is not None:
            self.commit_pending()
            getattr(actions, name)(self.window, self.hub)

    def import_backlog(self) -> None:
        from ui.importer import open_import_dialog

        if self.hub.plan is not None:
            self.commit_pending()
            open_import_dialog(self.window, self.hub)

    def export_calendar(self) -> None:
        from ui.timeline.view import export_calendar

        if self.hub.plan is not None:
            export_calendar(self.window, self.hub)

    def edit_plan_rules(self) -> None:
        from ui.plan_rules import edit_plan_rules

        self.commit_pending()
        edit_plan_rules(self.window, self.hub)

    def close_plan(self) -> None:
        self.commit_pending()
        self.hub.detach()

    def fill_recent(self, menu: QMenu) -> None:
        """List the recent plans in ``menu`` (File ▸ Open Recent, filled as it opens)."""
        from cockpit import recent

        menu.clear()
        items = recent.recent()
        if not items:
            menu.addAction("No recent plans").setEnabled(False)
        for path in items:
            action = menu.addAction(f"{path.name}  —  {path.parent}")
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
