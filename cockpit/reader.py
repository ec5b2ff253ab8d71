"""The one reader: an open SQLite connection to a plan → a ``cockpit.snapshot.Cycle``.

This is the only code that knows how rows are fetched for reading. The app (through the open
plan's own connection, ``Plan.raw``) and the command line (through ``cockpit.reading``) both
come here, and neither loads SQLAlchemy for it. A second storage engine needs a second reader
with the same functions, and nothing else.

Columns are selected by the record's field names, so a record never depends on the order of
a table's columns. A value this version cannot read (a date that is not a date) raises
``DamagedPlanFile`` with a line naming the table and the column.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import typing
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any, ClassVar, Protocol, TypeVar

from cockpit import snapshot as snap
from cockpit.errors import DamagedPlanFile
from cockpit.fileformat import undecodable


class _Record(Protocol):
    """A dataclass, as ``dataclasses.fields`` wants it: every record of ``cockpit.snapshot`` is one."""

    __dataclass_fields__: ClassVar[dict[str, Any]]


R = TypeVar("R", bound=_Record)


def _day(value: Any) -> dt.date:
    if type(value) is dt.date:  # a driver that gives dates as dates (a team plan's)
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _moment(value: Any) -> dt.datetime:
    moment = value if type(value) is dt.datetime else dt.datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


_CONVERT: dict[Any, Callable[[Any], Any]] = {
    dt.date: _day, dt.datetime: _moment, bool: bool, float: float, int: int, str: _text,
}
#: record type → (SELECT column list, per-column converter or None, whether each column may be NULL)
_Plan = tuple[str, tuple[tuple[Callable[[Any], Any] | None, bool], ...]]
_plans: dict[type, _Plan] = {}
#: record type → a function that builds a record from one fetched row (conversions inlined)
_makers: dict[type, Callable[[Sequence[Any]], Any]] = {}


def _plan_for(record: type) -> _Plan:
    if record not in _plans:
        hints = typing.get_type_hints(record)
        columns = []
        converters = []
        for f in fields(record):
            hint = hints[f.name]
            args = typing.get_args(hint)
            optional = type(None) in args
            base = next((a for a in args if a is not type(None)), hint) if optional else hint
            # brackets: an unknown name is an error, never a string. Text is cast in SQLite (free for text):
            # a blob another tool stored in a text column must not reach a report as bytes.
            columns.append(f"CAST([{f.name}] AS TEXT)" if base is str else f"[{f.name}]")
            converters.append((_CONVERT.get(base), optional))
        _plans[record] = (", ".join(columns), tuple(converters))
    return _plans[record]


def _maker_for(record: type) -> Callable[[Sequence[Any]], Any]:
    """One generated function per record type: ``record(name=convert(row[i]), ...)`` with no loop per value.

    Reading a 1,000-item cycle is the app's hot path (start-up, every refresh); a loop over converters
    per value took about three times as long. Text passes through (the schema makes it text).
    """
    if record not in _makers:
        _, converters = _plan_for(record)
        # The records are frozen, slotted dataclasses: each slot is set through its descriptor on a bare
        # instance, which skips the frozen __init__'s per-field object.__setattr__ (a third of the time).
        env: dict[str, Any] = {"_new": object.__new__, "record": record, "_day": _day, "_moment": _moment}
        lines = ["def make(r):", "    o = _new(record)"]
        for i, (f, (convert, optional)) in enumerate(zip(fields(record), converters, strict=True)):
            name = {_day: "_day", _moment: "_moment", bool: "bool", float: "float", int: "int"}.get(
                convert, "") if convert is not None else ""
            value = f"r[{i}]" if not name else f"{name}(r[{i}])"
            if name and optional:
                value = f"(None if r[{i}] is None else {value})"
            env[f"_set{i}"] = record.__dict__[f.name].__set__
            lines.append(f"    _set{i}(o, {value})")
        lines.append("    return o")
        source = "\n".join(lines) + "\n"
        exec(source, env)  # our own field names and converters only: no text from a file goes in here
        _makers[record] = env["make"]
    return _makers[record]


def _row_slowly(record: type, table: str, row: Sequence[Any]) -> Any:
    """One row, value by value, naming the column whose value this version cannot read."""
    _, converters = _plan_for(record)
    names = [f.name for f in fields(record)]
    values = list(row)
    for i, (convert, optional) in enumerate(converters):
        value = values[i]
        if value is None:
            if not optional and convert is not None:
                raise DamagedPlanFile(f"The plan holds a value this version cannot read: {table}.{names[i]} "
                                      "is empty.")
            continue
        if convert is not None:
            try:
                values[i] = convert(value)
            except (ValueError, TypeError):
                raise DamagedPlanFile(f"The plan holds a value this version cannot read: {table}.{names[i]} "
                                      f"is {str(value)[:40]!r}.") from None
    return record(**dict(zip(names, values, strict=True)))


def rows(conn: sqlite3.Connection, record: type[R], table: str, where: str = "", args: Sequence[Any] = (),
         order: str = "id") -> tuple[R, ...]:
    """Rows of one of the plan's tables as ``record`` values (table and column names are ours).

    A value this version cannot read raises ``DamagedPlanFile`` naming the table and the column.
    """
    return _made(record, table, fetch(conn, _select(record, table, where, order), args))


def _select(record: type, table: str, where: str, order: str) -> str:
    columns, _ = _plan_for(record)
    return f'SELECT {columns} FROM "{table}"' + (f" WHERE {where}" if where else "") + (
        f" ORDER BY {order}" if order else "")


def _made(record: type[R], table: str, fetched: Sequence[Sequence[Any]]) -> tuple[R, ...]:
    make = _maker_for(record)
    out = []
    for row in fetched:
        try:
            out.append(make(row))
        except (ValueError, TypeError):
            out.append(_row_slowly(record, table, row))  # raises the message naming the column
    return tuple(out)


#: what ``rows`` is asked for: (record, table, where, args, order)
Query = tuple[type, str, str, Sequence[Any], str]


def rows_many(conn: sqlite3.Connection, queries: Sequence[Query]) -> list[tuple[Any, ...]]:
    """``rows`` for each query, in order. A connection that can send them all at once (a team plan's
    ``fetch_all``, one round trip to its server) does; a file's connection reads them one by one."""
    statements = [(_select(record, table, where, order), tuple(args)) for record, table, where, args, order in queries]
    fetch_all = getattr(conn, "fetch_all", None)
    results = fetch_all(statements) if fetch_all is not None else [fetch(conn, sql, args) for sql, args in statements]
    return [_made(query[0], query[1], result) for query, result in zip(queries, results, strict=True)]


