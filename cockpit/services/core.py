"""The one way to change a plan.

Every service is one function = one transaction = one change-log row (in the
same transaction) = one returned ``Changes`` value. ``Changes`` carries a
before/after snapshot of every row the service touched, as plain frozen data,
so ``undo`` and ``redo`` are exact: an undone delete comes back with the same
primary key, and an undone change also removes its own change-log row, leaving
the file as it was.

Standard library only. The services read and write the plan's own connection through ``Tx``,
with the read model's records (``cockpit.snapshot``) as rows: what a service wrote is read back
through ``cockpit.reader``, so a row's snapshot in ``Changes`` is exactly what the views read.
Values are stored as the file format has always stored them: dates as ``YYYY-MM-DD``, moments
as UTC ``YYYY-MM-DD HH:MM:SS.ffffff``, flags as 0/1.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, TypeVar

from cockpit import clock
from cockpit import snapshot as snap
from cockpit.errors import CannotSave, Conflict, NotFound, ReadOnlyCycle, ValidationError
from cockpit.reader import R
from cockpit.reader import rows as read_rows
from cockpit.snapshot import PRIMARY_KEY, RECORDS, TABLE_OF, ChangeLogEntry, Release
from cockpit.store import Plan

Snapshot = tuple[tuple[str, Any], ...]
#: keys read per ``IN (...)`` query when many rows are checked or recorded at once
_CHUNK = 500
T = TypeVar("T")


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
        """The keys of the rows of ``table`` this change touched."""
        return frozenset(row.key for row in self.rows if row.table == table)

    def inverse(self) -> Changes:
        """The change that undoes this one (rows in reverse order, before and after swapped)."""
        rows = tuple(RowChange(r.table, r.key, r.after, r.before) for r in reversed(self.rows))
        return Changes(f"Undo {self.summary}", self.area, self.release_id, rows)


def snapshot(record: Any) -> Snapshot:
    """A record as (column, value) pairs, in the table's column order."""
    return tuple((f.name, getattr(record, f.name)) for f in fields(record))


def stored(value: Any) -> Any:
    """A value as the plan file stores it."""
    if isinstance(value, dt.datetime):
        moment = value.astimezone(dt.UTC) if value.tzinfo is not None else value
        return moment.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _in(keys: Sequence[Any]) -> str:
    return "(" + ", ".join("?" * len(keys)) + ")"


