"""``cockpit new`` and ``cockpit export`` (read like ``cockpit brief``: no SQLAlchemy unless the file needs
an upgrade)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ui.cli.common import EXIT_USAGE, fail, read_from_plan, write_text_output

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
    p_export.add_argument("path", metavar="PATH", type=Path, help="the plan file")
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


def export_text(plan: PlanReader | Plan) -> str:
    """The JSON export of an open plan (or plan reader), read as snapshots by ``cockpit.reader``."""
    from cockpit import clock, reader
    from cockpit.reading import plan_wide
    from cockpit.reports.export import export_json

    people, settings = plan_wide(plan.raw)
    return export_json(reader.read_plan(plan.raw, plan.path.name), reader.change_log(plan.raw), people=people,
                       settings=settings, exported_at=clock.now())


def run_export(args: argparse.Namespace) -> int:
    text = read_from_plan(args.path, export_text)
    if text is None:
        return EXIT_USAGE
    return write_text_output(text, args.json_out, f"Exported {args.path.name} to {{target}}")



