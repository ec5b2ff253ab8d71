"""Shared shape of the simple services: add, edit and delete one row of a release, fields checked first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cockpit.errors import ValidationError
from cockpit.services.core import Changes, Tx, change, read
from cockpit.store import Plan

#: field name -> cleaner(tx, value) returning the value to store (or raising ValidationError)
Cleaners = dict[str, Callable[[Tx, Any], Any]]


def clean_all(tx: Tx, cleaners: Cleaners, fields: dict[str, Any], what: str) -> dict[str, Any]:
    """Each field checked by its cleaner; an unknown field is refused."""
    unknown = set(fields) - set(cleaners)
    if unknown:
        raise ValidationError(f"“{sorted(unknown)[0]}” is not something a {what} has.")
    return {name: cleaners[name](tx, value) for name, value in fields.items()}


def release_of(plan: Plan, model: type, row_id: int) -> int | None:
    """The release a row belongs to (None when the row is gone)."""
    row = read(plan, lambda tx: tx.first(model, "id = ?", (row_id,)))
    return getattr(row, "release_id", None) if row is not None else None


def add_row(plan: Plan, model: type, release_id: int, area: str, what: str, cleaners: Cleaners,
            fields: dict[str, Any], label: str, **fixed: Any) -> Changes:
    """Add one row to a release, every field checked first. One undo step."""
    def work(tx: Tx) -> int:
        values = clean_all(tx, cleaners, fields, what)
        row = tx.add(model(release_id=release_id, **fixed, **values))
        return int(row.id)

    return change(plan, area, f"add {what}", work, release_id=release_id, summary=f"Add {what}: {label}")


def edit_row(plan: Plan, model: type, row_id: int, area: str, what: str, cleaners: Cleaners,
             fields: dict[str, Any]) -> Changes:
    """Edit one row's fields, every field checked first. One undo step."""
    def work(tx: Tx) -> None:
        row: Any = tx.get(model, row_id, what)
        tx.update(row, **clean_all(tx, cleaners, fields, what))

    names = ", ".join(name.replace("_id", "").replace("_", " ") for name in fields)
    return change(plan, area, f"edit {what}", work, release_id=release_of(plan, model, row_id),
                  summary=f"Edit {what}: {names}")


def delete_row(plan: Plan, model: type, row_id: int, area: str, what: str) -> Changes:
    """Delete one row. One undo step."""
    def work(tx: Tx) -> None:
        tx.delete(tx.get(model, row_id, what))

    return change(plan, area, f"delete {what}", work, release_id=release_of(plan, model, row_id),
                  summary=f"Delete {what}")