class Tx:
    """One open write transaction: reads rows as records and records every write so it can be inverted."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.rows: list[RowChange] = []

    # -- reading ------------------------------------------------------------------------------
    def find(self, record: type[R], where: str = "", args: Sequence[Any] = (), order: str = "id") -> tuple[R, ...]:
        """Rows of ``record``'s table (``where``: SQL over our own column names, ``?`` for ``args``)."""
        table = TABLE_OF[record]
        if order == "id":
            order = PRIMARY_KEY[table]
        return read_rows(self.conn, record, table, where, tuple(stored(a) for a in args), order)

    def first(self, record: type[R], where: str = "", args: Sequence[Any] = (), order: str = "id") -> R | None:
        """The first row that ``find`` would give, or None."""
        if order == "id":
            order = PRIMARY_KEY[TABLE_OF[record]]
        found = self.find(record, where, args, f"{order or 'rowid'} LIMIT 1")
        return found[0] if found else None

    def get(self, record: type[R], key: Any, what: str = "") -> R:
        """The row ``key``; ``NotFound`` (naming ``what``) when it no longer exists."""
        found = self.find(record, f"[{PRIMARY_KEY[TABLE_OF[record]]}] = ?", (key,), "") if key is not None else ()
        if not found:
            label = what or TABLE_OF[record].replace("_", " ")
            raise NotFound(f"That {label} no longer exists (undone or deleted).")
        return found[0]

    def setting(self, key: str) -> str | None:
        """The plan's stored value of a rule threshold (None: not set, the default applies)."""
        row = self.conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # -- writing ------------------------------------------------------------------------------
    def add(self, record: R) -> R:
        """Insert ``record`` (``id`` 0: the file gives it one) and record it as a new row; returns it as stored."""
        table = TABLE_OF[type(record)]
        pk = PRIMARY_KEY[table]
        values = {name: value for name, value in snapshot(record) if not (name == pk == "id" and not value)}
        cursor = self.conn.execute(
            f'INSERT INTO "{table}" ({", ".join(f"[{n}]" for n in values)}) VALUES {_in(list(values))}',
            [stored(v) for v in values.values()])
        key = values.get(pk, cursor.lastrowid)
        written = self.get(type(record), key)
        self.rows.append(RowChange(table, key, None, snapshot(written)))
        return written

    def update(self, record: R, **values: Any) -> R:
        """Set ``values`` on the row ``record`` and record it before and after (nothing when unchanged).

        Returns the row as it now is in the file; ``record`` itself is never changed (records are frozen).
        """
        table = TABLE_OF[type(record)]
        pk = PRIMARY_KEY[table]
        key = getattr(record, pk)
        before = self.get(type(record), key)
        wanted = replace(before, **values)
        if snapshot(wanted) == snapshot(before):
            return before
        self.conn.execute(f'UPDATE "{table}" SET {", ".join(f"[{n}] = ?" for n in values)} WHERE [{pk}] = ?',
                          [*(stored(v) for v in values.values()), key])
        after = self.get(type(record), key)
        if snapshot(after) != snapshot(before):
            self.rows.append(RowChange(table, key, snapshot(before), snapshot(after)))
        return after

    def delete(self, record: Any) -> None:
        """Delete the row ``record`` and record it as it was."""
        table = TABLE_OF[type(record)]
        pk = PRIMARY_KEY[table]
        before = self.get(type(record), getattr(record, pk))
        self.conn.execute(f'DELETE FROM "{table}" WHERE [{pk}] = ?', (getattr(record, pk),))
        self.rows.append(RowChange(table, getattr(record, pk), snapshot(before), None))

    def add_many(self, record: type, values: Sequence[Mapping[str, Any]]) -> None:
        """Insert many new rows, each a full set of column values with its key, in one statement.

        For bulk writes (an import of thousands of items) where one statement per row is too slow.
        The rows are written as given, so each snapshot is exactly what the file now holds.
        """
        if not values:
            return
        table = TABLE_OF[record]
        names = [f.name for f in fields(record)]
        plain = (str, int, float, type(None))
        seen: dict[tuple[type, Any], Any] = {}  # an import stamps every row with the same moment: convert it once

        def convert(value: Any) -> Any:
            if type(value) in plain:
                return value
            key = (type(value), value)
            if key not in seen:
                seen[key] = stored(value)
            return seen[key]

        self.conn.executemany(
            f'INSERT INTO "{table}" ({", ".join(f"[{n}]" for n in names)}) VALUES {_in(names)}',
            [[convert(row[name]) for name in names] for row in values])
        self.rows.extend(RowChange(table, row[PRIMARY_KEY[table]], None, tuple((n, row[n]) for n in names))
                         for row in values)

    def update_many(self, record: type, changes: Mapping[Any, Mapping[str, Any]]) -> None:
        """Set columns on many rows (key → new values, the same columns for every row) in one statement.

        Each row's current values are read first so its before/after snapshot is recorded exactly.
        """
        if not changes:
            return
        table = TABLE_OF[record]
        pk = PRIMARY_KEY[table]
        columns = sorted({name for values in changes.values() for name in values})
        unknown = set(columns) - {f.name for f in fields(record)}
        if unknown:
            raise ValidationError(f"“{sorted(unknown)[0]}” is not a column of {table.replace('_', ' ')}.")
        current = self.current(record, list(changes))
        params = []
        for key, values in changes.items():
            if key not in current:
                raise NotFound(f"That {table.replace('_', ' ')} no longer exists (undone or deleted).")
            before = current[key]
            after = tuple((name, values.get(name, value)) for name, value in before)
            new = dict(after)
            params.append([*(stored(new[name]) for name in columns), key])
            self.rows.append(RowChange(table, key, before, after))
        self.conn.executemany(f'UPDATE "{table}" SET {", ".join(f"[{n}] = ?" for n in columns)} WHERE [{pk}] = ?',
                              params)

    def new_keys(self, record: type, count: int) -> int:
        """The first of ``count`` new consecutive keys for rows of ``record``'s table, written with ``add_many``.

        A file gives the next integers after the largest key (as SQLite does); a team plan's connection
        (``new_keys``) takes them from the table's sequence, so a key is never given out twice.
        """
        table = TABLE_OF[record]
        reserve = getattr(self.conn, "new_keys", None)
        if reserve is not None:
            return int(reserve(table, count))
        return int(self.conn.execute(f'SELECT max([{PRIMARY_KEY[table]}]) FROM "{table}"').fetchone()[0] or 0) + 1

    def current(self, record: type, keys: Sequence[Any]) -> dict[Any, Snapshot]:
        """The rows ``keys`` as they are now, as snapshots by key (missing keys are absent)."""
        pk = PRIMARY_KEY[TABLE_OF[record]]
        current: dict[Any, Snapshot] = {}
        for at in range(0, len(keys), _CHUNK):
            chunk = keys[at:at + _CHUNK]
            found: Any
            for found in self.find(record, f"[{pk}] IN {_in(chunk)}", chunk, ""):
                current[getattr(found, pk)] = snapshot(found)
        return current


