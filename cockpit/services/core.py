"""The one way to change a plan.

Every service is one function = one transaction = one change-log row (in the
same transaction) = one returned ``Changes`` value. ``Changes`` carries a
before/after snapshot of every row the service touched, as plain frozen data,
so ``undo`` and ``redo`` are exact: an undone delete comes back with the same
primary key, and an undone change also removes its own change-log row, leaving
the file as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlmodel import Session, SQLModel, col
from sqlmodel import select as sm_select

from cockpit import clock
from cockpit.errors import NotFound, ReadOnlyCycle, ValidationError
from cockpit.model import ChangeLogEntry, Release
from cockpit.store import Plan

Snapshot = tuple[tuple[str, Any], ...]
#: keys read per ``IN (...)`` query when many rows are checked or recorded at once
_CHUNK = 500
T = TypeVar("T")
M = TypeVar("M", bound=SQLModel)


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row before and after a change; ``None`` means the row did not exist."""

    table: str
    key: Any
    before: Snapshot | None
    after: Snapshot | None


@dataclass(frozen=True, slots=True)
class Changes:
    """What one service call changed: enough to tell views what to refresh, and to invert it."""

    summary: str
    area: str
    release_id: int | None
    rows: tuple[RowChange, ...] = ()
    result: Any = field(default=None, compare=False)

    @property
    def tables(self) -> frozenset[str]:
        """The tables this change touched."""
        return frozenset(row.table for row in self.rows)

    def ids(self, table: str) -> frozenset[Any]:
        """Keys of the rows of ``table`` this change touched."""
        return frozenset(row.key for row in self.rows if row.table == table)

    def inverse(self) -> Changes:
        """The change that undoes this one (rows swapped, in reverse order)."""
        rows = tuple(RowChange(r.table, r.key, r.after, r.before) for r in reversed(self.rows))
        return Changes(f"Undo {self.summary}", self.area, self.release_id, rows)


def snapshot(obj: SQLModel) -> Snapshot:
    """A row's values as plain (column, value) pairs in table column order."""
    table: Table = obj.__table__  # type: ignore[attr-defined]  # SQLModel adds __table__ at class creation; its stubs do not declare it
    return tuple((col.name, getattr(obj, col.name)) for col in table.columns)


def _key(obj: SQLModel) -> Any:
    table: Table = obj.__table__  # type: ignore[attr-defined]  # SQLModel adds __table__ at class creation; its stubs do not declare it
    pk = [getattr(obj, col.name) for col in table.primary_key.columns]
    return pk[0] if len(pk) == 1 else tuple(pk)


