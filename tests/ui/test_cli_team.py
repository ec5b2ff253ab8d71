"""The command line on team plans: ``cockpit publish`` and ``cockpit copy``, every reading command and
``import`` given a team plan's address, and every refusal in one line with exit status 2.

The server is the test command's (``COCKPIT_TEST_PG``) or a throw-away one (``tests/pg``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

PG = Path(__file__).resolve().parents[1] / "pg"
if str(PG) not in sys.path:  # so ``import pg_support`` works under any --import-mode
    sys.path.insert(0, str(PG))

from pg_support import admin, plan_name, server  # noqa: E402

from cockpit import clock  # noqa: E402
from cockpit.reading import read_plan  # noqa: E402
from cockpit.team.store import differences, open_team_plan  # noqa: E402
from ui.main import main  # noqa: E402

COCKPIT = Path(sys.executable).with_name("cockpit")
JIRA = Path(__file__).resolve().parents[1] / "data" / "import" / "jira.csv"
READING_COMMANDS = ("check", "brief", "calendar", "export", "progress", "record", "import")


@pytest.fixture(scope="module")
def pg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with server(tmp_path_factory) as dsn:
        yield dsn


@pytest.fixture(scope="module")
def history_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with its past cycle (two cycles, a change log with days and authors), closed."""
    from cockpit.example import create_example

    path = tmp_path_factory.mktemp("history") / "history.cockpit"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("COCKPIT_HOME", str(path.parent / "home"))
        with clock.pinned(dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)):
            create_example(path, today=dt.date(2026, 11, 16), history=True).close()
    return path


@contextmanager
def _published(dsn: str, plan: Path, folder: Path) -> Iterator[str]:
    """``plan`` (copied into ``folder``) published with ``cockpit publish``; its address. Dropped at the end."""
    source = folder / "source.cockpit"
    shutil.copy(plan, source)
    name = plan_name()
    result = run("publish", str(source), f"{dsn} plan={name}")
    assert result.returncode == 0, result.stderr
    try:
        yield f"{dsn} plan={name}"
    finally:
        with admin(dsn) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture(scope="module")