def live_release(tx: Tx, release_id: int) -> Release:
    """The release, checked to be the newest cycle (earlier cycles are read-only)."""
    release = tx.first(Release, "id = ?", (release_id,))
    if release is None:
        raise NotFound("That release no longer exists.")
    newest = tx.conn.execute("SELECT max(cycle) FROM release").fetchone()[0]
    if newest is not None and release.cycle < newest:
        raise ReadOnlyCycle(
            f"Cycle {release.cycle} ({release.name}) is finished and kept for the record: "
            "change the current cycle instead."
        )
    return release


def cannot_save(plan: Plan, exc: sqlite3.Error) -> CannotSave | None:
    """The plain words for a write the disk refused (full, read-only, gone), or None for another error."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    name = plan.path.name
    if code == sqlite3.SQLITE_FULL:
        return CannotSave("The disk is full", "Free some space and try again.")
    if code == sqlite3.SQLITE_READONLY:
        return CannotSave(f"The disk that holds {name} is read-only now",
                          "Save a copy somewhere you can write, and work on that.")
    if code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN) or not plan.still_there():
        where = "gone (was the USB stick pulled?)" if not plan.still_there() else "not writable"
        return CannotSave(f"The disk that holds {name} is {where}",
                          "Put it back and try again, or save a copy somewhere else.")
    return None


def _transaction(plan: Plan, work: Callable[[Tx], T]) -> T:
    """Run ``work`` in one write transaction on the plan's connection; any exception rolls it all back.

    A write the disk refuses (full, read-only, gone) raises ``CannotSave``: nothing of the change stays.
    """
    if not plan.still_there():
        raise plan.gone()
    conn = plan.raw
    try:
        conn.execute("BEGIN IMMEDIATE")  # take the write lock first, so a change never fails half-way on it
        result = work(Tx(conn))
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite rolled back already (e.g. a full disk); the first error is the one to tell
        if isinstance(exc, sqlite3.Error) and (plain := cannot_save(plan, exc)) is not None:
            raise plain from None
        raise
    plan.committed()
    return result


def change(
    plan: Plan,
    area: str,
    action: str | Callable[[T], str],
    work: Callable[[Tx], T],
    *,
    release_id: int | None,
    summary: str | Callable[[T], str],
    finish_line_move: bool | Callable[[T], bool] = False,
) -> Changes:
    """Run ``work`` in one transaction, log it in the same transaction, return its ``Changes``.

    ``work`` validates before it writes; any exception rolls everything back.
    """

    def logged(tx: Tx) -> Changes:
        if release_id is not None:
            live_release(tx, release_id)
        result = work(tx)
        text = summary(result) if callable(summary) else summary
        if not tx.rows:
            raise ValidationError("Nothing to change: it is already that way.")
        touched = touched_words((row.table, row.key) for row in tx.rows)
        refuse_conflicts(tx, plan, touched.split())
        moved = finish_line_move(result) if callable(finish_line_move) else finish_line_move
        kind = action(result) if callable(action) else action
        entry = tx.add(ChangeLogEntry(at=clock.now(), release_id=release_id, area=area, action=kind,
                                      summary=text[:500], finish_line_move=bool(moved), author=plan.author,
                                      touched=touched))
        plan.announce(tx.conn, text, entry.id)
        return Changes(text, area, release_id, tuple(tx.rows), result)

    done = _transaction(plan, logged)
    plan.mine().update(done.ids("change_log"))
    return done


#: beyond this many rows a change's log row names the tables it wrote (``scope_item:*``), not each row
TOUCHED_ROWS = 200


def touched_words(rows: Iterable[tuple[str, Any]]) -> str:
    """The ``touched`` text of a change-log row from the (table, key) of each row written: ``table:key`` per
    row, or ``table:*`` per table when a change wrote more than ``TOUCHED_ROWS`` rows (an import, a big
    move), which then overlaps any change to those tables."""
    pairs = list(rows)
    words = list(dict.fromkeys(f"{table}:{key}" for table, key in pairs))
    if len(words) > TOUCHED_ROWS:
        words = list(dict.fromkeys(f"{table}:*" for table, _ in pairs))
    return " ".join(words)


def _overlaps(mine: set[str], theirs: str) -> bool:
    """Whether two changes' ``touched`` words share a row (a ``table:*`` word shares every row of its table)."""
    their_words = theirs.split()
    if mine.intersection(their_words):
        return True
    wide_mine = {w[:-2] for w in mine if w.endswith(":*")}
    wide_theirs = {w[:-2] for w in their_words if w.endswith(":*")}
    return bool(wide_mine & _tables(their_words) or wide_theirs & _tables(mine))


