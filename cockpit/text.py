"""Text as it is shown: clipped so that one field from a foreign file cannot swamp a page, a card or a cell.

A plan written by another tool may hold a title of a megabyte. Every place that shows a user's text
(the brief, the notes, a card, a matrix cell, a tooltip) shows at most a few hundred characters of it,
ending in an ellipsis; the editor of that field shows it whole.
"""

from __future__ import annotations

#: the most characters of one field a page, card, cell or line shows (a title the app accepts is at most 200)
SHOWN = 200
#: the most characters a tooltip or a longer text block (a problem sentence, a note) shows
SHOWN_LONG = 1000


def shown(text: str, limit: int = SHOWN) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when anything was cut."""
    if len(text) <= limit:
        return text
    return text[: max(1, limit - 1)].rstrip() + "…"


def breakable_path(path: object) -> str:
    """A path with a zero-width space after each separator, so a wrapping label can break it there."""
    import os

    return str(path).replace(os.sep, os.sep + "\u200b")
