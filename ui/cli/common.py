"""Helpers shared by the subcommands.

A command that takes a plan takes a plan file or a team plan's address (``postgresql://db/plans?plan=atlas``,
``host=db dbname=plans plan=atlas``, ``service=cockpit plan=atlas``): ``plan_argument`` is the argparse
type that tells them apart, and ``open_for_reading`` opens either, read-only.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from cockpit.reading import PlanReader
    from cockpit.snapshot import Cycle
    from cockpit.store import Plan

EXIT_USAGE = 2
T = TypeVar("T")

#: what each command's help says of its PLAN argument
PLAN_HELP = "the plan file, or a team plan's address (postgresql://HOST/DB?plan=NAME, or 'service=S plan=NAME')"


class TeamAddress:
    """A team plan's address as given on the command line, kept whole (``Path`` would make
    ``postgresql://db/plans`` into ``postgresql:/db/plans``).

    ``str()`` and ``name`` never show a password: they are what messages quote. ``text`` is the address as
    typed, for the connection only.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def _parsed(self) -> tuple[str, str] | None:
        from cockpit.errors import CockpitError
        from cockpit.team.address import parse

        try:
            address = parse(self.text)
        except CockpitError:
            return None
        return address.shown, address.label()

    @property
    def name(self) -> str:
        """The plan's label ("atlas on plans at db"), where a file's name would be said."""
        parsed = self._parsed()
        return parsed[1] if parsed else "the team plan"

    def __str__(self) -> str:
        parsed = self._parsed()
        return parsed[0] if parsed else "the team plan's address"

    def __repr__(self) -> str:
        return f"TeamAddress({str(self)!r})"


def is_team_address(text: str) -> bool:
    """Whether ``text`` names a team plan rather than a file (a file that exists under that name wins)."""
    from cockpit.team.address import looks_like_address

    return looks_like_address(text) and not Path(text).expanduser().exists()


def plan_argument(text: str) -> Path | TeamAddress:
    """argparse type of a PLAN argument: a team plan's address, else a file's path."""
    return TeamAddress(text) if is_team_address(text) else Path(text)


def server_error(exc: BaseException) -> str | None:
    """One line for an error of the PostgreSQL driver (the server lost mid-read, a refused statement), or None
    for any other error. psycopg is never imported here: it is loaded only when a team plan was opened."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is None or not isinstance(exc, psycopg.Error):
        return None
    said = " ".join(str(exc).split()) or type(exc).__name__
    return f"the team plan's server said: {said[:300]}"


def saying_team_errors(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """``run`` with a team plan's own failures said in one line, exit 2: no password (and where to put one),
    or the driver's error (``server_error``). Other errors go on to ``ui.main``, which says them alike."""
    import functools

    @functools.wraps(run)
    def wrapped(args: argparse.Namespace) -> int:
        from cockpit.errors import NeedsPassword

        try:
            return run(args)
        except NeedsPassword as exc:
            return fail(password_hint(str(exc)))
        except Exception as exc:
            if (said := server_error(exc)) is None:
                raise
            return fail(said)

    return wrapped


def password_hint(message: str) -> str:
    """``NeedsPassword``'s message with where the command line finds a password (it never asks)."""
    return (f"{message} The command line never asks: set PGPASSWORD, or add the server to ~/.pgpass "
            "(hostname:port:database:username:password, mode 0600).")


def fail(message: str) -> int:
    """One readable line on stderr; exit status 2.

    Whatever a message quotes (a damaged file's schema text, a file name) is kept on that one line:
    line breaks and other control characters become spaces.
    """
    line = "".join(" " if ch < " " or ch == "\x7f" else ch for ch in message)
    print(f"cockpit: {' '.join(line.split())}", file=sys.stderr)
    return EXIT_USAGE


def write_text_output(text: str, out: str, done: str) -> int:
    """Write ``text`` to stdout ('-') or atomically to a file; ``done`` may name ``{target}``."""
    if out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    target = Path(out)
    if target.is_dir():
        return fail(f"{target} is a folder: give a file name.")
    if not target.parent.is_dir():
        return fail(f"the folder {target.parent} does not exist.")
    from cockpit.files import write_text_safely

    write_text_safely(target, text)
    print(done.format(target=target))
    return 0


