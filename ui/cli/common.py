"""Helpers shared by the subcommands."""

from __future__ import annotations

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
def open_for_reading(path: Path) -> Iterator[PlanReader | Plan]:
    """The plan, for a command that only reads it; never changes a byte of it or a file beside it.

    Read with the standard library (``cockpit.reading``) when the file can be read as it is. A file
    that first needs a write (an older format to upgrade, a crash journal to play back, WAL mode to
    undo) is copied, with the files beside it, to a private temporary folder, and that copy is
    opened in full by ``store.open_plan``; a note says that the plan itself needs recovery.
    """
    import shutil
    import tempfile

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


def read_from_plan(path: Path, compute: Callable[[PlanReader | Plan], T]) -> T | None:
    """``compute(plan)`` on the plan opened for reading; None once the reason it failed is on stderr."""
    from cockpit.errors import CockpitError

    try:
        with open_for_reading(path) as plan:
            return compute(plan)
    except CockpitError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{exc.strerror or exc}: {exc.filename or path}")
    except sqlite3.Error as exc:  # e.g. SQLite's temporary sort file on a full disk or under a file-size limit
        fail(f"{path.name} could not be read here ({exc}): free some space, or check the disk.")
    except (ValueError, TypeError) as exc:  # a value of the wrong kind that SQLite's loose typing let in
        fail(f"{path.name} holds a value this version cannot read ({exc}).")
    return None


def read_live_cycle(path: Path, compute: Callable[[Cycle], T]) -> T | None:
    """``compute(cycle)`` on the snapshot of the plan's newest cycle (``cockpit.reader.read_live``);
    None once the reason it failed is on stderr."""
    from cockpit.reader import read_live

    return read_from_plan(path, lambda plan: compute(read_live(plan)))