def fetch(conn: sqlite3.Connection, sql: str, args: Sequence[Any] = ()) -> list[Any]:
    """Every row of ``sql``; text another tool wrote that is not UTF-8 comes back with U+FFFD.

    SQLite's fast decoding is kept until a read fails on such text; then the connection (a
    ``fileformat.PlanConnection``) replaces bad bytes from then on, and the read is run again.
    """
    try:
        return conn.execute(sql, tuple(args)).fetchall()
    except sqlite3.OperationalError as exc:
        repair = getattr(conn, "repair_text", None)
        if repair is None or not undecodable(exc):
            raise
        repair()
        return conn.execute(sql, tuple(args)).fetchall()


def settings(conn: sqlite3.Connection) -> dict[str, str]:
    """The plan's stored rule values (key → text)."""
    return dict(fetch(conn, "SELECT key, value FROM setting"))


def live_release_id(conn: sqlite3.Connection) -> int | None:
    """The newest cycle's release: the one the app edits (None in a plan with no release)."""
    row = conn.execute("SELECT id FROM release ORDER BY cycle DESC, id DESC LIMIT 1").fetchone()
    return None if row is None else int(row[0])


def read_cycles(conn: sqlite3.Connection) -> tuple[snap.Release, ...]:
    """Every cycle's release, oldest first."""
    return rows(conn, snap.Release, "release", order="cycle, id")


def read_cycle(conn: sqlite3.Connection, release_id: int, source: str = "") -> snap.Cycle:
    """The snapshot of cycle ``release_id``, read in one transaction; ``LookupError`` if it is gone."""
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")  # one consistent read, whatever the isolation level of the connection
    try:
        return _read_cycle(conn, release_id, source)
    finally:
        if began and conn.in_transaction:
            conn.execute("COMMIT")


