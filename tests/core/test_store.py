"""The plan file: identity, pragmas, one writer, self-contained when closed, and refusals that touch nothing."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from _support import (
    DATA_DIR,
    PYTHON,
    ROOT,
    application_id,
    dump,
    plain_sqlite,
    sha256,
    sidecars,
    subprocess_env,
    user_version,
)
from received import REFUSALS, corrupt_page

from cockpit.errors import PlanFileError, PlanInUse
from cockpit.services import scope
from cockpit.store import APPLICATION_ID, SCHEMA_VERSION, create_plan, open_plan


def _pragmas(plan) -> dict[str, object]:
    names = ("journal_mode", "foreign_keys", "application_id", "user_version", "synchronous", "trusted_schema")
    return {name: plan.raw.execute(f"PRAGMA {name}").fetchone()[0] for name in names}


EXPECTED_PRAGMAS = {"journal_mode": "delete", "foreign_keys": 1, "application_id": APPLICATION_ID,
                    "user_version": SCHEMA_VERSION, "synchronous": 2, "trusted_schema": 0}


def test_create_plan_sets_identity_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "new.cockpit"
    with create_plan(path) as plan:
        assert _pragmas(plan) == EXPECTED_PRAGMAS
        assert plan.raw.execute("SELECT count(*) FROM release").fetchone() == (0,)
    assert application_id(path) == APPLICATION_ID
    assert user_version(path) == SCHEMA_VERSION
    assert sidecars(path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cockpit-home", "new.cockpit"]


def test_open_plan_sets_pragmas(example_path: Path) -> None:
    with open_plan(example_path) as plan:
        assert _pragmas(plan) == EXPECTED_PRAGMAS


def test_second_open_in_same_process_is_refused(example_path: Path) -> None:
    with open_plan(example_path) as first:
        before = sha256(example_path)
        with pytest.raises(PlanInUse, match=r"example\.cockpit is already open"):
            open_plan(example_path)
        assert sha256(example_path) == before
        # The first window keeps working after the refused second open.
        rid = first.live_release_id()
        new_id = scope.add_item(first, rid, "Still mine").result
        assert first.raw.execute("SELECT title FROM scope_item WHERE id=?", (new_id,)).fetchone() == ("Still mine",)
    with open_plan(example_path) as again:
        assert again.raw.execute("SELECT count(*) FROM scope_item WHERE title='Still mine'").fetchone() == (1,)


_OTHER_PROCESS = textwrap.dedent("""
    import sys
    from cockpit.errors import PlanInUse
    from cockpit.store import open_plan
    path = sys.argv[1]
    try:
        open_plan(path).close()
        print("opened", flush=True)
    except PlanInUse as exc:
        print("PlanInUse:", exc, flush=True)
    sys.stdin.readline()
    with open_plan(path) as plan:
        print("items", plan.raw.execute("SELECT count(*) FROM scope_item").fetchone()[0], flush=True)
