"""Every path the app uses, in one place, on platformdirs.

Tests (and people who want a portable setup) point all of them elsewhere with
the ``COCKPIT_HOME`` environment variable: data, config and backups then live
below that folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import PlatformDirs

_DIRS = PlatformDirs("release-cockpit", appauthor=False)
PLAN_SUFFIX = ".cockpit"


def _home() -> Path | None:
    value = os.environ.get("COCKPIT_HOME")
    return Path(value) if value else None


def data_dir() -> Path:
    """Where the default plan lives."""
    home = _home()
    return home / "data" if home else Path(_DIRS.user_data_dir)


def config_dir() -> Path:
    """Window geometry, recent files and other per-user settings."""
    home = _home()
    return home / "config" if home else Path(_DIRS.user_config_dir)


def backup_dir() -> Path:
    """Verified rolling backups of every plan the user has opened."""
    return data_dir() / "backups"


def default_plan_path() -> Path:
    """Where a new plan is saved when nobody picks a place."""
    return data_dir() / f"plan{PLAN_SUFFIX}"


def resources_dir() -> Path:
    """The ``resources/`` folder, from source or from a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(name: str) -> Path:
    """Path of one shipped resource; raises FileNotFoundError naming it if missing."""
    path = resources_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"Resource missing from this installation: {name}")
    return path
