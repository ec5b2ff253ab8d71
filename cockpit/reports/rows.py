"""One release's rows as plain records, read with nothing but the standard library.

The go/no-go review, rollback readiness and the brief are computed from these records, so the
same code serves the running app (through the open plan's own connection, ``Plan.raw``) and the
command line (through ``cockpit.reading``), which then never loads SQLAlchemy: about half a
second saved on every ``cockpit brief`` and ``cockpit check``.

Values come back as the ORM gives them: ``DATE`` columns as ``date``, ``DATETIME`` as a UTC
``datetime`` (stored without its zone), ``BOOLEAN`` as ``bool``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cockpit.errors import DamagedPlanFile
from cockpit.rules import thresholds

Record = Any  # a namedtuple of one table's columns, by name


def _day(text: Any) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(str(text)[:10])


def _moment(text: Any) -> dt.datetime | None:
    if text is None:
        return None
    moment = dt.datetime.fromisoformat(str(text))
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


_CONVERTERS: dict[str, Callable[[Any], Any]] = {"DATE": _day, "DATETIME": _moment, "BOOLEAN": _flag}
Shape = tuple[type, tuple[tuple[int, str, Callable[[Any], Any]], ...]]
_shapes: dict[tuple[str, tuple[tuple[str, str], ...]], Shape] = {}


def _shape(conn: sqlite3.Connection, table: str) -> Shape:
    """The record type of ``table`` and the converters of its typed columns (cached per set of columns)."""
    columns = tuple((c[1], c[2].upper()) for c in conn.execute(f'PRAGMA table_info("{table}")'))
    if not columns:
        raise LookupError(f"no table {table}")
    if (table, columns) not in _shapes:
        record = namedtuple(table.title().replace("_", ""), [name for name, _ in columns])  # type: ignore[misc]
        convert = tuple((i, name, _CONVERTERS[kind]) for i, (name, kind) in enumerate(columns) if kind in _CONVERTERS)
        _shapes[table, columns] = record, convert
    return _shapes[table, columns]


def records(conn: sqlite3.Connection, table: str, where: str = "", args: tuple[Any, ...] = (),
            order: str = "id") -> list[Record]:
    """Whole rows of one of the plan's tables (names are ours, never the user's).

    A value this version cannot read (a date that is not a date) raises ``DamagedPlanFile``.
    """
    record, convert = _shape(conn, table)
    sql = f'SELECT * FROM "{table}"' + (f" WHERE {where}" if where else "") + (f" ORDER BY {order}" if order else "")
    out = []
    for row in conn.execute(sql, args):
        if convert:
            row = list(row)
            for i, name, fn in convert:
                try:
                    row[i] = fn(row[i])
                except (ValueError, TypeError):
                    raise DamagedPlanFile(f"The plan holds a value this version cannot read: {table}.{name} is "
                                          f"{row[i]!r}.") from None
        out.append(record(*row))
    return out


def live_release_id(conn: sqlite3.Connection) -> int | None:
    """The newest cycle's release: the one the app edits (None in a plan with no release)."""
    row = conn.execute("SELECT id FROM release ORDER BY cycle DESC, id DESC LIMIT 1").fetchone()
    return None if row is None else int(row[0])


@dataclass(frozen=True)
class ReleaseRows:
    """Everything the review, readiness and the brief read about one release."""

    release: Record
    #: person id → name, for every person in the plan
    people: Mapping[int, str]
    roles: tuple[Record, ...]
    items: tuple[Record, ...]
    tasks: tuple[Record, ...]
    #: milestone kind → date
    milestones: Mapping[str, dt.date]
    triggers: tuple[Record, ...]
    kit: Record | None
    steps: tuple[Record, ...]
    #: oldest first
    drills: tuple[Record, ...]
    #: newest first
    reviews: tuple[Record, ...]
    note: Record | None
    settings: Mapping[str, str]

    def holders(self, role: str) -> list[str]:
        """Names holding ``role``, in the order they were given it."""
        return [self.people.get(a.person_id, "?") for a in self.roles if a.role == role]

    def setting(self, key: str) -> str:
        return thresholds.value(self.settings, key)

    def number(self, key: str) -> float:
        return thresholds.number(self.settings.get(key), key)


def load(conn: sqlite3.Connection, release_id: int) -> ReleaseRows:
    """Read the release ``release_id``; ``LookupError`` if it is gone."""
    found = records(conn, "release", "id = ?", (release_id,), "")
    if not found:
        raise LookupError("release gone")
    mine = ("release_id = ?", (release_id,))
    return ReleaseRows(
        release=found[0],
        people={pid: name for pid, name in conn.execute("SELECT id, name FROM person")},
        roles=tuple(records(conn, "role_assignment", *mine)),
        items=tuple(records(conn, "scope_item", *mine, order="position, id")),
        tasks=tuple(records(conn, "release_task", *mine, order="position, id")),
        milestones={m.kind: m.date for m in records(conn, "milestone", *mine)},
        triggers=tuple(records(conn, "rollback_trigger", *mine, order="position, id")),
        kit=next(iter(records(conn, "stable_kit", *mine)), None),
        steps=tuple(records(conn, "runbook_step", *mine, order="position, id")),
        drills=tuple(records(conn, "rollback_drill", *mine, order="started_at, id")),
        reviews=tuple(records(conn, "go_no_go_review", *mine, order="reviewed_at DESC, id DESC")),
        note=next(iter(records(conn, "stakeholder_note", *mine)), None),
        settings=dict(conn.execute("SELECT key, value FROM setting")),
    )
