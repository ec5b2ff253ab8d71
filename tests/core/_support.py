"""Plain helpers shared by the core tests (no fixtures, no Qt)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sqlite3
import struct
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "tests" / "data"
FIXED_TODAY = dt.date(2026, 11, 16)
PYTHON = sys.executable


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def header_int(path: Path, offset: int) -> int:
    """A big-endian 4-byte field of the SQLite header, read without SQLite."""
    with Path(path).open("rb") as fh:
        fh.seek(offset)
        return struct.unpack(">i", fh.read(4))[0]


def user_version(path: Path) -> int:
    return header_int(path, 60)


def application_id(path: Path) -> int:
    return header_int(path, 68) & 0xFFFFFFFF


@contextlib.contextmanager
def plain_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection (no app safety switches), always closed."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def sidecars(path: Path) -> list[str]:
    """Journal or WAL files SQLite may leave beside a database."""
    return sorted(p.name for p in Path(path).parent.iterdir()
                  if p.name.startswith(Path(path).name + "-"))


def table_names() -> list[str]:
    from sqlmodel import SQLModel

    import cockpit.model  # noqa: F401  (registers the tables)

    return sorted(SQLModel.metadata.tables)


def dump_conn(conn: sqlite3.Connection, *, undo_log: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model table, ordered by primary key, as stored.

    ``undo_log=False`` leaves out the change log's record of undos and redos (area ``undo``), which only a
    team plan keeps: without them, a team plan after an undo is exactly as it was before the change.
    """
    from sqlmodel import SQLModel

    out: dict[str, list[tuple[Any, ...]]] = {}
    for name in table_names():
        table = SQLModel.metadata.tables[name]
        order = ", ".join(col.name for col in table.primary_key.columns)
        where = " WHERE area <> 'undo'" if name == "change_log" and not undo_log else ""
        out[name] = conn.execute(f'SELECT * FROM "{name}"{where} ORDER BY {order}').fetchall()
    return out


def dump(plan: Any) -> dict[str, list[tuple[Any, ...]]]:
    """``dump_conn`` of an open plan; a team plan's record of undos and redos is left out (see there)."""
    return dump_conn(plan.raw, undo_log=getattr(plan, "engine", "file") != "team")


def count(plan: Any, table: str, where: str = "") -> int:
    sql = f'SELECT count(*) FROM "{table}"' + (f" WHERE {where}" if where else "")
    return plan.raw.execute(sql).fetchone()[0]


def subprocess_env(home: Path) -> dict[str, str]:
    """Environment for a child Python that imports ``cockpit`` from the source tree."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["COCKPIT_HOME"] = str(home)
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("QT_QPA_PLATFORM", None)
    return env


# -- the example plan (cockpit.example with FIXED_TODAY) -------------------------------------------------
# people ids; scope items 1-10 are in the release, 11-13 cut, 14-16 parked
MAYA, TOM, PRIYA, LARS, ANA = 1, 2, 3, 4, 5
START = FIXED_TODAY
TARGET = dt.date(2026, 12, 10)


def refused(plan: Any, error: type[Exception], match: str, call: Any) -> Exception:
    """``call()`` raises exactly ``error`` (message matching ``match``) and writes nothing at all."""
    import pytest

    before = dump(plan)
    log_rows = count(plan, "change_log")
    with pytest.raises(error, match=match) as info:
        call()
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    assert count(plan, "change_log") == log_rows
    assert dump(plan) == before
    return info.value
