"""What an import says about a file as a whole, beyond its counts: one finding a line.

Statuses that were not recognised (each once, with its count and what it became), how each issue
type was read, what was left out on purpose (done at source, pull requests), what was matched by
title, and which of the plan's items a newer export no longer holds. The import service gathers
the facts; this module words them, the same for the command line and the import dialog.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cockpit.errors import ValidationError
from cockpit.importers import statuses

MAX_MISSING_SHOWN = 20


@dataclass(frozen=True, slots=True)
class StatusNote:
    """A status value the tracker's known values did not cover: how many rows had it, what it became."""

    value: str
    count: int
    became: str


@dataclass(frozen=True, slots=True)
class TypeNote:
    """How one issue type was read: the kind it became, for how many rows, and whether the type is known."""

    source: str
    kind: str
    count: int
    known: bool


def status_choices(choices: Mapping[str, str] | None) -> dict[str, str]:
    """What each named status value means (``{"Verified by QA": "done"}``), checked, by folded value."""
    out: dict[str, str] = {}
    for value, meaning in (choices or {}).items():
        status = statuses.choice(meaning) if isinstance(meaning, str) else None
        if status is None:
            raise ValidationError(f"“{meaning}” is not a status: say todo, doing, done or blocked (for “{value}”).")
        if not statuses.fold(value):
            raise ValidationError("Say which status value you mean: VALUE=todo, doing, done or blocked.")
        out[statuses.fold(value)] = status
    return out


def counted(noun: str, count: int) -> str:
    """"1 card", "12 cards", "1,204 issues"."""
    return f"{count:,} {noun[:-1] if count == 1 and noun.endswith('s') else noun}"


def describe(*, done_at_source: int = 0, pull_requests: int = 0, by_title: int = 0, missing: tuple[str, ...] = (),
             types: tuple[TypeNote, ...] = (), unrecognised: tuple[StatusNote, ...] = (),
             unused_choices: tuple[str, ...] = (), noun: str = "rows", pull_request_hint: str = "",
             status_hint: Callable[[str], str] | None = None) -> list[str]:
    """The findings, one a line, in the order a person should read them.

    ``pull_request_hint`` and ``status_hint`` (given the value) say how to change the outcome where
    the findings are shown (an option on the command line, a choice in the dialog).
    """
    out = []
    if done_at_source:
        out.append(f"{done_at_source:,} already done at source, not imported.")
    if pull_requests:
        out.append(f"{counted('pull requests', pull_requests)} skipped (not backlog items)"
                   + (f"; {pull_request_hint}" if pull_request_hint else "") + ".")
    if by_title:
        out.append(f"Matched by title: {by_title:,} (the file has no keys).")
    if missing:
        more = len(missing) - MAX_MISSING_SHOWN
        out.append(f"Not in this export: {', '.join(missing[:MAX_MISSING_SHOWN])}"
                   + (f" and {more:,} more" if more > 0 else "") + " (kept in the plan, not deleted).")
    for note in types:
        out.append(f"Type “{note.source}” ({counted(noun, note.count)}) → {note.kind}"
                   + ("." if note.known else ": not a known type."))
    for status in unrecognised:
        out.append(f"Status “{status.value}” ({counted(noun, status.count)}) → {status.became}: not recognised"
                   + (f"; {status_hint(status.value)}" if status_hint else "") + ".")
    for value in unused_choices:
        out.append(f"No row has the status “{value}”: that choice was not used.")
    return out
