"""A first look at a plan with nothing but the standard library.

The window shows this the moment it has painted, while SQLAlchemy (half a second to import)
and the rest of the core load; the full Overview replaces it a moment later. Read-only, no
lock kept, and any problem simply means no preview (the real open reports it properly).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Peek:
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


def peek(path: Path) -> Peek | None:
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=0)
    except sqlite3.Error:
        return None
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        row = conn.execute("SELECT id, name, problem, cycle, phase, start_date, target_date, backup_date "
                           "FROM release ORDER BY cycle DESC LIMIT 1").fetchone()
        if row is None:
            return None
        release_id, name, problem, cycle, phase, start, target, backup = row
        lanes = {lane: (count, float(days or 0)) for lane, count, days in conn.execute(
            "SELECT lane, count(*), sum(CASE WHEN status != 'done' THEN estimate_days ELSE 0 END) "
            "FROM scope_item WHERE release_id = ? GROUP BY lane", (release_id,))}
        people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        return Peek(str(name), str(problem or ""), int(cycle), str(phase), dt.date.fromisoformat(start),
                    dt.date.fromisoformat(target), dt.date.fromisoformat(backup), lanes, int(people))
    except (sqlite3.Error, ValueError, TypeError):
        return None
    finally:
        conn.close()
