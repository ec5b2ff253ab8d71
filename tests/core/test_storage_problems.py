"""A change the disk refuses (full, read-only, gone) is said plainly, and nothing of it stays.

The disk-full case uses SQLite's own page limit (the same SQLITE_FULL a full disk gives); the read-only
medium is a real read-only remount in a private mount namespace; the pulled stick is a deleted file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from _support import PYTHON, dump, subprocess_env

from cockpit import reader
from cockpit.errors import CannotSave
from cockpit.services import scope
from cockpit.store import open_plan

LONG = "A description long enough to need new pages. " * 400


def test_a_full_disk_refuses_the_change_plainly_and_keeps_the_plan(example_path: Path) -> None:
    with open_plan(example_path) as plan:
        release_id = plan.live_release_id()
        before = dump(plan)
        pages = plan.raw.execute("PRAGMA page_count").fetchone()[0]
        plan.raw.execute(f"PRAGMA max_page_count = {pages}")  # the file cannot grow: SQLITE_FULL
        with pytest.raises(CannotSave) as info:
            for n in range(20):
                scope.add_item(plan, release_id, f"New item {n}", description=LONG)
        assert str(info.value).startswith("The disk is full: nothing was changed. Free some space")
        assert info.value.saying("imported") == ("The disk is full: nothing was imported. Free some space and "
                                                 "try again.")
        added = len(dump(plan)["scope_item"]) - len(before["scope_item"])
    with open_plan(example_path) as plan:  # what was acknowledged is there, the refused change is not
        assert len(dump(plan)["scope_item"]) == len(before["scope_item"]) + added
        assert reader.read_live(plan).items


def test_a_plan_whose_file_vanished_refuses_every_change(example_path: Path, tmp_path: Path) -> None:
    with open_plan(example_path) as plan:
        release_id = plan.live_release_id()
        moved = tmp_path / "elsewhere.cockpit"
        shutil.move(example_path, moved)  # the stick was pulled: the path no longer leads to the file
        with pytest.raises(CannotSave, match="no longer where it was opened"):
            scope.add_item(plan, release_id, "Lost item")
        copy = plan.save_copy(tmp_path / "rescued.cockpit")  # what is open can still be saved elsewhere
    with open_plan(copy) as rescued:
        assert "Lost item" not in {i.title for i in reader.read_live(rescued).items}


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare(1) for a private read-only mount")
def test_a_plan_on_a_read_only_medium_is_refused_for_changes_in_one_line(example_path: Path,
                                                                         tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("a read-only bind mount needs root (without root, folder permissions are tested elsewhere)")
    folder = example_path.parent
    before = example_path.read_bytes()
    cockpit = Path(PYTHON).with_name("cockpit")
    jira = Path(__file__).resolve().parents[1] / "data" / "import" / "jira.csv"
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"',
         "sh", str(folder), str(cockpit), "import", str(example_path), str(jira)],
        capture_output=True, text=True, timeout=60, env=subprocess_env(tmp_path / "home"))
    assert result.returncode == 2, result
    assert result.stderr.count("\n") == 1 and "read-only" in result.stderr and "Traceback" not in result.stderr
    assert example_path.read_bytes() == before


_FULL_DISK = r'''
set -e
folder="$1"; plan="$2"; cockpit="$3"; backlog="$4"
mount -t tmpfs -o size=600k tmpfs "$folder"
cp "$plan" "$folder/plan.cockpit"
dd if=/dev/zero of="$folder/filler" bs=1k count=$(( $(df -k --output=avail "$folder" | tail -1) - 24 )) 2>/dev/null
before=$(sha256sum "$folder/plan.cockpit" | cut -c1-64)
set +e
"$cockpit" import "$folder/plan.cockpit" "$backlog"
status=$?
after=$(sha256sum "$folder/plan.cockpit" | cut -c1-64)
echo "status=$status same=$([ "$before" = "$after" ] && echo yes || echo no) left=$(ls "$folder" | tr '\n' ' ')"
'''


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare(1) for a private tmpfs")
def test_an_import_onto_a_full_disk_says_so_and_changes_nothing(example_path: Path, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    backlog = tmp_path / "backlog.csv"
    rows = [f"PAY-{n},Item number {n} with a long enough title to take room,{'x' * 300}" for n in range(2000)]
    backlog.write_text("Issue key,Summary,Description\n" + "\n".join(rows) + "\n", encoding="utf-8")
    disk = tmp_path / "stick"
    disk.mkdir()
    cockpit = Path(PYTHON).with_name("cockpit")
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", _FULL_DISK, "sh", str(disk), str(example_path), str(cockpit), str(backlog)],
        capture_output=True, text=True, timeout=120, env=subprocess_env(tmp_path / "home"))
    assert "status=" in result.stdout, result
    assert "status=1 same=yes" in result.stdout, result
    assert result.stderr.strip() == "cockpit: The disk is full: nothing was imported. Free some space and try again."
    assert "plan.cockpit-journal" not in result.stdout  # no half-written journal left behind
