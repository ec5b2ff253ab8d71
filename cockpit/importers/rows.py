"""What every reader produces: one ``ImportRow`` per backlog item, plus what was detected."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

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
#: what each format calls its records (plural), for counts in messages
NOUNS = {"jira": "issues", "linear": "issues", "github": "issues", "trello": "cards", "csv": "rows"}


class UnreadableFile(ValidationError):
    """The file cannot be read as a backlog at all (nothing was imported)."""


class ImportCancelled(CockpitError):
    """The person stopped the import while the file was being read."""


class ImportRow(NamedTuple):
    """One backlog item as read from an export, before it meets the plan.

    ``line`` is the file line the item starts on (for JSON exports: the line its object
    starts on, or 0 when every object is on one line, with ``number`` the item's position and
    ``record`` what the export calls it: issue, card). ``kind`` and ``status`` are already mapped
    to ``ItemKind``/``Status`` values, or None when the export says nothing about them or the
    value was not recognised; ``status_source`` is the export's own value (a Jira status, a
    Trello list…), so a person can say what an unrecognised one means. ``source`` is the item's
    link back to the tracker (a URL, or the key), also kept at the end of ``description``.
    ``problems`` are notes about this row; a row with no title is not imported.

    A named tuple, not a frozen dataclass: a 100,000-row export makes as many, and a tuple is
    made three times faster (a frozen dataclass sets each of its 17 fields through ``object``).
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
    status_source: str = ""
    pull_request: bool = False
    source: str = ""
    record: str = ""

    @property
    def where(self) -> str:
        """Where the row is in the file, for messages: its line, or the record's number and key."""
        if not self.record:
            return f"line {self.line}" if self.line else f"item {self.number}"
        name = f"{self.record} {self.number}" + (f" ({self.external_key})" if self.external_key else "")
        return f"{name}, line {self.line}" if self.line else name


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
    #: columns (or JSON fields) the import does not use, each with how many rows have a value in it
    unused: tuple[tuple[str, int], ...] = ()

    @property
    def noun(self) -> str:
        """What the export calls its records, for counts in messages: issues, cards or rows."""
        return NOUNS.get(self.format, "rows")

    @property
    def format_label(self) -> str:
        """The detected export format's name as shown to people (e.g. Jira CSV)."""
        return FORMAT_LABELS.get(self.format, self.format)

    @property
    def delimiter_label(self) -> str:
        """The CSV delimiter in words (comma, semicolon, tab), or a dash for JSON."""
        return {",": "comma", ";": "semicolon", "\t": "tab", None: "—"}.get(self.delimiter, repr(self.delimiter))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while a whole export is read or imported.

    Reading or importing 100,000 rows makes millions of small objects and no reference cycles;
    the collector would walk all of them again and again for nothing (a second and more on a
    39 MB export). Reference counting still frees everything as usual. When the work is done the
    objects it left are handed to the oldest generation (``freeze`` then ``unfreeze``), so that
    turning the collector back on does not walk them all at once either; it resumes (if it was
    running) even after an error.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
