"""The ORM on an open plan's connection: the write path's only link to SQLAlchemy.

``cockpit.store`` stays free of SQLAlchemy so that opening and reading a plan never pays for it;
the services get their engine from here, made on first use (``store.Plan.engine``).
"""

from __future__ import annotations

import sqlite3
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
