"""The ``cockpit`` command: the app, and the headless subcommands.

Only the standard library is imported before the arguments are read, so
``cockpit --help`` is instant and the window paints before SQLAlchemy loads.
Every failure the user can cause ends with exit status 2 and one line on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from ui.cli.common import EXIT_USAGE, fail


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


class _Version(argparse.Action):
    """Looks the version up only when asked (package metadata costs ~40 ms at start-up)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from cockpit import __version__

        print(f"Release Cockpit {__version__}")
        parser.exit(0)


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    """The full parser; ``with_commands=False`` registers only ``open`` (the app's start-up path)."""
    import importlib

    from ui.cli import COMMANDS

    parser = _Parser(
        prog="cockpit",
        description="Release Cockpit: cut a late release to its smallest useful scope, put one name on every "
                    "decision, rehearse rollback and print a one-page brief. With no command, opens the app "
                    "on the last plan you used (or a new example plan on first run).",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p_open = sub.add_parser("open", help="open the app on a plan file or a team plan",
                            description="Open the app on a plan file (.cockpit) or on a team plan on a PostgreSQL "
                                        "server (a libpq connection string or URI naming it with plan=NAME, e.g. "
                                        "postgresql://db.example.com/plans?plan=atlas).")
    # kept as typed: Path("postgresql://host/db") would fold the URI's "//"
    p_open.add_argument("path", metavar="PATH", help="the plan file, or the team plan's address")
    for name in COMMANDS if with_commands else ():
        importlib.import_module(name).register(sub)
    return parser


def _gui_target(command: str | None, path: str | Path | None) -> tuple[Path | str, bool]:
    """The plan the app should open (a file, or a team plan's address when that was the last one opened)
    and whether it must be created (first run)."""
    from cockpit import paths, recent

    if command == "open":
        assert path is not None
        return Path(path), False
    last = recent.last_opened()
    if last is not None:
        return last, False
    default = paths.default_plan_path()
    return default, not default.exists()


def _as_desktop_apps_do(argv: list[str]) -> list[str] | int:
    """``cockpit PLAN`` means ``cockpit open PLAN`` (as a file manager calls it); a near-miss of a
    command name gets the right one suggested. Returns the arguments to parse, or an exit status."""
    if not argv or argv[0].startswith("-") or argv[0] == "open":
        return argv
    word = argv[0]
    looks_like_plan = (_team_address(word) or Path(word).suffix.lower() == ".cockpit" or os.sep in word
                       or Path(word).is_file())
    if looks_like_plan and len(argv) == 1:
        return ["open", word]
    parser = build_parser()
    commands = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if word in commands:
        return argv
    if looks_like_plan:
        return fail(f"to open {word}, give it alone (cockpit {word}) or use a command: "
                    f"cockpit COMMAND {word} … (see cockpit --help).")
    import difflib

    near = difflib.get_close_matches(word, list(commands), n=1, cutoff=0.6)
    hint = f" Did you mean: cockpit {near[0]} {' '.join(argv[1:])}".rstrip() + "?" if near else ""
    return fail(f"{word!r} is neither a command nor a plan file ({', '.join(commands)}).{hint}")


def _team_address(text: str) -> bool:
    """Whether ``text`` names a team plan (a PostgreSQL URI or connection string) rather than a file."""
    if text.startswith("-") or Path(text).is_file():
        return False
    from cockpit.team.address import looks_like_address

    return looks_like_address(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cockpit`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    meant = _as_desktop_apps_do(argv)
    if isinstance(meant, int):
        return meant
    argv = meant
    # Starting the app (no arguments, or "open PATH") needs only a small parser: ~12 ms sooner on screen.
    opening = not argv or (len(argv) == 2 and argv[0] == "open" and not argv[1].startswith("-"))
    parser = build_parser(with_commands=not opening)
    args = parser.parse_args(argv)
    from cockpit.errors import CockpitError

    try:
        run = getattr(args, "run", None)
        if run is not None:
            return run(args)
        given = getattr(args, "path", None)
        if args.command == "open" and given is not None and _team_address(given):
            from cockpit.team.address import parse

            try:
                parse(given)  # a readable error, before any window, for an address libpq cannot read
            except ValueError as exc:  # urllib's own refusal (a broken [IPv6] host)
                return fail(f"That is not a PostgreSQL address: {exc}.")
            if (missing := no_display()) is not None:
                return fail(missing)
            from ui.app import run_gui

            return run_gui(None, team=given)
        target, create = _gui_target(args.command, given)
        if isinstance(target, str):  # the last plan opened was a team plan: open it again
            if (missing := no_display()) is not None:
                return fail(missing)
            from ui.app import run_gui

            return run_gui(None, team=target)
    except CockpitError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "))
    except KeyboardInterrupt:
        return 130
    if (missing := no_display()) is not None:
        return fail(missing)
    problem = None
    if not create:
        from cockpit.fileformat import precheck

        try:
            precheck(target)
        except CockpitError as exc:
            if args.command == "open":
                return fail(str(exc))
            # Started from a menu on the last plan: show the window and say what is wrong there.
            problem = str(exc)
    from ui.app import run_gui

    return run_gui(None if problem else target, create=create, problem=problem)


def no_display(environ: dict[str, str] | None = None) -> str | None:
    """Why the window cannot be shown here (no desktop session), or None when it can (or cannot be told).

    Without this, Qt aborts with its list of platform plugins and exit status 134.
    """
    env = dict(os.environ) if environ is None else environ
    if not sys.platform.startswith("linux") or env.get("QT_QPA_PLATFORM") or env.get("WAYLAND_DISPLAY"):
        return None
    display = env.get("DISPLAY", "")
    why = ("no display found: the app needs a desktop session. check, brief, progress, record, export, calendar, "
           "import, publish and copy work without one (see cockpit --help).")
    if not display:
        return why
    if display.startswith(":"):  # a local X server listens on its socket; a remote one cannot be checked cheaply
        import socket

        number = display[1:].split(".")[0]
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(1.0)
            sock.connect(f"/tmp/.X11-unix/X{number}")
        except OSError:
            return f"the display {display} does not answer: {why.split(': ', 1)[1]}"
        finally:
            sock.close()
    return None


if __name__ == "__main__":
    sys.exit(main())