def _tables(words: Iterable[str]) -> set[str]:
    return {word.split(":", 1)[0] for word in words}


def _when(entry: snap.ChangeLogEntry) -> str:
    at = entry.at.astimezone()
    today = clock.now().astimezone().date()
    return f"at {at:%H:%M}" if at.date() == today else f"on {at.day} {at:%B} at {at:%H:%M}"


def refuse_conflicts(tx: Tx, plan: Plan, touched: Sequence[str]) -> None:
    """Refuse a change that writes a row someone else changed after this window last showed the plan.

    On a shared plan (``plan.basis()`` is not None) every change since the screen was read, made by
    another window, is checked against the rows this one writes; the first that overlaps is named with
    who, when and what, and nothing is saved (``Conflict``). A file has one writer: nothing to check.
    """
    seen = plan.basis()
    if seen is None:
        return
    wanted = set(touched)
    mine = plan.mine()
    for entry in tx.find(snap.ChangeLogEntry, "id > ?", (seen,), "id DESC"):
        if entry.id in mine or not _overlaps(wanted, entry.touched):
            continue
        who = entry.author or "Someone else"
        raise Conflict(f"{who} changed this {_when(entry)} (“{entry.summary}”) after your screen last showed it. "
                       "Your change was not saved; the plan now shows theirs. Make it again if it still applies.")


def changed_by(tx: Tx, plan: Plan, table: str, key: Any, since: int = 0) -> str:
    """" by Ana Lopez at 14:02 (“Cut …”)": the latest change after log entry ``since`` (the change being
    undone) that wrote the row; " by a later change of yours" when that was this window's; or ""."""
    word = f"{table}:{key}"
    mine = plan.mine()
    for entry in tx.find(snap.ChangeLogEntry, "id > ? AND (touched LIKE ? OR touched LIKE ?)",
                         (since, f"%{word}%", f"%{table}:*%"), "id DESC"):
        if _overlaps({word}, entry.touched):
            if entry.id in mine:
                return " by a later change of yours (undo that first)"
            return f" by {entry.author or 'someone else'} {_when(entry)} (“{entry.summary}”)"
    return ""


def keep_record(plan: Plan, area: str, work: Callable[[Tx], T], *, release_id: int, summary: str) -> Changes:
    """Write what the plan keeps a record of but is no change to the plan: a reset session's clock and
    where it stands. One transaction, like ``change``, but no change-log row (plan stability counts
    changes to scope, dates and owners, not a clock) and not meant for the undo stack (Next is not a
    change to undo). The ``Changes`` returned tells the views to refresh.
    """

    def kept(tx: Tx) -> Changes:
        live_release(tx, release_id)
        result = work(tx)
        plan.announce(tx.conn, summary, None)
        return Changes(summary, area, release_id, tuple(tx.rows), result)

    return _transaction(plan, kept)


