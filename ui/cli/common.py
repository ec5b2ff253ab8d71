"""Helpers shared by the subcommands."""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_USAGE = 2


def fail(message: str) -> int:
    """One readable line on stderr; exit status 2."""
    print(f"cockpit: {message}", file=sys.stderr)
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
