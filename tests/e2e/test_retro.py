"""The real app under Xvfb: in the retrospective record the outcome "Shipped" (a real click on Record
outcome; the Outcome list starts on Shipped), start the next cycle with its mnemonic (Alt+N), quit.

The file then holds two releases: cycle 2 carries over the roles, rollback triggers, runbook steps and
the stable version kit, and has cycle 1's parked items as its backlog (cockpit/services/cycles.py);
cycle 1 is exactly as it was apart from its outcome (outcome, date, and the phase "shipped", which freezes
scope and so keeps what was in the release as what was committed).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from contextlib import closing
from pathlib import Path

from rig import read_plan, read_while_open, wait_for

#: Release columns that recording the outcome changes (the phase becomes "shipped", which freezes scope:
#: ``frozen_at`` is stamped with it, rules/scope.py)
OUTCOME_COLUMNS = {"outcome", "outcome_date", "outcome_trigger_id", "restore_minutes", "phase", "frozen_at"}
#: what carries over, per table: the columns compared between the cycles
CARRIED = {
    "role_assignment": "role, person_id",
    "rollback_trigger": "condition, threshold, unit, window_minutes, position",
    "runbook_step": "position, text, runner_id, expected_minutes",
    "stable_kit": "build_id, config_version, migration_notes, flag_state",
}


def _snapshot(path: Path) -> dict[str, list[tuple]]:
    """Everything of cycle 1 (and the people every cycle shares), table by table; the log grows, so not it."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                   "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        found: dict[str, list[tuple]] = {}
        for table in tables:
            columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
            if table == "release":
                kept = ", ".join(c for c in columns if c not in OUTCOME_COLUMNS)
                found[table] = conn.execute(f"SELECT {kept} FROM release WHERE cycle = 1").fetchall()
            elif table == "person":
                found[table] = conn.execute("SELECT * FROM person ORDER BY id").fetchall()
            elif "release_id" in columns and table not in ("change_log", "freeze_commitment"):
                found[table] = conn.execute(f'SELECT * FROM "{table}" WHERE release_id = 1 ORDER BY id').fetchall()
    return found


def test_record_shipped_then_start_the_next_cycle(cockpit, example_plan: Path, tmp_path: Path):
    before = _snapshot(example_plan)
    parked = read_plan(example_plan, "SELECT title FROM scope_item WHERE release_id = 1 AND lane = 'parked' "
                                     "AND status != 'done' ORDER BY position, id")
    assert len(parked) == 3 and read_plan(example_plan, "SELECT count(*) FROM release") == [(1,)]
    backup = dt.date.fromisoformat(read_plan(example_plan, "SELECT backup_date FROM release")[0][0])

    app = cockpit("open", example_plan)
    app.wait_window("Team plan billing")
    app.key("ctrl+7")
    app.click(*app.centre("Record outcome"))
    outcome = "SELECT outcome FROM release WHERE cycle = 1"
    assert wait_for(lambda: read_while_open(example_plan, outcome, tmp_path) == [("shipped",)])
    app.key("alt+n")  # "Start the &next cycle from this one"
    assert wait_for(lambda: read_while_open(example_plan, "SELECT count(*) FROM release", tmp_path) == [(2,)])
    app.wait_window("(cycle 2)")  # the window shows the new live cycle
    app.screenshot("retro-next-cycle")
    assert app.quit() == 0

    # Cycle 1: unchanged apart from its outcome.
    assert _snapshot(example_plan) == before
    recorded = "SELECT outcome, outcome_date, phase, restore_minutes FROM release WHERE cycle = 1"
    assert read_plan(example_plan, recorded) == [("shipped", min(dt.date.today(), backup).isoformat(), "shipped", None)]
    assert read_plan(example_plan, "SELECT frozen_at IS NOT NULL FROM release WHERE cycle = 1") == [(1,)]
    # shipped from building froze scope: what was in the release is kept as what was committed (say/do)
    committed = read_plan(example_plan, "SELECT count(*) FROM freeze_commitment WHERE release_id = 1")
    in_release = [row for row in before["scope_item"] if row[9] == "in release"]
    assert committed == [(len(in_release),)] and in_release

    # Cycle 2: the carried-over roles, triggers, runbook and kit; the parked items as its backlog.
    (new_id, name), = read_plan(example_plan, "SELECT id, name FROM release WHERE cycle = 2")
    assert name == "Team plan billing (cycle 2)"
    for table, columns in CARRIED.items():
        rows = {cycle: read_plan(example_plan, f"SELECT {columns} FROM {table} WHERE release_id = ? ORDER BY id",
                                 (cycle,)) for cycle in (1, new_id)}
        assert rows[1], f"the example has no {table} to carry over"
        assert rows[new_id] == rows[1], table
    assert read_plan(example_plan, "SELECT title FROM scope_item WHERE release_id = ? ORDER BY position, id",
                     (new_id,)) == parked
    assert read_plan(example_plan, "SELECT DISTINCT lane, status FROM scope_item WHERE release_id = ?",
                     (new_id,)) == [("parked", "todo")]
    log = read_plan(example_plan, "SELECT action FROM change_log ORDER BY id DESC LIMIT 2")
    assert log == [("start next cycle",), ("record outcome",)]
