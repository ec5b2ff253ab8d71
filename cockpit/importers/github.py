"""GitHub issues as JSON: ``gh issue list --json number,title,body,labels,assignees,state,url``
(the REST API's issue objects are read too)."""

from __future__ import annotations

import re
from typing import Any

from cockpit.importers import mapping
from cockpit.importers.rows import ImportRow, UnreadableFile
from cockpit.kinds import Status

_REPO = re.compile(r"github\.com/([^/\s]+/[^/\s]+)/(?:issues|pull)/(\d+)")


def detect(data: Any) -> bool:
    """Whether parsed JSON looks like a list of GitHub issues."""
    return (isinstance(data, list) and bool(data) and isinstance(data[0], dict)
            and "title" in data[0] and ("number" in data[0] or "url" in data[0]))


def _names(value: Any, *keys: str) -> list[str]:
    out = []
    for entry in value if isinstance(value, list) else []:
        if isinstance(entry, dict):
            text = next((v for v in (entry.get(k) for k in keys) if isinstance(v, str) and v.strip()), "")
        else:
            text = entry if isinstance(entry, str) else ""
        text = mapping.clean(text, 200)
        if text:
            out.append(text)
    return out


def _key(issue: dict[str, Any]) -> str | None:
    url = issue.get("url") or issue.get("html_url")
    match = _REPO.search(url) if isinstance(url, str) else None
    if match:
        return f"{match.group(1)}#{match.group(2)}"
    number = issue.get("number")
    if isinstance(number, int | str) and not isinstance(number, bool) and str(number).strip():
        return f"#{mapping.clean(number, 40)}"
    return None


def read(data: Any, lines: list[int]) -> tuple[ImportRow, ...]:
    """Turn GitHub issues into import rows, one per issue, with their problems noted."""
    if not isinstance(data, list):
        raise UnreadableFile("A GitHub issues export is a list of issues: this file is something else.")
    rows = []
    for number, issue in enumerate(data, start=1):
        line = lines[number - 1] if len(lines) == len(data) else 0
        if not isinstance(issue, dict):
            rows.append(ImportRow(line, number, None, "", problems=("Not an issue object: row skipped.",)))
            continue
        problems: list[str] = []
        title = mapping.title_text(issue.get("title") if isinstance(issue.get("title"), str) else "", problems)
        if not title:
            problems.insert(0, "No title: row skipped.")
        labels = tuple(dict.fromkeys(_names(issue.get("labels"), "name")))
        assignees = _names(issue.get("assignees"), "name", "login")
        if not assignees and isinstance(issue.get("assignee"), dict):
            assignees = _names([issue["assignee"]], "name", "login")
        if len(assignees) > 1:
            problems.append(f"{len(assignees)} assignees: {assignees[0]} is taken as the one owner.")
        state = str(issue.get("state") or "").lower()
        status = Status.DONE.value if state == "closed" else None
        if status is None:
            status = next((s for s in map(mapping.status_for, labels) if s and s != Status.DONE.value), None)
        if status is None and state == "open":
            status = Status.TODO.value
        body = issue.get("body") if isinstance(issue.get("body"), str) else ""
        rows.append(ImportRow(line=line, number=number, external_key=_key(issue), title=title,
                              description=mapping.description_text(body, problems),
                              kind=mapping.kind_from_labels(labels), status=status,
                              assignee=assignees[0] if assignees else None, labels=labels,
                              problems=tuple(problems)))
    return tuple(rows)
