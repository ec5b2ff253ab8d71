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


def private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if needed, readable by this user only (0700); returns it.

    The data folder holds backups of every plan opened and the config folder the names of recent
    plans: nobody else on the machine should read them.
    """
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):  # each folder we create is private, not only the last one
        folder.mkdir(mode=0o700, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)  # made by an earlier version, or by hand, with the usual 0755
    return path


def private_file(path: Path, *, like: Path | None = None) -> None:
    """Make a file we wrote readable by this user only (0600), or no wider than the file ``like``."""
    mode = 0o600 if like is None else like.stat().st_mode & 0o666
    path.chmod(mode)


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
