"""Shared test setup. Imports no Qt: the core tests run in a process where PySide6 never loads."""

from __future__ import annotations

import os

import pytest

# Widgets need a platform before the QApplication exists; offscreen needs no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("COCKPIT_STARTUP_PROBE", None)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Config, data and backups go to a fresh folder: tests never touch the user's own."""
    home = tmp_path_factory.mktemp("cockpit-home")
    monkeypatch.setenv("COCKPIT_HOME", str(home))
    return home
