"""End to end under Xvfb: a rollback drill survives the app being killed mid-drill.

Start a drill with a real click, ``kill -9`` the app, wait (the laptop was closed), reopen the plan, tick off a
step with Space, stop with Ctrl+Return: the plan file holds one drill whose recorded duration covers the whole
span, across the kill, from the moment the clock started.

Until the lead wires the Rollback view into the main window this drives ``tests/e2e/rollback_window.py``
(the view alone in a window on the plan). Once wired, ``_launch`` becomes ``cockpit open PLAN`` + Ctrl+5.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WINDOW = Path(__file__).with_name("rollback_window.py")
CLOSED_LAPTOP_SECONDS = 4.0

pytestmark = pytest.mark.e2e


def _free_display() -> int:
    for number in range(200, 260):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


@pytest.fixture
def xvfb() -> Iterator[str]:
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        pytest.fail("Xvfb and xdotool are needed (packaging/setup.sh installs them)")
    number = _free_display()
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        assert server.poll() is None and time.monotonic() < deadline, "Xvfb did not start"
        time.sleep(0.05)
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    from cockpit.example import create_example

    path = tmp_path / "example.cockpit"
    create_example(path, today=dt.date(2026, 11, 18)).close()
    return path


def _launch(plan: Path, display: str, home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, DISPLAY=display, COCKPIT_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)  # the real X server, not offscreen
    return subprocess.Popen([sys.executable, str(WINDOW), str(plan)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _read_line(proc: subprocess.Popen[str], prefix: str, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    seen = []
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    raise AssertionError(f"no “{prefix}” from the app; it said:\n{''.join(seen)}")


def _xdotool(display: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], env=dict(os.environ, DISPLAY=display), check=True, timeout=10)


def _click(display: str, where: list[int]) -> None:
    _xdotool(display, "mousemove", "--sync", str(where[0]), str(where[1]))
    _xdotool(display, "click", "1")


def _drills(plan: Path) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(plan)) as conn:
        return conn.execute("SELECT id, started_at, stopped_at, duration_seconds, laps FROM rollback_drill").fetchall()


def _utc(stored: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)


def _stop(proc: subprocess.Popen[str], *, kill: bool = False) -> None:
    if proc.poll() is None:
        proc.kill() if kill else proc.terminate()
        proc.wait(10)
    if proc.stdout is not None:
        proc.stdout.close()


def test_a_drill_survives_a_killed_app_and_its_duration_covers_the_whole_span(
        xvfb: str, plan_path: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _drills(plan_path) == []

    # 1. Someone says "roll back": start the drill with a real click.
    first = _launch(plan_path, xvfb, home)
    try:
        ready = json.loads(_read_line(first, "rollback-ready "))
        assert ready["page"] == "plan"
        clicked_at = dt.datetime.now(dt.UTC)
        _click(xvfb, ready["start"])
        assert _read_line(first, "rollback-changed ") == "Start a staging drill"
        time.sleep(1.5)
    finally:
        _stop(first, kill=True)  # kill -9 mid-drill: nothing is kept in memory
    assert first.returncode == -9
    (drill_id, started, stopped, duration, _laps), = _drills(plan_path)
    started_at = _utc(started)
    assert stopped is None and duration is None
    assert clicked_at - dt.timedelta(seconds=1) <= started_at <= clicked_at + dt.timedelta(seconds=10)

    time.sleep(CLOSED_LAPTOP_SECONDS)  # the laptop is closed

    # 2. Reopen: the drill is still running, the clock shows the time gone, tick a step, stop.
    second = _launch(plan_path, xvfb, home)
    try:
        ready = json.loads(_read_line(second, "rollback-ready "))
        assert ready["page"] == "drill"
        minutes, seconds = (int(part) for part in ready["face"].split(":"))
        assert minutes * 60 + seconds >= CLOSED_LAPTOP_SECONDS + 1
        _click(xvfb, [ready["stop"][0], ready["stop"][1] - 400])  # the stopwatch face: makes the window active
        _xdotool(xvfb, "key", "space")
        assert _read_line(second, "rollback-changed ").startswith('Drill: Say "roll back" in the release channel done')
        shot = tmp_path / "rollback-drill-e2e.png"
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(shot)], env=dict(os.environ, DISPLAY=xvfb),
                           check=False, timeout=20)
        stop_pressed = dt.datetime.now(dt.UTC)
        _xdotool(xvfb, "key", "ctrl+Return")
        assert _read_line(second, "rollback-changed ").startswith("Drill took ")
        stop_seen = dt.datetime.now(dt.UTC)
        _xdotool(xvfb, "key", "ctrl+q")
        assert second.wait(30) == 0
    finally:
        _stop(second, kill=True)

    (same_id, started_again, stopped, duration, laps), = _drills(plan_path)
    assert same_id == drill_id and started_again == started  # one drill, its start untouched
    stopped_at = _utc(stopped)
    whole_span = (stopped_at - started_at).total_seconds()
    assert duration == pytest.approx(whole_span, abs=0.1)
    # covers the first session, the kill, the closed laptop and the second session
    assert duration >= (stop_pressed - started_at).total_seconds() - 0.5
    assert duration >= CLOSED_LAPTOP_SECONDS + 1.5
    assert stopped_at <= stop_seen + dt.timedelta(seconds=1)
    ticked = json.loads(laps)
    assert [lap["step_id"] for lap in ticked] == [1]
    assert CLOSED_LAPTOP_SECONDS < ticked[0]["seconds"] <= duration
    if shot.exists():
        assert shot.stat().st_size > 10_000
