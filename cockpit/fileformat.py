"""The plan file's identity and safety checks, with nothing but the standard library.

Kept apart from ``store`` so the command line can refuse a bad file (and say
that a file is already open) before it loads SQLAlchemy or starts Qt.
"""

from __future__ import annotations

import re
import sqlite3
import struct
from pathlib import Path
from typing import Any

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


class PlanConnection(sqlite3.Connection):
    """A connection whose text never fails to read: bytes that are not UTF-8 come back with U+FFFD.

    Another tool may have written a title that is not UTF-8; Python's default would raise
    "Could not decode to UTF-8" in the middle of a read. SQLite's own decoding stays in place (it is
    fast); the first read that fails switches the connection to replacing the bad bytes, sets
    ``bad_text`` and is run again (``reader.rows``), so only a damaged file pays, and the command or
    the window says once which fields were repaired (``repaired_text``).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: whether text that is not UTF-8 was met (the connection then replaces bad bytes)
        self.bad_text = False

    def repair_text(self) -> None:
        """From now on, read text that is not UTF-8 with U+FFFD in place of the bad bytes."""
        self.bad_text = True
        self.text_factory = _replacing


def _replacing(data: bytes) -> str:
    return str(data, "utf-8", "replace")


def undecodable(exc: BaseException) -> bool:
    """Whether ``exc`` is sqlite3's "Could not decode to UTF-8" (text another tool wrote)."""
    return isinstance(exc, sqlite3.OperationalError) and "decode" in str(exc)


def connect_plan(target: str, *, uri: bool = False, check_same_thread: bool = True) -> PlanConnection:
    """``sqlite3.connect`` with a ``PlanConnection``: autocommit, no waiting on another's lock."""
    raw = sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=check_same_thread, timeout=0,
                          factory=PlanConnection)
    assert isinstance(raw, PlanConnection)
    return raw


_TEXT_TYPES = ("CHAR", "TEXT", "CLOB")


def repaired_text(raw: sqlite3.Connection, *, limit: int = 5) -> tuple[int, list[str]]:
    """How many stored texts are not valid UTF-8, and up to ``limit`` of them named ("scope item 3: title").

    Reads every text column of the plan's own tables as bytes: only called once a read has met bad text.
    """
    count = 0
    named: list[str] = []
    tables = [name for (name,) in raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")]
    for table in sorted(tables):
        columns = [row[1] for row in raw.execute(f'PRAGMA table_info("{table}")')
                   if any(kind in str(row[2]).upper() for kind in _TEXT_TYPES)]
        for column in columns:
            for rowid, data in raw.execute(
                    f'SELECT rowid, CAST([{column}] AS BLOB) FROM "{table}" WHERE typeof([{column}]) = \'text\''):
                try:
                    bytes(data).decode("utf-8")
                except UnicodeDecodeError:
                    count += 1
                    if len(named) < limit:
                        named.append(f"{table.replace('_', ' ')} {rowid}: {column.replace('_', ' ')}")
    return count, named


def repair_note(raw: sqlite3.Connection, name: str) -> str | None:
    """One line saying which texts of plan ``name`` were not UTF-8 and are shown repaired, or None."""
    if not getattr(raw, "bad_text", False):
        return None
    count, named = repaired_text(raw)
    if not count:
        return None
    more = f" and {count - len(named)} more" if count > len(named) else ""
    texts = "text is" if count == 1 else "texts are"
    return (f"{name}: {count} {texts} not valid UTF-8 (written by another program) and shown with \ufffd "
            f"in place of the bad bytes ({'; '.join(named)}{more}). Editing a field saves it repaired.")


def recovery_needed(path: Path) -> str | None:
    """Why the plan cannot be read as it is without writing to it or beside it, or None.

    A hot journal (a change interrupted by a crash or a pulled USB stick) must be played back; a
    plan in WAL mode (written by another tool) keeps changes in a second file to fold in.
    """
    name = path.name
    if hot_journal(path):
        return (f"{name} was being changed when a program stopped (a crash, or a USB stick pulled): the unfinished "
                f"change in {name}-journal has to be rolled back.")
    if sidecar(path, "-wal").exists():
        return (f"{name} has changes in {name}-wal, written by another program, that are not in the file yet: "
                "they have to be folded in.")
    try:
        with path.open("rb") as fh:
            head = fh.read(20)
    except OSError:
        return None
    if head.startswith(SQLITE_MAGIC) and 2 in head[18:20]:
        return (f"{name} was saved in WAL mode by another program: it has to be turned back into one "
                "self-contained file.")
    return None


def connect(path: Path) -> sqlite3.Connection:
    """A connection with every safety switch we rely on, before any page is read."""
    raw = connect_plan(str(path), check_same_thread=False)
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
        # SQLite's report can run to many lines ("*** in database main ***" and one per problem): one line here.
        first = " ".join(str(result[0][0]).replace("*** in database main ***", "").split())
        raise DamagedPlanFile(
            f"{path.name} is damaged ({first[:160]}). Open one of its backups instead."
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
    if recovery_needed(path):
        return  # the window asks before anything plays the journal back (``store.NeedsRecovery``)
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
