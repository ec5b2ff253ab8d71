"""End to end under Xvfb: the real mouse drags the rollback rehearsal to another day on the timeline, and
the plan file says so (milestone date and change-log row) after the app has closed it.

Until the lead wires the Timeline view into the main window, the test drives a stand-in window that shows
only the view (this file, run as a script: ``python tests/e2e/test_timeline.py PLAN``). Once wired, swap
``_launch`` for ``cockpit open PLAN`` and reach the view from the navigation.

The stand-in prints the global positions of the milestone and of the day to drop it on, so the test needs
no pixel guessing; xdotool presses the real pointer there, moves it in steps and releases it, then presses
Ctrl+Q (the stand-in closes the plan).
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

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 18)  # the example is made "today": week 1 of the plan
KIND = "rollback rehearsal"  # Wed 02 Dec in the example
DROP_ON = dt.date(2026, 12, 4)

try:
    import pytest
except ImportError:  # pragma: no cover - the stand-in window runs without pytest
    pytest = None  # type: ignore[assignment]


def _free_display() -> int:
    for number in range(200, 260):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


if pytest is not None:
    pytestmark = pytest.mark.e2e

    @pytest.fixture
    def timeline_display() -> Iterator[str]:
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
        create_example(path, today=TODAY).close()
        return path


def _launch(plan: Path, display: str, home: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, DISPLAY=display, COCKPIT_HOME=str(home), PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)  # the real X server, not offscreen
    return subprocess.Popen([sys.executable, __file__, str(plan)], env=env, stdout=subprocess.PIPE,
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


def _file_state(plan: Path) -> tuple[str, list[tuple[str, str]]]:
    with contextlib.closing(sqlite3.connect(plan)) as conn:
        day = conn.execute("SELECT date FROM milestone WHERE kind = ?", (KIND,)).fetchone()[0]
        log = conn.execute("SELECT area, summary FROM change_log WHERE action = 'move milestone'").fetchall()
    return day, log


def test_dragging_a_milestone_with_the_mouse_moves_it_in_the_file(timeline_display: str, plan_path: Path,
                                                                   tmp_path: Path) -> None:
    display = timeline_display
    assert _file_state(plan_path) == ("2026-12-02", [])
    proc = _launch(plan_path, display, tmp_path / "home")
    try:
        (x, y), (to_x, to_y) = json.loads(_read_line(proc, "timeline-drag "))
        _xdotool(display, "mousemove", "--sync", str(x), str(y))
        _xdotool(display, "mousedown", "1")
        steps = 8
        for n in range(1, steps + 1):  # a real drag: several motion events while the button is held
            _xdotool(display, "mousemove", "--sync", str(x + (to_x - x) * n // steps), str(to_y))
            time.sleep(0.03)
        _xdotool(display, "mouseup", "1")
        assert _read_line(proc, "timeline-changed ") == "Rollback rehearsal on Fri 04 Dec"
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(tmp_path / "timeline-e2e.png")],
                           env=dict(os.environ, DISPLAY=display), check=False, timeout=20)
        _xdotool(display, "key", "ctrl+q")
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()
    # The app closed the plan: the drag is in the file, as one logged change.
    assert _file_state(plan_path) == (DROP_ON.isoformat(), [("dates", "Rollback rehearsal on Fri 04 Dec")])


# -- the stand-in window (run as a script) -----------------------------------------------------------------
def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
    from PySide6.QtWidgets import QMainWindow

    from cockpit.store import open_plan
    from ui.app import make_app
    from ui.hub import Hub
    from ui.timeline.view import TimelineView

    app = make_app()

    class Window(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            self.hub = Hub(self)
            self.view = TimelineView(self.hub)
            self.view.today = lambda: TODAY
            self.hub.problem.connect(lambda text: print("problem:", text, flush=True))
            self.hub.changed.connect(lambda changes: print("timeline-changed", changes.summary, flush=True))
            self.setCentralWidget(self.view)
            self.setWindowTitle("Timeline — Release Cockpit")
            self.setMinimumSize(1000, 600)
            self.resize(1300, 740)
            QShortcut(QKeySequence("Ctrl+Q"), self, self.close)

        def closeEvent(self, event: QCloseEvent) -> None:
            self.hub.detach()
            super().closeEvent(event)

    window = Window()
    window.hub.attach(open_plan(Path(argv[1])))
    window.move(0, 0)
    window.show()

    def announce() -> None:
        canvas = window.view.canvas
        start = canvas.marker_rect(KIND).center().toPoint()
        drop = QPoint(round(canvas.x_of(DROP_ON) + canvas._day_width() / 2), start.y())
        points = [canvas.mapToGlobal(point) for point in (start, drop)]
        print("timeline-drag", json.dumps([[p.x(), p.y()] for p in points]), flush=True)

    QTimer.singleShot(500, announce)  # after the window manager-less X server has mapped it
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
