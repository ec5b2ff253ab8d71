"""Backups, settings and temporary copies are the user's only: folders 0700, files 0600, and a copy is never
readable by more people than its plan."""

from __future__ import annotations

import stat
from pathlib import Path

from cockpit import paths, recent
from cockpit.store import open_plan


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_folder_backups_and_settings_are_private(example_path: Path, cockpit_home: Path) -> None:
    example_path.chmod(0o644)
    with open_plan(example_path, backup_dir=paths.backup_dir()):
        pass
    recent.remember(example_path)
    assert _mode(paths.data_dir()) == 0o700 and _mode(paths.backup_dir()) == 0o700
    assert _mode(paths.config_dir()) == 0o700
    backups = list(paths.backup_dir().iterdir())
    assert backups and all(_mode(b) == 0o600 for b in backups)
    assert all(_mode(f) == 0o600 for f in paths.config_dir().iterdir())


def test_a_data_folder_made_open_by_hand_is_made_private_again(cockpit_home: Path) -> None:
    folder = paths.data_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    paths.private_dir(paths.backup_dir())
    assert _mode(paths.backup_dir()) == 0o700
    paths.private_dir(folder)
    assert _mode(folder) == 0o700


def test_a_copy_is_no_wider_than_its_plan(example_path: Path, tmp_path: Path) -> None:
    example_path.chmod(0o600)
    with open_plan(example_path) as plan:
        copy = plan.save_copy(tmp_path / "copy.cockpit")
    assert _mode(copy) == 0o600
    example_path.chmod(0o640)
    with open_plan(example_path) as plan:
        copy = plan.save_copy(tmp_path / "copy2.cockpit")
    assert _mode(copy) == 0o640
