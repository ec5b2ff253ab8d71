"""The end-to-end rig: a real X server (Xvfb), the real ``cockpit`` process, real input (xdotool).

Tests get ``xvfb`` (the display) and ``cockpit`` (a launcher). An ``App`` types, clicks and drags
with xdotool, asks the app where its widgets are (``ui/e2e_probe.py``: a key writes a JSON map of
screen rectangles), takes screenshots, and always kills the process at the end. Missing tools make
the tests fail with the packages to install, unless COCKPIT_SKIP_E2E=1 says to skip them.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for _folder in (HERE, HERE.parent / "pg"):  # so tests can ``from rig import ...``, ``import pg_support``
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from rig import App, need_tools, xvfb_display  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_DAY = dt.date(2026, 11, 18)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.path)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)



@pytest.fixture(scope="session")
def xvfb() -> Iterator[str]:
    """A private X server for the session (1366×768, the smallest laptop screen we support)."""
    need_tools()
    with xvfb_display("1366x768") as display:
        yield display


@pytest.fixture
def cockpit(xvfb: str, tmp_path: Path) -> Iterator:
    """``cockpit("open", path)`` starts the app; every app started is killed at teardown."""
    started: list[App] = []
    home = tmp_path / "home"
    home.mkdir()
    shots = tmp_path / "shots"
    shots.mkdir()

    def launch(*args: str | Path) -> App:
        app = App([str(a) for a in args], xvfb, home, shots)
        started.append(app)
        return app

    yield launch
    for app in started:
        app.kill()


@pytest.fixture
def example_plan(tmp_path: Path) -> Path:
    """The example plan as of Wednesday of week 1 (check-ins, blockers and a drill exist)."""
    from cockpit.example import create_example

    path = tmp_path / "example.cockpit"
    create_example(path, today=EXAMPLE_DAY, history=False).close()
    return path




@pytest.fixture(scope="session")
def pg_dsn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A PostgreSQL server's superuser connection string (the test command's, or one started here)."""
    from pg_support import server

    with server(tmp_path_factory) as dsn:
        yield dsn
