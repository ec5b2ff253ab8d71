"""GitHub issues as JSON: ``gh issue list --json number,title,body,labels,assignees,state,url``, or the
REST API's issue list (``/repos/OWNER/REPO/issues``, which also holds pull requests)."""

from __future__ import annotations

import re
from typing import Any

from cockpit.importers import mapping, statuses
from cockpit.importers.rows import ImportRow, UnreadableFile

_HTML = re.compile(r"github\.com/([^/\s]+/[^/\s]+)/(?:issues|pull)/(\d+)")
_API = re.compile(r"api\.github\.com/repos/([^/\s]+/[^/\s]+)/(?:issues|pulls)/(\d+)")
_REPO = re.compile(r"(?:api\.github\.com/repos|github\.com)/([^/\s]+/[^/\s#?]+)/?$")


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


def _text(issue: dict[str, Any], key: str) -> str:
    value = issue.get(key)
    return value if isinstance(value, str) else ""


def _number(issue: dict[str, Any]) -> str:
    number = issue.get("number")
    if isinstance(number, int | str) and not isinstance(number, bool):
        return mapping.clean(number, 40)
    return ""


def key(issue: dict[str, Any]) -> str | None:
    """``owner/repo#N``, from the issue's web address, its repository's address, or its API address.

    Issues from several repositories (an organisation's list) never share a key; only an export
    that names no repository at all falls back to ``#N``.
    """
    for field in ("html_url", "url"):
        found = _HTML.search(_text(issue, field)) or _API.search(_text(issue, field))
        if found:
            return f"{found.group(1)}#{found.group(2)}"
    number = _number(issue)
    repository = _REPO.search(_text(issue, "repository_url"))
    if repository and number:
        return f"{repository.group(1)}#{number}"
    return f"#{number}" if number else None


def is_pull_request(issue: dict[str, Any]) -> bool:
    """Whether a REST list entry is a pull request (its ``pull_request`` field names one).

    Old API answers give every issue a ``pull_request`` object whose addresses are all null.
    """
    field = issue.get("pull_request")
    if isinstance(field, dict):
        return any(value for value in field.values())
    return bool(field) or "/pull/" in _text(issue, "html_url")


def link(issue: dict[str, Any]) -> str:
    """The issue's web address (``html_url``, or ``gh``'s ``url``), or "" when the export has none."""
    for field in ("html_url", "url"):
        address = _text(issue, field)
        if address.startswith("https://github.com/") or address.startswith("http://github.com/"):
            return address
    return ""


def read(data: Any, lines: list[int]) -> tuple[ImportRow, ...]:
    """Turn GitHub issues into import rows, one per issue, with their problems noted.

    The status is the issue's ``state`` (open: to do, closed: done); labels never decide it.
    """
    if not isinstance(data, list):
        raise UnreadableFile("A GitHub issues export is a list of issues: this file is something else.")
    rows = []
    for number, issue in enumerate(data, start=1):
        line = lines[number - 1] if len(lines) == len(data) else 0
        if not isinstance(issue, dict):
            rows.append(ImportRow(line, number, None, "", problems=("Not an issue object: row skipped.",),
                                  record="issue"))
            continue
        problems: list[str] = []
        title = mapping.title_text(_text(issue, "title"), problems)
        if not title:
            problems.insert(0, "No title: row skipped.")
        labels = tuple(dict.fromkeys(_names(issue.get("labels"), "name")))
        assignees = _names(issue.get("assignees"), "name", "login")
        if not assignees and isinstance(issue.get("assignee"), dict):
            assignees = _names([issue["assignee"]], "name", "login")
        if len(assignees) > 1:
            problems.append(f"{len(assignees)} assignees: {assignees[0]} is taken as the one owner.")
        state = mapping.clean(_text(issue, "state"), 40)
        source = link(issue)
        rows.append(ImportRow(line=line, number=number, external_key=key(issue), title=title,
                              description=mapping.description_text(_text(issue, "body"), problems, source),
                              kind=mapping.kind_from_labels(labels), status=statuses.github(state),
                              assignee=mapping.person_name(assignees[0]) if assignees else None, labels=labels,
                              problems=tuple(problems), status_source=state,
                              pull_request=is_pull_request(issue), source=source, record="issue"))
    return tuple(rows)


def unused_fields(data: Any) -> list[tuple[str, int]]:
    """The fields the import does not read (milestones, comments), each with how many issues have one."""
    issues = [issue for issue in data if isinstance(issue, dict)] if isinstance(data, list) else []

    def has_comments(issue: dict[str, Any]) -> bool:
        comments = issue.get("comments")
        return bool(comments) and not isinstance(comments, bool)

    return [("Milestone", sum(1 for issue in issues if issue.get("milestone"))),
            ("Comments", sum(1 for issue in issues if has_comments(issue)))]
