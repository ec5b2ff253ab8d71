"""The second reader's engine: a PostgreSQL connection that speaks the plan file's SQL.

The read model (``cockpit.reader``) and the services' writes (``cockpit.services.core.Tx``) are written
once, in the SQL a plan file understands, against a connection with ``execute``, ``executemany`` and
``in_transaction``. ``TeamConnection`` gives them the same on a psycopg 3 connection to a team plan's
schema, so the one reader and the one writer run unchanged on both engines. This module is the only
code that knows the two dialects differ:

* ``?`` placeholders become ``%s`` (and a literal ``%`` is doubled); ``[column]`` becomes ``"column"``.
* ``BEGIN IMMEDIATE`` (a write: SQLite takes the file's write lock first) becomes ``BEGIN`` plus the
  plan's transaction-scoped advisory lock, so the writers of one plan take turns exactly as they do on
  a file, and a service's reads inside its transaction see the latest committed state.
* A plain ``BEGIN`` (a read of a whole snapshot) becomes a repeatable-read transaction, so a snapshot is
  one consistent moment, and the highest change this connection has been shown is noted (``seen``).
* An insert that leaves out ``id`` gets the next one from the table's sequence (never one given out
  before, unlike SQLite's ``max(id) + 1``), and ``lastrowid`` as SQLite gives it; ``new_keys`` reserves
  many at once for a bulk insert.
* Waiting for another writer is limited (``lock_timeout``), and so is a transaction left open by a client
  that froze (``idle_in_transaction_session_timeout``): one stuck laptop never stops the team.
* ``rowid`` (SQLite's row order, used for "the first row") becomes ``ctid``.
* Errors become the ones the services already handle: a broken reference is ``sqlite3.IntegrityError``
  (undo explains it), a lost server or a refused write is ``CannotSave`` in plain words.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import psycopg
from psycopg import errors as pgerrors
from psycopg.pq import TransactionStatus

from cockpit.errors import CannotSave, ValidationError
from cockpit.snapshot import PRIMARY_KEY

_BRACKETED = re.compile(r"\[(\w+)\]")
_ROWID = re.compile(r"\browid\b")
_INSERT = re.compile(r'^\s*INSERT INTO "?(\w+)"?\s*\(([^)]*)\)\s*VALUES\s*(\(.*\))\s*$', re.S)


def translate(sql: str) -> str:
    """The plan file's SQL in PostgreSQL's dialect (placeholders, quoted names, row order).

    Text inside single quotes is a literal and is left as it is (only a ``%`` is doubled there, as psycopg
    wants).
    """
    parts = sql.split("'")
    for i, part in enumerate(parts):
        part = part.replace("%", "%%")
        if i % 2 == 0:  # outside quotes ('' inside a literal splits into an empty outside part: harmless)
            part = _ROWID.sub("ctid", _BRACKETED.sub(r'"\1"', part.replace("?", "%s")))
        parts[i] = part
    return "'".join(parts)


#: what the server says of a value it cannot store (a file would have stored it as it was)
_REFUSED_VALUES = (pgerrors.UntranslatableCharacter, pgerrors.CharacterNotInRepertoire,
                   pgerrors.InvalidTextRepresentation, pgerrors.NumericValueOutOfRange,
                   pgerrors.DatetimeFieldOverflow, pgerrors.StringDataRightTruncation,
                   pgerrors.InvalidDatetimeFormat)
#: how long a change waits for another window's change to finish before it is refused
WAIT_SECONDS = 10


def _plain(params: Sequence[Any]) -> tuple[Any, ...]:
    """Parameters as SQLite takes them: a flag is the number 0 or 1 (the flag columns are numbers)."""
    return tuple(int(p) if isinstance(p, bool) else p for p in params)


class SaveUnknown(CannotSave):
    """The connection broke while the server was committing a change: it may or may not be saved."""

    def __init__(self) -> None:
        super().__init__("The connection to the team plan's server was lost while it saved this change",
                         "It may or may not have been saved: once the connection is back the plan shows what the "
                         "server has, so look there before making it again.")
        self.args = (self.saying(""),)

    def saying(self, done: str) -> str:
        """The same words whatever the action: nobody can say whether it was done."""
        return f"{self.problem}. {self.advice}"


def lost_connection() -> CannotSave:
    """What a change is told when the server cannot be reached."""
    return CannotSave("The connection to the team plan's server is lost",
                      "Nothing is queued: what the server did not confirm is not saved. The window retries "
                      "and shows the plan as the server has it when the connection is back.")


class Result:
    """What ``execute`` returns: rows to fetch, and the key an insert was given (``lastrowid``)."""

    def __init__(self, rows: list[Any] | None, lastrowid: int | None = None) -> None:
        self._rows = rows or []
        self.lastrowid = lastrowid

    def fetchone(self) -> Any:
        """The next row, or None."""
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[Any]:
        """Every row not fetched yet."""
        rows, self._rows = self._rows, []
        return rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class TeamConnection:
    """A psycopg connection to one team plan's schema, with the interface ``reader`` and ``Tx`` use."""

    def __init__(self, conn: psycopg.Connection[Any], lock_key: int, *, lost: Callable[[], None] | None = None,
                 read_only: bool = False) -> None:
        self.pg = conn
        self.lock_key = lock_key
        #: the highest change-log id shown by the last snapshot read (``None``: nothing read yet)
        self.seen: int | None = None
        self.read_only = read_only
        self._lost = lost
        self._sql: dict[str, str] = {}
        #: when the call now waiting on the server began (None: none is), for telling a stall from a long change
        self.busy_since: float | None = None
        self._inserts: dict[str, tuple[str, bool] | None] = {}

    # -- sqlite3.Connection's interface ---------------------------------------------------------
    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open on the server (as ``sqlite3.Connection.in_transaction``)."""
        return self.pg.info.transaction_status not in (TransactionStatus.IDLE, TransactionStatus.UNKNOWN)

    def close(self) -> None:
        """Close the connection to the server."""
        self.pg.close()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        """Run one statement of the plan file's SQL on the server; its rows, if any, are fetched at once."""
        params = _plain(params)
        head = sql.lstrip()[:16].upper()
        if head.startswith("BEGIN"):
            return self._begin(write=head.startswith(("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE")))
        if head in ("COMMIT", "END"):
            try:
                self._run(lambda: self.pg.execute(head))
            except CannotSave as exc:
                if self.pg.closed or self.pg.broken:  # the server may have committed before the line broke
                    raise SaveUnknown() from exc
                raise
            return Result(None)
        if head == "ROLLBACK":
            if not (self.pg.closed or self.pg.broken):  # a lost server rolls back what it never committed
                self._run(lambda: self.pg.execute(head))
            return Result(None)
        insert = self._insert_plan(sql)
        if insert is not None:
            statement, needs_key = insert
            if needs_key:
                rows = self._run(lambda: self.pg.execute(statement, tuple(params)).fetchall())
                return Result(None, int(rows[0][0]))
            self._run(lambda: self.pg.execute(statement, tuple(params)))
            return Result(None)
        statement = self._translated(sql)

        def run() -> list[Any] | None:
            cursor = self.pg.execute(statement, tuple(params))
            return cursor.fetchall() if cursor.description is not None else None

        return Result(self._run(run))

    def executemany(self, sql: str, seq: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each set of parameters (one round of the pipeline, in order)."""
        insert = self._insert_plan(sql)
        statement = insert[0] if insert is not None else self._translated(sql)  # new keys: the sequence's
        params = [_plain(p) for p in seq]
        if not params:
            return

        def run() -> None:
            with self.pg.cursor() as cursor:
                cursor.executemany(statement, params)

        self._run(run)

    def fetch_all(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> list[list[Any]]:
        """The rows of each read, all sent at once (psycopg's pipeline: one round trip, not one per read)."""

        def run() -> list[list[Any]]:
            with self.pg.pipeline():
                cursors = []
                for sql, params in statements:
                    cursor = self.pg.cursor()
                    cursor.execute(self._translated(sql), _plain(params))
                    cursors.append(cursor)
            return [cursor.fetchall() for cursor in cursors]

        return list(self._run(run))

    # -- the dialect ------------------------------------------------------------------------------
    def _translated(self, sql: str) -> str:
        found = self._sql.get(sql)
        if found is None:
            found = self._sql[sql] = translate(sql)
        return found

    def _insert_plan(self, sql: str) -> tuple[str, bool] | None:
        """An insert as PostgreSQL runs it, and whether it is given the next key (None: not an insert)."""
        if sql in self._inserts:
            return self._inserts[sql]
        match = _INSERT.match(sql)
        plan: tuple[str, bool] | None = None
        if match is not None:
            table, columns, values = match.groups()
            names = [c.strip().strip("[]\"") for c in columns.split(",")]
            if PRIMARY_KEY.get(table) == "id" and "id" not in names:
                plan = (translate(f'INSERT INTO "{table}" ({columns}) VALUES {values} RETURNING [id]'), True)
            else:
                plan = (translate(sql), False)
        self._inserts[sql] = plan
        return plan

    def new_keys(self, table: str, count: int) -> int:
        """The first of ``count`` consecutive new keys from ``table``'s sequence (inside a write: under the lock)."""
        if count <= 0:
            return 0
        rows = self._run(lambda: self.pg.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (f'"{table}"', count)).fetchall())
        return int(rows[0][0])

    def _begin(self, *, write: bool) -> Result:
        def run() -> None:
            if write:
                if self.read_only:
                    raise CannotSave("This team plan is open read-only",
                                     "Your database role may only read it: ask its owner for a role that may write.")
                # one round trip: begin, wait at most WAIT_SECONDS for the writer before, take its turn
                self.pg.execute(f"BEGIN; SET LOCAL lock_timeout = '{WAIT_SECONDS}s'; "
                                f"SELECT pg_advisory_xact_lock({int(self.lock_key)})".encode())
            else:  # one round trip: begin the snapshot, and note the newest change it shows
                cursor = self.pg.execute(b'BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT max("id") FROM "change_log"')
                cursor.nextset()
                row = cursor.fetchone()
                self.seen = int(row[0]) if row and row[0] is not None else 0

        self._run(run)
        return Result(None)

    def _run(self, work: Callable[[], Any]) -> Any:
        """Run one call on the server, turning its errors into the ones the services handle."""
        self.busy_since = time.monotonic()
        try:
            return work()
        except pgerrors.IntegrityError as exc:
            raise sqlite3.IntegrityError(str(exc).splitlines()[0]) from None
        except pgerrors.LockNotAvailable:
            self._rollback_quietly()
            raise CannotSave(f"Someone else's change to this team plan has taken over {WAIT_SECONDS} seconds",
                             "Try again in a moment.") from None
        except pgerrors.InsufficientPrivilege:
            self._rollback_quietly()
            raise CannotSave("Your database role may not change this team plan",
                             "It is open read-only for you: ask its owner for a role that may write.") from None
        except _REFUSED_VALUES as exc:
            self._rollback_quietly()
            raise ValidationError(f"The server refused a value: {str(exc).splitlines()[0]}. "
                                  "Nothing was changed.") from None
        except (ValueError, psycopg.DataError) as exc:  # psycopg refuses a NUL character before sending it
            if "NUL" not in str(exc):
                if isinstance(exc, psycopg.Error):
                    self._rollback_quietly()
                    raise ValidationError(f"The server refused a value: {str(exc).splitlines()[0]}. "
                                          "Nothing was changed.") from None
                raise
            self._rollback_quietly()
            raise ValidationError("A text holds a NUL character, which a team plan cannot store. "
                                  "Nothing was changed.") from None
        except psycopg.OperationalError as exc:
            if self.pg.closed or self.pg.broken:
                if self._lost is not None:
                    self._lost()
                raise lost_connection() from None
            self._rollback_quietly()
            raise sqlite3.OperationalError(" ".join(str(exc).split())[:300]) from None
        except psycopg.Error as exc:  # anything else the server says: as SQLite's errors reach their callers
            self._rollback_quietly()
            raise sqlite3.DatabaseError(" ".join(str(exc).split())[:300]) from None
        finally:
            self.busy_since = None

    def _rollback_quietly(self) -> None:
        try:
            if not self.pg.closed and self.in_transaction:
                self.pg.execute("ROLLBACK")
        except psycopg.Error:
            pass
