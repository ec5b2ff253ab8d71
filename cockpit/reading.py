"""Open a plan file safely for reading, with nothing but the standard library (the command line).

Importing SQLAlchemy and SQLModel costs about half a second, most of a command that only reads.
This reader gives the same protection as ``store.open_plan`` for a file it can read as it is:
the header is checked with plain file reads, SQLite runs in defensive mode, ``quick_check`` must
pass and the schema must be exactly the one this version writes. It never writes (the file is
opened read-only), so a refused file stays byte-for-byte as it was.

A file it cannot read as it is (an older format to upgrade, or a crash to recover from) raises
``NeedsFullOpen``: open it with ``store.open_plan`` instead (``ui.cli.common.open_for_reading``).

This module only opens the file; the rows are read by ``cockpit.reader`` (``read_live(reader)``,
``read_plan(reader.raw)``), the same code the app reads its own open plan with.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cockpit import fileformat, reader
from cockpit import snapshot as snap
from cockpit.errors import DamagedPlanFile, PlanFileError
from cockpit.fileformat import check_integrity, harden, hot_journal, read_header, sidecar, take_lock


class NeedsFullOpen(Exception):
    """The file must go through ``store.open_plan``: it needs an upgrade or a crash recovery."""


class PlanReader:
    """A plan open for reading: ``raw`` is a read-only connection holding a shared lock."""

    def __init__(self, path: Path, raw: sqlite3.Connection) -> None:
        """Wrap an open, checked, read-only connection ``raw`` to the plan at ``path``."""
        self.path = path
        self.raw = raw

    def live_release_id(self) -> int:
        """The newest cycle's release."""
        found = reader.live_release_id(self.raw)
        if found is None:
            raise DamagedPlanFile(f"{self.path.name} has no release in it.")
        return found


@contextmanager
def read_plan(path: Path | str) -> Iterator[PlanReader]:
    """Open ``path`` read-only and check it; raises ``PlanFileError`` (with a readable message)
    or ``NeedsFullOpen``. The shared lock lasts until the block ends, so the app cannot open the
    file for writing in between, and a file the app has open is reported as in use."""
    path = Path(path).expanduser()
    header = read_header(path)
    if (header["user_version"] != fileformat.SCHEMA_VERSION or header["wal"] or hot_journal(path)
            or sidecar(path, "-wal").exists()):
        raise NeedsFullOpen(path)  # reading it as it is would need a write (or leave files beside it)
    try:
        raw = fileformat.connect_plan(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise PlanFileError(f"{path.name} cannot be opened: {exc}.") from None
    try:
        harden(raw)
        try:
            take_lock(raw, path, shared=True)
        except sqlite3.OperationalError:  # a crash journal appeared after the check above
            raise NeedsFullOpen(path) from None
        check_integrity(raw, path, fileformat.SCHEMA_VERSION)
        yield PlanReader(path, raw)
    finally:
        raw.close()


def plan_wide(conn: sqlite3.Connection) -> tuple[tuple[snap.Person, ...], dict[str, str]]:
    """Everyone in the plan (by id) and its stored rule values: what the export needs besides the cycles.

    A plan with no cycle yet still has both, so they cannot come from a cycle's snapshot.
    """
    people = reader.rows(conn, snap.Person, "person", order="id")
    return people, reader.settings(conn)
