"""The few questions the Owners view asks. Module functions, so tests can answer them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from cockpit.reports.owners import PersonColumn

LEAVE_UNOWNED = "Nobody: leave it without an owner (marked in the matrix)"


def ask_heir(parent: QWidget, person: PersonColumn, owned: Mapping[str, int],
             others: Sequence[PersonColumn]) -> tuple[bool, int | None]:
    """Confirm removing ``person``; when they own work, ask who takes it over. (ok, heir id or None)."""
    if not owned:
        answer = QMessageBox.question(parent, "Remove a person",
                                      f"Remove {person.name} from the plan? They own nothing.")
        return answer == QMessageBox.StandardButton.Yes, None
    holds = ", ".join(f"{n} {what if n != 1 else what.rstrip('s')}" for what, n in owned.items())
    choices = [p.name for p in others] + [LEAVE_UNOWNED]
    picked, ok = QInputDialog.getItem(parent, "Remove a person",
                                      f"{person.name} holds {holds}.\nWho takes all of it over? "
                                      "(One step: Undo brings everything back.)", choices, 0, False)
    if not ok:
        return False, None
    heir = next((p.id for p in others if p.name == picked), None)
    return True, heir


def ask_name(parent: QWidget, person: PersonColumn) -> str | None:
    name, ok = QInputDialog.getText(parent, "Rename", f"New name for {person.name}:", text=person.name)
    return name if ok else None


def ask_capacity(parent: QWidget, person: PersonColumn) -> float | None:
    days, ok = QInputDialog.getDouble(parent, "Weekly capacity",
                                      f"Days a week {person.name} works on this release:",
                                      person.days_per_week, 0.0, 7.0, 1)
    return days if ok else None


def ask_team_labels(parent: QWidget, labels: Sequence[str]) -> str | None:
    text, ok = QInputDialog.getMultiLineText(
        parent, "Team labels",
        "Names that are teams, functions or placeholders, never owners (comma-separated):", ", ".join(labels))
    return text if ok else None
