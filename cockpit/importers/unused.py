"""What an import leaves behind: the columns (or JSON fields) it does not read, with how many rows fill them.

A plan has no due dates, sprints, checklists or comments; an import that drops them says so, once
per column, with the number of rows that had a value in it ("Not used: Due date (137), Sprint (80)").
Columns that only keep a tracker's books (ids, created/updated stamps, watchers, rank) are told
apart, so the line that matters stays short.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cockpit.importers.mapping import fold
from cockpit.importers.table import Header

_BOOKKEEPING = re.compile(
    r"\b(id|uuid|created|updated|last viewed|resolved|votes?|watchers|reporter|creator|rank|work ratio|"
    r"security level|status category changed|triaged|started|completed|canceled|archived|cycle number|"
    r"cycle start|cycle end|sla status)\b|^σ|^project (key|type|lead|description|url|name)$|^team$")


def is_bookkeeping(name: str) -> bool:
    """Whether a column only keeps the tracker's books (an id, a time stamp, the watchers…)."""
    return bool(_BOOKKEEPING.search(fold(name)))


def column_groups(header: Header, used: Iterable[int]) -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...]]:
    """The names of the columns the import does not read and, for each, its positions (repeats together)."""
    taken = set(used)
    order: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for i, column in enumerate(header.columns):
        if i in taken or not column.strip():
            continue
        key = fold(column)
        order.setdefault(key, []).append(i)
        names.setdefault(key, column)
    return tuple(names[key] for key in order), tuple(tuple(positions) for positions in order.values())


def ordered(counts: Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """Non-empty unused columns: content first (most-filled first), then bookkeeping, in file order."""
    filled = [(name, count) for name, count in counts if count]
    content = sorted((pair for pair in filled if not is_bookkeeping(pair[0])), key=lambda pair: -pair[1])
    return tuple(content) + tuple(pair for pair in filled if is_bookkeeping(pair[0]))


def describe(unused: tuple[tuple[str, int], ...]) -> list[str]:
    """The lines that say what was not used: content columns, then (shorter) the bookkeeping ones."""
    lines = []
    content = [f"{name} ({count:,})" for name, count in unused if not is_bookkeeping(name)]
    books = [name for name, _ in unused if is_bookkeeping(name)]
    if content:
        lines.append("Not used: " + ", ".join(content) + ".")
    if books:
        lines.append("Also not used (the tracker's bookkeeping): " + ", ".join(books) + ".")
    return lines
