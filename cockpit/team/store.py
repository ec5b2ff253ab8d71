"""Open, publish and copy team plans: a plan in its own schema on a PostgreSQL server (psycopg 3).

The second store beside ``cockpit.store``. A ``TeamPlan`` is a ``store.Plan`` whose ``raw`` is a
``TeamConnection``: the services, the one reader, undo, every report and the command line use it as they
use a file. What only a shared plan does lives here:

* **Opening** checks the schema is a Release Cockpit plan (its comment names the format), that its tables
  and columns are the ones this version writes, and upgrades an older one in one transaction. A role that
  may only read the tables opens the plan read-only, and says so.
* **Writing** is one transaction per change, the writers of a plan taking turns on an advisory lock; a
  change is refused when it writes a row another window changed after this window last read the plan
  (``services.core.refuse_conflicts``), and every change is announced (``NOTIFY``) with who made it.
* **Publishing** a file makes a new team plan, row for row, and **copying** a team plan makes a file:
  both verified row for row before they count, both all or nothing. A copy is a snapshot, never merged.

Nothing is created outside the plan's schema; no superuser is needed (publishing needs ``CREATE`` on the
database, working on a plan needs rights on its tables only).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import psycopg
from psycopg import errors as pgerrors
from psycopg import sql as pgsql

from cockpit import reader
from cockpit.errors import (
    CannotSave,
    CockpitError,
    DamagedPlanFile,
    NeedsPassword,
    NewerPlanFile,
    NotAPlanFile,
    PlanFileError,
)
from cockpit.migrations import LATEST
from cockpit.snapshot import PRIMARY_KEY, RECORDS
from cockpit.store import Plan, begin_new_file
from cockpit.team import schema
from cockpit.team.address import Address, parse
from cockpit.team.sql import TeamConnection, lost_connection

#: what this app calls itself on the server (``pg_stat_activity``)
APPLICATION = "release-cockpit"
#: how long a request over TCP may wait for the server's acknowledgement before the connection counts as lost
STALL_MS = 8000


def lock_key(plan: str) -> int:
    """The advisory-lock key the writers of team plan ``plan`` take turns on (64-bit, from its name)."""
    return int.from_bytes(hashlib.sha1(f"release-cockpit:{plan}".encode()).digest()[:8], "big", signed=True)


def channel(plan: str) -> str:
    """The ``LISTEN``/``NOTIFY`` channel of team plan ``plan``."""
    return f"cockpit_{plan}"[:63]


def connect(address: Address, password: str | None = None, *, timeout: int = 10) -> psycopg.Connection[Any]:
    """A psycopg connection to the server (autocommit: the reader and ``Tx`` begin their own transactions).

    Raises ``NeedsPassword`` when the server asks for a password libpq does not have, and
    ``PlanFileError`` with the server's own words for anything else (no such host, database or role).
    """
    conninfo = address.with_password(password) if password else address.conninfo
    try:
        # keepalives find a silent server while nothing is sent; tcp_user_timeout while a request waits for
        # its answer (a paused server, a dead VPN): either way the call fails in seconds, never hangs
        conn = psycopg.connect(conninfo, autocommit=True, connect_timeout=timeout, application_name=APPLICATION,
                               keepalives=1, keepalives_idle=5, keepalives_interval=2, keepalives_count=3,
                               tcp_user_timeout=STALL_MS)
    except psycopg.OperationalError as exc:
        said = " ".join(str(exc).split())
        if "no password supplied" in said or ("password authentication failed" in said and not password):
            raise NeedsPassword(f"The server of {address.label()} asks for a password.") from None
        reason = said.split("FATAL:", 1)[-1].strip() if "FATAL:" in said else said
        raise PlanFileError(f"Cannot open {address.label()}: {reason[:300]}") from None
    return conn


def plans_in(conn: psycopg.Connection[Any]) -> list[tuple[str, int]]:
    """Every team plan in the connection's database: (name, format), by name."""
    rows = conn.execute(
        "SELECT nspname, obj_description(oid, 'pg_namespace') FROM pg_namespace ORDER BY nspname").fetchall()
    return [(name, fmt) for name, text in rows if (fmt := schema.format_of(text)) is not None]


