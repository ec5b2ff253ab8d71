"""What the team-plan benchmarks share: a PostgreSQL server, plans published to it, the loopback address.

The server is ``COCKPIT_TEST_PG`` when set (the test command's, or a dev one), else a throw-away cluster
started here (``tests/pg/cluster.py``: Debian's server binaries, a temporary folder, a free port) and
stopped when the block ends, whatever happened.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for folder in (ROOT, HERE, ROOT / "tests" / "pg"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

#: the example's "today" the benchmarks build on (a Monday: the example's cycle starts that day)
TODAY = dt.date(2025, 3, 3)


@contextmanager
def server() -> Iterator[str]:
    """A superuser connection string: ``COCKPIT_TEST_PG``, or a new cluster stopped when the block ends."""
    given = os.environ.get("COCKPIT_TEST_PG")
    if given:
        print(f"server: COCKPIT_TEST_PG ({given})", flush=True)
        yield given
        return
    import cluster

    folder = Path(tempfile.mkdtemp(prefix="cockpit-bench-pg-"))
    dsn = cluster.start(folder)
    print(f"server: a throw-away cluster ({dsn})", flush=True)
    try:
        yield dsn
    finally:
        cluster.stop(folder)


def server_version(dsn: str) -> str:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


def loopback(dsn: str) -> str:
    """The same server over TCP on 127.0.0.1 (the cluster listens on its Unix socket and the loopback)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(dsn)
    params["host"] = "127.0.0.1"
    return make_conninfo("", **params)


def plan_name(what: str) -> str:
    """A plan name no other run uses (the database may be shared with other benchmarks and tests)."""
    return f"bench_{what}_{os.getpid()}"


def example_file(path: Path, items: int = 0) -> Path:
    """The example plan (no history) at ``path``, plus ``items`` scope items (``scale_plan.add_items``)."""
    from cockpit.example import create_example

    create_example(path, today=TODAY, history=False).close()
    if items:
        from scale_plan import add_items

        add_items(path, items)
    return path


def publish_file(dsn: str, path: Path, name: str):
    """The plan file at ``path`` published as team plan ``name``; returns its ``Address``."""
    from cockpit.reading import read_plan
    from cockpit.team.store import publish

    with read_plan(path) as source:
        return publish(source, f"{dsn} plan={name}")


def drop(dsn: str, name: str) -> None:
    """Remove team plan ``name`` from the server."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
