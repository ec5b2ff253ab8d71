"""The owner of one row of the ownership matrix: a scope item or a release-path task.

This module is the one place that writes an owner (DOMAIN.md "Ownership"): ``set_owner`` is the
service, ``check_owner`` the one check (one existing person, never a team: see ``validate.owner``)
and ``assign`` the one write inside a transaction. ``scope.add_item``/``update_item`` and the task
services call these, so an owner given through any of them is checked and written the same way.
"""

from __future__ import annotations

from typing import Any, Literal

from cockpit.errors import ValidationError
from cockpit.services import validate
from cockpit.services.core import Changes, Tx, change, read
from cockpit.snapshot import Person, ReleaseTask, ScopeItem
from cockpit.store import Plan

RowKind = Literal["item", "task"]
MODELS: dict[str, tuple[type[ScopeItem] | type[ReleaseTask], str]] = {
    "item": (ScopeItem, "scope item"),
    "task": (ReleaseTask, "release-path task"),
}


def check_owner(tx: Tx, person_id: Any) -> int | None:
    """The one owner check: ``None`` (nobody yet) or one existing person's id; a team label is refused."""
    return validate.owner(tx, person_id)


def assign(tx: Tx, row: ScopeItem | ReleaseTask, person_id: Any) -> int | None:
    """Check ``person_id`` and make it the owner of ``row`` inside ``tx``; returns the owner's id."""
    owner = check_owner(tx, person_id)
    tx.update(row, owner_id=owner)
    return owner


def set_owner(plan: Plan, kind: RowKind, row_id: int, person_id: Any) -> Changes:
    """Make ``person_id`` the one owner of a matrix row (``None``: nobody yet). One undo step."""
    if kind not in MODELS:
        raise ValidationError(f"“{kind}” is not a kind of work: use a scope item or a release-path task.")
    model, what = MODELS[kind]
    found = read(plan, lambda tx: tx.first(model, "id = ?", (row_id,)))
    release_id = found.release_id if found is not None else None

    def work(tx: Tx) -> tuple[str, str | None]:
        row = tx.get(model, row_id, what)
        owner = check_owner(tx, person_id)
        if owner == row.owner_id:
            raise ValidationError("Nothing to change: that is already the owner." if owner is not None
                                  else "Nothing to change: it has no owner already.")
        assign(tx, row, owner)
        name = tx.get(Person, owner, "person").name if owner is not None else None
        return row.title, name

    def summary(result: tuple[str, str | None]) -> str:
        title, name = result
        return f"{name} owns “{title}”" if name else f"“{title}” has no owner"

    return change(plan, "owners", "set owner", work, release_id=release_id, summary=summary)
