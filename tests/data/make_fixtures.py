"""Regenerate the plan-file fixture of the current format: ``plan-format-N.cockpit``.

Run from the repository root::

    .venv/bin/python tests/data/make_fixtures.py            # writes the fixture if missing
    .venv/bin/python tests/data/make_fixtures.py --force    # rebuilds it

A fixture of a *released* format is frozen: it stands for files people already
have, and tests/core/test_migrations.py migrates every one of them. Only use
``--force`` for the format that has not been released yet. The example is built
with a fixed "today" (Monday 2026-11-16) so its dates never move; moments such
as ``added_at`` still carry the time the fixture was made.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIXED_TODAY = dt.date(2026, 11, 16)


def build(target: Path) -> None:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COCKPIT_HOME"] = str(Path(tmp) / "home")  # never the real user folders
        from cockpit.example import create_example

        made = Path(tmp) / target.name
        create_example(made, today=FIXED_TODAY, history=False).close()
        leftovers = [p.name for p in Path(tmp).iterdir() if p.name.startswith(made.name + "-")]
        if leftovers:
            raise SystemExit(f"SQLite left {leftovers} beside the plan: not a self-contained file.")
        shutil.copyfile(made, target)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from cockpit.store import SCHEMA_VERSION

    target = HERE / f"plan-format-{SCHEMA_VERSION}.cockpit"
    if target.exists() and "--force" not in argv:
        print(f"{target.name} exists; fixtures of released formats are frozen (use --force to rebuild it).")
        return 1
    build(target)
    print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
