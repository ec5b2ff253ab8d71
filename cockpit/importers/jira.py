"""Jira's CSV export ("Export → CSV (all fields)"): repeated columns and ``Custom field (…)`` names."""

from __future__ import annotations

from cockpit.importers.columns import Columns
from cockpit.importers.table import Header


def detect(header: Header) -> bool:
    """Whether a CSV header is a Jira issue export."""
    return header.has("Summary") and (header.has("Issue key") or header.has("Issue Type") or header.has("Issue id"))


def columns(header: Header) -> Columns:
    """Story points come from ``Custom field (Story Points)`` or, in team-managed projects,
    ``Custom field (Story point estimate)``; failing both, ``Original Estimate`` (seconds).
    The status comes from ``Status Category`` where the export has it (Jira Cloud exports do)."""
    key = header.positions("Issue key") or header.positions("Issue id")
    return Columns(
        key=key,
        title=header.positions("Summary"),
        description=header.positions("Description"),
        type=header.positions("Issue Type"),
        status=header.positions("Status"),
        status_kind=header.positions("Status Category"),
        assignee=header.positions("Assignee"),
        points=header.positions_where(lambda name: "story point" in name),
        seconds=header.positions("Original Estimate"),
        # Components name parts of the product ("Billing"): as good a hint of risk as labels.
        labels=header.positions("Labels") + header.positions("Component/s"),
        tracker="jira",
        source_label="Jira",
    )
