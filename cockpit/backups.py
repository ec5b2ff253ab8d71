"""Verified copies of a plan: rolling backups in the user data folder, and "Save a Copy".

A copy is written with SQLite's backup API under a temporary name, checked
(``quick_check`` and identity), and only then renamed into place, so a copy
that exists is a copy that opens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sqlite3
from pathlib import Path

from cockpit import paths
from cockpit.errors import PlanFileError

KEEP_RECENT = 10
KEEP_DAILY_DAYS = 14
KEEP_WEEKLY_WEEKS = 12
_STAMP = "%Y%m%dT%H%M%S%f"
_NAME = re.compile(r"^(?P<key>.+-[0-9a-f]{8})-(?P<stamp>\d{8}T\d{12})(?:-(?P<label>[\w-]+))?\.cockpit$")


def verified_copy(source: sqlite3.Connection, dest: Path, *, mode: int = 0o600) -> None:
    """Copy the open database to ``dest`` atomically, verifying the copy before it appears.

    The copy gets the permissions ``mode`` (private to the user unless said otherwise) before it appears.
    """
    dest = Path(dest)
    part = dest.with_name(f".{dest.name}.part")
    part.unlink(missing_ok=True)
    try:
        target = sqlite3.connect(str(part), isolation_level=None)
    except sqlite3.Error as exc:
        raise PlanFileError(f"Could not write a copy to {dest}: {exc}.") from None
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")
        ok = target.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        same_id = (
            target.execute("PRAGMA application_id").fetchone()
            == source.execute("PRAGMA application_id").fetchone()
        )
    except sqlite3.Error as exc:
        target.close()
        part.unlink(missing_ok=True)
        raise PlanFileError(f"Could not write a copy to {dest}: {exc}.") from None
    target.close()
    if not (ok and same_id):
        part.unlink(missing_ok=True)
        raise PlanFileError(f"The copy written to {dest} did not verify; nothing was kept.")
    with part.open("rb") as fh:
        os.fsync(fh.fileno())
    part.chmod(mode)
    os.replace(part, dest)


def plan_key(plan_path: Path) -> str:
    """Backups of one plan share a key: its name plus a short hash of where it lives."""
    digest = hashlib.sha1(str(Path(plan_path).resolve()).encode()).hexdigest()[:8]
    return f"{Path(plan_path).stem}-{digest}"


def make_backup(source: sqlite3.Connection, plan_path: Path, backup_dir: Path, *, label: str = "") -> Path:
    """Save a verified, time-stamped backup of the open plan in the backup folder."""
    paths.private_dir(backup_dir)
    stamp = dt.datetime.now().strftime(_STAMP)
    suffix = f"-{label}" if label else ""
    dest = backup_dir / f"{plan_key(plan_path)}-{stamp}{suffix}.cockpit"
    verified_copy(source, dest, mode=0o600 & Path(plan_path).stat().st_mode)  # no wider than the plan
    return dest


def backups_of(backup_dir: Path, plan_path: Path) -> list[tuple[dt.datetime, Path]]:
    """This plan's backups, newest first."""
    key = plan_key(plan_path)
    found: list[tuple[dt.datetime, Path]] = []
    if not backup_dir.is_dir():
        return found
    for entry in backup_dir.iterdir():
        match = _NAME.match(entry.name)
        if match and match["key"] == key:
            found.append((dt.datetime.strptime(match["stamp"], _STAMP), entry))
    return sorted(found, reverse=True)


def thin(backup_dir: Path, plan_path: Path, now: dt.datetime | None = None) -> list[Path]:
    """Keep the newest few, one a day for two weeks, one a week for twelve; delete the rest.

    Backups made before a format migration are always kept. Returns what was deleted.
    """
    now = now or dt.datetime.now()
    keep: set[Path] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    entries = backups_of(backup_dir, plan_path)
    for index, (stamp, path) in enumerate(entries):
        age = now - stamp
        week = stamp.isocalendar()[:2]
        recent = index < KEEP_RECENT or "-before-format-" in path.name
        first_of_day = age <= dt.timedelta(days=KEEP_DAILY_DAYS) and stamp.date() not in days
        first_of_week = age <= dt.timedelta(weeks=KEEP_WEEKLY_WEEKS) and week not in weeks
        if recent or first_of_day or first_of_week:
            keep.add(path)
        days.add(stamp.date())
        weeks.add(week)
    deleted = []
    for _, path in entries:
        if path not in keep:
            path.unlink(missing_ok=True)
            deleted.append(path)
    return deleted
