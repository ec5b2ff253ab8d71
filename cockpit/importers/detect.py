"""Which export a file is: JSON (GitHub issues, Trello board) or CSV (Jira, Linear, any other)."""

from __future__ import annotations

from typing import Any

from cockpit.importers import github, jira, linear, trello
from cockpit.importers.table import Header

FORMAT_LABELS = {
    "jira": "Jira CSV",
    "linear": "Linear CSV",
    "github": "GitHub issues (JSON)",
    "trello": "Trello board (JSON)",
    "csv": "Other CSV (pick the columns)",
}
FORMATS = tuple(FORMAT_LABELS)


def looks_like_json(text: str) -> bool:
    stripped = text.lstrip()
    return stripped[:1] in ("[", "{")


def json_format(data: Any) -> str | None:
    if github.detect(data):
        return "github"
    if trello.detect(data):
        return "trello"
    return None


def csv_format(header: Header) -> str:
    if jira.detect(header):
        return "jira"
    if linear.detect(header):
        return "linear"
    return "csv"
