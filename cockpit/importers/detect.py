"""Which export a file is: JSON (GitHub issues, Trello board) or CSV (Jira, Linear, any other)."""

from __future__ import annotations

from typing import Any

from cockpit.importers import github, jira, linear, trello
from cockpit.importers.rows import FORMAT_LABELS, FORMATS
from cockpit.importers.table import Header

__all__ = ["FORMATS", "FORMAT_LABELS", "csv_format", "json_format", "looks_like_json"]


def looks_like_json(text: str) -> bool:
    """Does the text start like a JSON document (an array or an object)?"""
    stripped = text.lstrip()
    return stripped[:1] in ("[", "{")


def json_format(data: Any) -> str | None:
    """``"github"`` or ``"trello"`` for a parsed JSON export of either, else None."""
    if github.detect(data):
        return "github"
    if trello.detect(data):
        return "trello"
    return None


def csv_format(header: Header) -> str:
    """``"jira"``, ``"linear"`` or ``"csv"`` (any other CSV) from a file's header row."""
    if jira.detect(header):
        return "jira"
    if linear.detect(header):
        return "linear"
    return "csv"
