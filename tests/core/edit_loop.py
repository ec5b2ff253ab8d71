"""A child process for tests/core/test_crash.py: edits a plan until it is killed with SIGKILL.

    python edit_loop.py PLAN loop    wait for "go" on stdin, open PLAN, then add items "edit N" through
                                     the services forever, printing N (flushed) after each call returns;
                                     numbering continues from the highest "edit N" already in the file
    python edit_loop.py PLAN grow    open PLAN, print "ready", then save one stakeholder note big enough
                                     to grow the file by several pages (run under strace to kill it mid-commit)
    python edit_loop.py PLAN spill   open PLAN, start a raw transaction big enough that SQLite spills pages
                                     into the file before committing, print "spilled", then wait to be killed

Not a test module (pytest collects test_*.py only). Never imports Qt.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _say(text: str) -> None:
    os.write(1, f"{text}\n".encode())  # one write(2) per line: a kill never leaves half a number


def loop(path: Path) -> int:
    from cockpit.services import scope
    from cockpit.store import open_plan

    if sys.stdin.readline().strip() != "go":
        return 2
    plan = open_plan(path)
    release_id = plan.live_release_id()
    titles = plan.raw.execute("SELECT title FROM scope_item WHERE title LIKE 'edit %'").fetchall()
    number = max((int(title[5:]) for (title,) in titles), default=0) + 1
    while True:
        scope.add_item(plan, release_id, f"edit {number}", lane="parked", estimate_days=number % 7)
        _say(str(number))
        number += 1


def grow(path: Path) -> int:
    from cockpit.services import review
    from cockpit.store import open_plan

    plan = open_plan(path)
    release_id = plan.live_release_id()
    _say("ready")
    review.set_note(plan, release_id, "We cut SSO and protect the 10 December date. " * 1000)
    _say("done")
    plan.close()
    return 0


def spill(path: Path) -> int:
    from cockpit.store import open_plan

    plan = open_plan(path)
    raw = plan.raw
    raw.execute("PRAGMA cache_size=8")
    raw.execute("BEGIN IMMEDIATE")
    for n in range(400):
        raw.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (f"half-written-{n}", "x" * 1500))
    _say("spilled")
    sys.stdin.readline()  # wait to be killed
    return 3


if __name__ == "__main__":
    modes = {"loop": loop, "grow": grow, "spill": spill}
    raise SystemExit(modes[sys.argv[2]](Path(sys.argv[1])))
