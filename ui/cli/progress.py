"""``cockpit progress PATH -o OUT.md|OUT.pdf [--week N]``: the weekly progress note with no display.

The note of week N (default: this week) as the team edited it, else as the app drafts it from the
check-ins and the plan. The plan is read, never written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ui.cli.common import EXIT_USAGE, PLAN_HELP, fail, plan_argument, read_live_cycle

if TYPE_CHECKING:
    from cockpit.snapshot import Cycle


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("progress", help="write the weekly progress note as Markdown or PDF",
                       description="Write a week's progress note of the plan's current release: planned vs "
                                   "done, what shipped, blockers and who clears them, changes to scope and "
                                   "dates, the next week's goal. One page as PDF. Needs no display.")
    p.add_argument("path", metavar="PLAN", type=plan_argument, help=PLAN_HELP)
    p.add_argument("-o", "--output", metavar="OUT", type=Path, required=True,
                   help="where to write it: a name ending in .md or .pdf")
    p.add_argument("--week", type=int, default=None, help="the week of the cycle, from 1 (default: this week)")
    p.add_argument("--paper", choices=("a4", "letter"), default=None, help="paper size for the PDF")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from cockpit.reports.progress_note import note_text, progress_facts, week_of, weeks_of

    out: Path = args.output
    kind = out.suffix.lower()
    if kind not in (".md", ".pdf"):
        return fail(f"{out.name}: the progress note is written as .md or .pdf (try {out.with_suffix('.pdf')}).")
    if out.is_dir():
        return fail(f"{out} is a folder: give a file name.")
    if not out.parent.is_dir():
        return fail(f"the folder {out.parent} does not exist.")
    today = dt.date.today()

    def compute(cycle: Cycle) -> tuple[str, int] | str:
        last = weeks_of(cycle)
        week = args.week if args.week is not None else week_of(cycle, today)
        if not 1 <= week <= last:
            return f"there is no week {week} in this cycle: give 1 to {last}."
        try:
            return note_text(progress_facts(cycle, week, today)), week
        except ValueError as exc:  # a week that has not started: nothing to report yet
            return f"{exc}."

    result = read_live_cycle(args.path, compute)
    if result is None:
        return EXIT_USAGE
    if isinstance(result, str):
        return fail(result)
    text, week = result
    if kind == ".md":
        from ui.cli.common import write_text_output

        return write_text_output(text, str(out), f"Wrote the week {week} progress note of {args.path.name} to "
                                                 "{target}")
    from ui.brief import paper as paper_setting
    from ui.cli.brief import _gui

    _gui()
    from ui.progress.render import write_pdf

    try:
        pt, clipped = write_pdf(text, out, args.paper or paper_setting.paper(), f"Week {week} progress note")
    except OSError as exc:
        return fail(f"the PDF could not be written to {out}: {exc.strerror or exc}.")
    print(f"Wrote the week {week} progress note of {args.path.name} to {out} (one page, {pt:g} pt"
          + (", the end left off" if clipped else "") + ")")
    return 0
