"""The Owners view's people actions: add, rename, weekly capacity, remove (asking where the work goes),
and the team-label setting. A mixin of ``OwnersView``; each action is one command through the hub."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QDoubleSpinBox, QLineEdit, QMenu, QWidget

from cockpit.reports.owners import Ownership, PersonColumn
from ui.owners import dialogs

if TYPE_CHECKING:
    from ui.hub import Hub
    from ui.models.owners import OwnerMatrixModel
    from ui.owners.matrix import MatrixTable


class PeopleActions:
    """Needs ``hub``, ``report``, ``model``, ``table``, ``person_name`` and ``person_days`` on the view."""

    hub: Hub
    model: OwnerMatrixModel
    table: MatrixTable
    person_name: QLineEdit
    person_days: QDoubleSpinBox

    @property
    def report(self) -> Ownership | None:
        """The Owners report on screen (the view provides it)."""
        raise NotImplementedError

    def add_person(self) -> None:
        from cockpit.services.people import add_person

        name, days = self.person_name.text(), self.person_days.value()
        if self.hub.run(lambda plan, **extra: add_person(plan, name, days, **extra),
                        parent=self._parent()) is not None:
            self.person_name.setText("")  # not clear(): that is a typing step, and Ctrl+Z must undo the plan's change

    def _person_action(self, action: Callable[[PersonColumn], object], column: int | None = None) -> None:
        if column is None:
            column = self.table.currentIndex().column()
        person = self.model.person(column)
        if person is None:
            self.hub.problem.emit("Pick a person's column first (move along the row with the arrow keys).")
            return
        action(person)

    def _header_menu(self, pos: QPoint) -> None:
        column = self.table.horizontalHeader().logicalIndexAt(pos)
        if self.model.person(column) is None:
            return
        menu = QMenu(self._parent())
        for text, action in (("Rename…", self.rename_person), ("Weekly capacity…", self.set_capacity),
                             ("Remove…", self.remove_person)):
            menu.addAction(text, self._on_column(action, column))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _on_column(self, action: Callable[[PersonColumn], object], column: int) -> Callable[[], None]:
        """A menu entry's callback: ``action`` on the person of ``column``."""
        return lambda: self._person_action(action, column)

    def rename_person(self, person: PersonColumn) -> None:
        from cockpit.services.people import rename_person

        name = dialogs.ask_name(self._parent(), person)
        if name is not None and name.strip() != person.name:
            self.hub.run(lambda plan, **extra: rename_person(plan, person.id, name, **extra),
                         parent=self._parent())

    def set_capacity(self, person: PersonColumn) -> None:
        from cockpit.services.people import set_capacity

        days = dialogs.ask_capacity(self._parent(), person)
        if days is not None and days != person.days_per_week:
            self.hub.run(lambda plan, **extra: set_capacity(plan, person.id, days, **extra),
                         parent=self._parent())

    def remove_person(self, person: PersonColumn) -> None:
        """Remove someone; when they own work, ask where it goes. One undo step either way."""
        from cockpit.reader import read_plan
        from cockpit.reports.owners import owned_work
        from cockpit.services.people import remove_person

        if self.hub.plan is None or self.report is None:
            return
        owned = owned_work(read_plan(self.hub.plan.raw), person.id)  # their work in every cycle goes
        others = [p for p in self.report.people if p.id != person.id]
        ok, heir = dialogs.ask_heir(self._parent(), person, owned, others)
        if ok:
            self.hub.run(lambda plan, **extra: remove_person(plan, person.id, heir, **extra),
                         parent=self._parent())

    def edit_team_labels(self) -> None:
        from cockpit.services.review import set_setting

        if self.report is None:
            return
        text = dialogs.ask_team_labels(self._parent(), self.report.team_labels)
        if text is not None:
            self.hub.run(lambda plan, **extra: set_setting(plan, "team_labels", text, **extra),
                         parent=self._parent())

    def _parent(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self
