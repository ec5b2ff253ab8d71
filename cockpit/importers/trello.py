"""A Trello board's JSON export (Menu → Print, export and share → Export as JSON)."""

from __future__ import annotations

import re
from typing import Any

from cockpit.importers import mapping
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


def read(data: Any, lines: dict[str, int]) -> tuple[ImportRow, ...]:
    """Turn a Trello board's cards into import rows, one per card, with their problems noted."""
    if not detect(data):
        raise UnreadableFile("A Trello export is a board with lists and cards: this file is something else.")
    lists = _by_id(data.get("lists"))
    members = _by_id(data.get("members"))
    rows = []
    for number, card in enumerate(data["cards"], start=1):
        if not isinstance(card, dict):
            rows.append(ImportRow(0, number, None, "", problems=("Not a card: row skipped.",)))
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
        elif card.get("closed") is True or column.get("closed") is True:
            problems.insert(0, "Archived on Trello: row skipped.")
            title = ""
        labels = tuple(dict.fromkeys(
            mapping.clean(label["name"], 200) for label in _list(card.get("labels"))
            if isinstance(label, dict) and isinstance(label.get("name"), str) and label["name"].strip()))
        people = [members.get(m, {}) for m in _list(card.get("idMembers")) if isinstance(m, str)]
        names = [n for n in (mapping.clean(_text(p, "fullName") or _text(p, "username"), 200) for p in people) if n]
        if len(names) > 1:
            problems.append(f"{len(names)} members on the card: {names[0]} is taken as the one owner.")
        list_name = column.get("name") if isinstance(column.get("name"), str) else ""
        status = mapping.status_for(list_name) if list_name else None
        if card.get("dueComplete") is True:
            status = "done"
        short = card.get("shortLink") if isinstance(card.get("shortLink"), str) else card_id
        desc = card.get("desc") if isinstance(card.get("desc"), str) else ""
        rows.append(ImportRow(line=line, number=number, external_key=f"trello:{short}" if short else None,
                              title=title, description=mapping.description_text(desc, problems),
                              kind=mapping.kind_from_labels(labels), status=status,
                              assignee=names[0] if names else None, estimate_points=points, labels=labels,
                              problems=tuple(problems)))
    return tuple(rows)
