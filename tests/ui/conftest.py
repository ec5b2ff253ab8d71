"""Widget-test fixtures: a main window on a fresh copy of the example plan."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from cockpit.example import create_example

HERE = Path(__file__).resolve().parent
for _folder in (HERE, HERE.parent / "pg"):  # so ``import plan_kinds``, ``import pg_support`` work in any --import-mode
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

FIXED_DAY = dt.date(2026, 11, 18)  # a Wednesday in week 1 of the example


@pytest.fixture(scope="session")
def example_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("master") / "example.cockpit"
    create_example(path, today=FIXED_DAY, history=False).close()  # one cycle: ids the tests name
    return path


@pytest.fixture
def example_path(example_master: Path, tmp_path: Path) -> Path:
    path = tmp_path / "example.cockpit"
    shutil.copy(example_master, path)
    return path


@pytest.fixture
def app(qapp):
    from ui.app import make_app

    return make_app()


@pytest.fixture
def window(app, qtbot, example_path: Path):
    from ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)

    def unexpected(parent: object, message: str) -> bool:  # a real dialog would hang the run
        raise AssertionError(f"an unexpected confirmation was asked: {message}")

    win.hub.confirm = unexpected  # type: ignore[method-assign]  # a test answers it itself when it expects one

    def untold(parent: object, title: str, message: str) -> None:
        raise AssertionError(f"an unexpected problem dialog: {title}: {message}")

    win.hub.tell = untold  # type: ignore[method-assign]

    def unasked(parent: object, title: str, label: str) -> str | None:
        raise AssertionError(f"an unexpected question: {title}: {label}")

    win.hub.ask_text = unasked  # type: ignore[method-assign]  # a test that parks a topic answers itself
    # parking asks an optional reason: a test that parks leaves it out (Enter), unless it answers itself
    win.hub.ask_optional = lambda parent, question: ""  # type: ignore[method-assign]
    win.show()
    assert win.open_path(example_path), win.message_bar.text()
    yield win
    win.close()
    # Delete it now: leftover windows would make every later stylesheet change slower.
    win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="session")
def pg_dsn(tmp_path_factory: pytest.TempPathFactory):
    """A PostgreSQL server's superuser connection string (the test command's, or one started here)."""
    from pg_support import server

    with server(tmp_path_factory) as dsn:
        yield dsn


@pytest.fixture
def team_address(pg_dsn: str, example_master: Path):
    """The example plan published as a new team plan: its address (the plan is dropped after the test)."""
    from pg_support import admin, plan_name

    from cockpit.reading import read_plan
    from cockpit.team.store import publish

    name = plan_name()
    with read_plan(example_master) as source:
        address = publish(source, f"{pg_dsn} plan={name}")
    yield address.shown
    with admin(pg_dsn) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
