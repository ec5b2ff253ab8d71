"""People and release roles: one name per decision."""

from __future__ import annotations

from typing import Any

from cockpit.errors import ValidationError
from cockpit.kinds import Role
from cockpit.services import validate
from cockpit.services.core import Changes, Tx, change
from cockpit.snapshot import Blocker, Person, ReleaseTask, RetroEntry, RoleAssignment, RunbookStep, ScopeItem
from cockpit.store import Plan


def _capacity(value: Any) -> float:
    result = validate.number(value, "weekly capacity (days per week)", low=0.0, high=7.0)
    assert result is not None
    return result


def add_person(plan: Plan, name: str, days_per_week: Any = 5.0) -> Changes:
    """Add a person. Teams, functions and placeholders are refused with a message."""
    capacity = _capacity(days_per_week)

    def work(tx: Tx) -> int:
        return tx.add(Person(name=validate.person_name(tx, name), days_per_week=capacity)).id

    return change(plan, "owners", "add person", work, release_id=None, summary=f"Add {str(name).strip()}")


def rename_person(plan: Plan, person_id: int, name: str) -> Changes:
    """Rename a person (names stay unique and are never a team label)."""
    def work(tx: Tx) -> str:
        person = tx.get(Person, person_id, "person")
        old = person.name
        tx.update(person, name=validate.person_name(tx, name, exclude_id=person_id))
        return old

    return change(plan, "owners", "rename person", work, release_id=None,
                  summary=lambda old: f"Rename {old} to {str(name).strip()}")


def set_capacity(plan: Plan, person_id: int, days_per_week: Any) -> Changes:
    """Set the days a week a person gives to release work."""
    capacity = _capacity(days_per_week)

    def work(tx: Tx) -> str:
        person = tx.get(Person, person_id, "person")
        tx.update(person, days_per_week=capacity)
        return person.name

    return change(plan, "owners", "set capacity", work, release_id=None,
                  summary=lambda who: f"{who}: {capacity:g} days a week")


def remove_person(plan: Plan, person_id: int, reassign_to: int | None = None) -> Changes:
    """Remove a person; everything they own goes to ``reassign_to`` (or to nobody) in the same step."""

    def work(tx: Tx) -> str:
        person = tx.get(Person, person_id, "person")
        heir = validate.owner(tx, reassign_to)
        if heir == person_id:
            raise ValidationError("Pick someone else to take over the work.")
        for item in tx.find(ScopeItem, "owner_id = ?", (person_id,)):
            tx.update(item, owner_id=heir)
        for task in tx.find(ReleaseTask, "owner_id = ?", (person_id,)):
            tx.update(task, owner_id=heir)
        for step in tx.find(RunbookStep, "runner_id = ?", (person_id,)):
            tx.update(step, runner_id=heir)
        for blocker in tx.find(Blocker, "remover_id = ?", (person_id,)):
            tx.update(blocker, remover_id=heir)
        for entry in tx.find(RetroEntry, "action_owner_id = ?", (person_id,)):
            tx.update(entry, action_owner_id=heir)
        for role in tx.find(RoleAssignment, "person_id = ?", (person_id,)):
            if heir is None or tx.first(RoleAssignment, "release_id = ? AND role = ? AND person_id = ?",
                                        (role.release_id, role.role, heir)) is not None:
                tx.delete(role)
            else:
                tx.update(role, person_id=heir)
        name = person.name
        tx.delete(person)
        return name

    return change(plan, "owners", "remove person", work, release_id=None, summary=lambda who: f"Remove {who}")


def assign_role(plan: Plan, release_id: int, role: Any, person_id: Any) -> Changes:
    """Give a role to one person. A single-name role replaces its holder; verifiers accumulate."""
    role_value = validate.choice(role, Role, "release role")

    def work(tx: Tx) -> str:
        who = validate.owner(tx, person_id)
        if who is None:
            raise ValidationError(f"Pick the one person who is {role_value}.")
        holders = tx.find(RoleAssignment, "release_id = ? AND role = ?", (release_id, role_value))
        if any(h.person_id == who for h in holders):
            raise ValidationError("Nothing to change: they already hold that role.")
        if role_value != Role.VERIFIER.value and holders:
            tx.update(holders[0], person_id=who)
            for extra in holders[1:]:
                tx.delete(extra)
        else:
            tx.add(RoleAssignment(release_id=release_id, role=role_value, person_id=who))
        return tx.get(Person, who).name

    return change(plan, "owners", "assign role", work, release_id=release_id,
                  summary=lambda who: f"{who} is {role_value}")


def unassign_role(plan: Plan, release_id: int, role: Any, person_id: int | None = None) -> Changes:
    """Clear a role (or, for verifiers, remove one verifier)."""
    role_value = validate.choice(role, Role, "release role")

    def work(tx: Tx) -> None:
        where, args = "release_id = ? AND role = ?", [release_id, role_value]
        if person_id is not None:
            where += " AND person_id = ?"
            args.append(person_id)
        for holder in tx.find(RoleAssignment, where, args):
            tx.delete(holder)

    return change(plan, "owners", "clear role", work, release_id=release_id, summary=f"Clear {role_value}")
