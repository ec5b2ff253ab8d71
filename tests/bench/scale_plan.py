"""A plan with 100,000 scope items, built in a few seconds (for the scale benchmarks of issue 17).

The example plan is created through the services (``cockpit.example.create_example``); the items are
then added with one ``executemany`` on a plain ``sqlite3`` connection, in one transaction. Only for
benchmarks: the rows are what the services would write (valid kinds, lanes, statuses and risk areas,
owners who exist, a reason on every cut card, positions in lane order), the schema, the header
(``application_id``, ``user_version``) and the journal mode are left as they are, and the file is
checked afterwards (``quick_check`` and ``foreign_key_check``), so every command opens it as a
normal plan.

Usage as a script: ``.venv/bin/python tests/bench/scale_plan.py OUT.cockpit [--items 100000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import sys
from pathlib import Path

ITEMS = 100_000
TITLE_CHARS = 40
KINDS = ("feature", "fix", "edge case", "request", "feature", "fix", "polish", "refactor")
STATUSES = ("todo", "todo", "doing", "blocked", "done")
#: four lanes in the cycle: half the cards in the release, a quarter cut, a quarter parked
LANES = ("in release", "cut", "in release", "parked")
RISKS = ("", "", "", "billing/payments", "", "permissions", "", "data migration,several services")
ASKED_BY = ("customer", "support", "sales", "founder", "engineering", "product")


def title(n: int) -> str:
    """A title of exactly ``TITLE_CHARS`` characters, different for every ``n``."""
    text = f"Item {n:06d}: make the invoice flow faster"
    return (text + " " * TITLE_CHARS)[:TITLE_CHARS]


def add_items(path: Path, count: int = ITEMS, *, description_chars: int = 0) -> None:
    """Add ``count`` scope items to the newest cycle of the (closed) plan at ``path``."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        release_id = conn.execute("SELECT id FROM release ORDER BY cycle DESC, id DESC LIMIT 1").fetchone()[0]
        people = [row[0] for row in conn.execute("SELECT id FROM person ORDER BY id")] + [None]
        start = conn.execute("SELECT coalesce(max(position), 0) + 1024 FROM scope_item").fetchone()[0]
        added_at = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
        filler = ("Imported from the tracker; see the source link for the discussion. " * 40)[:description_chars]

        def rows():
            for n in range(count):
                lane = LANES[n % len(LANES)]
                yield (release_id, title(n), filler, KINDS[n % len(KINDS)], ASKED_BY[n % len(ASKED_BY)],
                       float(1 + n % 5) / (2 if n % 3 else 1), people[n % len(people)],
                       STATUSES[n % len(STATUSES)], lane, start + n * 1024, RISKS[n % len(RISKS)],
                       n % 11 != 0, n % 13 != 0, True, "Not this cycle" if lane == "cut" else "", False, "",
                       added_at, f"SCALE-{n}")

        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO scope_item (release_id, title, description, kind, asked_by, estimate_days, owner_id, "
            "status, lane, position, risk_areas, check_usable, check_owner_can_finish, check_testable, "
            "cut_reason, late_addition, late_reason, added_at, external_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
        conn.execute("COMMIT")
        problems = conn.execute("PRAGMA quick_check").fetchall() + conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems != [("ok",)]:
            raise RuntimeError(f"the scale plan is not valid: {problems[:5]}")
    finally:
        conn.close()


def build_scale_plan(path: Path, count: int = ITEMS, *, description_chars: int = 0,
                     today: dt.date | None = None) -> Path:
    """The example plan at ``path`` plus ``count`` scope items (40-character titles, mixed lanes,
    statuses, owners, risks and failed checks); returns ``path``."""
    from cockpit.example import create_example

    create_example(path, today=today).close()
    add_items(path, count, description_chars=description_chars)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--items", type=int, default=ITEMS)
    parser.add_argument("--description-chars", type=int, default=0)
    args = parser.parse_args()
    if args.out.exists():
        print(f"{args.out} exists", file=sys.stderr)
        return 2
    build_scale_plan(args.out, args.items, description_chars=args.description_chars)
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
