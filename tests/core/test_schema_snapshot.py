"""``cockpit/migrations/schema.py`` is exactly the schema the model writes.

Every opened plan file is compared with that snapshot (object for object), by the app and by the
command line's SQLAlchemy-free reader, so it must never drift from the model. After a change to
``cockpit/model.py`` (which also needs a migration step), rewrite it with
``COCKPIT_WRITE_SCHEMA=1 .venv/bin/python -m pytest -p no:pytest-qt tests/core/test_schema_snapshot.py``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import cockpit.model  # noqa: F401  (registers the tables)
from cockpit import fileformat, migrations
from cockpit.migrations import schema

SNAPSHOT = Path(schema.__file__)


def model_objects() -> list[tuple[str, str, str]]:
    engine = create_engine("sqlite://")
    SQLModel.metadata.create_all(engine)
    with engine.connect() as conn:
        raw: sqlite3.Connection = conn.connection.dbapi_connection  # type: ignore[assignment]
        rows = raw.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                           "ORDER BY rowid").fetchall()
    engine.dispose()
    # Tables in the order they are created; indexes by name (SQLAlchemy creates them in set order).
    return [r for r in rows if r[0] == "table"] + sorted(r for r in rows if r[0] != "table")


def render(objects: list[tuple[str, str, str]]) -> str:
    lines = [line for line in (schema.__doc__ or "").strip().splitlines()]
    out = ['"""' + lines[0], *lines[1:], '"""', "", f"FORMAT = {migrations.LATEST}", "",
           "#: (type, name, SQL) of every table (in the order they are created) and index",
           "OBJECTS: tuple[tuple[str, str, str], ...] = ("]
    for kind, name, sql in objects:
        pretty = sql.replace(" \n", "\n").replace("\n\t", "\n        ").replace("\n)", "\n    )")
        out.append(f'    ("{kind}", "{name}",\n     """{pretty}"""),')
    out.append(")")
    return "\n".join(out) + "\n"


def test_the_snapshot_is_the_models_schema() -> None:
    objects = model_objects()
    if os.environ.get("COCKPIT_WRITE_SCHEMA") == "1":
        SNAPSHOT.write_text(render(objects), encoding="utf-8")
    expected = {(kind, name, fileformat.normalise_sql(sql)) for kind, name, sql in objects}
    assert fileformat.expected_schema() == expected, (
        f"{SNAPSHOT} differs from cockpit/model.py: rewrite it (see this test's docstring)")
    assert schema.FORMAT == migrations.LATEST
    assert SNAPSHOT.read_text(encoding="utf-8") == render(objects)


@pytest.mark.file_only("SQLite's own schema table (a team plan's structure: tests/core/test_team.py)")
def test_a_plan_file_has_exactly_the_snapshot(plan) -> None:
    assert fileformat.schema_of(plan.raw) == fileformat.expected_schema()
