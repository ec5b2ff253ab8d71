"""Fixtures for the core tests: a private COCKPIT_HOME, example plans, and the no-Qt guard.

The core must run in a process where PySide6 is never imported. The session
ends with a check of ``sys.modules`` that turns a green run red if anything
(the code under test, a plugin, a fixture) pulled Qt in. Run with
``-p no:pytest-qt`` (the plugin's registered name; ``-p no:pytestqt`` blocks
nothing) so pytest-qt does not import Qt at start-up::

    .venv/bin/python -m pytest tests/core -p no:pytest-qt -q
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent / "pg"):  # so ``import _support``, ``import pg_support`` work in any --import-mode
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from _support import FIXED_TODAY  # noqa: E402

QT_MODULE = "PySide6"
QT_PLUGIN = "pytest-qt"
# pytest-qt's ini keys (pyproject.toml sets some of them for the UI tests). With the plugin
# disabled for the core run, --strict-config would call them unknown; declare them inert here.
_PYTEST_QT_INI = {"qt_api": "string", "qt_no_exception_capture": "string", "qt_default_raising": "string",
                  "qt_qapp_name": "string", "qt_log_level_fail": "string", "qt_log_ignore": "linelist",
                  "qt_log_format": "string"}


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    if not pluginmanager.has_plugin(QT_PLUGIN):
        for name, kind in _PYTEST_QT_INI.items():
            parser.addini(name, f"(pytest-qt is disabled in the core run: {name} is ignored)", type=kind)


def _only_core_ran(session: pytest.Session) -> bool:
    """The Qt guard applies when the run is the core suite alone (UI tests import Qt on purpose)."""
    items = getattr(session, "items", None) or []
    return all(Path(str(item.path)).resolve().is_relative_to(HERE) for item in items)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if QT_MODULE in sys.modules and _only_core_ran(session):
        culprit = sys.modules[QT_MODULE]
        message = (f"\nCORE TESTS IMPORTED {QT_MODULE} (from {getattr(culprit, '__file__', '?')}): "
                   "the core must stay Qt-free.\n")
        if session.config.pluginmanager.has_plugin(QT_PLUGIN):
            message += f"The {QT_PLUGIN} plugin is loaded and imports Qt itself: run with -p no:{QT_PLUGIN}.\n"
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(message, red=True, bold=True)
        else:  # pragma: no cover - no terminal (e.g. -p no:terminal)
            sys.stderr.write(message)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def cockpit_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own COCKPIT_HOME, so no test touches the real user folders."""
    home = tmp_path / "cockpit-home"
    home.mkdir()
    monkeypatch.setenv("COCKPIT_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def example_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plan built once per session (closed); tests work on copies of it."""
    from cockpit.example import create_example

    folder = tmp_path_factory.mktemp("template")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COCKPIT_HOME", str(folder / "home"))
        path = folder / "example.cockpit"
        create_example(path, today=FIXED_TODAY, history=False).close()  # one cycle: ids the tests name
    return path


@pytest.fixture
def example_path(example_template: Path, tmp_path: Path) -> Path:
    """A private copy of the example plan file (closed)."""
    path = tmp_path / "example.cockpit"
    shutil.copyfile(example_template, path)
    return path


ENGINES = ("file", "team")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``-m "not team"`` style selection by engine: each parametrised test is marked with its engine."""
    for item in items:
        engine = getattr(item, "callspec", None) and item.callspec.params.get("engine")
        if engine:
            item.add_marker(getattr(pytest.mark, engine))


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The connection string of a throw-away PostgreSQL (the test command's, or one started here)."""
    from pg_support import server

    with server(tmp_path_factory) as dsn:
        yield dsn


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """Which storage engine a test's plan uses: a file, or a team plan on PostgreSQL."""
    if request.param == "team" and request.node.get_closest_marker("file_only"):
        pytest.skip("about the plan file itself: " + request.node.get_closest_marker("file_only").args[0])
    return str(request.param)


@pytest.fixture(autouse=True)
def _orm_is_sqlite_only(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The ORM cross-check (``cockpit.orm``) reads and writes through SQLAlchemy's SQLite dialect: a team-plan
    test that reaches for it is skipped there, saying so (its file run still cross-checks the same code)."""
    if "engine" not in request.fixturenames or request.getfixturevalue("engine") != "team":
        return
    import cockpit.orm

    def refuse(*_args: object, **_kwargs: object) -> None:
        pytest.skip("cross-checks through the ORM on SQLite (the file run covers it)")

    monkeypatch.setattr(cockpit.orm, "session", refuse)
    monkeypatch.setattr(cockpit.orm, "read", refuse)


@pytest.fixture
def plan(example_path: Path, engine: str, request: pytest.FixtureRequest) -> Iterator:
    """The example plan, open as a file or (published from the file) as a team plan; closed after the test."""
    from cockpit.store import open_plan

    if engine == "team":
        from pg_support import team_copy

        with team_copy(request.getfixturevalue("pg_server"), example_path) as opened:
            yield opened
        return
    opened = open_plan(example_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def release_id(plan) -> int:
    return plan.live_release_id()
