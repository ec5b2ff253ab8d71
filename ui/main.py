"""The ``cockpit`` command: the app, and the headless subcommands.

Only the standard library is imported before the arguments are read, so
``cockpit --help`` is instant and the window paints before SQLAlchemy loads.
Every failure the user can cause ends with exit status 2 and one line on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    from cockpit import __version__

    parser = _Parser(
        prog="cockpit",
        description="Release Cockpit: cut a late release to its smallest useful scope, put one name on every "
                    "decision, rehearse rollback and print a one-page brief. With no command, opens the app "
                    "on the last plan you used (or a new example plan on first run).",
    )
    parser.add_argument("--version", action="version", version=f"Release Cockpit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p_open = sub.add_parser("open", help="open the app on a plan file",
                            description="Open the app on a plan file (.cockpit).")
    p_open.add_argument("path", metavar="PATH", type=Path, help="the plan file")

    p_new = sub.add_parser("new", help="create a plan file", description="Create a new plan file; never "
                           "overwrites an existing file.")
    p_new.add_argument("path", metavar="PATH", type=Path, help="where to create it (e.g. acme.cockpit)")
    p_new.add_argument("--example", action="store_true",
                       help="fill it with the example plan (a five-person startup's release)")

    p_export = sub.add_parser("export", help="export a plan", description="Export the whole plan, every "
                              "cycle, as JSON with stable keys.")
    p_export.add_argument("path", metavar="PATH", type=Path, help="the plan file")
    p_export.add_argument("--json", dest="json_out", metavar="OUT", required=True,
                          help="where to write the JSON ('-' for standard output)")
    return parser


def _fail(message: str) -> int:
    print(f"cockpit: {message}", file=sys.stderr)
    return EXIT_USAGE


def _cmd_new(path: Path, example: bool) -> int:
    from cockpit import example as example_plan

    if path.exists():
        return _fail(f"{path} already exists: pick another name (nothing was overwritten).")
    if path.suffix != ".cockpit":
        return _fail(f"{path.name}: plan files end in .cockpit (try {path.with_suffix('.cockpit')}).")
    if not path.parent.is_dir():
        return _fail(f"the folder {path.parent} does not exist.")
    maker = example_plan.create_example if example else example_plan.new_empty
    maker(path).close()
    print(f"Created {path}" + (" with the example plan." if example else "."))
    return 0


def _cmd_export(path: Path, out: str) -> int:
    from cockpit.reports.export import export_json
    from cockpit.store import open_plan

    with open_plan(path) as plan:
        text = export_json(plan)
    if out == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    target = Path(out)
    if target.is_dir():
        return _fail(f"{target} is a folder: give a file name for the JSON.")
    tmp = target.with_name(f".{target.name}.part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    print(f"Exported {path.name} to {target}")
    return 0


def _gui_target(command: str | None, path: Path | None) -> tuple[Path, bool]:
    """The plan the app should open and whether it must be created (first run)."""
    from cockpit import paths, recent

    if command == "open":
        assert path is not None
        return path, False
    last = recent.last_opened()
    if last is not None:
        return last, False
    default = paths.default_plan_path()
    return default, not default.exists()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cockpit`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    from cockpit.errors import CockpitError

    try:
        if args.command == "new":
            return _cmd_new(args.path, args.example)
        if args.command == "export":
            return _cmd_export(args.path, args.json_out)
        target, create = _gui_target(args.command, getattr(args, "path", None))
    except CockpitError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
    except KeyboardInterrupt:
        return 130
    problem = None
    if not create:
        from cockpit.fileformat import precheck

        try:
            precheck(target)
        except CockpitError as exc:
            if args.command == "open":
                return _fail(str(exc))
            # Started from a menu on the last plan: show the window and say what is wrong there.
            problem = str(exc)
    from ui.app import run_gui

    return run_gui(None if problem else target, create=create, problem=problem)



if __name__ == "__main__":
    sys.exit(main())
