"""One CSV record to one ImportRow, given which columns hold which field (shared by every CSV format)."""

from __future__ import annotations

from dataclasses import dataclass

from cockpit.importers import mapping
from cockpit.importers.rows import ImportRow
from cockpit.importers.table import every, first

SECONDS_PER_DAY = mapping.HOURS_PER_DAY * 3600


@dataclass(frozen=True)
class Columns:
    """Positions of each field's column(s); repeated columns give several positions."""

    key: tuple[int, ...] = ()
    title: tuple[int, ...] = ()
    description: tuple[int, ...] = ()
    type: tuple[int, ...] = ()
    status: tuple[int, ...] = ()
    assignee: tuple[int, ...] = ()
    points: tuple[int, ...] = ()
    days: tuple[int, ...] = ()
    #: Jira's time tracking, in seconds (8-hour days)
    seconds: tuple[int, ...] = ()
    labels: tuple[int, ...] = ()


def _estimate(cells: list[str], positions: tuple[int, ...], what: str, problems: list[str]) -> float | None:
    text = first(cells, positions)
    try:
        return mapping.number(text)
    except ValueError:
        problems.append(f"{what} “{text.strip()[:40]}” is not a number: no estimate taken.")
        return None


def build_row(columns: Columns, line: int, number: int, cells: list[str]) -> ImportRow:
    """The row's fields, each converted; what cannot be converted becomes a note on the row."""
    problems: list[str] = []
    title = mapping.title_text(first(cells, columns.title), problems)
    if not title:
        problems.insert(0, "No title: row skipped.")
    labels = mapping.split_labels(every(cells, columns.labels))
    type_text = mapping.clean(first(cells, columns.type), 80)
    kind = mapping.kind_for(type_text)
    if type_text and kind is None:
        problems.append(f"Type “{type_text}” has no matching kind: read as a feature.")
    if kind is None:
        kind = mapping.kind_from_labels(labels)
    status_text = mapping.clean(first(cells, columns.status), 80)
    status = mapping.status_for(status_text)
    if status_text and status is None:
        problems.append(f"Status “{status_text}” is not known: read as to do.")
    points = _estimate(cells, columns.points, "Story points", problems)
    days = _estimate(cells, columns.days, "Estimate", problems)
    if days is None and points is None and columns.seconds:
        seconds = _estimate(cells, columns.seconds, "Original estimate", problems)
        days = None if seconds is None else round(seconds / SECONDS_PER_DAY, 2)
    assignee = " ".join(mapping.clean(first(cells, columns.assignee), 200).split()) or None
    key = mapping.clean(first(cells, columns.key), 200) or None
    return ImportRow(line=line, number=number, external_key=key, title=title,
                     description=mapping.description_text(first(cells, columns.description), problems),
                     kind=kind, kind_source=type_text, status=status, assignee=assignee,
                     estimate_points=points, estimate_days=days, labels=labels, problems=tuple(problems))
