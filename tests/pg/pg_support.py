"""The team-plan side of the tests (core, UI, end-to-end): a throw-away PostgreSQL server and plans published to it.

The test command (``tests/run.sh``) starts one server for the whole run and names it in
``COCKPIT_TEST_PG``; a run without it (``pytest tests/core`` by hand) starts its own here.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_names = itertools.count(1)


@contextmanager
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The test command's server, or a new one stopped when the block ends."""
    given = os.environ.get("COCKPIT_TEST_PG")
    if given:
        yield given
        return
    import cluster

    folder = Path(f"/tmp/cockpit-pg-{os.getpid()}")
    dsn = cluster.start(folder)
    try:
        yield dsn
    finally:
        cluster.stop(folder)


def admin(dsn: str):
    import psycopg

    return psycopg.connect(dsn, autocommit=True)


def plan_name() -> str:
    """A plan name no other test of this run uses."""
    return f"t{os.getpid()}_{next(_names)}"


@contextmanager
def team_copy(dsn: str, path: Path, name: str | None = None) -> Iterator:
    """The plan file at ``path`` published as a new team plan, open; dropped when the block ends."""
    from cockpit.reading import read_plan
    from cockpit.team.store import open_team_plan, publish

    name = name or plan_name()
    with read_plan(path) as source:
        address = publish(source, f"{dsn} plan={name}")
    opened = open_team_plan(address)
    try:
        yield opened
    finally:
        opened.close()
        with admin(dsn) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def folder_of(dsn: str) -> Path:
    """The cluster's folder (``tests/pg/cluster.py`` puts the socket, the certificates and the data there)."""
    from psycopg.conninfo import conninfo_to_dict

    return Path(str(conninfo_to_dict(dsn)["host"])).parent


def over_tcp(dsn: str, **params: str) -> str:
    """The same server reached over the TCP loopback, as another machine would reach it, plus ``params``."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    found = conninfo_to_dict(dsn)
    found["host"] = "localhost"
    found.update(params)
    return make_conninfo("", **found)