""")


def test_open_in_another_process_is_refused_until_closed(example_path: Path, cockpit_home: Path) -> None:
    plan = open_plan(example_path)
    try:
        items = plan.raw.execute("SELECT count(*) FROM scope_item").fetchone()[0]
        child = subprocess.Popen([PYTHON, "-c", _OTHER_PROCESS, str(example_path)], cwd=ROOT,
                                 env=subprocess_env(cockpit_home), stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first_line = child.stdout.readline()
    finally:
        plan.close()
    out, err = child.communicate("\n", timeout=120)
    assert first_line.startswith("PlanInUse: example.cockpit is already open"), (first_line, err)
    assert out == f"items {items}\n", err
    assert child.returncode == 0, err


def test_closed_plan_is_one_self_contained_file(example_path: Path, tmp_path: Path) -> None:
    with open_plan(example_path) as plan:
        rid = plan.live_release_id()
        scope.add_item(plan, rid, "Written before close", estimate_days=2)
        before = dump(plan)
    assert sidecars(example_path) == []
    elsewhere = tmp_path / "usb-stick" / "moved.cockpit"
    elsewhere.parent.mkdir()
    shutil.copyfile(example_path, elsewhere)
    with open_plan(elsewhere) as copy:
        assert dump(copy) == before
        assert copy.raw.execute("SELECT estimate_days FROM scope_item WHERE title='Written before close'"
                                ).fetchone() == (2.0,)


@pytest.mark.parametrize("existing", [b"", b"my notes\n", None])
def test_create_plan_refuses_to_overwrite(tmp_path: Path, example_path: Path, existing: bytes | None) -> None:
    path = tmp_path / "taken.cockpit"
    if existing is None:
        shutil.copyfile(example_path, path)
    else:
        path.write_bytes(existing)
    before = sha256(path)
    with pytest.raises(PlanFileError, match=r"already exists.*nothing was overwritten"):
        create_plan(path)
    assert sha256(path) == before
    assert not (tmp_path / ".taken.cockpit.creating").exists()


def test_create_plan_refuses_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="does not exist"):
        create_plan(tmp_path / "nowhere" / "plan.cockpit")
    assert not (tmp_path / "nowhere").exists()


# -- refusals that leave the file byte-for-byte as it was ---------------------------------------------

@pytest.mark.parametrize("case", list(REFUSALS))
def test_refused_file_is_left_untouched(case: str, tmp_path: Path, example_path: Path) -> None:
    build, error, message = REFUSALS[case]
    path = tmp_path / "received.cockpit"
    build(path, example_path)
    before = sha256(path)
    backups = tmp_path / "backups"
    with pytest.raises(error, match=message) as info:
        open_plan(path, backup_dir=backups)
    assert type(info.value) is error
    assert "received.cockpit" in str(info.value)
    assert sha256(path) == before
    assert sidecars(path) == []
    assert not backups.exists() or list(backups.iterdir()) == []


def test_corrupt_page_really_fails_quick_check(tmp_path: Path, example_path: Path) -> None:
    """Guard for the fixture above: the damage is real, not just a header the app dislikes."""
    path = tmp_path / "received.cockpit"
    corrupt_page(path, example_path)
    with plain_sqlite(path) as conn:
        try:
            result = conn.execute("PRAGMA quick_check").fetchall()
        except Exception as exc:
            result = [(str(exc),)]
    assert result != [("ok",)]


def test_directory_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "plans.cockpit"
    folder.mkdir()
    with pytest.raises(PlanFileError, match=r"is a folder, not a plan file"):
        open_plan(folder)
    assert list(folder.iterdir()) == []


def test_missing_path_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gone.cockpit"
    with pytest.raises(PlanFileError, match=r"No plan file at .*gone\.cockpit"):
        open_plan(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cockpit-home"], "nothing may be created"


# -- the released-format fixture ------------------------------------------------------------------------

FIXTURE = DATA_DIR / "plan-format-1.cockpit"


def test_released_format_1_fixture_opens_with_the_example(tmp_path: Path) -> None:
    original = sha256(FIXTURE)
    assert user_version(FIXTURE) == 1
    copy = tmp_path / "from-a-colleague.cockpit"
    shutil.copyfile(FIXTURE, copy)
    with open_plan(copy) as plan:
        raw = plan.raw
        assert raw.execute("SELECT name, start_date, target_date, backup_date, phase FROM release").fetchall() == [
            ("Team plan billing", "2026-11-16", "2026-12-10", "2026-12-17", "building")]
        assert [r[0] for r in raw.execute("SELECT name FROM person ORDER BY id")] == [
            "Maya Chen", "Tom Okafor", "Priya Natarajan", "Lars Berg", "Ana Ruiz"]
        lanes = dict(raw.execute("SELECT lane, count(*) FROM scope_item GROUP BY lane").fetchall())
        assert lanes == {"in release": 10, "cut": 3, "parked": 3}
        assert raw.execute("SELECT cut_reason FROM scope_item WHERE title='SSO with Okta'").fetchone() == (
            "Second job: customers can finish paying without it",)
        assert raw.execute("SELECT p.name FROM role_assignment r JOIN person p ON p.id = r.person_id "
                           "WHERE r.role='rollback caller'").fetchall() == [("Tom Okafor",)]
        assert raw.execute("SELECT count(*) FROM rollback_trigger").fetchone() == (4,)
        assert raw.execute("SELECT count(*) FROM runbook_step").fetchone() == (5,)
        assert raw.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert sha256(FIXTURE) == original
    assert sidecars(FIXTURE) == []
