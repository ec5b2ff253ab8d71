"""The ORM on an open plan's connection, for the tests: an independent way to read and write the file.

The app never imports this module (an import-linter contract says so): it reads through
``cockpit.reader`` and writes through ``cockpit.services.core.Tx``, both standard library. The
tests use the SQLModel tables of ``cockpit.model`` to cross-check what those two wrote, and to
set up states no service makes (``session(plan)``, ``read(plan)``).
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from cockpit.model import TABLES

_ = TABLES  # importing the tables registers them on SQLModel.metadata


def engine_for(raw: sqlite3.Connection) -> Engine:
    """An engine whose one connection is ``raw`` (the plan's own, holding its lock)."""
    engine = create_engine("sqlite://", creator=lambda: raw, poolclass=StaticPool)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # pysqlite's own BEGIN handling is off (isolation_level=None); take the
        # write lock at the start so a transaction never fails half-way on it.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def new_session(engine: Engine) -> Session:
    """A session whose objects stay usable after commit (no expiry): services hand them to ``Changes``."""
    return Session(engine, expire_on_commit=False)


_engines: weakref.WeakKeyDictionary[Any, Engine] = weakref.WeakKeyDictionary()


def session(plan: Any) -> Session:
    """A new session on the open ``plan``'s own connection (objects stay usable after commit)."""
    engine = _engines.get(plan)
    if engine is None:
        engine = _engines[plan] = engine_for(plan.raw)
    return new_session(engine)


@contextmanager
def read(plan: Any) -> Iterator[Session]:
    """A session for reading the open ``plan``, closed when the block ends."""
    with session(plan) as opened:
        yield opened
