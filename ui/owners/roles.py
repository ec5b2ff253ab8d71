"""The release roles: one name for each single role, one or more verifiers. Every pick is one undo step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QMenu, QToolButton, QWidget

from cockpit.kinds import Role
from cockpit.rules.ownership import SINGLE_ROLES
from cockpit.text import shown
from ui.widgets import set_tone

if TYPE_CHECKING:
    from cockpit.reports.owners import Ownership
    from ui.hub import Hub

NOBODY = "— nobody —"
LABELS = {
    "scope owner": ("&Scope owner", "What stays, what goes"),
    "delivery owner": ("&Delivery owner", "Daily progress, blockers, handoffs"),
    "readiness owner": ("Readi&ness owner", "Tests, migrations, config, rollout and rollback steps"),
    "stop authority": ("Stop &authority", "May pause the launch"),
    "rollback caller": ("Rollback &caller", "Says “roll back”"),
    "rollback runner": ("Rollback r&unner", "Runs the rollback steps"),
}
PER_ROW = 3


class RolesPanel(QWidget):
    """A combo per single role and a menu of verifiers, all reading the ``Ownership`` report."""

    def __init__(self, hub: Hub, source: Callable[[], Ownership | None]) -> None:
        super().__init__()
        self.hub = hub
        #: the Owners report on screen (the matrix model holds it; the panel asks)
        self._source = source
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        self.combos: dict[str, QComboBox] = {}
        self.labels: dict[str, QLabel] = {}
        for n, role in enumerate(SINGLE_ROLES):
            text, hint = LABELS[role]
            label = QLabel(text)
            combo = QComboBox()
            combo.setAccessibleName(text.replace("&", ""))
            combo.setToolTip(hint)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            combo.activated.connect(lambda index, r=role: self._picked(r, index))
            label.setBuddy(combo)
            label.setToolTip(hint)
            row, col = divmod(n, PER_ROW)
            grid.addWidget(label, row, col * 2)
            grid.addWidget(combo, row, col * 2 + 1)
            self.combos[role], self.labels[role] = combo, label
        self.verifiers = QToolButton()
        self.verifiers.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.verifiers.setToolTip("One or more people who check health and data after launch")
        self.verifiers.setAccessibleName("Verifiers")
        self.verifier_menu = QMenu(self.verifiers)
        self.verifiers.setMenu(self.verifier_menu)
        self.verifier_label = QLabel("Ver&ifiers")
        self.verifier_label.setBuddy(self.verifiers)
        row = (len(SINGLE_ROLES) + PER_ROW - 1) // PER_ROW
        grid.addWidget(self.verifier_label, row, 0)
        grid.addWidget(self.verifiers, row, 1, 1, PER_ROW * 2 - 1)
        grid.setColumnStretch(PER_ROW * 2 - 1, 1)

    @property
    def report(self) -> Ownership | None:
        """The Owners report on screen."""
        return self._source()

    def refresh(self) -> None:
        """Show the roles of the report on screen."""
        report = self.report
        people = report.people if report else []
        holders = report.holders if report else {}
        for role, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOBODY, None)
            for person in people:
                combo.addItem(shown(person.name), person.id)
            held = holders.get(role) or []
            combo.setCurrentIndex(max(0, combo.findData(held[0])) if held else 0)
            combo.blockSignals(False)
            set_tone(self.labels[role], "" if held else "bad")
        self.verifier_menu.clear()
        chosen = set(holders.get(Role.VERIFIER.value) or [])
        for person in people:
            action = QAction(person.name, self.verifier_menu)
            action.setCheckable(True)
            action.setChecked(person.id in chosen)
            action.toggled.connect(lambda on, pid=person.id: self._verifier(pid, on))
            self.verifier_menu.addAction(action)
        names = [p.name for p in people if p.id in chosen]
        self.verifiers.setText(", ".join(n.replace("&", "&&") for n in names) if names
                               else "Nobody yet: pick at least one")
        set_tone(self.verifier_label, "" if names else "bad")

    def holder(self, role: str) -> int | None:
        held = (self.report.holders.get(role) or []) if self.report else []
        return held[0] if held else None

    def _picked(self, role: str, index: int) -> None:
        from cockpit.services.people import assign_role, unassign_role

        release_id = self.report.release_id if self.report else None
        if release_id is None:
            return
        person_id = self.combos[role].itemData(index)
        current = self.holder(role)
        if person_id == current:
            return
        if person_id is None:
            done = self.hub.run(lambda plan, **extra: unassign_role(plan, release_id, role, **extra), parent=self)
        else:
            done = self.hub.run(lambda plan, **extra: assign_role(plan, release_id, role, person_id, **extra),
                                parent=self)
        if done is None:  # refused: show the file's state again
            self.refresh()

    def _verifier(self, person_id: int, on: bool) -> None:
        from cockpit.services.people import assign_role, unassign_role

        if self.report is None:
            return
        release_id, role = self.report.release_id, Role.VERIFIER.value
        if on:
            self.hub.run(lambda plan, **extra: assign_role(plan, release_id, role, person_id, **extra), parent=self)
        else:
            self.hub.run(lambda plan, **extra: unassign_role(plan, release_id, role, person_id, **extra),
                         parent=self)