def _read_cycle(conn: sqlite3.Connection, release_id: int, source: str) -> snap.Cycle:
    cycles = read_cycles(conn)
    release = next((r for r in cycles if r.id == release_id), None)
    if release is None:
        raise LookupError("release gone")
    mine = "release_id = ?"
    at = (release_id,)
    by_position = "position, id"
    queries: dict[str, Query] = {
        "people": (snap.Person, "person", "", (), "name, id"),
        "settings": (snap.Setting, "setting", "", (), "key"),
        "roles": (snap.RoleAssignment, "role_assignment", mine, at, "id"),
        "items": (snap.ScopeItem, "scope_item", mine, at, by_position),
        "tasks": (snap.ReleaseTask, "release_task", mine, at, by_position),
        "milestones": (snap.Milestone, "milestone", mine, at, "id"),
        "check_ins": (snap.CheckIn, "check_in", mine, at, "day, id"),
        "blockers": (snap.Blocker, "blocker", mine, at, "raised_on, id"),
        "every_blocker": (snap.Blocker, "blocker", "", (), "raised_on, id"),
        "triggers": (snap.RollbackTrigger, "rollback_trigger", mine, at, by_position),
        "kit": (snap.StableKit, "stable_kit", mine, at, "id"),
        "steps": (snap.RunbookStep, "runbook_step", mine, at, by_position),
        "drills": (snap.RollbackDrill, "rollback_drill", mine, at, "started_at, id"),
        "reviews": (snap.GoNoGoReview, "go_no_go_review", mine, at, "reviewed_at DESC, id DESC"),
        "note": (snap.StakeholderNote, "stakeholder_note", mine, at, "id"),
        "remediation": (snap.RemediationNote, "remediation_note", mine, at, "id"),
        "retro_entries": (snap.RetroEntry, "retro_entry", mine, at, "id"),
        "changes": (snap.ChangeLogEntry, "change_log", mine, at, "id"),
        "sessions": (snap.ResetSession, "reset_session", mine, at, "started_at, id"),
        "parking": (snap.ParkingEntry, "parking_entry", mine, at, "added_at, id"),
        "commitment": (snap.FreezeCommitment, "freeze_commitment", mine, at, "id"),
        "progress_notes": (snap.ProgressNote, "progress_note", mine, at, "week, id"),
    }
    read: dict[str, Any] = dict(zip(queries, rows_many(conn, list(queries.values())), strict=True))
    read["settings"] = {s.key: s.value for s in read["settings"]}
    for single in ("kit", "note", "remediation"):  # one row per cycle, or none
        read[single] = next(iter(read[single]), None)
    return snap.Cycle(release=release, cycles=cycles, source=source, **read)


def read_plan(conn: sqlite3.Connection, source: str = "") -> tuple[snap.Cycle, ...]:
    """Every cycle of the plan as snapshots, oldest first (the retrospective and the export look across them).

    Reading every cycle is not what the window shows of the plan (that is ``read_cycle`` of the cycle on
    screen), so a team plan's connection keeps the basis its changes are checked against (``seen``).
    """
    seen = getattr(conn, "seen", None)
    try:
        return tuple(read_cycle(conn, r.id, source) for r in read_cycles(conn))
    finally:
        if seen is not None:
            setattr(conn, "seen", seen)  # noqa: B010 - a file's connection has no such attribute


def change_log(conn: sqlite3.Connection) -> tuple[snap.ChangeLogEntry, ...]:
    """The whole change log, including entries of no cycle (plan rules, people), oldest first."""
    return rows(conn, snap.ChangeLogEntry, "change_log")


def read_live(plan: Any, release_id: int | None = None) -> snap.Cycle:
    """The snapshot of ``release_id`` (default: the newest cycle) of an open plan or plan reader.

    ``plan`` is anything with a ``raw`` sqlite3 connection and a ``path`` (``store.Plan``,
    ``reading.PlanReader``).
    """
    if release_id is None:
        release_id = live_release_id(plan.raw)
        if release_id is None:
            raise DamagedPlanFile(f"{plan.path.name} has no release in it.")
    return read_cycle(plan.raw, release_id, plan.path.name)
