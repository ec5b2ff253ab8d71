"""A first look at a plan with nothing but the standard library.

The window shows this the moment it has painted, while SQLAlchemy (half a second to import)
and the rest of the core load; the full Overview replaces it a moment later. Rows are read by
``cockpit.reader`` (the one read code). Read-only, no lock kept, and any problem simply means
no preview (the real open reports it properly).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from cockpit import reader
from cockpit import snapshot as snap
from cockpit.errors import CockpitError
from cockpit.fileformat import connect_plan, hot_journal, read_header, sidecar


@dataclass(frozen=True)
class Peek:
    """The headline of the newest cycle: enough for the empty window to show what is coming."""

    name: str
    problem: str
    cycle: int
    phase: str
    start: dt.date
    target: dt.date
    backup: dt.date
    #: lane → (cards, open estimate days)
    lanes: dict[str, tuple[int, float]]
    people: int


def _lanes(items: tuple[snap.ScopeItem, ...]) -> dict[str, tuple[int, float]]:
    lanes: dict[str, tuple[int, float]] = {}
    for item in items:
        cards, days = lanes.get(item.lane, (0, 0.0))
        lanes[item.lane] = (cards + 1, days + (item.estimate_days if item.status != "done" else 0.0))
    return lanes


def peek(path: Path) -> Peek | None:
    """The newest cycle's headline of the plan at ``path``, or None when it cannot be read as it is."""
    try:
        header = read_header(Path(path))
    except (CockpitError, OSError):
        return None
    if header["wal"] or hot_journal(path) or sidecar(path, "-wal").exists():
        return None  # reading it as it is would create or play back files beside it: the real open says why
    try:
        conn = connect_plan(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        # A missing column must be an error, not its own name read as a string ("name" falls back to 'name').
        conn.setconfig(sqlite3.SQLITE_DBCONFIG_DQS_DML, False)
        release_id = reader.live_release_id(conn)
        if release_id is None:
            return None
        release = reader.rows(conn, snap.Release, "release", "id = ?", (release_id,))[0]
        items = reader.rows(conn, snap.ScopeItem, "scope_item", "release_id = ?", (release_id,), order="")
        people = len(reader.rows(conn, snap.Person, "person", order=""))
        return Peek(release.name, release.problem or "", release.cycle, release.phase, release.start_date,
                    release.target_date, release.backup_date, _lanes(items), people)
    except (sqlite3.Error, CockpitError, LookupError, ValueError, TypeError):
        return None
    finally:
        conn.close()
