"""What every reader produces: one ``ImportRow`` per backlog item, plus what was detected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cockpit.errors import CockpitError, ValidationError

#: called now and then while reading: (characters or items done, total); returns False to stop
Progress = Callable[[int, int], bool]

#: the fields a generic CSV column can be mapped to, with their labels
FIELDS: dict[str, str] = {
    "title": "Title",
    "key": "Key (for re-import)",
    "description": "Description",
    "type": "Type / kind",
    "status": "Status",
    "assignee": "Assignee",
    "points": "Story points",
    "days": "Estimate (days)",
    "labels": "Labels",
}


#: every format a reader knows, with the label people see (``detect`` and the import dialog use these)
FORMAT_LABELS: dict[str, str] = {
    "jira": "Jira CSV",
    "linear": "Linear CSV",
    "github": "GitHub issues (JSON)",
    "trello": "Trello board (JSON)",
    "csv": "Other CSV (pick the columns)",
}
FORMATS = tuple(FORMAT_LABELS)


class UnreadableFile(ValidationError):
    """The file cannot be read as a backlog at all (nothing was imported)."""


class ImportCancelled(CockpitError):
    """The person stopped the import while the file was being read."""


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One backlog item as read from an export, before it meets the plan.

    ``line`` is the file line the item starts on (for JSON exports: the line its object
    starts on, or 0 when unknown, with ``number`` the item's position). ``kind`` and
    ``status`` are already mapped to ``ItemKind``/``Status`` values, or None when the
    export says nothing about them. ``problems`` are notes about this row; a row with
    no title is not imported.
    """

    line: int
    number: int
    external_key: str | None
    title: str
    description: str = ""
    kind: str | None = None
    kind_source: str = ""
    status: str | None = None
    assignee: str | None = None
    estimate_points: float | None = None
    estimate_days: float | None = None
    labels: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        """Where the row is in the file, for messages: its line, or its item number."""
        return f"line {self.line}" if self.line else f"item {self.number}"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """A whole file read: the detected format and layout, the rows, and notes about the file."""

    format: str
    encoding: str
    delimiter: str | None = None
    columns: tuple[str, ...] = ()
    mapping: dict[str, str] = field(default_factory=dict)
    rows: tuple[ImportRow, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def format_label(self) -> str:
        """The detected export format's name as shown to people (e.g. Jira CSV)."""
        return FORMAT_LABELS.get(self.format, self.format)

    @property
    def delimiter_label(self) -> str:
        """The CSV delimiter in words (comma, semicolon, tab), or a dash for JSON."""
        return {",": "comma", ";": "semicolon", "\t": "tab", None: "—"}.get(self.delimiter, repr(self.delimiter))
