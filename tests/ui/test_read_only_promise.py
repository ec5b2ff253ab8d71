"""Read-only means read-only: ``check``, ``brief``, ``export``, ``calendar`` and ``import --dry-run`` change
no byte of the plan and create, change or delete no file beside it, whatever state the plan is in; opening
a plan in the app and closing it without a change leaves it byte for byte as it was.

A plan that SQLite would have to write to before reading it (a crash journal, WAL mode) is read from a
private copy by the commands (with a note saying it needs recovery), and recovered by the app only after
the person said yes, with the file as it was kept beside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from plan_kinds import KINDS, folder_state, make_plan, read_only_command, wal_edit_is_in

ROOT = Path(__file__).resolve().parents[2]
COCKPIT = Path(sys.executable).with_name("cockpit")
JIRA = ROOT / "tests" / "data" / "import" / "jira.csv"
COMMANDS = {
    "check": ["check", "{plan}"],
    "brief": ["brief", "{plan}", "-o", "{out}/brief.pdf"],
    "progress": ["progress", "{plan}", "-o", "{out}/progress.pdf"],
    "record": ["record", "{plan}", "-o", "{out}/record.pdf"],
    "export": ["export", "{plan}", "--json", "{out}/plan.json"],
    "calendar": ["calendar", "{plan}", "-o", "{out}/plan.ics"],
    "import --dry-run": ["import", "--dry-run", "{plan}", str(JIRA)],
}


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COCKPIT_HOME": str(home)}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", COMMANDS)
def test_read_only_commands_touch_nothing_beside_the_plan(kind: str, command: str, example_path: Path,
                                                          tmp_path: Path) -> None:
    plan = make_plan(kind, example_path, tmp_path / "plans")
    out = tmp_path / "out"
    out.mkdir()
    argv = [str(COCKPIT), *(a.format(plan=plan, out=out) for a in COMMANDS[command])]
    before = folder_state(plan.parent)
    if kind == "read-only-folder":
        result = read_only_command(argv, plan.parent, _env(tmp_path / "home"))
        assert result.returncode not in (97, 98), "the folder could not be made read-only for the test"
    else:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=_env(tmp_path / "home"))
    assert result.returncode in (0, 1), result.stderr  # check: 1 is a no-go verdict
    assert "Traceback" not in result.stderr
    assert folder_state(plan.parent) == before
    if kind in ("wal", "hot-journal"):
        assert "read a private copy" in result.stderr and "recovers the plan itself" in result.stderr
    else:
        assert "private copy" not in result.stderr


def test_a_wal_plan_is_read_with_its_changes(example_path: Path, tmp_path: Path) -> None:
    plan = make_plan("wal", example_path, tmp_path / "plans")
    result = subprocess.run([str(COCKPIT), "export", str(plan), "--json", "-"], capture_output=True, text=True,
                            timeout=120, env=_env(tmp_path / "home"))
    assert result.returncode == 0, result.stderr
    assert "(edited elsewhere)" in result.stdout  # the change in the -wal file is part of what was read


def test_opening_and_closing_in_the_app_changes_no_byte(window, example_path: Path, tmp_path: Path) -> None:
    plan = make_plan("normal", example_path, tmp_path / "plans")
    before = folder_state(plan.parent)
    assert window.open_path(plan), window.message_bar.text()
    window.hub.detach()
    assert folder_state(plan.parent) == before


@pytest.mark.parametrize("kind", ["wal", "hot-journal"])
def test_the_app_recovers_a_plan_only_after_asking(kind: str, window, example_path: Path, tmp_path: Path) -> None:
    plan = make_plan(kind, example_path, tmp_path / "plans")
    before = folder_state(plan.parent)
    asked: list[str] = []

    def say_no(parent: object, message: str) -> bool:
        asked.append(message)
        return False

    window.hub.confirm = say_no
    assert not window.open_path(plan)
    assert len(asked) == 1 and "Recover it now?" in asked[0]
    assert folder_state(plan.parent) == before  # nothing recovered, nothing written
    assert "was not opened and not changed" in window.message_bar.text()

    window.hub.confirm = lambda parent, message: True
    assert window.open_path(plan), window.message_bar.text()
    kept = window.hub.plan.recovered_from
    assert kept is not None and kept.name in window.message_bar.text()
    window.hub.detach()
    # the file as it was, with the file SQLite kept beside it, under a new name beside it
    state = folder_state(plan.parent)
    sidecar = "-wal" if kind == "wal" else "-journal"
    assert state[kept.name][0] == before["plan.cockpit"][0]
    assert state[kept.name + sidecar][0] == before["plan.cockpit" + sidecar][0]
    assert not (plan.parent / ("plan.cockpit" + sidecar)).exists()  # the plan is one self-contained file again
    if kind == "wal":
        assert wal_edit_is_in(plan)  # folded in, not thrown away
