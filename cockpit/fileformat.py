"""The plan file's identity and safety checks, with nothing but the standard library.

Kept apart from ``store`` so the command line can refuse a bad file (and say
that a file is already open) before it loads SQLAlchemy or starts Qt.
"""

from __future__ import annotations

import re
import sqlite3
import struct
from pathlib import Path

from cockpit.errors import DamagedPlanFile, NewerPlanFile, NotAPlanFile, PlanFileError, PlanInUse
from cockpit.migrations import LATEST as SCHEMA_VERSION

APPLICATION_ID = 0x52434B50  # "RCKP"
SQLITE_MAGIC = b"SQLite format 3\x00"
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def read_header(path: Path) -> dict[str, int]:
    """Check a file's SQLite header without letting SQLite open it.

    Returns the header fields we use. Raises ``NotAPlanFile``, ``NewerPlanFile``
    or ``DamagedPlanFile`` with a message that names the file.
    """
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        raise PlanFileError(f"No plan file at {path}.") from None
    except IsADirectoryError:
        raise PlanFileError(f"{path} is a folder, not a plan file.") from None
    except PermissionError:
        raise PlanFileError(f"You do not have permission to read {path}.") from None
    if size == 0:
        raise NotAPlanFile(f"{name} is empty: it is not a Release Cockpit plan.")
    if not head.startswith(SQLITE_MAGIC):
        raise NotAPlanFile(f"{name} is not a Release Cockpit plan (it is not an SQLite file at all).")
    if len(head) < 100:
        raise DamagedPlanFile(f"{name} is damaged: the file ends inside its header.")
    (page_size,) = struct.unpack(">H", head[16:18])
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", head[24:32])
    (user_version,) = struct.unpack(">i", head[60:64])
    (application_id,) = struct.unpack(">I", head[68:72])
    (valid_for,) = struct.unpack(">I", head[92:96])
    if application_id != APPLICATION_ID:
        raise NotAPlanFile(
            f"{name} is an SQLite database from another program, not a Release Cockpit plan."
        )
    if user_version > SCHEMA_VERSION:
        raise NewerPlanFile(
            f"{name} was saved by a newer Release Cockpit (file format {user_version}; this version "
            f"reads up to {SCHEMA_VERSION}). Update Release Cockpit to open it."
        )
    fields = {"user_version": user_version, "page_size": page_size, "page_count": page_count,
              "wal": int(2 in head[18:20])}
    if hot_journal(path):
        # A crash mid-commit: SQLite rolls the journal back when it opens the file, and
        # quick_check judges the result. The sizes below are not meaningful until then.
        return fields
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedPlanFile(f"{name} is damaged: its header is corrupt.")
    if size % page_size:
        raise DamagedPlanFile(f"{name} is damaged: it is not a whole number of pages (truncated?).")
    if valid_for == change_counter and page_count and size < page_count * page_size:
        raise DamagedPlanFile(
            f"{name} is damaged: it is shorter than its header says (truncated while copying?)."
        )
    return fields


def sidecar(path: Path, suffix: str) -> Path:
    """A file SQLite keeps beside the plan (``-journal``, ``-wal``): beside the real file, not a link to it."""
    real = path.resolve()
    return real.with_name(real.name + suffix)


def hot_journal(path: Path) -> bool:
    """Whether a rollback journal beside the plan still has to be played back (a crash mid-commit).

    Only a journal that starts with SQLite's journal magic counts: with the exclusive lock SQLite
    leaves a journal with a zeroed header behind after each commit, and that one is finished.
    """
    try:
        with sidecar(path, "-journal").open("rb") as fh:
            return fh.read(8) == JOURNAL_MAGIC
    except OSError:
        return False


def connect(path: Path) -> sqlite3.Connection:
    """A connection with every safety switch we rely on, before any page is read."""
    raw = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=0)
    harden(raw)
    raw.execute("PRAGMA locking_mode=EXCLUSIVE")
    return raw


