"""Who can own things: one person, never a team, a function or "TBD"."""

from __future__ import annotations

import re

_FOLD = re.compile(r"[\s_.\-]+")


def _fold(text: str) -> str:
    return _FOLD.sub(" ", text.strip().lower()).strip()


def team_label_problem(name: str, labels: tuple[str, ...]) -> str | None:
    """The message to show if ``name`` is a team or placeholder rather than a person, else None."""
    folded = _fold(name)
    if not folded:
        return "Type a person's name."
    if not any(ch.isalnum() for ch in folded):
        return f"“{name.strip()}” is not a name: pick one person."
    for label in labels:
        lab = _fold(label)
        if folded == lab or folded in (f"the {lab}", f"{lab} team", f"the {lab} team"):
            return f"“{name.strip()}” is a team or a placeholder, not a person: pick one name."
    if folded.endswith(" team") or folded.startswith("team "):
        return f"“{name.strip()}” is a team, not a person: pick one name."
    if "/" in folded or "&" in folded or re.search(r"\S\s+(or|and)\s+\S", folded):
        return f"“{name.strip()}” names more than one person: pick one name."
    return None
