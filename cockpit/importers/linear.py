"""Linear's CSV export (Settings → Import/Export → Export CSV)."""

from __future__ import annotations

from cockpit.importers.columns import Columns
from cockpit.importers.table import Header


def detect(header: Header) -> bool:
    """Whether a CSV header is a Linear issue export."""
    return header.has("ID", "Title") and (header.has("Team") or header.has("Cycle Name")
                                         or header.has("Project Milestone") or header.has("Triaged"))


def columns(header: Header) -> Columns:
    """Linear has no issue types: the kind comes from labels such as "Bug" or "Feature".
    ``Estimate`` is in points; ``Labels`` holds every label in one cell, comma-separated."""
    return Columns(
        key=header.positions("ID"),
        title=header.positions("Title"),
        description=header.positions("Description"),
        status=header.positions("Status"),
        assignee=header.positions("Assignee"),
        points=header.positions("Estimate"),
        labels=header.positions("Labels"),
    )
