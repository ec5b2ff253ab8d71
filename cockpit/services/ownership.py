"""The owner of one row of the ownership matrix: a scope item or a release-path task, in one call.

A row has exactly one owner because the owner is one column (``owner_id``); this
service only has to check that the name is one existing person (never a team,
see ``validate.owner``) and that the row belongs to the live cycle.
"""

from __future__ import annotations

from typing import Any, Literal

from cockpit.errors import ValidationError
from cockpit.model import Person, ReleaseTask, ScopeItem
from cockpit.services import validate
from cockpit.services.core import Changes, Tx, change
from cockpit.store import Plan

RowKind = Literal["item", "task"]
MODELS: dict[str, tuple[type[ScopeItem] | type[ReleaseTask], str]] = {
    "item": (ScopeItem, "scope item"),
    "task": (ReleaseTask, "release-path task"),
}


def set_owner(plan: Plan, kind: RowKind, row_id: int, person_id: Any) -> Changes:
    """Make ``person_id`` the one owner of a matrix row (``None``: nobody yet). One undo step."""
    if kind not in MODELS:
        raise ValidationError(f"“{kind}” is not a kind of work: use a scope item or a release-path task.")
    model, what = MODELS[kind]
    with plan.read() as session:
        row = session.get(model, row_id)
        release_id = row.release_id if row is not None else None

    def work(tx: Tx) -> tuple[str, str | None]:
        row = tx.get(model, row_id, what)
        owner = validate.owner(tx.session, person_id)
        if owner == row.owner_id:
            raise ValidationError("Nothing to change: that is already the owner." if owner is not None
                                  else "Nothing to change: it has no owner already.")
        tx.update(row, owner_id=owner)
        name = tx.get(Person, owner, "person").name if owner is not None else None
        return row.title, name

    def summary(result: tuple[str, str | None]) -> str:
        title, name = result
        return f"{name} owns “{title}”" if name else f"“{title}” has no owner"

    return change(plan, "owners", "set owner", work, release_id=release_id, summary=summary)
