"""Open, create and close a plan file: identity, one writer, distrust, migrations, backups.

A plan file is one SQLite database (suffix ``.cockpit``) that people copy, mail
and open on other laptops, so this module treats every file as untrusted:

* The 100-byte SQLite header is read with plain file I/O *before* SQLite sees
  the file. A file that is not SQLite, another program's SQLite file, a file
  from a newer Release Cockpit, or a truncated file is refused there and its
  bytes are never touched.
* SQLite then runs in defensive mode with triggers and views disabled and
  ``trusted_schema=OFF``; ``quick_check`` must pass and the schema must match
  the one this version writes, object for object.
* The connection takes an exclusive lock for as long as the plan is open, so a
  second window or process is told the file is in use.
* ``journal_mode=DELETE`` and ``synchronous=FULL``: a closed plan is one
  self-contained file, and a commit that returned survives a crash.

Standard library only, like the reader (``cockpit.reader``) and the services
(``cockpit.services.core.Tx``) that use the open plan's one connection (``Plan.raw``).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import time
from pathlib import Path

from cockpit import backups, clock, migrations
from cockpit.errors import CannotSave, DamagedPlanFile, NeedsRecovery, PlanFileError
from cockpit.fileformat import (
    APPLICATION_ID,
    check_integrity,
    open_checked,
    read_header,
    recovery_needed,
    sidecar,
)
from cockpit.migrations import schema
from cockpit.reader import live_release_id

SCHEMA_VERSION = migrations.LATEST


def _configure(raw: sqlite3.Connection) -> None:
    raw.execute("PRAGMA journal_mode=DELETE")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("PRAGMA foreign_keys=ON")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class Plan:
    """An open plan file. Pass it to services and reports; call ``close`` when done.

    A team plan (``cockpit.team.store.TeamPlan``) is a ``Plan`` on a PostgreSQL schema: the services and
    the reader use both alike, through ``raw``; the few things only a shared plan does are hooks here that
    do nothing for a file, which one laptop holds alone (``author``, ``basis``, ``announce``).
    """

    #: "file" (one SQLite file) or "team" (a schema on a PostgreSQL server)
    engine = "file"
    #: who makes this window's changes, as the change log keeps it (a file is one laptop's: nobody named)
    author = ""
    #: whether the plan may only be read here (a team plan opened with a role that may only read it)
    read_only = False

    def __init__(self, path: Path, raw: sqlite3.Connection, *, backup_dir: Path | None) -> None:
        self.path = path
        self._raw = raw
        self.backup_dir = backup_dir
        self.last_saved_at: dt.datetime | None = None
        #: why the last regular backup failed (None: it worked, or none was due)
        self.backup_problem: str | None = None
        self._last_backup = time.monotonic()
        self.backup_every_seconds = 600.0
        self.closed = False
        #: the file format this plan had before ``open_plan`` upgraded it (None: not upgraded)
        self.upgraded_from: int | None = None
        #: the file format it has now
        self.format = SCHEMA_VERSION
        #: the copy of the file as it was, kept beside it when ``open_plan`` recovered it (None: no recovery)
        self.recovered_from: Path | None = None
        self._identity = _identity(path)
        self._mine: set[int] = set()

    def basis(self) -> int | None:
        """The last change this window's screen was shown, for refusing a change built on an older view
        of what someone else changed since (None: nobody else can change it, as with a file)."""
        return None

    def mine(self) -> set[int]:
        """The change-log ids of the changes made here and not undone (never a conflict with oneself)."""
        return self._mine

    def announce(self, conn: object, summary: str, change_id: int | None) -> None:
        """Tell other windows on the plan, inside the change's transaction, that it changed (a file: nobody)."""

    def gone(self) -> CannotSave:
        """What a change is told when the plan is no longer there (``still_there`` is false)."""
        return CannotSave(f"{self.path.name} is no longer where it was opened (was the USB stick pulled, or the "
                          "file moved?)", "Put it back, or save a copy of what is open somewhere else.")

    def still_there(self) -> bool:
        """Whether the file opened is still at its path (not deleted, moved, or its USB stick pulled)."""
        return self._identity is not None and _identity(self.path) == self._identity

    @property
    def raw(self) -> sqlite3.Connection:
        """The plan's one SQLite connection (it holds the file's lock)."""
        return self._raw

    def live_release_id(self) -> int:
        """The newest cycle's release: the one the app edits."""
        found = live_release_id(self._raw)
        if found is None:
            raise DamagedPlanFile(f"{self.path.name} has no release in it.")
        return found

    # -- saving -----------------------------------------------------------------------------
    def committed(self) -> None:
        """Called by the services after every commit: stamps the time, backs up now and then.

        Never raises: the change is already in the file, so a backup that fails (the backup folder
        gone, no permission, the disk full) must not make it look refused. The problem is kept in
        ``backup_problem`` for the window to show, and cleared by the next backup that works.
        """
        self.last_saved_at = clock.now()
        if self.backup_dir is not None and time.monotonic() - self._last_backup >= self.backup_every_seconds:
            self.backup_now("The change is saved, but the regular backup")

    def backup_now(self, what: str = "The plan is open, but its backup") -> None:
        """``backup``, keeping a failure in ``backup_problem`` instead of raising it (the plan is fine)."""
        try:
            self.backup()
            self.backup_problem = None
        except (OSError, sqlite3.Error, PlanFileError) as exc:
            self.backup_problem = f"{what} could not be written ({getattr(exc, 'strerror', None) or exc})."

    def backup(self) -> Path | None:
        """A verified copy in the backup folder, then thin the old ones."""
        if self.backup_dir is None:
            return None
        self._last_backup = time.monotonic()
        made = backups.make_backup(self._raw, self.path, self.backup_dir)
        backups.thin(self.backup_dir, self.path)
        return made

    def save_copy(self, dest: Path, *, overwrite: bool = False) -> Path:
        """Write a verified, self-contained copy of the plan to ``dest``."""
        dest = Path(dest)
        if dest.resolve() == self.path.resolve():
            raise PlanFileError("Pick another name: a copy cannot replace the plan that is open.")
        if dest.exists() and not overwrite:
            raise PlanFileError(f"{dest.name} already exists.")
        if not dest.parent.is_dir():
            raise PlanFileError(f"The folder {dest.parent} does not exist.")
        try:
            mode = self.path.stat().st_mode & 0o666  # no wider than the plan
        except OSError:  # the plan's file is gone (a pulled stick): what is open is rescued, privately
            mode = 0o600
        backups.verified_copy(self._raw, dest, mode=mode)
        return dest

    def close(self) -> None:
        """Close the plan and release its lock, leaving one self-contained file."""
        if self.closed:
            return
        self.closed = True
        # With the exclusive lock SQLite keeps a zeroed journal beside the file instead of
        # deleting it, and a session after a crash may inherit a stale one. No transaction is
        # open and we still hold the lock, so it is not hot: remove it, leaving one file.
        journal = self.path.with_name(self.path.name + "-journal")
        if not self._raw.in_transaction and journal.exists():
            journal.unlink(missing_ok=True)
        self._raw.close()

    def __enter__(self) -> Plan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def kept_as_it_was(path: Path) -> Path:
    """Copy the plan and the files SQLite keeps beside it under a new name beside it, before recovering it.

    Returns the copy of the plan (``plan-before-recovery-20261202-1740.cockpit``); its ``-journal`` or
    ``-wal`` sits beside it under the matching name, so it is the file exactly as it was.
    """
    stamp = clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
    copy = path.with_name(f"{path.stem}-before-recovery-{stamp}{path.suffix}")
    try:
        for suffix in ("", "-journal", "-wal"):
            source = sidecar(path, suffix) if suffix else path
            if source.exists():
                shutil.copy2(source, sidecar(copy, suffix) if suffix else copy)
    except OSError as exc:
        raise PlanFileError(f"{path.name} was not recovered: the copy of it as it was could not be written beside "
                            f"it ({exc.strerror or exc}). Nothing was changed.") from None
    return copy


