"""Linear's CSV export (Settings → Import/Export → Export CSV)."""

from __future__ import annotations

from cockpit.importers.columns import Columns
from cockpit.importers.table import Header

#: names a workflow state type column goes by (Linear's API calls it the state's ``type``)
STATE_TYPE_COLUMNS = ("Status Type", "State Type", "Workflow State Type")


def detect(header: Header) -> bool:
    """Whether a CSV header is a Linear issue export."""
    return header.has("ID", "Title") and (header.has("Team") or header.has("Cycle Name")
                                         or header.has("Project Milestone") or header.has("Triaged"))


def columns(header: Header) -> Columns:
    """Linear has no issue types: the kind comes from labels such as "Bug" or "Feature".
    ``Estimate`` is in points; ``Labels`` holds every label in one cell, comma-separated. The status
    comes from a workflow state type column where the export has one, else from the state's name; an
    issue with an ``Archived`` date is done at source (it is no longer on the team's board)."""
    state_type = next((found for name in STATE_TYPE_COLUMNS if (found := header.positions(name))), ())
    return Columns(
        key=header.positions("ID"),
        title=header.positions("Title"),
        description=header.positions("Description"),
        status=header.positions("Status"),
        status_kind=state_type,
        assignee=header.positions("Assignee"),
        points=header.positions("Estimate"),
        labels=header.positions("Labels"),
        archived=header.positions("Archived"),
        tracker="linear",
        source_label="Linear",
    )
