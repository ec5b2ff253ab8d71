"""The core never pulls Qt into the process (conftest.py checks the whole session too)."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

from _support import PYTHON, ROOT, subprocess_env

import cockpit

QT = ("PySide6", "shiboken6", "pytestqt")


def _all_modules() -> list[str]:
    names = ["cockpit"]
    for info in pkgutil.walk_packages(cockpit.__path__, prefix="cockpit."):
        names.append(info.name)
    return sorted(names)


def test_walk_finds_the_whole_core() -> None:
    names = _all_modules()
    for expected in ("cockpit.store", "cockpit.model", "cockpit.backups", "cockpit.migrations",
                     "cockpit.services.scope", "cockpit.rules.statement", "cockpit.reports.export",
                     "cockpit.example", "cockpit.paths"):
        assert expected in names
    assert not any(name.startswith("ui") for name in names)


def test_importing_every_cockpit_module_leaves_qt_out() -> None:
    for name in _all_modules():
        importlib.import_module(name)
        assert "PySide6" not in sys.modules, f"importing {name} imported PySide6"
    assert not [name for name in sys.modules if name.split(".")[0] in QT]


def test_a_fresh_interpreter_importing_the_core_has_no_qt(cockpit_home: Path) -> None:
    """The same check without pytest's plugins in the way: a clean process imports every module."""
    script = (
        "import importlib, pkgutil, sys, cockpit\n"
        "names = [i.name for i in pkgutil.walk_packages(cockpit.__path__, prefix='cockpit.')]\n"
        "for n in names: importlib.import_module(n)\n"
        "print(len(names), sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')))\n"
    )
    result = subprocess.run([PYTHON, "-c", script], cwd=ROOT, env=subprocess_env(cockpit_home),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    count, qt = result.stdout.split(" ", 1)
    assert int(count) == len(_all_modules()) - 1
    assert qt.strip() == "[]"


def test_this_process_has_no_qt() -> None:
    """Run with ``-p no:pytest-qt``: then nothing in this pytest process may have imported Qt."""
    assert "PySide6" not in sys.modules
