"""In the app, a change the disk refuses is a dialog: the change is not applied, the undo stack is as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

from cockpit.services import scope


def _told(window) -> list[tuple[str, str]]:
    told: list[tuple[str, str]] = []
    window.hub.tell = lambda parent, title, message: told.append((title, message))
    return told


def _titles(window) -> list[str]:
    return [item.title for item in window.hub.cycle().items]


def test_a_full_disk_is_a_dialog_and_nothing_is_applied(window) -> None:
    told = _told(window)
    plan = window.hub.plan
    pages = plan.raw.execute("PRAGMA page_count").fetchone()[0]
    plan.raw.execute(f"PRAGMA max_page_count = {pages}")
    steps, before = window.hub.undo_stack.count(), _titles(window)
    long = "Needs new pages. " * 1000
    for n in range(50):
        if window.hub.run(lambda p, n=n: scope.add_item(p, window.hub.release_id, f"Big {n}",
                                                        description=long)) is None:
            break
    assert told and told[0][0] == "The change was not saved"
    assert told[0][1] == "The disk is full: nothing was changed. Free some space and try again."
    done = n  # the changes before the disk filled up are saved and undoable, the refused one is not there
    assert window.hub.undo_stack.count() == steps + done
    assert _titles(window) == before + [f"Big {k}" for k in range(done)]


def test_a_vanished_plan_is_a_dialog_and_nothing_is_applied(window, tmp_path: Path) -> None:
    told = _told(window)
    steps, before = window.hub.undo_stack.count(), _titles(window)
    shutil.move(window.hub.plan.path, tmp_path / "pulled.cockpit")
    assert window.hub.run(lambda p: scope.add_item(p, window.hub.release_id, "Lost")) is None
    assert len(told) == 1 and "no longer where it was opened" in told[0][1]
    assert window.hub.undo_stack.count() == steps and _titles(window) == before
