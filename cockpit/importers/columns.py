"""One CSV record to one ImportRow, given which columns hold which field (shared by every CSV format)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cockpit.importers import mapping, statuses
from cockpit.importers.rows import ImportRow
from cockpit.importers.table import every, first

SECONDS_PER_DAY = mapping.HOURS_PER_DAY * 3600


@dataclass(frozen=True)
class Columns:
    """Positions of each field's column(s); repeated columns give several positions.

    ``tracker`` says whose status values these are (``jira``, ``linear``, ``csv``) and
    ``source_label`` how an item's key is named in its link back ("Jira PAY-12").
    """

    key: tuple[int, ...] = ()
    title: tuple[int, ...] = ()
    description: tuple[int, ...] = ()
    type: tuple[int, ...] = ()
    status: tuple[int, ...] = ()
    #: Jira's status category, Linear's workflow state type
    status_kind: tuple[int, ...] = ()
    assignee: tuple[int, ...] = ()
    points: tuple[int, ...] = ()
    days: tuple[int, ...] = ()
    #: Jira's time tracking, in seconds (8-hour days)
    seconds: tuple[int, ...] = ()
    labels: tuple[int, ...] = ()
    #: a date the item was archived on (Linear): an archived item is done at source, whatever its status
    archived: tuple[int, ...] = ()
    tracker: str = "csv"
    source_label: str = ""

    @property
    def used(self) -> frozenset[int]:
        """Every position the import reads."""
        return frozenset(i for name in ("key", "title", "description", "type", "status", "status_kind", "assignee",
                                        "points", "days", "seconds", "labels", "archived")
                         for i in getattr(self, name))


def _estimate(text: str, what: str, problems: list[str]) -> float | None:
    if not text or text.isspace():
        return None
    try:
        return mapping.number(text)
    except ValueError:
        problems.append(f"{what} “{text.strip()[:40]}” is not a number: no estimate taken.")
        return None


def _status(columns: Columns, name: str, kind: str) -> str | None:
    if columns.tracker == "jira":
        return statuses.jira(name, kind)
    if columns.tracker == "linear":
        return statuses.linear(name, kind)
    return mapping.status_for(name) if name else None


def _picker(positions: tuple[int, ...]) -> Callable[[list[str]], str]:
    """A cell getter: the one column's cell, or the first non-empty among repeated columns."""
    if not positions:
        return lambda cells: ""
    if len(positions) == 1:
        at = positions[0]
        return lambda cells: cells[at] if at < len(cells) else ""
    return lambda cells: first(cells, positions)


def _short(text: str, limit: int) -> str:
    """A cell as a short field: no NUL, stripped, at most ``limit`` characters (``mapping.clean`` for cells)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    text = text.strip()
    return text[:limit] if len(text) > limit else text


def builder(columns: Columns) -> Callable[[int, int, list[str]], ImportRow]:
    """A function that turns one record into one ImportRow; what cannot be converted becomes a note on the row.

    Built once per file: the repeated short values (statuses, types, names, label sets) are kept
    once each, and what they mean is worked out once each, so a 100,000-row export reads fast
    and small.
    """
    key_of, title_of, text_of = _picker(columns.key), _picker(columns.title), _picker(columns.description)
    type_of, status_of, kind_of = _picker(columns.type), _picker(columns.status), _picker(columns.status_kind)
    person_of, points_of, days_of = _picker(columns.assignee), _picker(columns.points), _picker(columns.days)
    seconds_of, label_cells, archived_of = _picker(columns.seconds), columns.labels, _picker(columns.archived)
    shared: dict[str, str] = {}
    label_sets: dict[tuple[str, ...], tuple[str, ...]] = {}
    meanings: dict[tuple[str, str], str | None] = {}
    people: dict[str, str] = {}
    prefix = f"{columns.source_label} " if columns.source_label else ""

    def build(line: int, number: int, cells: list[str]) -> ImportRow:
        problems: list[str] = []
        title = mapping.title_text(title_of(cells), problems)
        if not title:
            problems.insert(0, "No title: row skipped.")
        labels: tuple[str, ...] = ()
        if label_cells:
            found = tuple(every(cells, label_cells))
            if found:
                if found not in label_sets:
                    label_sets[found] = mapping.split_labels(list(found))
                labels = label_sets[found]
        type_text = _short(type_of(cells), 80)
        type_text = shared.setdefault(type_text, type_text)
        kind = mapping.kind_for(type_text) or mapping.kind_from_labels(labels)
        status_text = _short(status_of(cells), 80)
        status_text = shared.setdefault(status_text, status_text)
        status_kind = _short(kind_of(cells), 80)
        if (status_text, status_kind) not in meanings:
            meanings[status_text, status_kind] = (_status(columns, status_text, status_kind)
                                                  if status_text or status_kind else None)
        status = meanings[status_text, status_kind]
        if columns.archived and archived_of(cells).strip():
            status, status_text, status_kind = statuses.DONE, "archived", ""
        points = _estimate(points_of(cells), "Story points", problems) if columns.points else None
        days = _estimate(days_of(cells), "Estimate", problems) if columns.days else None
        if days is None and points is None and columns.seconds:
            seconds = _estimate(seconds_of(cells), "Original estimate", problems)
            days = None if seconds is None else round(seconds / SECONDS_PER_DAY, 2)
        who = _short(person_of(cells), 200)
        if who not in people:
            people[who] = mapping.person_name(who)
        key = _short(key_of(cells), 200) or None
        source = prefix + key if key else ""
        return ImportRow(line=line, number=number, external_key=key, title=title,
                         description=mapping.description_text(text_of(cells), problems, source),
                         kind=kind, kind_source=type_text, status=status, assignee=people[who] or None,
                         estimate_points=points, estimate_days=days, labels=labels,
                         problems=tuple(problems) if problems else (),
                         status_source=status_text or status_kind, source=source)

    return build