class Tx:
    """Records every write of a service so the change can be inverted exactly."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: list[RowChange] = []

    def add(self, obj: M) -> M:
        """Insert ``obj`` and record it as a new row."""
        self.session.add(obj)
        self.session.flush()
        self.rows.append(RowChange(obj.__tablename__, _key(obj), None, snapshot(obj)))  # type: ignore[arg-type]  # SQLModel declares __tablename__ as a declared_attr, a str at run time
        return obj

    def update(self, obj: M, **values: Any) -> M:
        """Set ``values`` on ``obj`` and record the row before and after (nothing when unchanged)."""
        before = snapshot(obj)
        for name, value in values.items():
            setattr(obj, name, value)
        after = snapshot(obj)
        if after != before:
            self.session.add(obj)
            self.session.flush()
            self.rows.append(RowChange(obj.__tablename__, _key(obj), before, after))  # type: ignore[arg-type]  # SQLModel declares __tablename__ as a declared_attr, a str at run time
        return obj

    def delete(self, obj: SQLModel) -> None:
        """Delete ``obj`` and record the row as it was."""
        before = snapshot(obj)
        self.session.delete(obj)
        self.session.flush()
        self.rows.append(RowChange(obj.__tablename__, _key(obj), before, None))  # type: ignore[arg-type]  # SQLModel declares __tablename__ as a declared_attr, a str at run time

    def add_many(self, model: type[SQLModel], records: Sequence[dict[str, Any]]) -> None:
        """Insert many new rows, each a full record with its key, in one statement; record each one.

        For bulk writes (an import of thousands of items) where one ORM flush per object is too slow.
        The records are written as given, so each snapshot is exactly what the file now holds.
        """
        if not records:
            return
        table: Table = model.__table__  # type: ignore[attr-defined]  # SQLModel sets it on table models
        (pk,) = table.primary_key.columns
        names = [col.name for col in table.columns]
        values = itemgetter(*names)
        self.session.connection().execute(insert(table), list(records))
        self.rows.extend(RowChange(table.name, record[pk.name], None, tuple(zip(names, values(record), strict=True)))
                         for record in records)

    def update_many(self, model: type[SQLModel], changes: Mapping[Any, Mapping[str, Any]]) -> None:
        """Set ``columns`` on many rows (key → new values, the same columns for every row) in one statement.

        Each row's current values are read first so its before/after snapshot is recorded exactly.
        """
        if not changes:
            return
        table: Table = model.__table__  # type: ignore[attr-defined]  # SQLModel sets it on table models
        (pk,) = table.primary_key.columns
        conn = self.session.connection()
        keys = list(changes)
        current: dict[Any, Snapshot] = {}
        for at in range(0, len(keys), _CHUNK):
            for found in conn.execute(select(table).where(pk.in_(keys[at:at + _CHUNK]))).mappings():
                current[found[pk.name]] = tuple((c.name, found[c.name]) for c in table.columns)
        columns = sorted({name for values in changes.values() for name in values})
        statement = update(table).where(pk == bindparam("b_key")).values(
            {name: bindparam(f"b_{name}") for name in columns})
        params = []
        for key, values in changes.items():
            if key not in current:
                raise NotFound(f"That {table.name.replace('_', ' ')} no longer exists (undone or deleted).")
            before = current[key]
            after = tuple((name, values.get(name, value)) for name, value in before)
            new = dict(after)
            params.append({"b_key": key, **{f"b_{name}": new[name] for name in columns}})
            self.rows.append(RowChange(table.name, key, before, after))
        conn.execute(statement, params)

    def get(self, model: type[M], key: Any, what: str = "") -> M:
        """The row ``key`` of ``model``; ``NotFound`` (naming ``what``) when it no longer exists."""
        obj = self.session.get(model, key)
        if obj is None:
            raise NotFound(f"That {what or model.__name__.lower()} no longer exists (undone or deleted).")
        return obj


def live_release(session: Session, release_id: int) -> Release:
    """The release, checked to be the newest cycle (earlier cycles are read-only)."""
    release = session.get(Release, release_id)
    if release is None:
        raise NotFound("That release no longer exists.")
    newest = session.exec(sm_select(Release.cycle).order_by(col(Release.cycle).desc())).first()
    if newest is not None and release.cycle < newest:
        raise ReadOnlyCycle(
            f"Cycle {release.cycle} ({release.name}) is finished and kept for the record: "
            "change the current cycle instead."
        )
    return release


def change(
    plan: Plan,
    area: str,
    action: str,
    work: Callable[[Tx], T],
    *,
    release_id: int | None,
    summary: str | Callable[[T], str],
    finish_line_move: bool | Callable[[T], bool] = False,
) -> Changes:
    """Run ``work`` in one transaction, log it in the same transaction, return its ``Changes``.

    ``work`` validates before it writes; any exception rolls everything back.
    """
    with plan.session() as session, session.begin():
        if release_id is not None:
            live_release(session, release_id)
        tx = Tx(session)
        result = work(tx)
        text = summary(result) if callable(summary) else summary
        if not tx.rows:
            raise ValidationError("Nothing to change: it is already that way.")
        tx.add(
            ChangeLogEntry(
                at=clock.now(),
                release_id=release_id,
                area=area,
                action=action,
                summary=text[:500],
                finish_line_move=bool(finish_line_move(result) if callable(finish_line_move) else finish_line_move),
            )
        )
        rows = tuple(tx.rows)
    plan.committed()
    return Changes(text, area, release_id, rows, result)


Step = tuple[RowChange, "Snapshot | None", "Snapshot | None"]


def _runs(steps: Iterable[Step]) -> Iterator[list[Step]]:
    """Consecutive steps on the same table with the same kind of write (and no key twice): batchable."""
    run: list[Step] = []
    seen: set[Any] = set()
    signature = None
    for step in steps:
        row, expected, target = step
        kind = "delete" if target is None else "insert" if expected is None else "update"
        if run and ((row.table, kind) != signature or row.key in seen):
            yield run
            run, seen = [], set()
        signature = (row.table, kind)
        run.append(step)
        seen.add(row.key)
    if run:
        yield run


def _apply(plan: Plan, rows: Iterable[Step], *, source: str, release_id: int | None) -> None:
    """Move each row from one state to the other, checking it is still as the change left it.

    Rows are handled in runs of the same table and kind of write: the current rows are read a few
    hundred keys at a time and written with one statement per run, so undoing a 10,000-row import
    takes a fraction of a second rather than seconds. The order of the runs is the change's order.
    """
    tables = SQLModel.metadata.tables
    if release_id is not None:
        with plan.session() as session:
            live_release(session, release_id)
    with plan.engine.begin() as conn:
        for run in _runs(rows):
            table = tables[run[0][0].table]
            (pk,) = table.primary_key.columns  # every table of the plan has a one-column key
            current: dict[Any, Snapshot] = {}
            keys = [row.key for row, _, _ in run]
            for at in range(0, len(keys), _CHUNK):
                for found in conn.execute(select(table).where(pk.in_(keys[at:at + _CHUNK]))).mappings():
                    current[found[pk.name]] = tuple((c.name, found[c.name]) for c in table.columns)
            for row, expected, _ in run:
                if current.get(row.key) != expected:
                    raise ValidationError(
                        f"Cannot {source}: the {row.table.replace('_', ' ')} was changed since. "
                        "Nothing was changed now."
                    )
            targets = [target for _, _, target in run]
            if targets[0] is None:
                conn.execute(delete(table).where(pk == bindparam("b_key")), [{"b_key": k} for k in keys])
            elif run[0][1] is None:
                inserts = []
                for target in targets:
                    assert target is not None  # a run of inserts writes a new state for every row
                    inserts.append(dict(target))
                conn.execute(insert(table), inserts)
            else:
                columns = [c for c in table.columns if c is not pk]
                statement = update(table).where(pk == bindparam("b_key")).values(
                    {c.name: bindparam(f"b_{c.name}") for c in columns})
                params = []
                for key, target in zip(keys, targets, strict=True):
                    assert target is not None  # a run of updates writes a new state for every row
                    params.append({"b_key": key, **{f"b_{name}": value for name, value in target
                                                    if name != pk.name}})
                conn.execute(statement, params)
    plan.committed()


def undo(plan: Plan, changes: Changes) -> None:
    """Put every row back as it was before ``changes`` (one transaction)."""
    _apply(plan, ((r, r.after, r.before) for r in reversed(changes.rows)), source="undo",
           release_id=changes.release_id)


def redo(plan: Plan, changes: Changes) -> None:
    """Apply ``changes`` again exactly as first made (one transaction)."""
    _apply(plan, ((r, r.before, r.after) for r in changes.rows), source="redo", release_id=changes.release_id)
