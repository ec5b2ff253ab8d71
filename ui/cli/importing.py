"""``cockpit import``: bring a backlog from Jira, Linear, GitHub, Trello or any CSV into a plan."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ui.cli.common import (
    EXIT_USAGE,
    PLAN_HELP,
    TeamAddress,
    fail,
    plan_argument,
    read_from_plan,
    saying_team_errors,
)

if TYPE_CHECKING:
    from cockpit.importers.rows import ImportResult
    from cockpit.services.importing import ImportPlan
    from cockpit.store import Plan

FORMAT_CHOICES = ("jira", "linear", "github", "trello", "csv")
LANE_CHOICES = {"parked": "parked", "in-release": "in release"}
MAX_LISTED = 50


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import", help="import a backlog (Jira, Linear, GitHub, Trello, CSV)",
        description="Import a backlog export into the plan's live cycle as one change (undo it in the app). "
                    "Items are matched on their key (PAY-12, ENG-4, owner/repo#7…), or on their title when the "
                    "file has no keys, so importing a newer export updates them instead of adding them twice. "
                    "Items already done at source are not imported (a newer export marks their item done); "
                    "items a newer export no longer holds are listed, never deleted. Statuses are read from the "
                    "tracker's known values; the ones not recognised are listed (say what they mean with "
                    "--status). Assignees become people; teams and placeholders are never made owners.")
    p.add_argument("path", metavar="PLAN", type=plan_argument, help=PLAN_HELP)
    p.add_argument("file", metavar="FILE", type=Path, help="the export (CSV or JSON)")
    p.add_argument("--format", choices=FORMAT_CHOICES, help="the export's format (default: detected)")
    p.add_argument("--points-per-day", type=float, default=1.0, metavar="N",
                   help="story points one person finishes in a day (default 1): estimates become days")
    p.add_argument("--lane", choices=tuple(LANE_CHOICES), default="parked",
                   help="where new items land (default: parked)")
    p.add_argument("--override-reason", default="", metavar="TEXT",
                   help="after the scope freeze: why these items belong in the release (with --lane in-release)")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help="read the file as a plain CSV with these columns: which column holds a field (title, key, "
                        "description, type, status, assignee, points, days, labels); repeat for each")
    p.add_argument("--status", action="append", default=[], metavar="VALUE=STATUS",
                   help="what a status value of the export means (a Jira status, a Trello list…): STATUS is todo, "
                        "doing, done or blocked; repeat for each (e.g. --status 'Verified by QA=done')")
    p.add_argument("--include-pull-requests", action="store_true",
                   help="import the pull requests of a GitHub issue list too (skipped by default)")
    p.add_argument("--dry-run", action="store_true", help="show what would happen; change nothing")
    p.set_defaults(run=run)


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    from cockpit.importers import FIELDS
    from cockpit.importers.rows import UnreadableFile

    if not pairs:
        return None
    chosen: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or name.strip() not in FIELDS:
            raise UnreadableFile(f"--map {pair}: write FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}.")
        chosen[name.strip()] = column.strip()
    return chosen


def _statuses(pairs: list[str]) -> dict[str, str]:
    """``--status VALUE=STATUS`` pairs as {value: status}; a malformed one is refused with its fix."""
    from cockpit.importers.rows import UnreadableFile
    from cockpit.services.importing import status_choices

    chosen: dict[str, str] = {}
    for pair in pairs:
        value, sep, status = pair.rpartition("=")
        if not sep or not value.strip():
            raise UnreadableFile(f"--status {pair}: write VALUE=STATUS with STATUS one of todo, doing, done, "
                                 "blocked.")
        chosen[value.strip()] = status.strip()
    status_choices(chosen)  # refuses an unknown STATUS with a readable message
    return chosen


def _status_hint(value: str) -> str:
    quoted = shlex.quote(value)
    return f"use --status {quoted}=done (or =todo, =doing, =blocked)"


@saying_team_errors
def run(args: argparse.Namespace) -> int:
    from cockpit.errors import CannotSave, ScopeFrozen
    from cockpit.importers import read_backlog_file
    from cockpit.services.importing import (
        NothingToImport,
        import_backlog,
        points_per_day_value,
        preview_backlog,
    )

    points_per_day_value(args.points_per_day)
    mapping = _mapping(args.map)
    statuses = _statuses(args.status)
    options = {"points_per_day": args.points_per_day, "statuses": statuses,
               "include_pull_requests": args.include_pull_requests}
    if mapping is not None and args.format not in (None, "csv"):
        return fail("--map is for other CSV files (--format csv), not for a known export format.")
    # Choosing the columns means reading the file as a plain CSV, whatever it looks like.
    result = read_backlog_file(args.file, format="csv" if mapping is not None else args.format, mapping=mapping)
    if not result.rows:
        if result.notes:
            columns = ", ".join(c for c in result.columns if c)
            return fail(f"{args.file.name}: {result.notes[0]} Use --map title=COLUMN (columns: {columns}).")
        return fail(f"{args.file.name}: no items in it.")
    print(f"Read {args.file.name}: {result.format_label}, {result.encoding}"
          + (f", {result.delimiter_label}-separated" if result.delimiter else "") + f", {len(result.rows)} rows.")
    if result.mapping and result.format == "csv":
        print("Columns: " + ", ".join(f"{field} ← {column}" for field, column in result.mapping.items()))
    if args.dry_run:  # read-only: a plan that needs recovery is read from a private copy, with a note
        previewed = read_from_plan(args.path, lambda plan: preview_backlog(plan, plan.live_release_id(),
                                                                           result.rows, **options))
        return EXIT_USAGE if previewed is None else _report(args, result, previewed)
    with _open_for_writing(args.path) as plan:
        try:
            planned = import_backlog(plan, plan.live_release_id(), result.rows, lane=LANE_CHOICES[args.lane],
                                     source=args.file.name, override_reason=args.override_reason,
                                     **options).result
        except NothingToImport as nothing:
            planned = nothing.planned
        except CannotSave as refused:  # the disk said no: nothing of the import stays; exit 1, not a usage error
            print(f"cockpit: {refused.saying('imported')}", file=sys.stderr)
            return 1
        except ScopeFrozen as frozen:  # the core asks for the reason; the command line takes it as an option
            return fail(f"{frozen} Give it with --override-reason TEXT, or import into parked."
                        + (f" {frozen.hint}" if frozen.hint else ""))
    return _report(args, result, planned)


@contextmanager
def _open_for_writing(path: Path | TeamAddress) -> Iterator[Plan]:
    """The plan, open to import into: a file (after its backup), or a team plan on its server."""
    if isinstance(path, TeamAddress):
        from cockpit.team.store import open_team_plan

        with open_team_plan(path.text) as team_plan:
            yield team_plan
        return
    from cockpit import paths
    from cockpit.store import open_plan

    with open_plan(path, backup_dir=paths.backup_dir()) as plan:
        yield plan


def _report(args: argparse.Namespace, result: ImportResult, planned: ImportPlan) -> int:
    """What was (or would be) done: rows with problems, the summary, then the findings, one line each."""
    from cockpit.importers.unused import describe as describe_unused
    from cockpit.services.importing import CREATE, SKIP, UPDATE

    problems = planned.problem_rows
    for row in problems[:MAX_LISTED]:
        print(f"  {row.where}: {' '.join(row.problems)}")
    if len(problems) > MAX_LISTED:
        print(f"  … and {len(problems) - MAX_LISTED} more rows with problems")
    if planned.count(SKIP) == len(planned.rows):
        return fail(f"{args.file.name}: no row could be imported (see the problems above).")
    changing = planned.count(CREATE) + planned.count(UPDATE)
    verb = "Would import" if args.dry_run else ("Imported" if changing else "Nothing to import")
    print(f"{verb}: {planned.summary()}.")
    if planned.new_people:
        print("New people: " + ", ".join(planned.new_people))
    for line in planned.lines(result.noun, status_hint=_status_hint,
                              pull_request_hint="--include-pull-requests imports them"):
        print(line)
    for line in describe_unused(result.unused):
        print(line)
    return 0
