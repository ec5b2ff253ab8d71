"""Verified backups, thinning (recent, daily, weekly, before-format always) and "Save a copy"."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from _support import dump, sha256, sidecars, user_version

from cockpit import backups
from cockpit.errors import PlanFileError
from cockpit.services import scope
from cockpit.store import SCHEMA_VERSION, open_plan

STAMP = "%Y%m%dT%H%M%S%f"


@pytest.mark.file_only("a file's backups and copies (a team plan's copy: tests/core/test_team.py)")
def test_make_backup_writes_a_verified_copy_that_opens(plan, tmp_path: Path) -> None:
    rid = plan.live_release_id()
    scope.add_item(plan, rid, "Only in the backup's source", estimate_days=1.5)
    expected = dump(plan)
    folder = tmp_path / "backups"
    made = backups.make_backup(plan.raw, plan.path, folder)
    assert made.parent == folder
    assert re.fullmatch(rf"{re.escape(backups.plan_key(plan.path))}-\d{{8}}T\d{{12}}\.cockpit", made.name)
    assert sorted(p.name for p in folder.iterdir()) == [made.name], "no .part file may be left"
    assert user_version(made) == SCHEMA_VERSION
    with open_plan(made) as copy:
        assert dump(copy) == expected
        assert copy.raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.file_only("a file's backups and copies (a team plan's copy: tests/core/test_team.py)")
def test_labelled_backup_keeps_its_label(plan, tmp_path: Path) -> None:
    made = backups.make_backup(plan.raw, plan.path, tmp_path / "b", label="before-format-7")
    assert made.name.endswith("-before-format-7.cockpit")
    assert [p for _, p in backups.backups_of(tmp_path / "b", plan.path)] == [made]


def test_open_with_backup_dir_backs_up_and_edits_back_up_periodically(example_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    with open_plan(example_path, backup_dir=folder) as plan:
        first = [p for _, p in backups.backups_of(folder, example_path)]
        assert len(first) == 1
        plan.backup_every_seconds = 0.0  # every commit is "N minutes later"
        item = scope.add_item(plan, plan.live_release_id(), "Backed up by the edit").result
        after = [p for _, p in backups.backups_of(folder, example_path)]
    assert len(after) == 2
    newest = after[0]
    with open_plan(newest) as copy:
        assert copy.raw.execute("SELECT title FROM scope_item WHERE id=?", (item,)).fetchone() == (
            "Backed up by the edit",)
    with open_plan(first[0]) as older:
        assert older.raw.execute("SELECT count(*) FROM scope_item WHERE id=?", (item,)).fetchone() == (0,)


def test_a_failing_backup_never_makes_a_saved_change_look_refused(example_path: Path, tmp_path: Path) -> None:
    """The change is committed before the periodic backup: if the backup fails, the change still counts."""
    import shutil

    from cockpit.services.core import undo

    folder = tmp_path / "backups"
    with open_plan(example_path, backup_dir=folder) as plan:
        shutil.rmtree(folder)
        folder.write_text("not a folder")  # the backup folder replaced by a file (or gone, or the disk full)
        plan.backup_every_seconds = 0.0
        changes = scope.add_item(plan, plan.live_release_id(), "Saved all the same")
        assert plan.raw.execute("SELECT count(*) FROM scope_item WHERE title = 'Saved all the same'").fetchone() == (1,)
        assert plan.backup_problem is not None and "change is saved" in plan.backup_problem
        undo(plan, changes)  # and it is an ordinary change: undo works
        assert plan.raw.execute("SELECT count(*) FROM scope_item WHERE title = 'Saved all the same'").fetchone() == (0,)


# -- thinning -------------------------------------------------------------------------------------------

NOW = dt.datetime(2026, 11, 16, 12, 0)  # a Monday, ISO week 47


def _name(plan_path: Path, when: dt.datetime, label: str = "") -> str:
    return f"{backups.plan_key(plan_path)}-{when.strftime(STAMP)}{'-' + label if label else ''}.cockpit"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def _scenario(plan_path: Path) -> list[tuple[str, bool]]:
    """(file name, kept?) for a crafted history of backups of one plan."""
    today = NOW.date()
    files: list[tuple[dt.datetime, str, bool]] = []
    for k in range(10):  # the ten newest: always kept
        files.append((NOW - dt.timedelta(minutes=5 * k), "", True))
    files.append((_at(today, 9), "", False))  # 11th, same day as the recent ones
    for d in range(1, 14):  # one a day for two weeks: the newest of each day
        day = today - dt.timedelta(days=d)
        files.append((_at(day, 10), "", True))
        files.append((_at(day, 8), "", False))
    files.append((_at(today - dt.timedelta(days=5), 7), "before-format-2", True))  # always kept
    files.append((_at(dt.date(2026, 11, 2), 10), "", False))  # 14 days 2 h old; its week is covered
    # One a week for twelve weeks: the newest of each ISO week not yet covered.
    files += [(_at(dt.date(2026, 11, 1), 10), "", True),   # Sun, week 44
              (_at(dt.date(2026, 10, 31), 10), "", False),  # Sat, week 44
              (_at(dt.date(2026, 10, 28), 10), "", False),  # Wed, week 44
              (_at(dt.date(2026, 10, 25), 10), "", True),   # Sun, week 43
              (_at(dt.date(2026, 10, 20), 10), "", False),  # Tue, week 43
              (_at(dt.date(2026, 9, 16), 10), "", True),    # Wed, week 38
              (_at(dt.date(2026, 8, 30), 10), "", True),    # Sun, week 35, 78 days old
              (_at(dt.date(2026, 8, 10), 10), "", False),   # 98 days old: past twelve weeks
              (_at(dt.date(2025, 6, 1), 10), "", False),
              (_at(dt.date(2025, 5, 1), 10), "before-format-1", True)]
    return [(_name(plan_path, when, label), kept) for when, label, kept in files]


def test_thin_keeps_recent_daily_weekly_and_before_format(tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.cockpit"
    other_plan = tmp_path / "elsewhere" / "plan.cockpit"
    folder = tmp_path / "backups"
    folder.mkdir()
    scenario = _scenario(plan_path)
    assert len({name for name, _ in scenario}) == len(scenario)
    for name, _ in scenario:
        (folder / name).write_bytes(name.encode())
    strangers = [_name(other_plan, NOW - dt.timedelta(days=300)), "notes.txt", "plan-20261116.cockpit"]
    for name in strangers:
        (folder / name).write_bytes(b"not mine")

    deleted = backups.thin(folder, plan_path, now=NOW)

    expected_kept = {name for name, kept in scenario if kept}
    expected_deleted = {name for name, kept in scenario if not kept}
    assert {p.name for p in deleted} == expected_deleted
    assert {p.name for p in folder.iterdir()} == expected_kept | set(strangers)
    for name in expected_kept:
        assert (folder / name).read_bytes() == name.encode()


def test_thin_is_stable_when_run_again(tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.cockpit"
    folder = tmp_path / "backups"
    folder.mkdir()
    for name, _ in _scenario(plan_path):
        (folder / name).write_bytes(b"x")
    backups.thin(folder, plan_path, now=NOW)
    kept = sorted(p.name for p in folder.iterdir())
    assert backups.thin(folder, plan_path, now=NOW) == []
    assert sorted(p.name for p in folder.iterdir()) == kept


def test_many_backups_in_one_session_keep_the_ten_newest(example_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    with open_plan(example_path, backup_dir=folder) as plan:
        for _ in range(13):
            plan.backup()
    found = backups.backups_of(folder, example_path)
    assert len(found) == backups.KEEP_RECENT == 10
    assert len(list(folder.iterdir())) == 10


# -- save a copy ----------------------------------------------------------------------------------------

@pytest.mark.file_only("a file's backups and copies (a team plan's copy: tests/core/test_team.py)")
def test_save_copy_refuses_the_plans_own_path(plan, tmp_path: Path) -> None:
    before = sha256(plan.path)
    link = tmp_path / "alias.cockpit"
    link.symlink_to(plan.path)
    for same in (plan.path, tmp_path / "." / plan.path.name, tmp_path / "sub" / ".." / plan.path.name, link):
        with pytest.raises(PlanFileError, match="cannot replace the plan that is open"):
            plan.save_copy(same)
        with pytest.raises(PlanFileError, match="cannot replace the plan that is open"):
            plan.save_copy(same, overwrite=True)
    assert sha256(plan.path) == before
    assert link.is_symlink()


def test_save_copy_refuses_existing_dest_without_overwrite(plan, tmp_path: Path) -> None:
    dest = tmp_path / "mine.cockpit"
    dest.write_bytes(b"somebody's notes")
    with pytest.raises(PlanFileError, match=r"mine\.cockpit already exists"):
        plan.save_copy(dest)
    assert dest.read_bytes() == b"somebody's notes"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_save_copy_into_a_missing_folder_is_a_plan_file_error(plan, tmp_path: Path) -> None:
    dest = tmp_path / "unplugged-usb" / "copy.cockpit"
    with pytest.raises(PlanFileError, match=r"unplugged-usb does not exist"):
        plan.save_copy(dest)
    assert not dest.parent.exists()


@pytest.mark.file_only("a file's backups and copies (a team plan's copy: tests/core/test_team.py)")
def test_save_copy_overwrite_replaces_and_opens(plan, tmp_path: Path) -> None:
    dest = tmp_path / "mine.cockpit"
    dest.write_bytes(b"old")
    assert plan.save_copy(dest, overwrite=True) == dest
    expected = dump(plan)
    with open_plan(dest) as copy:
        assert dump(copy) == expected


@pytest.mark.file_only("a file's backups and copies (a team plan's copy: tests/core/test_team.py)")
def test_save_copy_holds_the_data_and_is_independent(plan, tmp_path: Path) -> None:
    rid = plan.live_release_id()
    kept = scope.add_item(plan, rid, "In the copy", estimate_days=3).result
    dest = tmp_path / "usb" / "copy.cockpit"
    dest.parent.mkdir()
    plan.save_copy(dest)
    expected = dump(plan)
    scope.add_item(plan, rid, "Only in the original")
    assert sidecars(dest) == []
    with open_plan(dest) as copy:
        assert dump(copy) == expected
        assert copy.raw.execute("SELECT title, estimate_days FROM scope_item WHERE id=?", (kept,)).fetchone() == (
            "In the copy", 3.0)
        assert copy.raw.execute("SELECT count(*) FROM scope_item WHERE title='Only in the original'"
                                ).fetchone() == (0,)