class TeamPath(type(Path())):  # type: ignore[misc]  # mypy cannot take the concrete Path class from a call
    """The local path that stands for a team plan where the app wants a file's path: ``name`` is the plan's
    label ("atlas on plans at db"), ``stem`` its name, ``parent`` the folder copies and exports go to."""

    label = ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TeamPath) and other.label == self.label and str(other) == str(self)

    def __hash__(self) -> int:
        return hash((self.label, str(self)))

    @property
    def suffix(self) -> str:
        """No file suffix: a team plan is not a file."""
        return ""

    def exists(self, **_how: bool) -> bool:
        """A team plan is never a file on this computer."""
        return False

    def with_segments(self, *segments: Any) -> Path:
        """Paths made from this one (its folder, a sibling) are ordinary paths."""
        return Path(*segments)

    @property
    def name(self) -> str:
        """The plan's label, where a file would show its name."""
        return self.label or super().name

    @property
    def stem(self) -> str:
        """The plan's name, for the names of copies and exports."""
        return Path(str(self)).stem

    def with_suffix(self, suffix: str) -> Path:
        """A file in the copies' folder named after the plan, with ``suffix``."""
        return Path(str(self)).with_suffix(suffix)


class TeamPlan(Plan):
    """An open team plan. ``raw`` is its ``TeamConnection``; ``address`` where it lives (no password)."""

    engine = "team"

    def __init__(self, address: Address, conn: TeamConnection, *, author: str, password: str | None) -> None:
        path = TeamPath(address.stands_for(Path.home()))
        path.label = address.label()
        # no backup folder: a team plan's backups are its server's, not this laptop's
        super().__init__(path, cast(sqlite3.Connection, conn), backup_dir=None)
        self.address = address
        self.team = conn
        self.author = author
        self.read_only = conn.read_only
        #: a token naming this window in its announcements, so it can tell its own changes from others'
        self.client = uuid.uuid4().hex[:12]
        self._password = password

    # -- the hooks of store.Plan ------------------------------------------------------------------
    def basis(self) -> int | None:
        """The newest change the last snapshot read here showed (set by each read, and at open)."""
        return self.team.seen

    def announce(self, conn: object, summary: str, change_id: int | None) -> None:
        """``NOTIFY`` the plan's channel in the change's transaction: delivered when (and if) it commits."""
        payload = json.dumps({"client": self.client, "author": self.author, "summary": summary[:300],
                              "change": change_id}, ensure_ascii=False)
        self.team.execute("SELECT pg_notify(?, ?)", (channel(self.address.plan or ""), payload))

    def break_connection(self, waited: float = 0.0) -> None:
        """Fail what the window is waiting for on a server that stopped answering (see ``break_socket``), if
        its call has waited at least ``waited`` seconds: a change that is merely long is left to finish."""
        since = self.team.busy_since
        if since is not None and time.monotonic() - since >= waited:
            break_socket(self.team.pg)

    def gone(self) -> CannotSave:
        """The connection is lost: what a change is told then."""
        return lost_connection()

    def still_there(self) -> bool:
        """Whether the connection to the server is still up."""
        return not (self.team.pg.closed or self.team.pg.broken)

    def save_copy(self, dest: Path, *, overwrite: bool = False) -> Path:
        """A verified ``.cockpit`` file of the plan as it is now (a snapshot: it is never merged back)."""
        return copy_to_file(self, Path(dest), overwrite=overwrite)

    def close(self) -> None:
        """Close the connection; the plan stays on the server as it is."""
        if self.closed:
            return
        self.closed = True
        self.team.close()

    # -- the connection -----------------------------------------------------------------------------
    def reconnect(self) -> None:
        """Connect again after the server was lost (``PlanFileError`` while it is still away)."""
        conn = connect(self.address, self._password, timeout=3)
        self._configure(conn)
        old = self.team
        self.team = TeamConnection(conn, old.lock_key, lost=old._lost, read_only=old.read_only)
        self.team.seen = old.seen  # the screen still shows the plan as it was: the next read moves this on
        self._raw = cast(sqlite3.Connection, self.team)
        try:
            old.close()
        except psycopg.Error:
            pass

    def _configure(self, conn: psycopg.Connection[Any]) -> int:
        """Point ``conn`` at the plan's schema; returns the newest change's id (0: none), in the same round trip."""
        # The server side's limits: a client that froze inside a change, or vanished without closing, loses its
        # session (and the writers' turn it holds) instead of holding up the team.
        statement = pgsql.SQL(
            "SET search_path TO {}; SET idle_in_transaction_session_timeout = '60s'; "
            "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3; "
            "SELECT max(id) FROM change_log").format(pgsql.Identifier(self.address.plan or ""))
        cursor = conn.execute(statement)
        while cursor.nextset():  # to the last statement's result
            pass
        row = cursor.fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def listener(self) -> Listener:
        """A second connection that waits for other windows' announcements (``Listener.wait``)."""
        conn = connect(self.address, self._password, timeout=3)
        return Listener(conn, channel(self.address.plan or ""), self.client)


