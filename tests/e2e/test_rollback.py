"""The real app under Xvfb: a rollback drill survives the app being killed mid-drill.

Start a drill with a real click, ``kill -9`` the app, wait (the laptop was closed), open the same plan in a
new app: the drill is still running. Tick off a step with Space, stop with Ctrl+Return, quit. The file
holds one drill whose recorded duration covers the whole span across the kill: at least the wall time
the test measured from the start (seen in the file) to the stop (the key press).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from rig import App, read_plan, read_while_open, wait_for

CLOSED_LAPTOP_SECONDS = 4.0
DRILLS = "SELECT id, started_at, stopped_at, duration_seconds, laps FROM rollback_drill"


def _utc(stored: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)


def _open_rollback(app: App) -> None:
    app.wait_window("Team plan billing")
    app.key("ctrl+5")


def test_a_drill_survives_a_killed_app_and_its_duration_covers_the_whole_span(
        cockpit, example_plan: Path, tmp_path: Path) -> None:
    assert read_plan(example_plan, DRILLS) == []

    # 1. Someone says "roll back": the Drills tab (Alt+I), start the drill with a real click.
    first = cockpit("open", example_plan)
    _open_rollback(first)
    first.key("alt+i")
    clicked_at = dt.datetime.now(dt.UTC)
    first.click(*first.centre("Start a drill"))
    drills = wait_for(lambda: read_while_open(example_plan, DRILLS, tmp_path))
    start_seen = dt.datetime.now(dt.UTC)  # the drill had started by now
    assert "Drill stopwatch" in first.where()  # the view is the stopwatch while a drill runs
    time.sleep(1.5)
    first.kill()  # kill -9 mid-drill: nothing is kept in memory
    assert first.proc.returncode == -9
    assert drills == read_plan(example_plan, DRILLS)  # the start was already in the file
    (drill_id, started, stopped, duration, _laps), = drills
    started_at = _utc(started)
    assert stopped is None and duration is None
    assert clicked_at - dt.timedelta(seconds=1) <= started_at <= start_seen

    time.sleep(CLOSED_LAPTOP_SECONDS)  # the laptop is closed

    # 2. Reopen: the drill is still running; tick off a step with Space, stop with Ctrl+Return.
    second = cockpit("open", example_plan)
    _open_rollback(second)
    second.click(*second.centre("Drill stopwatch"))  # focus the drill page (its keys work inside it)
    second.key("space")
    ticked = wait_for(lambda: json.loads(read_while_open(example_plan, DRILLS, tmp_path)[0][4] or "[]"))
    assert [lap["step_id"] for lap in ticked] == [1]
    second.screenshot("rollback-drill-reopened")
    stop_pressed = dt.datetime.now(dt.UTC)
    second.key("ctrl+Return")
    assert second.quit() == 0
    quit_done = dt.datetime.now(dt.UTC)

    (same_id, started_again, stopped, duration, laps), = read_plan(example_plan, DRILLS)
    assert same_id == drill_id and started_again == started  # one drill, its start untouched
    assert stopped is not None, "the drill was not stopped"
    stopped_at = _utc(stopped)
    assert duration == pytest.approx((stopped_at - started_at).total_seconds(), abs=0.1)
    # It covers the first session, the kill, the closed laptop and the second session (0.05: kept to 0.1 s) …
    wall = (stop_pressed - start_seen).total_seconds()
    assert wall > CLOSED_LAPTOP_SECONDS + 1.5
    assert duration + 0.05 >= wall
    # … and no more than the time from the click to the app's exit.
    assert duration <= (quit_done - clicked_at).total_seconds()
    ticked = json.loads(laps)
    assert [lap["step_id"] for lap in ticked] == [1]
    assert CLOSED_LAPTOP_SECONDS < ticked[0]["seconds"] <= duration
