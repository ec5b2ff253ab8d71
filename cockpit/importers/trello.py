"""A Trello board's JSON export (Menu → Print, export and share → Export as JSON)."""

from __future__ import annotations

import re
from typing import Any

from cockpit.importers import mapping, statuses
from cockpit.importers.rows import ImportRow, UnreadableFile

# Scrum-for-Trello style points at the start of a card's name: "(3) Pay by card".
_POINTS = re.compile(r"^\s*\((\d+(?:[.,]\d+)?)\)\s*")


def detect(data: Any) -> bool:
    """Whether parsed JSON is a Trello board export (with lists and cards)."""
    return isinstance(data, dict) and isinstance(data.get("cards"), list) and isinstance(data.get("lists"), list)


def _by_id(entries: Any) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)} \
        if isinstance(entries, list) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(entry: dict[str, Any], key: str) -> str:
    value = entry.get(key)
    return value if isinstance(value, str) else ""


def card_ids(data: Any) -> list[str]:
    """The ids of a board's cards, in the order the export lists them."""
    if not isinstance(data, dict):
        return []
    return [c["id"] for c in _list(data.get("cards")) if isinstance(c, dict) and isinstance(c.get("id"), str)]


def _status(card: dict[str, Any], column: dict[str, Any]) -> tuple[str | None, str]:
    """A card's status and what it came from: archived cards and lists, a completed due date, else the list."""
    list_name = mapping.clean(_text(column, "name"), 80)
    if card.get("closed") is True:
        return statuses.DONE, "archived card"
    if column.get("closed") is True:
        return statuses.DONE, "archived list"
    if card.get("dueComplete") is True:
        return statuses.DONE, "due date marked complete"
    return (statuses.board(list_name) if list_name else None), list_name


def read(data: Any, lines: dict[str, int]) -> tuple[ImportRow, ...]:
    """Turn a Trello board's cards into import rows, one per card, with their problems noted.

    The status comes from the card's list, matched by whole words; archived cards (and cards
    in archived lists) are done at source.
    """
    if not detect(data):
        raise UnreadableFile("A Trello export is a board with lists and cards: this file is something else.")
    lists = _by_id(data.get("lists"))
    members = _by_id(data.get("members"))
    rows = []
    for number, card in enumerate(data["cards"], start=1):
        if not isinstance(card, dict):
            rows.append(ImportRow(0, number, None, "", problems=("Not a card: row skipped.",), record="card"))
            continue
        card_id = _text(card, "id")
        line = lines.get(card_id, 0)
        problems: list[str] = []
        name = _text(card, "name")
        points = None
        found = _POINTS.match(name)
        if found:
            points = float(found.group(1).replace(",", "."))
            name = name[found.end():]
        title = mapping.title_text(name, problems)
        list_id = card.get("idList")
        column = lists.get(list_id, {}) if isinstance(list_id, str) else {}
        if not title:
            problems.insert(0, "No title: row skipped.")
        labels = tuple(dict.fromkeys(
            mapping.clean(label["name"], 200) for label in _list(card.get("labels"))
            if isinstance(label, dict) and isinstance(label.get("name"), str) and label["name"].strip()))
        people = [members.get(m, {}) for m in _list(card.get("idMembers")) if isinstance(m, str)]
        names = [n for n in (mapping.clean(_text(p, "fullName") or _text(p, "username"), 200) for p in people) if n]
        if len(names) > 1:
            problems.append(f"{len(names)} members on the card: {names[0]} is taken as the one owner.")
        status, status_source = _status(card, column)
        short = _text(card, "shortLink") or card_id
        source = _text(card, "shortUrl") or _text(card, "url")
        rows.append(ImportRow(line=line, number=number, external_key=f"trello:{short}" if short else None,
                              title=title, description=mapping.description_text(_text(card, "desc"), problems, source),
                              kind=mapping.kind_from_labels(labels), status=status,
                              assignee=mapping.person_name(names[0]) if names else None, estimate_points=points,
                              labels=labels, problems=tuple(problems), status_source=status_source, source=source,
                              record="card"))
    return tuple(rows)


def unused_fields(data: Any) -> list[tuple[str, int]]:
    """The card fields the import does not read, each with how many cards have one."""
    cards = [card for card in _list(data.get("cards")) if isinstance(card, dict)] if isinstance(data, dict) else []

    def badge(card: dict[str, Any], name: str) -> bool:
        badges = card.get("badges")
        value = badges.get(name) if isinstance(badges, dict) else None
        return isinstance(value, int) and not isinstance(value, bool) and value > 0

    return [("Due date", sum(1 for card in cards if card.get("due"))),
            ("Start date", sum(1 for card in cards if card.get("start"))),
            ("Checklists", sum(1 for card in cards if _list(card.get("idChecklists")))),
            ("Comments", sum(1 for card in cards if badge(card, "comments"))),
            ("Attachments", sum(1 for card in cards if badge(card, "attachments") or _list(card.get("attachments")))),
            ("Custom fields", sum(1 for card in cards if _list(card.get("customFieldItems"))))]
