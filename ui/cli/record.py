"""``cockpit record PATH -o OUT.pdf|OUT.md``: the track record of every cycle, with no display at all.

The plan is opened for reading only (``ui.cli.common.open_for_reading``: never a byte written), every
cycle read as a snapshot (``cockpit.reader.read_plan``) and judged once (``cockpit.reports.record``).
Markdown needs the core alone; the PDF (one landscape page) needs Qt on the offscreen platform.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.cli.common import EXIT_USAGE, PLAN_HELP, fail, plan_argument, read_from_plan

KINDS = (".pdf", ".md")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("record", help="write the track record of every cycle as PDF or Markdown",
                       description="Write the track record of the plan: every cycle side by side (outcome, "
                                   "say/do, dates, churn, rollback, rhythm), as a one-page PDF or as Markdown. "
                                   "The plan is only read. Needs no display.")
    p.add_argument("path", metavar="PLAN", type=plan_argument, help=PLAN_HELP)
    p.add_argument("-o", "--output", metavar="OUT", type=Path, required=True,
                   help="where to write it: a name ending in .pdf or .md")
    p.add_argument("--paper", choices=("a4", "letter"), default=None,
                   help="paper size for the PDF, landscape (default: your setting in the app, else from the locale)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from cockpit import reader
    from cockpit.reports.record import as_markdown, track_record

    out: Path = args.output
    kind = out.suffix.lower()
    if kind not in KINDS:
        return fail(f"{out.name}: the track record is written as .pdf or .md (try {out.with_suffix('.pdf').name}).")
    if out.is_dir():
        return fail(f"{out} is a folder: give a file name.")
    if not out.parent.is_dir():
        return fail(f"the folder {out.parent} does not exist.")
    today = dt.date.today()
    record = read_from_plan(args.path, lambda plan: track_record(reader.read_plan(plan.raw, plan.path.name), today))
    if record is None:
        return EXIT_USAGE
    cycles = f"{len(record.cycles)} cycle{'' if len(record.cycles) == 1 else 's'}"
    if kind == ".md":
        from ui.cli.common import write_text_output

        return write_text_output(as_markdown(record), str(out),
                                 f"Wrote the track record of {args.path.name} ({cycles}) to {{target}}")
    from ui.brief import paper as paper_setting
    from ui.cli.brief import _gui

    _gui()
    from ui.record.render import write_pdf

    paper = args.paper or paper_setting.paper()
    try:
        write_pdf(record, out, paper)
    except OSError as exc:
        return fail(f"the PDF could not be written to {out}: {exc.strerror or exc}.")
    print(f"Wrote the track record of {args.path.name} ({cycles}) to {out} "
          f"(one page, {'A4' if paper == 'a4' else 'Letter'} landscape)")
    return 0
