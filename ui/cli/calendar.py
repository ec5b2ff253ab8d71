"""``cockpit calendar``: the live release's milestones as an iCalendar (.ics) file.

Read like ``cockpit brief``: with the standard library when the file needs no upgrade.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ui.cli.common import EXIT_USAGE, PLAN_HELP, fail, plan_argument, read_live_cycle, write_text_output


def register(sub: argparse._SubParsersAction) -> None:
    p_cal = sub.add_parser("calendar", help="export the milestones as an .ics calendar",
                           description="Write the live release's milestones (scope freeze, rollback rehearsal, "
                           "go/no-go review, launch, backup date) as an iCalendar file that any calendar app "
                           "can import.")
    p_cal.add_argument("path", metavar="PLAN", type=plan_argument, help=PLAN_HELP)
    p_cal.add_argument("-o", "--output", dest="out", metavar="OUT.ics", required=True,
                       help="where to write the calendar ('-' for standard output)")
    p_cal.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cockpit import clock
    from cockpit.reports.calendar import release_calendar

    if args.out != "-" and not str(args.out).lower().endswith(".ics"):
        return fail(f"{args.out}: calendar files end in .ics (try {Path(args.out).with_suffix('.ics')}).")
    text = read_live_cycle(args.path, lambda cycle: release_calendar(cycle, stamp=clock.now()))
    if text is None:
        return EXIT_USAGE
    # iCalendar lines end in CRLF: write the bytes as they are (no newline translation).
    if args.out == "-":
        return write_text_output(text, "-", "")
    target = Path(args.out)
    if target.is_dir():
        return fail(f"{target} is a folder: give a file name.")
    if not target.parent.is_dir():
        return fail(f"the folder {target.parent} does not exist.")
    from cockpit.files import write_bytes_safely

    write_bytes_safely(target, text.encode("utf-8"))
    print(f"Wrote the milestones of {args.path.name} to {target}")
    return 0
