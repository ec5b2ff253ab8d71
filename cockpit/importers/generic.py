"""Any CSV: a column-mapping step says which column holds which field; common names are guessed."""

from __future__ import annotations

from cockpit.importers.columns import Columns
from cockpit.importers.mapping import fold
from cockpit.importers.rows import FIELDS
from cockpit.importers.table import Header

SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("title", "summary", "name", "subject", "issue", "task", "item", "story", "card", "card name"),
    "key": ("key", "id", "issue key", "issue id", "number", "#", "ref", "reference", "ticket", "issue number"),
    "description": ("description", "body", "details", "notes", "desc", "card description"),
    "type": ("type", "issue type", "kind", "category", "tracker", "work item type"),
    "status": ("status", "state", "stage", "column", "list", "list name"),
    "assignee": ("assignee", "owner", "assigned to", "assigned", "responsible", "who", "members"),
    "points": ("story points", "points", "sp", "story point estimate", "size", "effort (points)"),
    "days": ("days", "estimate (days)", "estimate days", "person days", "estimate", "effort", "effort (days)"),
    "labels": ("labels", "label", "tags", "tag", "components", "component"),
}


def guess_mapping(header: Header) -> dict[str, str]:
    """Field → column for every field whose column name is a common one (each column used once)."""
    folded = [fold(column) for column in header.columns]
    taken: set[int] = set()
    found: dict[str, str] = {}
    for field_name, names in SYNONYMS.items():
        for name in names:
            hit = next((i for i, column in enumerate(folded) if column == name and i not in taken), None)
            if hit is not None:
                found[field_name] = header.columns[hit]
                taken.add(hit)
                break
    return found


def columns(header: Header, chosen: dict[str, str]) -> Columns:
    """Positions for a mapping; a mapped name matches every column of that name (repeated columns)."""
    known = {name: header.positions(column) for name, column in chosen.items() if name in FIELDS and column}
    return Columns(**known, tracker="csv", source_label="key")
