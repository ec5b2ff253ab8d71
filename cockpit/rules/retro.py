"""Retrospective rules: a blocker seen twice is a property of the system, not bad luck."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

_WORD = re.compile(r"[a-z0-9]+")
#: words that carry no meaning when comparing blocker texts
_STOP = frozenset({"a", "an", "the", "again", "still", "is", "are", "was", "were", "be", "been", "on", "in", "of",
                   "for", "to", "by", "our", "we", "it", "its", "and", "or", "with", "at", "from", "not", "no"})


def normalise(text: str) -> str:
    """The comparable form of a blocker: accents, case, punctuation, order and filler words removed."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    words = [_singular(w) for w in _WORD.findall(folded) if w not in _STOP]
    return " ".join(sorted(set(words)))


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True)
class BlockerRef:
    """What recurrence needs to know about one blocker."""

    id: int
    text: str
    same_as_id: int | None = None
    cycle: int = 1


def recurring_groups(blockers: Sequence[BlockerRef]) -> list[list[BlockerRef]]:
    """Groups of two or more blockers that are the same: equal after ``normalise``, or linked by hand."""
    parent = {b.id: b.id for b in blockers}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    by_text: dict[str, int] = {}
    for blocker in blockers:
        key = normalise(blocker.text)
        if key:
            if key in by_text:
                union(blocker.id, by_text[key])
            else:
                by_text[key] = blocker.id
        if blocker.same_as_id is not None and blocker.same_as_id in parent:
            union(blocker.id, blocker.same_as_id)
    groups: dict[int, list[BlockerRef]] = defaultdict(list)
    for blocker in blockers:
        groups[find(blocker.id)].append(blocker)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g[0].id))


def recurring_ids(blockers: Iterable[BlockerRef]) -> set[int]:
    """Ids of every blocker that belongs to a recurring group (DOMAIN.md "Retrospective": the same blocker twice)."""
    return {b.id for group in recurring_groups(list(blockers)) for b in group}


class BlockerRecord(Protocol):
    """What ``blocker_refs`` reads of a blocker record (``cockpit.snapshot.Blocker`` has it)."""

    @property
    def id(self) -> int:
        """The blocker's id."""
        ...

    @property
    def text(self) -> str:
        """What the blocker says."""
        ...

    @property
    def same_as_id(self) -> int | None:
        """The blocker it was marked the same as, if any."""
        ...

    @property
    def release_id(self) -> int:
        """The release (cycle) it was raised in."""
        ...



def blocker_refs(blockers: Iterable[BlockerRecord], cycles: Mapping[int, int] | None = None) -> list[BlockerRef]:
    """``BlockerRef`` values from blocker records (``cockpit.snapshot.Blocker``); ``cycles``: release id → cycle."""
    cycles = cycles or {}
    return [BlockerRef(b.id, b.text, b.same_as_id, cycles.get(b.release_id, 1)) for b in blockers]
