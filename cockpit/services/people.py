"""People and release roles: one name per decision."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from cockpit.errors import ValidationError
from cockpit.model import Blocker, Person, ReleaseTask, RetroEntry, Role, RoleAssignment, RunbookStep, ScopeItem
from cockpit.services import validate
from cockpit.services.core import Changes, Tx, change
from cockpit.store import Plan


def _capacity(value: Any) -> float:
    result = validate.number(value, "weekly capacity (days per week)", low=0.0, high=7.0)
    assert result is not None
    return result


def add_person(plan: Plan, name: str, days_per_week: Any = 5.0) -> Changes:
    """Add a person. Teams, functions and placeholders are refused with a message."""
    capacity = _capacity(days_per_week)

    def work(tx: Tx) -> int:
        person = tx.add(Person(name=validate.person_name(tx.session, name), days_per_week=capacity))
        assert person.id is not None
        return person.id

    return change(plan, "owners", "add person", work, release_id=None, summary=f"Add {str(name).strip()}")


def rename_person(plan: Plan, person_id: int, name: str) -> Changes:
    """Rename a person (names stay unique and are never a team label)."""
    def work(tx: Tx) -> str:
        person = tx.get(Person, person_id, "person")
        old = person.name
        tx.update(person, name=validate.person_name(tx.session, name, exclude_id=person_id))
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
        heir = validate.owner(tx.session, reassign_to)
        if heir == person_id:
            raise ValidationError("Pick someone else to take over the work.")
        s = tx.session
        for item in s.exec(select(ScopeItem).where(ScopeItem.owner_id == person_id)).all():
            tx.update(item, owner_id=heir)
        for task in s.exec(select(ReleaseTask).where(ReleaseTask.owner_id == person_id)).all():
            tx.update(task, owner_id=heir)
        for step in s.exec(select(RunbookStep).where(RunbookStep.runner_id == person_id)).all():
            tx.update(step, runner_id=heir)
        for blocker in s.exec(select(Blocker).where(Blocker.remover_id == person_id)).all():
            tx.update(blocker, remover_id=heir)
        for entry in s.exec(select(RetroEntry).where(RetroEntry.action_owner_id == person_id)).all():
            tx.update(entry, action_owner_id=heir)
        for role in s.exec(select(RoleAssignment).where(RoleAssignment.person_id == person_id)).all():
            taken = heir is not None and s.exec(select(RoleAssignment).where(
                RoleAssignment.release_id == role.release_id, RoleAssignment.role == role.role,
                RoleAssignment.person_id == heir)).first()
            if heir is None or taken:
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
        who = validate.owner(tx.session, person_id)
        if who is None:
            raise ValidationError(f"Pick the one person who is {role_value}.")
        holders = tx.session.exec(select(RoleAssignment).where(
            RoleAssignment.release_id == release_id, RoleAssignment.role == role_value)).all()
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
        query = select(RoleAssignment).where(RoleAssignment.release_id == release_id,
                                             RoleAssignment.role == role_value)
        if person_id is not None:
            query = query.where(RoleAssignment.person_id == person_id)
        for holder in tx.session.exec(query).all():
            tx.delete(holder)

    return change(plan, "owners", "clear role", work, release_id=release_id, summary=f"Clear {role_value}")