def open_plan(path: Path | str, *, backup_dir: Path | None = None, recover: bool = False,
              keep: bool = True) -> Plan:
    """Open an existing plan file, migrating it (after a verified backup) if it is older.

    Raises a ``PlanFileError`` subclass with a readable message; a refused file is
    left byte-for-byte as it was. A plan that must be written to before it can be read (a crash
    journal to roll back, WAL mode to undo) raises ``NeedsRecovery`` unless ``recover`` is true;
    then the file as it was is first copied beside it (``Plan.recovered_from`` names the copy), unless
    ``keep`` is false (a private copy that is thrown away after reading).
    """
    path = Path(path).expanduser()
    header = read_header(path)
    if not os.access(path, os.W_OK):
        raise PlanFileError(f"{path.name} is read-only here: copy it somewhere you can write.")
    kept = None
    why = recovery_needed(path)
    if why is not None:
        if not recover:
            raise NeedsRecovery(why)
        if keep:
            kept = kept_as_it_was(path)
    raw = open_checked(path, header)
    try:
        _configure(raw)
        version = raw.execute("PRAGMA user_version").fetchone()[0]
        if version < SCHEMA_VERSION:
            if backup_dir is not None:
                backups.make_backup(raw, path, backup_dir, label=f"before-format-{SCHEMA_VERSION}")
            try:
                migrations.migrate(raw, version, verify=lambda: check_integrity(raw, path, SCHEMA_VERSION))
            except sqlite3.Error as exc:
                raise PlanFileError(
                    f"{path.name} could not be upgraded to this version's format ({exc}); the file was "
                    "not changed."
                ) from None
    except BaseException:
        raw.close()
        raise
    plan = Plan(path, raw, backup_dir=backup_dir)
    plan.upgraded_from = version if version < SCHEMA_VERSION else None
    plan.recovered_from = kept
    if backup_dir is not None:
        plan.backup_now()
    return plan


def begin_new_file(raw: sqlite3.Connection) -> None:
    """Give a new, empty SQLite file a plan's identity and this version's schema, in a transaction left open
    for the caller to fill (or not) and commit."""
    raw.execute("PRAGMA journal_mode=DELETE")
    raw.execute(f"PRAGMA application_id={APPLICATION_ID}")
    raw.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    raw.execute("BEGIN")
    for _kind, _name, sql in schema.OBJECTS:  # the schema the model writes (a test keeps them equal)
        raw.execute(sql)


def create_plan(path: Path | str, *, backup_dir: Path | None = None) -> Plan:
    """Create an empty plan file (schema, identity and default settings; no release yet).

    The file is built under a temporary name and renamed into place, so a crash
    never leaves a half-made plan behind. Refuses to overwrite anything.
    """
    path = Path(path).expanduser()
    if path.exists():
        raise PlanFileError(f"{path} already exists: pick another name (nothing was overwritten).")
    if not path.parent.is_dir():
        raise PlanFileError(f"The folder {path.parent} does not exist.")
    tmp = path.with_name(f".{path.name}.creating")
    tmp.unlink(missing_ok=True)
    raw = sqlite3.connect(str(tmp), isolation_level=None)
    try:
        begin_new_file(raw)
        raw.execute("COMMIT")
    finally:
        raw.close()
    if path.exists():
        tmp.unlink()
        raise PlanFileError(f"{path} already exists: pick another name (nothing was overwritten).")
    os.replace(tmp, path)
    return open_plan(path, backup_dir=backup_dir)
