"""Files people might receive instead of a good plan, each with the error and message it must get.

Used by the full open (``test_store``) and the command line's reader (``test_reading``): both must
refuse every one of them and leave its bytes as they were.
"""

from __future__ import annotations

import shutil
import struct
from collections.abc import Callable
from pathlib import Path

from _support import plain_sqlite, sidecars

from cockpit.errors import DamagedPlanFile, NewerPlanFile, NotAPlanFile
from cockpit.fileformat import SCHEMA_VERSION


def _page_size(path: Path) -> int:
    with path.open("rb") as fh:
        fh.seek(16)
        (size,) = struct.unpack(">H", fh.read(2))
    return 65536 if size == 1 else size


def _empty(path: Path, example: Path) -> None:
    path.write_bytes(b"")


def _text(path: Path, example: Path) -> None:
    path.write_text("Release plan\n- billing\n- reports\n" * 40, encoding="utf-8")


def _png(path: Path, example: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)


def _foreign_sqlite(path: Path, example: Path) -> None:
    with plain_sqlite(path) as conn:
        conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO contacts (name) VALUES ('Maya')")


def _newer(path: Path, example: Path) -> None:
    data = bytearray(example.read_bytes())
    data[60:64] = struct.pack(">i", SCHEMA_VERSION + 1)
    path.write_bytes(bytes(data))


def _cut_in_half(path: Path, example: Path) -> None:
    data = example.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])  # not a whole number of pages


def _cut_at_page(path: Path, example: Path) -> None:
    data = example.read_bytes()
    page = _page_size(example)
    path.write_bytes(data[: (len(data) // page // 2) * page])  # whole pages, but fewer than the header says


def _header_only(path: Path, example: Path) -> None:
    path.write_bytes(example.read_bytes()[:60])


def corrupt_page(path: Path, example: Path) -> None:
    shutil.copyfile(example, path)
    with plain_sqlite(path) as conn:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name='scope_item'").fetchone()
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
    assert 1 < root < pages, "the scope_item page should sit in the middle of the file"
    page = _page_size(path)
    data = bytearray(path.read_bytes())
    data[(root - 1) * page:(root - 1) * page + 12] = b"\xff" * 12  # the b-tree page header
    path.write_bytes(bytes(data))


def _with_sql(sql: str) -> Callable[[Path, Path], None]:
    def build(path: Path, example: Path) -> None:
        shutil.copyfile(example, path)
        with plain_sqlite(path) as conn:
            conn.execute(sql)
        assert sidecars(path) == []
    return build


REFUSALS = {
    "empty file": (_empty, NotAPlanFile, r"is empty"),
    "text file": (_text, NotAPlanFile, r"not an SQLite file"),
    "png": (_png, NotAPlanFile, r"not an SQLite file"),
    "foreign sqlite": (_foreign_sqlite, NotAPlanFile, r"SQLite database from another program"),
    "newer format": (_newer, NewerPlanFile, rf"newer Release Cockpit \(file format {SCHEMA_VERSION + 1}"),
    "cut in half": (_cut_in_half, DamagedPlanFile, r"is damaged: .*(whole number of pages|shorter)"),
    "cut at a page boundary": (_cut_at_page, DamagedPlanFile, r"is damaged: .*shorter than its header"),
    "header only": (_header_only, DamagedPlanFile, r"is damaged: the file ends inside its header"),
    "corrupt page": (corrupt_page, DamagedPlanFile, r"is damaged"),
    "trigger": (_with_sql("CREATE TRIGGER wipe AFTER INSERT ON scope_item BEGIN DELETE FROM person; END"),
                DamagedPlanFile, r"contains triggers or views"),
    "view": (_with_sql("CREATE VIEW everyone AS SELECT name FROM person"), DamagedPlanFile,
             r"contains triggers or views"),
    "extra table": (_with_sql("CREATE TABLE payload (x TEXT)"), DamagedPlanFile,
                    r"does not have the structure of a Release Cockpit plan"),
    "extra column": (_with_sql("ALTER TABLE person ADD COLUMN salary REAL"), DamagedPlanFile,
                     r"does not have the structure of a Release Cockpit plan"),
    "table named like SQLite's own": (_with_sql("CREATE TABLE sqliteX_payload (x TEXT)"), DamagedPlanFile,
                                       r"does not have the structure of a Release Cockpit plan"),
    "trigger named like SQLite's own": (
        _with_sql("CREATE TRIGGER sqlite1wipe AFTER INSERT ON scope_item BEGIN DELETE FROM person; END"),
        DamagedPlanFile, r"contains triggers or views"),
    "view named like SQLite's own": (_with_sql("CREATE VIEW sqliteview AS SELECT name FROM person"),
                                     DamagedPlanFile, r"contains triggers or views"),
    "extra index": (_with_sql("CREATE INDEX ix_person_capacity ON person (days_per_week)"), DamagedPlanFile,
                    r"does not have the structure of a Release Cockpit plan"),
}


CRASH_MID_COMMIT = """
import os, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA cache_size=1")  # spill changed pages into the file before the commit
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE scope_item SET title = 'half-written ' || title, description = hex(randomblob(900))")
conn.execute("UPDATE person SET name = 'half-written ' || name")
os._exit(0)  # the process dies before COMMIT: the journal beside the file must be played back
"""


def crash_mid_commit(python: str, path: Path) -> None:
    """Leave ``path`` as a crash leaves it: pages half-written, and a hot journal beside it."""
    import subprocess

    subprocess.run([python, "-c", CRASH_MID_COMMIT, str(path)], check=True, timeout=60)
    journal = path.with_name(path.name + "-journal")
    assert journal.read_bytes()[:8] == bytes.fromhex("d9d505f920a163d7"), "no hot journal was left"
