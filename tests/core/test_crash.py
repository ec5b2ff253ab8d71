"""kill -9 at random moments never loses an edit that returned, never damages the plan, never keeps the lock.

The helper (``edit_loop.py``) runs in a fresh ``sys.executable`` process per kill. The next helper is
started while the current one runs and waits on stdin before opening the plan, so its start-up (imports)
overlaps the current run instead of adding to the suite's time. ``COCKPIT_CRASH_KILLS`` raises the count.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import struct
import subprocess
import time
from pathlib import Path

import pytest
from _support import PYTHON, ROOT, dump, sidecars, subprocess_env

from cockpit.store import open_plan

HELPER = Path(__file__).resolve().parent / "edit_loop.py"
KILLS = int(os.environ.get("COCKPIT_CRASH_KILLS", "20"))
SEED = 20261116


def _spawn(plan_path: Path, mode: str, home: Path, *prefix: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*prefix, PYTHON, str(HELPER), str(plan_path), mode], cwd=ROOT,
                            env=subprocess_env(home), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _kill(child: subprocess.Popen[str]) -> tuple[str, str]:
    os.kill(child.pid, signal.SIGKILL)
    # Read through the pipes' own buffered files: ``communicate`` reads the raw descriptors and would
    # miss lines that an earlier ``readline`` had already buffered (a lost number, not a lost edit).
    assert child.stdout is not None and child.stderr is not None
    out, err = child.stdout.read(), child.stderr.read()
    for pipe in (child.stdin, child.stdout, child.stderr):
        if pipe is not None:
            pipe.close()
    child.wait(timeout=120)
    assert child.returncode == -signal.SIGKILL, err
    return out, err


def _edits(plan) -> set[int]:
    rows = plan.raw.execute("SELECT title FROM scope_item WHERE title LIKE 'edit %'").fetchall()
    return {int(title[5:]) for (title,) in rows}


def test_kill_9_keeps_every_returned_edit(example_path: Path, cockpit_home: Path) -> None:
    rng = random.Random(SEED)
    printed_so_far: set[int] = set()
    queue = [_spawn(example_path, "loop", cockpit_home)]
    started = list(queue)
    try:
        for run in range(KILLS):
            child = queue.pop(0)
            if run + 1 < KILLS:
                queue.append(_spawn(example_path, "loop", cockpit_home))
                started.append(queue[-1])
            child.stdin.write("go\n")
            child.stdin.flush()
            first = child.stdout.readline()
            if not first.endswith("\n"):
                _, err = child.communicate(timeout=120)
                pytest.fail(f"run {run}: the helper stopped before its first edit (exit {child.returncode}):\n{err}")
            time.sleep(rng.uniform(0.3, 1.5))  # let it edit for a random while, then pull the plug
            rest, _ = _kill(child)
            lines = (first + rest).split("\n")[:-1]  # only lines that were written whole
            printed = [int(line) for line in lines]
            assert printed[0] == max(printed_so_far, default=0) + 1, f"run {run} did not continue the numbering"
            assert printed == list(range(printed[0], printed[-1] + 1))

            with open_plan(example_path, recover=True, keep=False) as plan:  # opens: the dead process's lock is gone
                assert plan.raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                in_file = _edits(plan)
                missing = set(printed) - in_file
                assert not missing, f"run {run}: edits that returned are gone: {sorted(missing)}"
                # At most one edit committed without being printed: the one in flight at the kill.
                assert in_file - printed_so_far - set(printed) <= {printed[-1] + 1}
                assert in_file == set(range(1, max(in_file) + 1)), "a committed edit vanished"
                logged = plan.raw.execute("SELECT count(*) FROM change_log WHERE action='add item' "
                                          "AND summary LIKE 'Add “edit %'").fetchone()[0]
                assert logged == len(in_file), "an edit and its change-log row were split by the kill"
            printed_so_far = in_file
    finally:
        for process in started:  # only the helpers this test started, by their own handle
            if process.poll() is None:
                process.kill()
            if process.stdout is not None and not process.stdout.closed:
                process.communicate(timeout=120)
            process.wait(timeout=120)
    assert len(printed_so_far) >= KILLS


def test_no_journal_is_left_after_a_crash_and_a_clean_close(example_path: Path, cockpit_home: Path) -> None:
    """A plan reopened and closed after a crash is one self-contained file again (nothing beside it)."""
    child = _spawn(example_path, "loop", cockpit_home)
    child.stdin.write("go\n")
    child.stdin.flush()
    assert child.stdout.readline() == "1\n", child.stderr.read()
    _kill(child)
    with open_plan(example_path, recover=True, keep=False) as plan:
        assert 1 in _edits(plan)
    assert sidecars(example_path) == []


def test_kill_during_an_uncommitted_spilled_transaction(example_path: Path, cockpit_home: Path) -> None:
    """A hot journal with half-written pages in the file: opening rolls it back to the last commit."""
    with open_plan(example_path, recover=True, keep=False) as plan:
        before = dump(plan)
    size = example_path.stat().st_size
    child = _spawn(example_path, "spill", cockpit_home)
    assert child.stdout.readline() == "spilled\n", child.stderr.read()
    journal = example_path.with_name(example_path.name + "-journal")
    assert journal.stat().st_size > 0 and example_path.stat().st_size > size, "SQLite did not spill"
    _kill(child)
    assert journal.exists()
    with open_plan(example_path, recover=True, keep=False) as plan:
        assert plan.raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert dump(plan) == before
    assert example_path.stat().st_size == size
    assert sidecars(example_path) == []


def _pwrites(trace: str) -> list[tuple[str, int]]:
    """(file, offset) of every pwrite64 in an ``strace -y`` log, in order."""
    found = []
    for line in trace.splitlines():
        match = re.search(r"pwrite64\(\d+<([^>]*)>, .*, (\d+)\) = ", line)
        if match:
            found.append((match[1], int(match[2])))
    return found


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    probe = subprocess.run(["strace", "-qq", "-o", os.devnull, "-e", "trace=none", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _strace_works(), reason="needs strace (ptrace) to kill at an exact write")
def test_kill_after_the_first_page_of_a_growing_commit(example_path: Path, tmp_path: Path,
                                                       cockpit_home: Path) -> None:
    """Killed right after a commit wrote page 1 (whose header now counts the new, larger size) and before
    the new pages reached the file: the hot journal restores the plan, so it must open."""
    with open_plan(example_path, recover=True, keep=False) as plan:
        before = dump(plan)
    rehearsal = tmp_path / "rehearsal.cockpit"
    shutil.copyfile(example_path, rehearsal)
    log = tmp_path / "strace.log"
    traced = _spawn(rehearsal, "grow", cockpit_home, "strace", "-f", "-qq", "-y", "-e", "trace=pwrite64",
                    "-o", str(log))
    out, err = traced.communicate(timeout=120)
    assert (traced.returncode, out) == (0, "ready\ndone\n"), err
    writes = _pwrites(log.read_text())
    plan_writes = [i for i, (name, _) in enumerate(writes) if name == str(rehearsal)]
    assert plan_writes and writes[plan_writes[0]][1] == 0, "SQLite writes page 1 first when it commits"
    kill_at = plan_writes[1] + 1  # strace counts from 1: the second write to the plan never happens

    child = _spawn(example_path, "grow", cockpit_home, "strace", "-f", "-qq", "-o", os.devnull,
                   "-e", "trace=pwrite64", "-e", f"inject=pwrite64:signal=KILL:when={kill_at}")
    out, err = child.communicate(timeout=120)
    assert out == "ready\n", err
    journal = example_path.with_name(example_path.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0
    data = example_path.read_bytes()
    (page_size,) = struct.unpack(">H", data[16:18])
    (page_count,) = struct.unpack(">I", data[28:32])
    assert len(data) < page_count * page_size, "the header counts pages that never reached the file"

    with open_plan(example_path, recover=True, keep=False) as plan:
        assert plan.raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert dump(plan) == before
    assert sidecars(example_path) == []
