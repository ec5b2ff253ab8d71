"""What an import will do, as plain data: one planned row per backlog row, and the plan as a whole.

Made by ``cockpit.services.importing.plan_import`` (which reads the plan) and shown by the command
line and the import dialog; nothing here reads or writes a plan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cockpit.importers import findings
from cockpit.importers.findings import StatusNote, TypeNote
from cockpit.importers.rows import ImportRow

CREATE, UPDATE, UNCHANGED, SKIP = "create", "update", "unchanged", "skip"
#: rows left out on purpose, not for a problem: done before the import, or a GitHub pull request
DONE_AT_SOURCE, PULL_REQUEST = "done at source", "pull request"
BY_KEY, BY_TITLE = "key", "title"


class PlannedRow(NamedTuple):
    """What importing one row will do (the preview), with the row's problems.

    ``matched_by`` says how an update found its item: by ``key`` or by ``title`` (a file without
    keys). ``owner_id`` is set for an owner already in the plan; a new one is ``owner`` with
    ``new_owner``. ``changes`` are the fields an update sets (a new item's are the fields above).
    """

    row: ImportRow
    action: str
    title: str
    kind: str
    status: str
    description: str = ""
    owner: str = ""
    new_owner: bool = False
    owner_id: int | None = None
    estimate_days: float | None = None
    risk_areas: str = ""
    item_id: int | None = None
    problems: tuple[str, ...] = ()
    matched_by: str = ""
    changes: dict[str, Any] | None = None

    @property
    def line(self) -> int:
        """The file line the row starts on (0 for a one-line JSON export)."""
        return self.row.line

    @property
    def where(self) -> str:
        """Where the row is in the file, for messages (a line, or a record's number and key)."""
        return self.row.where

    @property
    def external_key(self) -> str | None:
        """The row's key in its tracker, or None."""
        return self.row.external_key or None


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """The preview of a whole import, with what it says about the file as a whole."""

    rows: tuple[PlannedRow, ...]
    new_people: tuple[str, ...]
    #: keys of the plan's items from the same source that this export no longer holds (never deleted)
    missing: tuple[str, ...] = ()
    statuses: tuple[StatusNote, ...] = ()
    types: tuple[TypeNote, ...] = ()
    #: ``--status`` values that no row has
    unused_choices: tuple[str, ...] = ()
    tally: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def count(self, action: str) -> int:
        """How many rows will do ``action`` (create, update, unchanged, skip, done at source, pull request)."""
        if self.tally:
            return self.tally.get(action, 0)
        return sum(1 for row in self.rows if row.action == action)

    @property
    def matched_by_title(self) -> int:
        """How many rows found their item by its title (the file has no keys)."""
        return self.tally.get(BY_TITLE, 0) if self.tally else sum(1 for r in self.rows if r.matched_by == BY_TITLE)

    @property
    def problem_rows(self) -> tuple[PlannedRow, ...]:
        """The rows that have a problem to show."""
        return tuple(row for row in self.rows if row.problems)

    def summary(self) -> str:
        """One line: how many new, updated, up to date, skipped, and new people."""
        people = len(self.new_people)
        parts = [f"{self.count(CREATE)} new", f"{self.count(UPDATE)} updated"]
        if self.count(UNCHANGED):
            parts.append(f"{self.count(UNCHANGED)} already up to date")
        parts.append(f"{self.count(SKIP)} skipped")
        if people:
            parts.append(f"{people} new {'person' if people == 1 else 'people'}")
        return ", ".join(parts)

    def lines(self, noun: str = "rows", *, pull_request_hint: str = "",
              status_hint: Callable[[str], str] | None = None) -> list[str]:
        """What the import says about the file beyond the counts, one finding a line (``noun``: rows, cards…).

        The hints say how to change an outcome where the lines are shown (see ``findings.describe``).
        """
        return findings.describe(done_at_source=self.count(DONE_AT_SOURCE), pull_requests=self.count(PULL_REQUEST),
                                 by_title=self.matched_by_title, missing=self.missing, types=self.types,
                                 unrecognised=self.statuses, unused_choices=self.unused_choices, noun=noun,
                                 pull_request_hint=pull_request_hint, status_hint=status_hint)


