"""``cockpit publish PLAN ADDRESS`` and ``cockpit copy ADDRESS PATH``: move a plan between a file and a team plan.

Publishing makes a new team plan on a PostgreSQL server from a plan file, verified row for row before it
commits (``cockpit.team.store.publish``). Copying writes a team plan as it is now to a new ``.cockpit`` file,
verified row for row (``cockpit.team.store.copy_to_file``). Neither merges: a copy is a snapshot.
Passwords come from libpq (``PGPASSWORD``, ``~/.pgpass``); the command line never asks for one.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from ui.cli.common import (
    EXIT_USAGE,
    PLAN_HELP,
    TeamAddress,
    fail,
    is_team_address,
    plan_argument,
    read_from_plan,
    saying_team_errors,
)

ADDRESS_HELP = ("the team plan's address: a libpq URI or connection string, the plan named by plan=NAME "
                "(postgresql://HOST/DB?plan=NAME, 'host=H dbname=DB plan=NAME', 'service=S plan=NAME')")


def register(sub: argparse._SubParsersAction) -> None:
    p_pub = sub.add_parser(
        "publish", help="make a new team plan on a PostgreSQL server from a plan file (then every command's "
                                  "PLAN may be its address)",
        description="Publish a plan file as a new team plan on a PostgreSQL server, where several people work "
                    "on it at once: the plan's own schema, every row, compared row for row with the file before "
                    "it counts. A plan of that name already on the server is never touched. Without plan=NAME "
                    "the file's name names the plan. The password comes from PGPASSWORD or ~/.pgpass.")
    p_pub.add_argument("path", metavar="PLAN", type=plan_argument, help=PLAN_HELP)
    p_pub.add_argument("address", metavar="ADDRESS", help=ADDRESS_HELP)
    p_pub.set_defaults(run=run_publish)

    p_copy = sub.add_parser(
        "copy", help="copy a team plan to a new plan file (a snapshot)",
        description="Write a team plan as it is now to a new plan file (.cockpit), compared row for row with "
                    "the team plan before it counts; never overwrites a file. The copy is a snapshot: later "
                    "changes to the team plan are not in it, and changes to the copy are never merged back.")
    p_copy.add_argument("address", metavar="ADDRESS", type=plan_argument, help=ADDRESS_HELP)
    p_copy.add_argument("out", metavar="PATH", type=Path, help="the new plan file (e.g. atlas.cockpit)")
    p_copy.set_defaults(run=run_copy)


@saying_team_errors
def run_publish(args: argparse.Namespace) -> int:
    from cockpit.team.address import parse
    from cockpit.team.store import publish

    text: str = args.address
    if not is_team_address(text):
        return fail(f"{text} is not a team plan's address: give postgresql://HOST/DB?plan=NAME or a libpq "
                    "connection string such as 'host=HOST dbname=DB plan=NAME'.")
    target = parse(text)  # a bad address is refused before the plan is read
    address = read_from_plan(args.path, lambda plan: publish(plan, target))
    if address is None:
        return EXIT_USAGE
    print(f"Published {args.path.name} as the team plan {address.label()}.")
    print(f"Address: {address.shown}")
    print(f"Open it with: cockpit open {shlex.quote(address.shown)}")
    return 0


@saying_team_errors
def run_copy(args: argparse.Namespace) -> int:
    import datetime as dt

    from cockpit.team.store import TeamPlan, copy_to_file

    source = args.address
    out: Path = args.out
    if not isinstance(source, TeamAddress):
        return fail(f"{source} is not a team plan's address: copy takes postgresql://HOST/DB?plan=NAME or a libpq "
                    "connection string (to copy a plan file, copy the file).")
    if out.suffix != ".cockpit":
        return fail(f"{out.name}: plan files end in .cockpit (try {out.with_suffix('.cockpit')}).")
    if out.exists() or out.is_symlink():
        return fail(f"{out} already exists: pick another name (nothing was overwritten).")
    if not out.parent.is_dir():
        return fail(f"the folder {out.parent} does not exist.")

    def copy(plan: object) -> str:
        assert isinstance(plan, TeamPlan)  # open_for_reading opens an address as a team plan
        copy_to_file(plan, out)
        return plan.path.name

    label = read_from_plan(source, copy)
    if label is None:
        return EXIT_USAGE
    moment = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    print(f"Copied the team plan {label} to {out}.")
    print(f"It is a snapshot as of {moment}: later changes to the team plan are not in it, and changes to the "
          "copy are never merged back.")
    return 0
