"""The schema ladder: all-or-nothing steps, a verified backup before migrating, every released format opens."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from _support import DATA_DIR, plain_sqlite, sha256, sidecars, user_version

import cockpit.fileformat as fileformat
import cockpit.migrations as migrations
import cockpit.store as store
from cockpit.errors import DamagedPlanFile, PlanFileError
from cockpit.migrations import migrate
from cockpit.store import open_plan


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


@pytest.fixture
def format_one(tmp_path: Path) -> Path:
    """A private copy of the released format-1 fixture (the example plan as format 1 wrote it)."""
    path = tmp_path / "format-1.cockpit"
    shutil.copyfile(DATA_DIR / "plan-format-1.cockpit", path)
    return path


def _add_nickname(raw: sqlite3.Connection) -> None:
    raw.execute("ALTER TABLE person ADD COLUMN nickname TEXT NOT NULL DEFAULT ''")


def test_step_runs_and_bumps_user_version(format_one: Path) -> None:
    seen_fk: list[int] = []

    def step(raw: sqlite3.Connection) -> None:
        seen_fk.append(raw.execute("PRAGMA foreign_keys").fetchone()[0])
        _add_nickname(raw)
        raw.execute("UPDATE person SET nickname = lower(substr(name, 1, 3))")

    with plain_sqlite(format_one) as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        assert migrate(conn, 1, steps={1: step}, latest=2) == 2
        assert conn.execute("PRAGMA user_version").fetchone() == (2,)
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert "nickname" in _columns(conn, "person")
        assert conn.execute("SELECT nickname FROM person ORDER BY id LIMIT 1").fetchone() == ("may",)
    assert seen_fk == [0], "foreign keys must be off while a step runs"
    assert user_version(format_one) == 2
    assert sidecars(format_one) == []


def test_ladder_runs_every_step_in_order(example_path: Path) -> None:
    ran: list[int] = []
    steps = {v: (lambda raw, v=v: ran.append(v)) for v in (1, 2, 3)}
    with plain_sqlite(example_path) as conn:
        assert migrate(conn, 2, steps=steps, latest=4) == 4
    assert ran == [2, 3]
    assert user_version(example_path) == 4


def test_failing_second_step_leaves_file_byte_identical(format_one: Path) -> None:
    before = sha256(format_one)

    def boom(raw: sqlite3.Connection) -> None:
        raw.execute("DELETE FROM scope_item")
        raise RuntimeError("step 2 broke")

    with plain_sqlite(format_one) as conn:
        with pytest.raises(RuntimeError, match="step 2 broke"):
            migrate(conn, 1, steps={1: _add_nickname, 2: boom}, latest=3)
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        assert "nickname" not in _columns(conn, "person")
        assert conn.execute("SELECT count(*) FROM scope_item").fetchone() == (16,)
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert sha256(format_one) == before
    assert user_version(format_one) == 1
    assert sidecars(format_one) == []


def test_broken_references_roll_back(format_one: Path) -> None:
    before = sha256(format_one)

    def dangle(raw: sqlite3.Connection) -> None:
        raw.execute("UPDATE scope_item SET owner_id = 999 WHERE title = 'Pay an invoice by card'")

    with plain_sqlite(format_one) as conn:
        with pytest.raises(DamagedPlanFile, match=r"broke 1 references; nothing was changed"):
            migrate(conn, 1, steps={1: _add_nickname, 2: dangle}, latest=3)
        assert conn.execute("SELECT p.name FROM scope_item s JOIN person p ON p.id = s.owner_id "
                            "WHERE s.title = 'Pay an invoice by card'").fetchone() == ("Tom Okafor",)
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    assert sha256(format_one) == before


def test_file_without_format_number_is_refused(example_path: Path) -> None:
    with plain_sqlite(example_path) as conn:
        conn.execute("PRAGMA user_version=0")
    before = sha256(example_path)
    with plain_sqlite(example_path) as conn:
        with pytest.raises(DamagedPlanFile, match="no format number"):
            migrate(conn, 0, steps={0: _add_nickname}, latest=1)
        assert "nickname" not in _columns(conn, "person")
    assert sha256(example_path) == before


# -- migrating on open ----------------------------------------------------------------------------------

NOW = migrations.LATEST
NEXT = NOW + 1


@pytest.fixture
def next_format(monkeypatch: pytest.MonkeyPatch):
    """Pretend this version writes format NEXT, with ``install(step)`` as the NOW -> NEXT step."""

    def install(step) -> None:
        monkeypatch.setattr(migrations, "STEPS", {**migrations.STEPS, NOW: step})
        monkeypatch.setattr(migrations, "LATEST", NEXT)
        monkeypatch.setattr(store, "SCHEMA_VERSION", NEXT)
        monkeypatch.setattr(fileformat, "SCHEMA_VERSION", NEXT)

    return install


def test_open_older_plan_backs_up_before_migrating(example_path: Path, tmp_path: Path, next_format) -> None:
    backup_dir = tmp_path / "backups"
    seen: list[tuple[str, int, str]] = []

    def step(raw: sqlite3.Connection) -> None:
        for backup in sorted(backup_dir.iterdir()):
            with plain_sqlite(backup) as conn:
                name = conn.execute("SELECT name FROM release").fetchone()[0]
            seen.append((backup.name, user_version(backup), name))
        raw.execute("UPDATE release SET name = name || ' (next format)'")

    next_format(step)
    with open_plan(example_path, backup_dir=backup_dir) as plan:
        assert plan.raw.execute("PRAGMA user_version").fetchone() == (NEXT,)
        assert plan.raw.execute("SELECT name FROM release").fetchone() == ("Team plan billing (next format)",)
    assert len(seen) == 1, "exactly one backup must exist when the step starts"
    name, version, release_name = seen[0]
    assert re.fullmatch(rf"example-[0-9a-f]{{8}}-\d{{8}}T\d{{12}}-before-format-{NEXT}\.cockpit", name)
    assert (version, release_name) == (NOW, "Team plan billing")
    assert user_version(backup_dir / name) == NOW, "the pre-migration backup keeps the old format"
    assert user_version(example_path) == NEXT
    assert sidecars(example_path) == []


def test_failed_migration_on_open_leaves_file_untouched(example_path: Path, tmp_path: Path, next_format) -> None:
    before = sha256(example_path)

    def step(raw: sqlite3.Connection) -> None:
        raw.execute("DELETE FROM runbook_step")
        raw.execute("UPDATE no_such_table SET x = 1")  # a step with a bug in it

    next_format(step)
    backup_dir = tmp_path / "backups"
    with pytest.raises(Exception) as info:
        open_plan(example_path, backup_dir=backup_dir)
    assert sha256(example_path) == before
    assert sidecars(example_path) == []
    kept = [p for p in backup_dir.iterdir() if f"-before-format-{NEXT}" in p.name]
    assert len(kept) == 1 and user_version(kept[0]) == NOW
    # open_plan promises a PlanFileError with a readable message, not a raw sqlite3 error.
    assert isinstance(info.value, PlanFileError), f"{type(info.value).__name__}: {info.value}"
    assert "example.cockpit" in str(info.value)


def test_migration_with_unexpected_result_leaves_file_untouched(example_path: Path, tmp_path: Path,
                                                                 next_format) -> None:
    """The structure check after migrating must happen before the commit, or a refused file is changed."""
    before = sha256(example_path)
    next_format(_add_nickname)  # the model has no nickname column: not the next format
    with pytest.raises(DamagedPlanFile, match="does not have the structure"):
        open_plan(example_path, backup_dir=tmp_path / "backups")
    assert user_version(example_path) == NOW
    assert sha256(example_path) == before


# -- a fixture for every released format ----------------------------------------------------------------

def _fixtures() -> dict[int, Path]:
    found = {}
    for path in DATA_DIR.glob("plan-format-*.cockpit"):
        found[int(path.stem.rsplit("-", 1)[1])] = path
    return found


def test_there_is_a_fixture_for_every_format() -> None:
    assert sorted(_fixtures()) == list(range(1, migrations.LATEST + 1))


@pytest.mark.parametrize("version", sorted(_fixtures()))
def test_every_released_format_opens_at_latest(version: int, tmp_path: Path) -> None:
    fixture = _fixtures()[version]
    original = sha256(fixture)
    copy = tmp_path / f"format-{version}.cockpit"
    shutil.copyfile(fixture, copy)
    backup_dir = tmp_path / "backups"
    with open_plan(copy, backup_dir=backup_dir) as plan:
        assert plan.raw.execute("PRAGMA user_version").fetchone() == (migrations.LATEST,)
        assert plan.raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert plan.raw.execute("SELECT name FROM release").fetchone() == ("Team plan billing",)
        assert plan.raw.execute("SELECT count(*) FROM remediation_note").fetchone() == (0,)  # format 2's table
    before_format = [p for p in backup_dir.iterdir() if "-before-format-" in p.name]
    assert len(before_format) == (0 if version == migrations.LATEST else 1)
    assert sha256(fixture) == original
