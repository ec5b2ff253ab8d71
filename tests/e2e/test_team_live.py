"""Two real app processes on one team plan under Xvfb: a change typed in one (real keys) shows in the
other's window within a second, with who made it. The median over 20 changes is printed and must be at
most 1 s (the issue's target).

What is timed: from the Return that commits the change in the first window until the second window's
title (the release's name) shows it, read with xdotool as a person would see it. It includes the key's
trip through X, the change's transaction, the notification, the second window's reload and repaint.
"""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rig import App

CHANGES = 20
TARGET_S = 1.0


@pytest.fixture
def team_plan(pg_dsn: str, example_plan: Path) -> Iterator[str]:
    """The example plan published as a new team plan (dropped at the end): its address."""
    from pg_support import admin, plan_name

    from cockpit.reading import read_plan
    from cockpit.team.store import publish

    name = plan_name()
    with read_plan(example_plan) as source:
        address = publish(source, f"{pg_dsn} plan={name}")
    yield address.shown
    with admin(pg_dsn) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def _launch(address: str, author: str, xvfb: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    home = folder / author.split()[0].lower()
    home.mkdir()
    monkeypatch.setenv("COCKPIT_AUTHOR", author)  # copied into the app's environment as it starts
    return App(["open", address], xvfb, home, folder)


def _window_of(app: App, timeout: float = 30) -> str:
    """The window of ``app``'s own process, once it shows the team plan."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.proc.poll() is not None:
            raise AssertionError(f"cockpit exited with {app.proc.returncode}:\n{app.output()}")
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(app.proc.pid), "--name",
                                " on postgres at "], env=app.env, capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip():
            app.window = found.stdout.split()[-1]
            return app.window
        time.sleep(0.2)
    raise AssertionError(f"no team-plan window within {timeout} s\n{app.output()}")


def _title(app: App) -> str:
    return app.xdo("getwindowname", app.window)


def test_a_change_in_one_app_shows_in_the_other_within_a_second(xvfb, team_plan, tmp_path, monkeypatch) -> None:
    ana = _launch(team_plan, "Ana Lopez", xvfb, tmp_path, monkeypatch)
    ben = _launch(team_plan, "Ben Okafor", xvfb, tmp_path, monkeypatch)
    try:
        _window_of(ana)
        _window_of(ben)
        ben.xdo("windowmove", ben.window, "400", "160")  # both on screen; Ana's keys go to her window
        ana.focus()
        time.sleep(1.0)  # both listeners are up
        took: list[float] = []
        for n in range(1, CHANGES + 1):
            name = f"Live change {n}"
            ana.key("alt+n")  # the Overview's "Release name" field
            ana.key("ctrl+a")
            ana.type(name)
            started = time.monotonic()
            ana.xdo("key", "Return")
            while name not in _title(ben):
                if time.monotonic() - started > 5:
                    raise AssertionError(f"change {n} did not reach the other window in 5 s: {_title(ben)!r}\n"
                                         f"{ben.output()}")
            took.append(time.monotonic() - started)
            assert name in _title(ana)
        median = statistics.median(took)
        print(f"\nteam plan live refresh over {CHANGES} changes: median {median * 1000:.0f} ms, "
              f"max {max(took) * 1000:.0f} ms, min {min(took) * 1000:.0f} ms")
        ben.xdo("windowraise", ben.window)
        time.sleep(0.5)
        ben.screenshot("team-live-changed-by")  # Ben's window: the status bar says who changed what
        assert median <= TARGET_S
    finally:
        ana.kill()
        ben.kill()
