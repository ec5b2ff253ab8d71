"""``cockpit new`` and ``cockpit export`` (read like ``cockpit brief``: no SQLAlchemy unless the file needs
an upgrade)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ui.cli.common import EXIT_USAGE, PLAN_HELP, fail, plan_argument, read_from_plan

if TYPE_CHECKING:
    from cockpit.reading import PlanReader
    from cockpit.store import Plan


def register(sub: argparse._SubParsersAction) -> None:
    p_new = sub.add_parser("new", help="create a plan file", description="Create a new plan file; never "
                           "overwrites an existing file.")
    p_new.add_argument("path", metavar="PATH", type=Path, help="where to create it (e.g. acme.cockpit)")
    p_new.add_argument("--example", action="store_true",
                       help="fill it with the example plan (a five-person startup's release)")
    p_new.set_defaults(run=run_new)

    p_export = sub.add_parser("export", help="export a plan", description="Export the whole plan, every "
                              "cycle, as JSON with stable keys.")
    p_export.add_argument("path", metavar="PLAN", type=plan_argument, help=PLAN_HELP)
    p_export.add_argument("--json", dest="json_out", metavar="OUT", required=True,
                          help="where to write the JSON ('-' for standard output)")
    p_export.set_defaults(run=run_export)


def run_new(args: argparse.Namespace) -> int:
    from cockpit import example as example_plan

    path: Path = args.path
    if path.exists():
        return fail(f"{path} already exists: pick another name (nothing was overwritten).")
    if path.suffix != ".cockpit":
        return fail(f"{path.name}: plan files end in .cockpit (try {path.with_suffix('.cockpit')}).")
    if not path.parent.is_dir():
        return fail(f"the folder {path.parent} does not exist.")
    maker = example_plan.create_example if args.example else example_plan.new_empty
    maker(path).close()
    print(f"Created {path}" + (" with the example plan." if args.example else "."))
    return 0


#: characters of JSON text written at a time: the export goes out in blocks, never held whole
BLOCK_CHARS = 1 << 20


def export_pieces(plan: PlanReader | Plan) -> Iterator[str]:
    """The JSON export of an open plan (or plan reader), in pieces (``cockpit.reports.export.export_chunks``).

    The snapshots are read here, before the first piece: a value the reader refuses is refused
    before anything is written.
    """
    from cockpit import clock, reader
    from cockpit.reading import plan_wide
    from cockpit.reports.export import export_chunks

    people, settings = plan_wide(plan.raw)
    cycles, log = reader.read_plan(plan.raw, plan.path.name), reader.change_log(plan.raw)
    return export_chunks(cycles, log, people=people, settings=settings, exported_at=clock.now())


def export_text(plan: PlanReader | Plan) -> str:
    """The JSON export of an open plan (or plan reader) as one text (``export_pieces`` joined)."""
    return "".join(export_pieces(plan))


def blocks(pieces: Iterable[str], size: int = BLOCK_CHARS) -> Iterator[str]:
    """``pieces`` joined into blocks of about ``size`` characters (fewer, larger writes)."""
    block: list[str] = []
    length = 0
    for piece in pieces:
        block.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)


def write_export(plan: PlanReader | Plan, target: Path | None) -> int:
    """Write the export of ``plan`` to ``target`` (None: standard output) as it is made; the exit status.

    A file is written under a temporary name and renamed into place when complete
    (``cockpit.files.writing_safely``): a failure halfway leaves the old file, or none.
    """
    from cockpit.files import writing_safely

    pieces = export_pieces(plan)
    if target is None:
        try:
            for block in blocks(pieces):
                sys.stdout.write(block)
            sys.stdout.flush()
        except BrokenPipeError:  # the reader (``| head``) stopped reading: stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so the flush at exit does not fail again
            return 1
        except OSError as exc:
            return fail(f"the export could not be written to standard output ({exc.strerror or exc}).")
        return 0
    try:
        with writing_safely(target) as out:
            for block in blocks(pieces):
                out.write(block.encode("utf-8"))
    except OSError as exc:
        return fail(f"{target} could not be written ({exc.strerror or exc}): the export was not saved.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    out: str = args.json_out
    target = None if out == "-" else Path(out)
    if target is not None and target.is_dir():
        return fail(f"{target} is a folder: give a file name.")
    if target is not None and not target.parent.is_dir():
        return fail(f"the folder {target.parent} does not exist.")
    status = read_from_plan(args.path, lambda plan: write_export(plan, target))
    if status is None:
        return EXIT_USAGE
    if status == 0 and target is not None:
        print(f"Exported {args.path.name} to {target}")
    return status