def read(plan: Plan, work: Callable[[Tx], T]) -> T:
    """Read through a ``Tx`` outside any change (a service's look-up before it decides what to change)."""
    return work(Tx(plan.raw))


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


def _apply(plan: Plan, rows: Iterable[Step], *, source: str, release_id: int | None, summary: str) -> set[int]:
    """Move each row from one state to the other, checking it is still as the change left it.

    Rows are handled in runs of the same table and kind of write: the current rows are read a few
    hundred keys at a time and written with one statement per run, so undoing a 10,000-row import
    takes a fraction of a second rather than seconds. The order of the runs is the change's order.

    On a shared plan the undo or redo is itself logged (area ``undo``, which no rule counts), with who
    did it and the rows it wrote, so another window's change built on what it replaced is refused like
    any other; returns that entry's id (none for a file, whose log stays exactly as before the change).
    """
    steps = list(rows)
    # the change's own log row: what was written to the row after it is what blocks it
    since = min((int(row.key) for row, _, _ in steps if row.table == "change_log"), default=0)

    def work(tx: Tx) -> set[int]:
        if release_id is not None:
            live_release(tx, release_id)
        for run in _runs(steps):
            table = run[0][0].table
            record = RECORDS[table]
            pk = PRIMARY_KEY[table]
            keys = [row.key for row, _, _ in run]
            current = tx.current(record, keys)
            for row, expected, _ in run:
                if current.get(row.key) != expected:
                    raise ValidationError(
                        f"Cannot {source}: the {row.table.replace('_', ' ')} was changed since"
                        f"{changed_by(tx, plan, row.table, row.key, since)}. Nothing was changed now."
                    )
            targets = [target for _, _, target in run]
            if targets[0] is None:
                tx.conn.executemany(f'DELETE FROM "{table}" WHERE [{pk}] = ?', [(k,) for k in keys])
                continue
            names = [name for name, _ in targets[0]]
            if run[0][1] is None:
                tx.conn.executemany(
                    f'INSERT INTO "{table}" ({", ".join(f"[{n}]" for n in names)}) VALUES {_in(names)}',
                    [[stored(value) for _, value in target] for target in targets if target is not None])
            else:
                columns = [n for n in names if n != pk]
                params = []
                for key, target in zip(keys, targets, strict=True):
                    assert target is not None  # a run of updates writes a new state for every row
                    values = dict(target)
                    params.append([*(stored(values[n]) for n in columns), key])
                tx.conn.executemany(
                    f'UPDATE "{table}" SET {", ".join(f"[{n}] = ?" for n in columns)} WHERE [{pk}] = ?', params)
        if plan.basis() is None:
            plan.announce(tx.conn, summary, None)
            return set()
        entry = tx.add(ChangeLogEntry(at=clock.now(), release_id=release_id, area="undo", action=source,
                                      summary=summary[:500], author=plan.author,
                                      touched=touched_words((row.table, row.key) for row, _, _ in steps)))
        plan.announce(tx.conn, summary, entry.id)
        return {entry.id}

    return _transaction(plan, work)


def undo(plan: Plan, changes: Changes) -> None:
    """Put every row back as it was before ``changes`` (one transaction).

    A row that something recorded since refers to (a reset session's clock kept in a cycle whose start
    is undone) cannot go: the undo is refused in plain words and nothing changes.
    """
    try:
        logged = _apply(plan, ((r, r.after, r.before) for r in reversed(changes.rows)), source="undo",
               release_id=changes.release_id, summary=f"Undo {changes.summary}")
        plan.mine().difference_update(changes.ids("change_log"))
        plan.mine().update(logged)
    except sqlite3.IntegrityError:
        raise ValidationError(f"Cannot undo “{changes.summary}”: something recorded since refers to it (a reset "
                              "session's record). Nothing was changed.") from None


def redo(plan: Plan, changes: Changes) -> None:
    """Apply ``changes`` again exactly as first made (one transaction)."""
    logged = _apply(plan, ((r, r.before, r.after) for r in changes.rows), source="redo",
                    release_id=changes.release_id, summary=f"Redo {changes.summary}")
    plan.mine().update(changes.ids("change_log") | logged)
