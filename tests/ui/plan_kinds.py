"""Plans as people receive them: as the app left it, in WAL mode, after a crash, in a read-only folder.

Shared by the read-only promise tests (``test_read_only_promise``). ``folder_state`` is what the
promise is checked against: every file in the plan's folder, with its bytes, size and times.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

KINDS = ("normal", "wal", "hot-journal", "read-only-folder")

_CRASH = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")  # spill changed pages into the file before the commit
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE scope_item SET title = 'half-written ' || title, description = hex(randomblob(900))")
conn.execute("UPDATE person SET name = 'half-written ' || name")
os._exit(0)
"""


def folder_state(folder: Path) -> dict[str, tuple[str, int, int, int]]:
    """Every file in ``folder``: name → (sha256, size, mode, mtime in ns)."""
    state = {}
    for entry in sorted(folder.iterdir()):
        info = entry.stat()
        state[entry.name] = (hashlib.sha256(entry.read_bytes()).hexdigest(), info.st_size, info.st_mode,
                             info.st_mtime_ns)
    return state


def make_plan(kind: str, example: Path, folder: Path) -> Path:
    """A copy of ``example`` in ``folder`` (created) as a plan of ``kind`` leaves it."""
    folder.mkdir(parents=True)
    path = folder / "plan.cockpit"
    shutil.copy(example, path)
    if kind == "wal":
        # Another tool switched it to WAL and stopped before folding its change in: a -wal file beside it.
        writer = f"""
import os, sqlite3
conn = sqlite3.connect({str(path)!r}, isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA wal_autocheckpoint=0")
conn.execute("UPDATE release SET name = name || ' (edited elsewhere)'")
os._exit(0)
"""
        subprocess.run([sys.executable, "-c", writer], check=True, timeout=60)
        assert path.with_name("plan.cockpit-wal").exists()
    elif kind == "hot-journal":
        subprocess.run([sys.executable, "-c", _CRASH, str(path)], check=True, timeout=60)
        assert path.with_name("plan.cockpit-journal").read_bytes()[:8] == bytes.fromhex("d9d505f920a163d7")
    elif kind != "normal" and kind != "read-only-folder":
        raise ValueError(kind)
    return path


def wal_edit_is_in(path: Path) -> bool:
    """Whether the plan's release name carries the edit the WAL kind left in its -wal file."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM release WHERE name LIKE '%(edited elsewhere)'").fetchone()[0] > 0
    finally:
        conn.close()


def read_only_command(argv: list[str], folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` with ``folder`` read-only: a read-only bind mount in a private mount namespace as root
    (root ignores permissions), folder permissions otherwise. Exit 97 or 98: the folder could not be
    made read-only."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)
        finally:
            folder.chmod(0o755)
    script = ('mount --bind "$1" "$1" || exit 98; mount -o remount,bind,ro "$1" || exit 98; '
              'if touch "$1/.probe" 2>/dev/null; then exit 97; fi; shift; exec "$@"')
    return subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", str(folder), *argv], capture_output=True,
                          text=True, timeout=120, env=env)
