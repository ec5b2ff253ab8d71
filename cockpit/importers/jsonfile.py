"""JSON exports: parse with a readable error, and find the line each item starts on."""

from __future__ import annotations

import json
import re
from typing import Any

from cockpit.importers.rows import UnreadableFile

_WS = " \t\n\r"


def load(text: str) -> Any:
    """Parse a JSON backlog export, refusing broken or absurdly nested files with a readable message."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(f"Line {exc.lineno}: this is not valid JSON ({exc.msg}).") from None
    except (RecursionError, ValueError):
        raise UnreadableFile("This JSON is nested too deeply to be a backlog export.") from None


def array_item_lines(text: str) -> list[int]:
    """The line each element of a top-level JSON array starts on (the text is valid JSON)."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    i = _skip(text, 0)
    if i >= len(text) or text[i] != "[":
        return lines
    i, line, counted = _skip(text, i + 1), 1, 0
    try:
        while i < len(text) and text[i] != "]":
            line += text.count("\n", counted, i)
            counted = i
            lines.append(line)
            _, i = decoder.raw_decode(text, i)
            i = _skip(text, i)
            if i < len(text) and text[i] == ",":
                i = _skip(text, i + 1)
    except (ValueError, RecursionError):
        return []
    return lines


def key_lines(text: str, section: str, ids: list[str]) -> dict[str, int]:
    """The line of ``"id": "<id>"`` for each id, searching after the ``"<section>"`` key."""
    start = text.find(f'"{section}"')
    if start < 0 or not ids:
        return {}
    wanted = set(ids)
    found: dict[str, int] = {}
    line, counted = 1, 0
    for match in re.finditer(r'"id"\s*:\s*"([^"\\]{1,100})"', text[start:]):
        value = match.group(1)
        if value in wanted and value not in found:
            position = start + match.start()
            line += text.count("\n", counted, position)
            counted = position
            found[value] = line
    return found


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i
