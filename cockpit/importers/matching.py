"""How an export's items meet the plan's: by key, or (for a file without keys) by normalised title.

Pure functions on text, shared by the import service and its tests: the normalised title two
items are matched on, the namespace a key belongs to (so a newer export of the same source can
tell which of the plan's items it no longer holds), and a natural order for keys.
"""

from __future__ import annotations

import re

_NOT_WORD = re.compile(r"[\W_]+")
_GITHUB = re.compile(r"^(?P<space>[^\s#]+/[^\s#]+)#(?P<n>\d+)$")
_PROJECT = re.compile(r"^(?P<space>[A-Za-z][A-Za-z0-9_]*)-(?P<n>\d+)$")


def title_key(title: str) -> str:
    """A title as matched: case, spacing and punctuation do not count ("Pay by card!" = "pay  by card")."""
    return " ".join(_NOT_WORD.sub(" ", title.casefold()).split())


def namespace(key: str) -> str | None:
    """Which source a key belongs to: ``owner/repo`` for GitHub, ``PAY`` for ``PAY-12``, ``trello``, ``#``.

    None for a key of no known shape (it is still matched, but never listed as missing).
    """
    if key.startswith("trello:"):
        return "trello"
    if re.fullmatch(r"#\d+", key):
        return "#"
    found = _GITHUB.match(key) or _PROJECT.match(key)
    return found.group("space") if found else None


def natural(key: str) -> tuple[str, int, str]:
    """A sort key that puts ``PAY-9`` before ``PAY-10``."""
    found = _GITHUB.match(key) or _PROJECT.match(key)
    if found:
        return found.group("space"), int(found.group("n")), key
    return key, 0, key