def shared(pg: str, history_plan: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The history plan as a team plan the tests only read (each test checks it is left as it was)."""
    with _published(pg, history_plan, tmp_path_factory.mktemp("shared")) as address:
        yield address


@pytest.fixture
def published(pg: str, history_plan: Path, tmp_path: Path) -> Iterator[str]:
    """The history plan as a team plan of this test's own (to change)."""
    with _published(pg, history_plan, tmp_path) as address:
        yield address


def run(*args: str, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run([str(COCKPIT), *args], capture_output=True, text=True, timeout=timeout, env=environ)


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result
    if result.args[1] == "import":  # import says what it read from the backlog file before it opens the plan
        assert result.stdout.startswith("Read jira.csv: ") and result.stdout.count("\n") == 1, result.stdout
    else:
        assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def in_process(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def server_rows(dsn: str, name: str) -> dict[str, Any]:
    """Every row of every table of team plan ``name`` (as the server has them), its tables' structure and the
    schema's comment: what a command that only reads must leave exactly as it was."""
    with admin(dsn) as conn:
        tables = [t for (t,) in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s ORDER BY 1", (name,))]
        state: dict[str, Any] = {"comment": conn.execute(
            "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s", (name,)).fetchone()}
        state["columns"] = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = %s "
            "ORDER BY 1, 2", (name,)).fetchall()
        for table in tables:
            rows = conn.execute(f'SELECT * FROM "{name}"."{table}"').fetchall()
            state[table] = sorted(rows, key=repr)
        state["max change"] = conn.execute(f'SELECT max(id) FROM "{name}".change_log').fetchone()
    assert state.get("scope_item"), "the plan has items to compare"
    return state


# -- publish and copy ---------------------------------------------------------------------------------------

def test_publish_then_copy_is_the_same_plan_row_for_row_and_exports_the_same_json(
        pg: str, history_plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "history.cockpit"
    shutil.copy(history_plan, source)
    before = source.read_bytes()
    name = plan_name()
    # A password in the address is used for the connection and never shown (the server trusts us: it is ignored).
    host = dict(p.split("=", 1) for p in pg.split())
    address = (f"postgresql://{host['user']}:s3cret-pw@/{host['dbname']}?host={host['host']}&port={host['port']}"
               f"&plan={name}")
    try:
        published = run("publish", str(source), address)
        assert published.returncode == 0, published.stderr
        assert "s3cret" not in published.stdout + published.stderr
        lines = published.stdout.splitlines()
        assert lines[0] == f"Published history.cockpit as the team plan {name} on {host['dbname']} at this computer."
        shown = lines[1].removeprefix("Address: ")
        assert f"plan={name}" in shown and lines[2].startswith("Open it with: cockpit open ")
        assert source.read_bytes() == before  # the file only read
        team = f"{pg} plan={name}"

        copy = tmp_path / "copy.cockpit"
        copied = run("copy", team, str(copy))
        assert copied.returncode == 0, copied.stderr
        assert "snapshot as of" in copied.stdout and "never merged back" in copied.stdout

        with read_plan(source) as file_plan, open_team_plan(team) as team_plan, read_plan(copy) as copy_plan:
            assert differences(file_plan.raw, team_plan.raw) == []
            assert differences(file_plan.raw, copy_plan.raw) == []
            assert differences(team_plan.raw, copy_plan.raw) == []

        # The export of each, through the command, at one pinned moment: then nothing may differ at all (the
        # export names no source, and "exported_at" is the pinned moment). Without the pin only exported_at
        # would differ between runs.
        exports = []
        with clock.pinned(dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)):
            for plan in (str(source), team, str(copy)):
                code, out, err = in_process(["export", plan, "--json", "-"], capsys)
                assert code == 0, err
                exports.append(out)
        assert exports[0] == exports[1] == exports[2]
        data = json.loads(exports[0])
        assert len(data["cycles"]) == 2 and data["change_log"] and data["people"]
        # published again from the shown address (no password in it): the same plan is refused, not touched
        assert "already has a schema" in one_line_error(run("publish", str(source), shown))
    finally:
        with admin(pg) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def test_a_file_that_needs_recovery_is_published_from_a_private_copy_and_left_as_it_was(
        pg: str, example_path: Path, tmp_path: Path) -> None:
    from plan_kinds import folder_state, make_plan

    plan = make_plan("hot-journal", example_path, tmp_path / "plans")
    before = folder_state(plan.parent)
    name = plan_name()
    try:
        result = run("publish", str(plan), f"{pg} plan={name}")
        assert result.returncode == 0, result.stderr
        assert "read a private copy" in result.stderr
        assert folder_state(plan.parent) == before
        with read_plan(example_path) as original, open_team_plan(f"{pg} plan={name}") as team:
            assert differences(original.raw, team.raw) == []  # the crashed change rolled back, as the app would
    finally:
        with admin(pg) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def test_publish_without_a_plan_name_names_it_after_the_file(pg: str, example_path: Path, tmp_path: Path) -> None:
    name = plan_name()
    source = tmp_path / f"{name}.cockpit"
    shutil.copy(example_path, source)
    try:
        result = run("publish", str(source), pg)
        assert result.returncode == 0, result.stderr
        assert f"plan={name}" in result.stdout
    finally:
        with admin(pg) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


# -- every reading command on a team plan ----------------------------------------------------------------------

def _outputs(plan: str, out: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """What check, brief, calendar, progress and record say of ``plan`` (written into ``out``)."""
    out.mkdir()
    said: dict[str, Any] = {}
    code, text, err = in_process(["check", plan], capsys)
    said["check"] = (code, text)
    code, text, err = in_process(["check", plan, "--json"], capsys)
    assert code in (0, 1), err
    answer = json.loads(text)
    answer.pop("checked_at")  # the moment of the run
    said["check --json"] = answer
    code, text, err = in_process(["brief", plan, "-o", "-"], capsys)
    assert code == 0, err
    # The brief's last line names where it was printed from (the file's name, or the team plan's label): the one
    # line that rightly differs. It is kept, with that name cut off, so the rest of the line is still compared.
    *body, footer = text.rstrip("\n").split("\n")
    assert " from " in footer
    said["brief"] = (body, footer.rsplit(" from ", 1)[0])
    said["brief source"] = footer.rsplit(" from ", 1)[1]
    code, text, err = in_process(["calendar", plan, "-o", "-"], capsys)
    assert code == 0, err
    said["calendar"] = [line for line in text.splitlines() if not line.startswith("DTSTAMP:")]  # the run's moment
    for command in ("progress", "record"):
        code, text, err = in_process([command, plan, "-o", str(out / f"{command}.md")], capsys)
        assert code == 0, err
        said[command] = (out / f"{command}.md").read_text()
    code, text, err = in_process(["import", "--dry-run", plan, str(JIRA)], capsys)
    assert code == 0, err
    said["import --dry-run"] = text
    return said


def test_reading_commands_say_the_same_of_a_team_plan_as_of_its_file(
        pg: str, shared: str, history_plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    of_file = _outputs(str(history_plan), tmp_path / "file", capsys)
    of_team = _outputs(shared, tmp_path / "team", capsys)
    assert of_team["check"][0] in (0, 1) and "go/no-go" in of_team["check"][1]
    assert "Would import" in of_team["import --dry-run"]
    assert of_file.pop("brief source") == "history.cockpit_"
    name = shared.rsplit("plan=", 1)[1].replace("_", "\\_")  # Markdown-escaped
    assert of_team.pop("brief source") == f"{name} on postgres at this computer_"
    assert of_team == of_file


def test_reading_commands_leave_the_server_as_it_was(pg: str, shared: str, tmp_path: Path) -> None:
    name = shared.rsplit("plan=", 1)[1]
    before = server_rows(pg, name)
    out = tmp_path / "out"
    out.mkdir()
    for argv in (["check", shared], ["brief", shared, "-o", str(out / "b.pdf")],
                 ["calendar", shared, "-o", str(out / "c.ics")], ["export", shared, "--json", str(out / "e.json")],
                 ["progress", shared, "-o", str(out / "p.md")], ["record", shared, "-o", str(out / "r.md")],
                 ["import", "--dry-run", shared, str(JIRA)], ["copy", shared, str(out / "copy.cockpit")]):
        result = run(*argv)
        assert result.returncode in (0, 1), (argv, result.stderr)  # check: 1 is a no-go verdict
        assert "Traceback" not in result.stderr
    assert (out / "b.pdf").read_bytes()[:5] == b"%PDF-"
    assert server_rows(pg, name) == before


def test_a_reading_command_reads_in_a_session_the_server_keeps_read_only(shared: str) -> None:
    """Even a write by mistake would be refused by the server, not only avoided by the code."""
    import sqlite3

    from ui.cli.common import TeamAddress, open_team_for_reading

    with open_team_for_reading(TeamAddress(shared)) as plan:
        with pytest.raises(sqlite3.DatabaseError, match="read-only transaction"):
            plan.raw.execute("UPDATE person SET name = 'changed'")


def test_import_into_a_team_plan_is_one_change_by_its_author(pg: str, published: str) -> None:
    name = published.rsplit("plan=", 1)[1]
    before = server_rows(pg, name)
    result = run("import", published, str(JIRA), COCKPIT_AUTHOR="Ana from the CLI")
    assert result.returncode == 0, result.stderr
    assert "Imported:" in result.stdout
    after = server_rows(pg, name)
    assert len(after["scope_item"]) > len(before["scope_item"])
    with admin(pg) as conn:
        log = conn.execute(f'SELECT id, author, summary FROM "{name}".change_log WHERE id > %s ORDER BY id',
                           (before["max change"][0],)).fetchall()
        keys = conn.execute(f'SELECT count(*) FROM "{name}".scope_item WHERE external_key LIKE %s',
                            ("PAY-%",)).fetchone()
    assert len(log) == 1 and log[0][1] == "Ana from the CLI", log  # one transaction, one undo step
    assert keys is not None and keys[0] > 0
    again = run("import", published, str(JIRA))
    assert again.returncode == 0 and "Nothing to import" in again.stdout, again  # matched on keys, not added twice
    assert len(server_rows(pg, name)["scope_item"]) == len(after["scope_item"])


# -- refusals: one line, exit 2 --------------------------------------------------------------------------------

class _AsksForAPassword:
    """A server that answers every connection by asking for a password (as one with password auth does)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                while True:
                    head = conn.recv(8)
                    if len(head) < 8:
                        break
                    length, code = struct.unpack("!ii", head)
                    conn.recv(length - 8)
                    if code in (80877103, 80877104):  # SSL or GSS encryption asked: not here
                        conn.sendall(b"N")
                        continue
                    conn.sendall(b"R" + struct.pack("!ii", 8, 3))  # AuthenticationCleartextPassword
                    conn.recv(1024)
                    break

    def close(self) -> None:
        self.sock.close()


def test_a_server_that_asks_for_a_password_is_one_line_saying_where_to_put_it(tmp_path: Path) -> None:
    asking = _AsksForAPassword()
    env = {"PGPASSFILE": str(tmp_path / "none"), "PGPASSWORD": ""}
    try:
        address = f"host=127.0.0.1 port={asking.port} dbname=plans user=ana connect_timeout=5 plan=atlas"
        for argv in (["check", address], ["copy", address, str(tmp_path / "c.cockpit")],
                     ["import", address, str(JIRA)]):
            line = one_line_error(run(*argv, **env))
            assert "asks for a password" in line and "PGPASSWORD" in line and ".pgpass" in line, line
    finally:
        asking.close()


@pytest.fixture
def not_a_plan_schema(pg: str) -> Iterator[str]:
    name = plan_name()
    with admin(pg) as conn:
        conn.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield name
    finally:
        with admin(pg) as conn:
            conn.execute(f'DROP SCHEMA "{name}" CASCADE')


@pytest.mark.parametrize("argv, expected", [
    (["check", "host=127.0.0.1 port=1 dbname=x connect_timeout=3 plan=x"], "Cannot open x on x at 127.0.0.1"),
    (["export", "postgresql://127.0.0.1:1/x?plan=x&connect_timeout=3", "--json", "-"], "Cannot open"),
    (["check", "host=db nonsense_key=1 plan=x"], "not a PostgreSQL address"),
    (["brief", "{pg} plan=nothing_here", "-o", "-"], "no team plan called nothing_here"),
    (["calendar", "{pg} plan={schema}", "-o", "-"], "not a Release Cockpit plan"),
    (["import", "{pg} plan=nothing_here", "{jira}"], "no team plan called nothing_here"),
    (["publish", "{plan}", "{pg} plan={shared}"], "already has a schema called"),
    (["publish", "{plan}", "{pg} plan={schema}"], "already has a schema called"),
    (["publish", "{plan}", "{pg} plan=Bad-Name"], "cannot name a team plan"),
    (["publish", "{plan}", "{tmp}/elsewhere.cockpit"], "is not a team plan's address"),
    (["publish", "{text}", "{pg} plan=x_never"], "not an SQLite file"),
    (["publish", "{tmp}/missing.cockpit", "{pg} plan=x_never"], "No plan file"),
    (["copy", "{pg} plan={shared}", "{existing}"], "already exists"),
    (["copy", "{pg} plan={shared}", "{tmp}/no-folder/x.cockpit"], "does not exist"),
    (["copy", "{pg} plan={shared}", "{tmp}/x.txt"], "end in .cockpit"),
    (["copy", "{plan}", "{tmp}/x.cockpit"], "is not a team plan's address"),
    (["copy", "{pg} plan=nothing_here", "{tmp}/x.cockpit"], "no team plan called nothing_here"),
], ids=lambda v: v if isinstance(v, str) else " ".join(v)[:40])
def test_refusals_are_one_line_and_exit_2(argv: list[str], expected: str, pg: str, shared: str,
                                          not_a_plan_schema: str, example_path: Path, tmp_path: Path) -> None:
    existing = tmp_path / "existing.cockpit"
    existing.write_bytes(b"mine")
    text = tmp_path / "notes.cockpit"
    text.write_text("not a plan")
    values = {"pg": pg, "shared": shared.rsplit("plan=", 1)[1], "schema": not_a_plan_schema,
              "plan": str(example_path), "tmp": str(tmp_path), "jira": str(JIRA), "existing": str(existing),
              "text": str(text)}
    before = server_rows(pg, values["shared"])
    line = one_line_error(run(*(a.format(**values) for a in argv)))
    assert expected in line, line
    assert existing.read_bytes() == b"mine"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part") or p.name == "x.cockpit"]
    assert server_rows(pg, values["shared"]) == before
    with admin(pg) as conn:
        assert conn.execute("SELECT 1 FROM pg_namespace WHERE nspname IN ('x_never', 'bad-name', 'Bad-Name')"
                            ).fetchone() is None


# -- the arguments themselves ----------------------------------------------------------------------------------

def test_an_address_reaches_the_command_whole_and_a_file_stays_a_file(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.cli.common import TeamAddress, plan_argument

    uri = "postgresql://ana:pw@db.example.com:5433/plans?plan=atlas"
    found = plan_argument(uri)
    assert isinstance(found, TeamAddress) and found.text == uri  # a Path would read postgresql:/db.example.com…
    assert "pw" not in str(found) and found.name == "atlas on plans at db.example.com"
    assert isinstance(plan_argument("service=cockpit plan=atlas"), TeamAddress)
    assert plan_argument("plans/atlas.cockpit") == Path("plans/atlas.cockpit")
    monkeypatch.chdir(tmp_path)
    Path("host=db.cockpit").write_bytes(b"")  # a file that exists is a file, whatever its name looks like
    assert plan_argument("host=db.cockpit") == Path("host=db.cockpit")


@pytest.mark.parametrize("command", READING_COMMANDS)
def test_each_command_says_its_plan_may_be_a_team_plan(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "PLAN" in text and "team plan's address" in text and "plan=NAME" in text


def test_publish_and_copy_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "publish make a new team plan" in text and "every command's PLAN may be its address" in text
    assert "copy copy a team plan to a new plan file (a snapshot)" in text
    for command in ("publish", "copy"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "PGPASSWORD" in capsys.readouterr().out or command == "copy"


def test_a_copy_is_a_plan_file_the_commands_read(shared: str, tmp_path: Path) -> None:
    copy = tmp_path / "copy.cockpit"
    assert run("copy", shared, str(copy)).returncode == 0
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    finally:
        conn.close()
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    assert run("check", str(copy)).returncode in (0, 1)
