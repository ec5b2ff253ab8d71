"""How the ownership matrix shares its width, so that every person's full name shows and nothing scrolls
sideways: a dozen people with long names on a 1024-pixel projector in large type is the hard case.

The choices, best first (the first that fits is taken):

1. names upright, wrapped onto at most three lines, with each person's load, and the Owner column;
2. names turned a quarter and wrapped onto more lines, so the header stays lower than ``header_goal``
   (under a third of the screen: header and rows on screen together): titles at ``title_wanted``, then
   at ``title_least``; with the Owner column, then without it (the dot under a person's name says who
   owns the row); with loads, then without them (the load stays in the tooltip, an overload still says
   "over" in the name);
3. else the header is taller than that whatever is left out, so the page scrolls to the rows with the
   names' first words in sight: wide titles (more rows on screen) before a lower header; names without
   loads, the Owner column if it still fits;
4. failing all, every name on one line and the titles squeezed (down to ``title_floor``) before the
   table scrolls sideways.

Titles get ``title_wanted`` when the people leave it, else no less than ``title_least``; what is left
over widens the people's columns up to ``cell_wanted``, then the titles. Pure arithmetic over a
measuring function, so it is tested without a screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

MAX_UPRIGHT_LINES = 3


class Measure(Protocol):
    """What the plan needs to know about text: ``ui.owners.headers.Wrapper`` answers it."""

    line: int

    def size(self, text: str, width: int) -> tuple[int, int]: ...

    def one_line(self, text: str) -> int: ...

    def longest_word(self, text: str) -> int: ...


@dataclass(frozen=True)
class Room:
    """The widths the plan shares out, all in pixels from the font."""

    width: int  # row header + every column
    days: int  # the Days column
    owner: int  # the Owner column, every owner's name on one line
    title_least: int
    title_wanted: int
    title_floor: int  # the titles are squeezed to this before the table scrolls sideways
    cell_wanted: int  # a person's column grows to this when the titles have all they want
    header_goal: int  # try to keep the header lower than this
    pad: int  # around a header's text, each side (along a turned name)
    pad_across: int  # either side of a turned name's lines (the columns stay narrow)


@dataclass(frozen=True)
class Plan:
    """How the matrix shows: ``widths`` are the people's columns in model order."""

    upright: bool
    owner_shown: bool
    loads_shown: bool
    length: int  # a turned name's lines are at most this long
    widths: tuple[int, ...]
    title: int  # the row header's width
    header: int  # the column header's height


def _upright(texts: Sequence[str], measure: Measure, pad: int) -> tuple[list[int], int]:
    """Each text at the narrowest width that keeps it within three lines (never narrower than a word)."""
    widths, tallest = [], measure.line
    for text in texts:
        low, high = measure.longest_word(text), max(1, measure.one_line(text))
        low = min(low, high)
        while low < high:
            middle = (low + high) // 2
            if measure.size(text, middle)[1] <= MAX_UPRIGHT_LINES * measure.line:
                high = middle
            else:
                low = middle + 1
        longest, height = measure.size(text, low)
        widths.append(longest + 2 * pad)
        tallest = max(tallest, height)
    return widths, tallest + 2 * pad


def _turned(texts: Sequence[str], length: int, measure: Measure, room: Room) -> tuple[list[int], int]:
    sizes = [measure.size(text, length) for text in texts]
    return ([height + 2 * room.pad_across for _, height in sizes],
            max((w for w, _ in sizes), default=0) + 2 * room.pad)


def _shortest(texts: Sequence[str], budget: int, measure: Measure, room: Room) -> int | None:
    """The shortest line length at which the turned texts fit ``budget`` (None: not even on one line each)."""
    if not texts:
        return 1
    low = max(measure.longest_word(text) for text in texts)
    high = max(low, max(measure.one_line(text) for text in texts))
    if sum(_turned(texts, high, measure, room)[0]) > budget:
        return None
    while low < high:  # fewer lines as the length grows: the narrowest fit is found by halving
        middle = (low + high) // 2
        if sum(_turned(texts, middle, measure, room)[0]) <= budget:
            high = middle
        else:
            low = middle + 1
    return low


def plan_matrix(room: Room, names: Sequence[str], loaded: Sequence[str], measure: Measure) -> Plan:
    """The best way to show ``names`` (each person's header without the load) or ``loaded`` (with it)."""
    pad, least_header = room.pad, measure.line + 2 * room.pad
    title_wanted = max(room.title_least, room.title_wanted)

    def finish(upright: bool, owner: bool, loads: bool, length: int, widths: list[int], header: int) -> Plan:
        used = room.days + (room.owner if owner else 0) + sum(widths)
        spare = room.width - used - title_wanted
        if spare > 0 and widths:  # room to spare: wider people's columns (easier to hit), then wider titles
            grown = [max(width, min(room.cell_wanted, width + spare // len(widths))) for width in widths]
            used += sum(grown) - sum(widths)
            widths = grown
            if upright:  # wider, the names may take fewer lines
                texts = loaded if loads else names
                header = max(measure.size(text, width - 2 * pad)[1] for text, width in zip(texts, widths,
                                                                                           strict=True)) + 2 * pad
        return Plan(upright=upright, owner_shown=owner, loads_shown=loads, length=length, widths=tuple(widths),
                    title=max(room.title_floor, room.width - used), header=max(header, least_header))

    upright_room = room.width - room.days - room.owner - title_wanted
    for loads in (True, False):
        texts = loaded if loads else names
        if sum(measure.longest_word(text) + 2 * pad for text in texts) > upright_room:
            continue  # not even one word a line fits: no need to try
        widths, header = _upright(texts, measure, pad)
        if sum(widths) <= upright_room:
            return finish(True, True, loads, 0, widths, header)
    for title in (title_wanted, room.title_least):  # everything on screen at once: a low header
        for owner in (True, False):
            for loads in (True, False):
                texts = loaded if loads else names
                length = _shortest(texts, room.width - room.days - (room.owner if owner else 0) - title, measure,
                                   room)
                if length is None:
                    continue
                widths, header = _turned(texts, length, measure, room)
                if header <= room.header_goal:
                    return finish(False, owner, loads, length, widths, header)
    # The header is taller than the goal whatever is left out: the page scrolls to the rows, under the names'
    # first words. Wide titles (fewer lines a row, more rows on screen) count for more than a lower header.
    for title in (title_wanted, room.title_least):
        for owner in (True, False):
            length = _shortest(names, room.width - room.days - (room.owner if owner else 0) - title, measure, room)
            if length is not None:
                widths, header = _turned(names, length, measure, room)
                return finish(False, owner, False, length, widths, header)
    # Each name on one line, the titles get what is left (and the table scrolls sideways past the floor).
    length = max((measure.one_line(text) for text in names), default=1)
    widths, header = _turned(names, length, measure, room)
    return finish(False, False, False, length, widths, header)
