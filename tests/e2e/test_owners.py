"""End to end under Xvfb: a real mouse click on a cell of the ownership matrix makes that person the owner,
and the plan file says so after the app has closed it.

Until the lead wires the Owners view into the main window, the test drives a stand-in window that shows
only the view (this file, run as a script: ``python tests/e2e/test_owners.py PLAN``). Once wired, swap
``_launch`` for ``cockpit open PLAN`` and press Ctrl+3 to reach the view.

The stand-in prints the global position of the cell to click, so the test needs no pixel guessing;
xdotool moves the real pointer there and clicks, then presses Ctrl+Q (the stand-in closes the plan).
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
ROW_TITLE = "Expired card: clear message and retry"  # no owner in the example
PERSON = "Ana Ruiz"

try:
    import pytest
except ImportError:  # pragma: no cover - the stand-in window runs without pytest
    pytest = None  # type: ignore[assignment]


def _free_display() -> int:
    for number in range(140, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


if pytest is not None:
    pytestmark = pytest.mark.e2e

    @pytest.fixture
    def xvfb() -> Iterator[str]:
        number = _free_display()
        server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        display = f":{number}"
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            assert server.poll() is None and time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.05)
        try:
            yield display
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


def _owner(plan: Path) -> str | None:
    with contextlib.closing(sqlite3.connect(plan)) as conn:
        row = conn.execute("SELECT person.name FROM scope_item LEFT JOIN person ON person.id = scope_item.owner_id "
                           "WHERE scope_item.title = ?", (ROW_TITLE,)).fetchone()
    return row[0]


def test_clicking_a_cell_assigns_the_owner_in_the_file(xvfb: str, plan_path: Path, tmp_path: Path) -> None:
    assert _owner(plan_path) is None
    proc = _launch(plan_path, xvfb, tmp_path / "home")
    try:
        x, y = json.loads(_read_line(proc, "owners-cell "))
        _xdotool(xvfb, "mousemove", "--sync", str(x), str(y))
        _xdotool(xvfb, "click", "1")
        assert _read_line(proc, "owners-changed ") == f"{PERSON} owns “{ROW_TITLE}”"
        if shutil.which("import"):
            subprocess.run(["import", "-window", "root", str(tmp_path / "owners-e2e.png")],
                           env=dict(os.environ, DISPLAY=xvfb), check=False, timeout=20)
        _xdotool(xvfb, "key", "ctrl+q")
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()
    assert _owner(plan_path) == PERSON  # the app closed the plan: the click is in the file


# -- the stand-in window (run as a script) -----------------------------------------------------------------
def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
    from PySide6.QtWidgets import QMainWindow

    from cockpit.store import open_plan
    from ui.app import make_app
    from ui.hub import Hub
    from ui.owners.view import OwnersView

    app = make_app()

    class Window(QMainWindow):
        def __init__(self) -> None:
            super().__init__()
            self.hub = Hub(self)
            self.view = OwnersView(self.hub)
            self.view.today = dt.date(2026, 11, 18)
            self.hub.problem.connect(lambda text: print("problem:", text, flush=True))
            self.hub.changed.connect(lambda changes: print("owners-changed", changes.summary, flush=True))
            self.setCentralWidget(self.view)
            self.setWindowTitle("Owners — Release Cockpit")
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
        model, table = window.view.model, window.view.table
        row = next(r for r in range(model.rowCount()) if model.work(r).title == ROW_TITLE)
        column = next(c for c in range(model.columnCount()) if (p := model.person(c)) and p.name == PERSON)
        index = model.index(row, column)
        table.scrollTo(index)
        center = table.viewport().mapToGlobal(table.visualRect(index).center())
        print("owners-cell", json.dumps([center.x(), center.y()]), flush=True)

    QTimer.singleShot(500, announce)  # after the window manager-less X server has mapped it
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