def break_socket(conn: psycopg.Connection[Any]) -> None:
    """Shut a connection's socket down from any thread, so a call blocked on a server that stopped answering
    fails at once (as if the server had gone) instead of waiting for ever."""
    try:
        fd = conn.pgconn.socket
    except psycopg.Error:
        return
    try:
        with socket.socket(fileno=os.dup(fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class Listener:
    """Other windows' changes to one team plan, as they are committed (``LISTEN``)."""

    def __init__(self, conn: psycopg.Connection[Any], name: str, client: str) -> None:
        self.conn = conn
        self.client = client
        conn.execute(pgsql.SQL("LISTEN {}").format(pgsql.Identifier(name)))

    def alive(self, deadline: float = 5.0, stalled: Callable[[], None] | None = None) -> None:
        """Ask the server something; raises ``psycopg.OperationalError`` when it is lost, or when it has not
        answered within ``deadline`` seconds (a paused server, a dead VPN: nothing ever comes back). Then
        ``stalled`` is called first (``TeamPlan.break_connection``: the window's own call fails too)."""

        def give_up() -> None:
            if stalled is not None:
                stalled()
            break_socket(self.conn)

        watchdog = threading.Timer(deadline, give_up)
        watchdog.daemon = True
        watchdog.start()
        try:
            self.conn.execute("SELECT 1").fetchone()
        finally:
            watchdog.cancel()

    def wait(self, timeout: float) -> list[dict[str, Any]]:
        """The announcements of other windows that arrive within ``timeout`` seconds (maybe none).

        Raises ``psycopg.OperationalError`` when the server is lost.
        """
        out = [notice.payload for notice in self.conn.notifies(timeout=timeout, stop_after=1)]
        if out:  # take whatever else has arrived with it, without waiting again
            out += [notice.payload for notice in self.conn.notifies(timeout=0)]
        found = []
        for payload in out:
            try:
                said = json.loads(payload)
            except ValueError:
                continue
            if isinstance(said, dict) and said.get("client") != self.client:
                found.append(said)
        return found

    def close(self) -> None:
        """Close the connection; the plan stays on the server as it is."""
        self.conn.close()


def _author(role: str, author: str | None) -> str:
    """Who this window's changes are by: the name given, else ``COCKPIT_AUTHOR``, else the database role."""
    if author and author.strip():
        return author.strip()[:80]
    named = os.environ.get("COCKPIT_AUTHOR", "").strip()
    return named[:80] if named else role


def _columns(table: str) -> list[str]:
    from dataclasses import fields

    return [f.name for f in fields(RECORDS[table])]


#: what opening needs to know of a schema, in one round trip: its comment, whether this role may write
#: every table, its tables' columns in order, and who this role is
_FACTS = """SELECT obj_description(n.oid, 'pg_namespace'),
    (SELECT coalesce(bool_and(has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE')
                              AND has_table_privilege(c.oid, 'DELETE')), false)
       FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind = 'r')
    AND (SELECT coalesce(bool_and(has_sequence_privilege(c.oid, 'USAGE')), true)
       FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind = 'S'),
    (SELECT array_agg(c.relname || '.' || a.attname ORDER BY c.relname, a.attnum)
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = n.oid AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped),
    current_user,
    has_schema_privilege(n.oid, 'USAGE')
    AND (SELECT coalesce(bool_and(has_table_privilege(c.oid, 'SELECT')), false)
       FROM pg_class c WHERE c.relnamespace = n.oid AND c.relkind = 'r')
  FROM pg_namespace n WHERE n.nspname = %s"""


def _expected_columns() -> list[str]:
    return [f"{table}.{column}" for table in sorted(RECORDS) for column in _columns(table)]


def open_team_plan(text: str | Address, *, password: str | None = None, author: str | None = None,
                   lost: Callable[[], None] | None = None, read_only: bool = False) -> TeamPlan:
    """Open the team plan at ``text`` (a libpq connection string or URI, ``plan=NAME`` naming the plan).

    Without ``plan=`` the database's only plan is opened. Refusals are ``PlanFileError``s in plain words:
    no such plan, not a Release Cockpit plan, made by a newer version, a damaged structure. Opening a
    plan of this version's format takes three round trips: connect, what the schema is, where it starts.

    ``read_only`` (a command that only reads): the server refuses any write in the session, and an older
    plan is refused rather than upgraded.
    """
    address = text if isinstance(text, Address) else parse(text)
    conn = connect(address, password)
    if read_only:
        conn.execute("SET default_transaction_read_only = on")
    try:
        if address.plan is None:
            plans = dict(plans_in(conn))
            if len(plans) != 1:
                names = ", ".join(sorted(plans)) or "none"
                raise PlanFileError(f"Name the plan to open with plan=NAME: this database holds {len(plans)} team "
                                    f"plans ({names}).")
            address = address.with_plan(next(iter(plans)))
        name = address.plan or ""
        found = conn.execute(cast(Any, _FACTS), (name,)).fetchone()
        version = schema.format_of(found[0]) if found else None
        if found is None or version is None:
            if found is not None:
                raise NotAPlanFile(f"The schema {name} in this database is not a Release Cockpit plan.")
            plans = dict(plans_in(conn))
            raise PlanFileError(f"There is no team plan called {name} in this database"
                                + (f" (it holds: {', '.join(sorted(plans))})." if plans else "."))
        _comment, writable, columns, role, readable = found
        if not readable:
            raise PlanFileError(
                f"Your database role ({role}) may not read the team plan {name}. Its owner can let it with: GRANT "
                f"USAGE ON SCHEMA {name} TO {role}; GRANT SELECT ON ALL TABLES IN SCHEMA {name} TO {role}; and, to "
                f"let it change the plan too: GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {name} TO "
                f"{role}; GRANT USAGE ON ALL SEQUENCES IN SCHEMA {name} TO {role}.")
        if version > LATEST:
            raise NewerPlanFile(f"The team plan {name} was made by a newer Release Cockpit (format {version}; this "
                                f"version reads up to {LATEST}). Update Release Cockpit to open it.")
        if version < LATEST:
            if read_only:
                raise PlanFileError(f"The team plan {name} has an older format ({version}): open it once in the app "
                                    "(with a role that may change it) to upgrade it, then read it here.")
            if not writable:
                raise PlanFileError(f"The team plan {name} has an older format ({version}) and your role may only "
                                    "read it: someone who may change it has to open it once first.")
            upgrade(conn, name, version)
            again = conn.execute(cast(Any, _FACTS), (name,)).fetchone()
            columns = again[2] if again else None
        if list(columns or []) != _expected_columns():
            raise DamagedPlanFile(f"The team plan {name} does not have the structure of a Release Cockpit plan "
                                  f"(format {LATEST}): refused.")
        team = TeamConnection(conn, lock_key(name), lost=lost, read_only=read_only or not writable)
        plan = TeamPlan(address, team, author=_author(str(role), author), password=password)
        team.seen = plan._configure(conn)  # what is about to be shown: the plan as it is at open
        plan.upgraded_from = version if version < LATEST else None
        return plan
    except BaseException:
        conn.close()
        raise


def upgrade(conn: psycopg.Connection[Any], name: str, version: int,
            steps: dict[int, tuple[str, ...]] | None = None, latest: int = LATEST) -> None:
    """Raise team plan ``name`` from ``version`` to ``latest`` in one transaction (all or nothing)."""
    steps = schema.STEPS if steps is None else steps
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (lock_key(name),))
        conn.execute(pgsql.SQL("SET LOCAL search_path TO {}").format(pgsql.Identifier(name)))
        while version < latest:
            if version not in steps:
                raise PlanFileError(f"The team plan {name} has format {version}, which this version cannot upgrade.")
            for statement in steps[version]:
                conn.execute(cast(Any, statement))
            version += 1
        conn.execute(pgsql.SQL("COMMENT ON SCHEMA {} IS {}").format(
            pgsql.Identifier(name), pgsql.Literal(schema.comment(version))))


# -- moving between a file and a team plan ---------------------------------------------------------------

def _copy_rows(source: Any, target: Any) -> None:
    """Every row of every table, read through the one reader and written as the file stores values."""
    from cockpit.services.core import snapshot, stored

    for table, record in RECORDS.items():
        found: tuple[Any, ...] = reader.rows(source, record, table, order=PRIMARY_KEY[table])
        if not found:
            continue
        names = _columns(table)
        target.executemany(
            f'INSERT INTO "{table}" ({", ".join(f"[{n}]" for n in names)}) VALUES ({", ".join("?" * len(names))})',
            [[stored(value) for _, value in snapshot(row)] for row in found])


def differences(one: Any, other: Any) -> list[str]:
    """Tables whose rows differ between two open plans' connections, read through the one reader."""
    out = []
    for table, record in RECORDS.items():
        order = PRIMARY_KEY[table]
        if reader.rows(one, record, table, order=order) != reader.rows(other, record, table, order=order):
            out.append(table)
    return out


def publish(source: Plan | Any, text: str | Address, *, password: str | None = None) -> Address:
    """Make a new team plan on the server from an open plan file (``store.Plan`` or ``reading.PlanReader``).

    The schema, its tables and every row are written in one transaction and compared row for row with
    the file before it commits; a plan of that name already there is never touched. Returns the address
    of the new plan (with ``plan=``, the file's name made into a plan name when the address had none).
    """
    address = text if isinstance(text, Address) else parse(text)
    if address.plan is None:
        stem = "".join(ch if ch.isalnum() else "_" for ch in Path(source.path).stem.lower()).strip("_") or "plan"
        address = address.with_plan(stem if stem[0].isalpha() else f"plan_{stem}")
    name = address.plan or ""
    if not schema.valid_name(name):
        raise PlanFileError(f"“{name}” cannot name a team plan: use lower-case letters, digits and _ (up to 48, "
                            "starting with a letter).")
    conn = connect(address, password)
    try:
        if conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (name,)).fetchone():
            raise PlanFileError(f"This database already has a schema called {name}: pick another plan name "
                                "(nothing was changed).")
        try:
            with conn.transaction():
                conn.execute(pgsql.SQL("CREATE SCHEMA {}").format(pgsql.Identifier(name)))
                conn.execute(pgsql.SQL("SET LOCAL search_path TO {}").format(pgsql.Identifier(name)))
                for _kind, _name, ddl in schema.objects():
                    conn.execute(cast(Any, ddl))
                for statement in schema.table_check_constraints():
                    conn.execute(cast(Any, statement))
                team = TeamConnection(conn, lock_key(name))
                _copy_rows(source.raw, team)
                for table in RECORDS:  # each table's next key after the largest copied (keys are never reused)
                    if PRIMARY_KEY[table] == "id":
                        conn.execute(pgsql.SQL("SELECT setval(pg_get_serial_sequence({}, 'id'), "
                                               "coalesce(max(id), 0) + 1, false) FROM {}").format(
                            pgsql.Literal(f'"{table}"'), pgsql.Identifier(table)))
                if (bad := differences(source.raw, team)):
                    raise PlanFileError(f"The team plan did not match the file ({', '.join(bad)}); nothing was "
                                        "published.")
                conn.execute(pgsql.SQL("COMMENT ON SCHEMA {} IS {}").format(
                    pgsql.Identifier(name), pgsql.Literal(schema.comment())))
        except pgerrors.InsufficientPrivilege:
            raise PlanFileError("Your database role may not create a plan in this database (it needs CREATE on "
                                "it): nothing was published.") from None
        except pgerrors.DuplicateSchema:
            raise PlanFileError(f"This database already has a schema called {name}: pick another plan name "
                                "(nothing was changed).") from None
        except (sqlite3.Error, CockpitError) as exc:
            said = exc.saying("published") if isinstance(exc, CannotSave) else str(exc).rstrip(".")
            raise PlanFileError(f"The plan could not be published: {said}. Nothing was published.") from None
    except psycopg.OperationalError as exc:
        raise PlanFileError(f"The server was lost while publishing ({' '.join(str(exc).split())[:200]}): "
                            "nothing was published.") from None
    finally:
        conn.close()
    return address


