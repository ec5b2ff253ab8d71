"""The release roles: one name for each single role, one or more verifiers. Every pick is one undo step.

Each role is a label and a combo box as wide as the longest name (every role's pair the same width, so
they line up); the pairs flow into as many columns as the width holds, one a row on a projector.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cockpit.kinds import Role
from cockpit.rules.ownership import SINGLE_ROLES
from cockpit.text import shown
from ui.fit import FlowLayout
from ui.widgets import StayOpenMenu, plain_label, set_tone

if TYPE_CHECKING:
    from cockpit.reports.owners import Ownership
    from ui.hub import Hub

NOBODY = "— nobody —"
NO_VERIFIER = "Nobody yet: pick at least one"
LABELS = {
    "scope owner": ("&Scope owner", "What stays, what goes"),
    "delivery owner": ("&Delivery owner", "Daily progress, blockers, handoffs"),
    "readiness owner": ("Readi&ness owner", "Tests, migrations, config, rollout and rollback steps"),
    "stop authority": ("Stop &authority", "May pause the launch"),
    "rollback caller": ("Rollback &caller", "Says “roll back”"),
    "rollback runner": ("Rollback r&unner", "Runs the rollback steps"),
}


def _shown_text(label: QLabel) -> str:
    return label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


class RolePair(QWidget):
    """A role's label and combo box, asking for ``width`` (the widest pair's) so the pairs line up."""

    def __init__(self, label: QLabel, combo: QComboBox) -> None:
        super().__init__()
        self.width_wanted = 0
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(combo, 1)

    def natural(self) -> QSize:
        layout = self.layout()
        assert layout is not None
        return layout.sizeHint()

    def sizeHint(self) -> QSize:
        natural = self.natural()
        return QSize(max(self.width_wanted, natural.width()), natural.height())


class RolesPanel(QWidget):
    """A combo per single role and a menu of verifiers, all reading the ``Ownership`` report."""

    def __init__(self, hub: Hub, source: Callable[[], Ownership | None]) -> None:
        super().__init__()
        self.hub = hub
        #: the Owners report on screen (the matrix model holds it; the panel asks)
        self._source = source
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.flow = FlowLayout()
        outer.addLayout(self.flow)
        self.combos: dict[str, QComboBox] = {}
        self.labels: dict[str, QLabel] = {}
        self.pairs: list[RolePair] = []
        for role in SINGLE_ROLES:
            text, hint = LABELS[role]
            label = QLabel(text)
            combo = QComboBox()
            combo.setAccessibleName(text.replace("&", ""))
            combo.setToolTip(hint)
            # Asks for its longest name; may be squeezed (never below twelve characters) on a narrow screen.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            combo.activated.connect(lambda index, r=role: self._picked(r, index))
            label.setBuddy(combo)
            label.setToolTip(hint)
            pair = RolePair(label, combo)
            self.flow.addWidget(pair)
            self.combos[role], self.labels[role] = combo, label
            self.pairs.append(pair)
        self.verifiers = QToolButton()
        self.verifiers.setText("Choose…")
        self.verifiers.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.verifiers.setToolTip("One or more people who check health and data after launch")
        self.verifiers.setAccessibleName("Verifiers")
        self.verifier_menu = StayOpenMenu(self.verifiers)  # tick several without reopening it
        self.verifier_menu.setAccessibleName("Verifiers menu")
        self.verifiers.setMenu(self.verifier_menu)
        self.verifier_label = QLabel("Ver&ifiers")
        self.verifier_label.setBuddy(self.verifiers)
        #: the verifiers' names, wrapped (as many as there are)
        self.verifier_names = plain_label(NO_VERIFIER, "bad")
        self.verifier_names.setAccessibleName("Verifiers chosen")
        line = QHBoxLayout()
        line.addWidget(self.verifier_label)
        line.addWidget(self.verifier_names, 1)
        line.addWidget(self.verifiers)
        outer.addLayout(line)
        self.fit_widths()

    @property
    def report(self) -> Ownership | None:
        """The Owners report on screen."""
        return self._source()

    # -- sizes --------------------------------------------------------------------------------------
    def fit_widths(self) -> None:
        """Every label as wide as the widest in bold (an empty role's label turns bold), every combo at least
        twelve characters: the pairs line up in columns and can still shrink on a narrow screen."""
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        labels = [*self.labels.values(), self.verifier_label]
        width = max(metrics.horizontalAdvance(_shown_text(label)) for label in labels) + metrics.averageCharWidth()
        for label in labels:
            label.setFixedWidth(width)
        char = self.fontMetrics().averageCharWidth()
        for combo in self.combos.values():
            combo.setMinimumWidth(char * 12)
        for pair in self.pairs:  # the gap between columns of pairs: two characters (presentation mode scales)
            inside = pair.layout()
            if inside is not None:
                inside.setContentsMargins(0, 0, char * 2, 0)
        widest = max(pair.natural().width() for pair in self.pairs)
        for pair in self.pairs:  # equal widths: the flow puts them in aligned columns
            pair.width_wanted = widest
            pair.updateGeometry()
        self.flow.invalidate()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_widths()

    # -- contents -----------------------------------------------------------------------------------
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
            action = QAction(shown(person.name).replace("&", "&&"), self.verifier_menu)
            action.setCheckable(True)
            action.setChecked(person.id in chosen)
            action.toggled.connect(lambda on, pid=person.id: self._verifier(pid, on))
            self.verifier_menu.addAction(action)
        names = [shown(p.name) for p in people if p.id in chosen]
        text = ", ".join(names) if names else NO_VERIFIER
        if text != self.verifier_names.text():
            self.verifier_names.setText(text)
        set_tone(self.verifier_names, "" if names else "bad")
        set_tone(self.verifier_label, "" if names else "bad")
        self.fit_widths()

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