def harden(raw: sqlite3.Connection) -> None:
    """Defensive mode, no triggers or views, an untrusted schema, checked cells."""
    raw.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)
    raw.setconfig(sqlite3.SQLITE_DBCONFIG_TRUSTED_SCHEMA, False)
    raw.setconfig(sqlite3.SQLITE_DBCONFIG_ENABLE_TRIGGER, False)
    raw.setconfig(sqlite3.SQLITE_DBCONFIG_ENABLE_VIEW, False)
    raw.execute("PRAGMA trusted_schema=OFF")
    raw.execute("PRAGMA cell_size_check=ON")


def in_use(path: Path) -> PlanInUse:
    """The error for a plan that another window or program already has open."""
    return PlanInUse(f"{path.name} is already open in another Release Cockpit window or program. "
                     "Close it there first, or open a copy.")


def take_lock(raw: sqlite3.Connection, path: Path, *, shared: bool = False) -> None:
    """Hold the file exclusively (released on close), or say who has it.

    ``shared``: a read lock instead, held until the transaction opened here ends; nobody can write
    meanwhile, and a file open in the app (which holds it exclusively) is reported as in use.
    """
    try:
        if shared:
            raw.execute("BEGIN")
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
        else:
            raw.execute("BEGIN EXCLUSIVE")
            raw.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise in_use(path) from None
        if shared and exc.sqlite_errorcode == sqlite3.SQLITE_READONLY_ROLLBACK:
            raise  # a journal to play back, which a read-only connection cannot: the caller decides
        raise DamagedPlanFile(f"{path.name} cannot be read: {exc}.") from None
    except sqlite3.DatabaseError as exc:
        raise DamagedPlanFile(f"{path.name} is damaged: {exc}.") from None


_WS = re.compile(r"\s+")


def normalise_sql(sql: str | None) -> str:
    """A schema object's SQL without quotes or extra spaces, so equal schemas compare equal."""
    return _WS.sub(" ", (sql or "").replace('"', "")).strip().lower()


def schema_of(raw: sqlite3.Connection) -> set[tuple[str, str, str]]:
    """Every schema object (type, name, normalised SQL), SQLite's own excepted."""
    rows = raw.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    return {(kind, name, normalise_sql(sql)) for kind, name, sql in rows}


_expected: set[tuple[str, str, str]] | None = None


def expected_schema() -> set[tuple[str, str, str]]:
    """The schema this version writes (``cockpit/migrations/schema.py``), normalised like ``schema_of``."""
    global _expected
    if _expected is None:
        from cockpit.migrations import schema

        _expected = {(kind, name, normalise_sql(sql)) for kind, name, sql in schema.OBJECTS}
    return _expected


def check_integrity(raw: sqlite3.Connection, path: Path, user_version: int) -> None:
    """``quick_check``, no triggers or views, and (for the latest format) exactly our schema."""
    try:
        result = raw.execute("PRAGMA quick_check").fetchall()
        objects = schema_of(raw)
        # Whatever their names: objects called sqlite_… are SQLite's own and left out of ``objects``.
        hidden = raw.execute("SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view')").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise DamagedPlanFile(f"{path.name} is damaged: {exc}.") from None
    if result != [("ok",)]:
        raise DamagedPlanFile(
            f"{path.name} is damaged ({result[0][0]}). Open one of its backups instead."
        )
    if hidden:
        raise DamagedPlanFile(
            f"{path.name} contains triggers or views, which plan files never have: refused for safety."
        )
    if user_version == SCHEMA_VERSION and objects != expected_schema():
        raise DamagedPlanFile(
            f"{path.name} does not have the structure of a Release Cockpit plan "
            f"(format {user_version}): refused."
        )


def precheck(path: Path) -> None:
    """Everything that can be checked before the app starts: header, lock, quick_check, schema.

    Leaves no lock behind. Raises the same errors as ``store.open_plan``.
    """
    open_checked(path, read_header(path)).close()


def open_checked(path: Path, header: dict[str, int]) -> sqlite3.Connection:
    """Connect to a plan whose header passed, take its lock and check its integrity.

    The connection is closed again if any check fails. Raises ``PlanFileError`` (or a subclass).
    """
    try:
        raw = connect(path)
    except sqlite3.Error as exc:
        raise PlanFileError(f"{path.name} cannot be opened: {exc}.") from None
    try:
        take_lock(raw, path)
        check_integrity(raw, path, header["user_version"])
    except BaseException:
        raw.close()
        raise
    return raw