def copy_to_file(plan: TeamPlan, dest: Path, *, overwrite: bool = False) -> Path:
    """Write team plan ``plan`` as it is now to a new ``.cockpit`` file, verified row for row.

    The file is built under a temporary name beside ``dest`` and renamed into place only once it reads
    back equal to the team plan (one repeatable-read snapshot of it), so a failure leaves nothing.
    """
    dest = Path(dest).expanduser()
    if dest.exists() and not overwrite:
        raise PlanFileError(f"{dest.name} already exists.")
    if not dest.parent.is_dir():
        raise PlanFileError(f"The folder {dest.parent} does not exist.")
    part = dest.with_name(f".{dest.name}.part")
    part.unlink(missing_ok=True)
    team = plan.team
    seen = team.seen  # a copy is not what the window shows: its basis for changes stays as it was
    began = not team.in_transaction
    try:
        if began:
            team.execute("BEGIN")  # one consistent moment of the team plan
        try:
            part.touch(mode=0o600)  # private from the first byte
            target = sqlite3.connect(str(part), isolation_level=None)
            try:
                begin_new_file(target)
                _copy_rows(team, target)
                target.execute("COMMIT")
                bad = differences(team, target)
                ok = target.execute("PRAGMA quick_check").fetchall() == [("ok",)]
            finally:
                target.close()
        finally:
            if began and team.in_transaction:
                team.execute("COMMIT")
            team.seen = seen
        if bad or not ok:
            raise PlanFileError(f"The copy written to {dest} did not match the team plan; nothing was kept.")
        with part.open("rb") as fh:
            os.fsync(fh.fileno())
        part.chmod(0o600)
        try:
            os.link(part, dest)  # fails if a file appeared there meanwhile: nothing is ever replaced unasked
        except FileExistsError:
            if not overwrite:
                raise PlanFileError(f"{dest.name} already exists.") from None
            os.replace(part, dest)
        except OSError:  # no hard links here (a FAT stick, a network share): the next best, checked just before
            if dest.exists() and not overwrite:
                raise PlanFileError(f"{dest.name} already exists.") from None
            os.replace(part, dest)
    except (OSError, sqlite3.Error) as exc:
        raise PlanFileError(f"Could not write a copy to {dest}: {getattr(exc, 'strerror', None) or exc}.") from None
    finally:
        part.unlink(missing_ok=True)
    return dest