def note(message: str) -> None:
    """One line on stderr that does not change the exit status (the file was read, with a remark)."""
    print(f"cockpit: note: {message}", file=sys.stderr)


@contextmanager
def open_team_for_reading(address: TeamAddress) -> Iterator[Plan]:
    """The team plan at ``address``, for a command that only reads it: nothing is written to the server.

    The session is made read-only on the server (``default_transaction_read_only``), so a write would be
    refused by the server itself, and the whole command reads one consistent moment of the plan (one
    repeatable-read transaction, as a file's shared lock gives one), rolled back at the end.
    """
    from cockpit.team.store import open_team_plan

    plan = open_team_plan(address.text, read_only=True)
    try:
        plan.raw.execute("BEGIN")  # repeatable read (cockpit.team.sql): every read of the command, one moment
        yield plan
    finally:
        try:
            if not plan.team.pg.closed and plan.raw.in_transaction:
                plan.team.pg.execute("ROLLBACK")
        finally:
            plan.close()


@contextmanager
def open_for_reading(path: Path | TeamAddress) -> Iterator[PlanReader | Plan]:
    """The plan, for a command that only reads it; never changes a byte of it or a file beside it.

    A team plan's address is opened with ``open_team_for_reading`` (nothing written to the server).

    Read with the standard library (``cockpit.reading``) when the file can be read as it is. A file
    that first needs a write (an older format to upgrade, a crash journal to play back, WAL mode to
    undo) is copied, with the files beside it, to a private temporary folder, and that copy is
    opened in full by ``store.open_plan``; a note says that the plan itself needs recovery.
    """
    import shutil
    import tempfile

    if isinstance(path, TeamAddress):
        with open_team_for_reading(path) as team_plan:
            yield team_plan
        return
    from cockpit.fileformat import recovery_needed, repair_note, sidecar
    from cockpit.reading import NeedsFullOpen, read_plan

    try:
        with read_plan(path) as reader:
            yield reader
            if (said := repair_note(reader.raw, path.name)) is not None:
                note(said)
            return
    except NeedsFullOpen:
        pass
    from cockpit.store import open_plan

    why = recovery_needed(path)
    with tempfile.TemporaryDirectory(prefix="cockpit-read-") as folder:
        copy = Path(folder) / path.name
        for suffix in ("", "-journal", "-wal"):  # the folder is the user's only (0700), and so are the copies
            source = sidecar(path, suffix) if suffix else path
            if source.exists():
                target = sidecar(copy, suffix) if suffix else copy
                shutil.copyfile(source, target)
                target.chmod(0o600)
        with open_plan(copy, recover=True, keep=False) as plan:
            yield plan
            # Said once it worked: a command that fails says one line, its reason, and nothing else.
            if why:
                note(f"{why} This command read a private copy; the app recovers the plan itself when you next "
                     "open it (after asking).")
            if (said := repair_note(plan.raw, path.name)) is not None:
                note(said)


def read_from_plan(path: Path | TeamAddress, compute: Callable[[PlanReader | Plan], T]) -> T | None:
    """``compute(plan)`` on the plan opened for reading; None once the reason it failed is on stderr."""
    from cockpit.errors import CockpitError, NeedsPassword

    try:
        with open_for_reading(path) as plan:
            return compute(plan)
    except NeedsPassword as exc:
        fail(password_hint(str(exc)))
    except CockpitError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.strerror or exc}: {exc.filename or path}")
    except sqlite3.Error as exc:  # e.g. SQLite's temporary sort file on a full disk or under a file-size limit
        fail(f"{path.name} could not be read here ({exc}): free some space, or check the disk.")
    except (ValueError, TypeError) as exc:  # a value of the wrong kind that SQLite's loose typing let in
        fail(f"{path.name} holds a value this version cannot read ({exc}).")
    except Exception as exc:
        if (said := server_error(exc)) is None:
            raise
        fail(said)
    return None


def read_live_cycle(path: Path | TeamAddress, compute: Callable[[Cycle], T]) -> T | None:
    """``compute(cycle)`` on the snapshot of the plan's newest cycle (``cockpit.reader.read_live``);
    None once the reason it failed is on stderr."""
    from cockpit.reader import read_live

    return read_from_plan(path, lambda plan: compute(read_live(plan)))
