"""Team plans on PostgreSQL: what only a shared plan does (the rest of the core suite runs on both engines).

Several people at once (conflicts refused with who, when and what; announcements; undo of one's own
changes), roles that may only read, a lost server, publish and copy verified row for row, a client killed
mid-change, the schema's upgrades and refusals. Every test works on a plan of its own on the throw-away
server the test command starts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from _support import PYTHON, subprocess_env
from pg_support import admin, folder_of, over_tcp, plan_name, team_copy

from cockpit import clock, reader
from cockpit.errors import (
    CannotSave,
    Conflict,
    DamagedPlanFile,
    NewerPlanFile,
    NotAPlanFile,
    PlanFileError,
    ValidationError,
)
from cockpit.reading import plan_wide, read_plan
from cockpit.reports import export
from cockpit.services import core, scope
from cockpit.team import address as addresses
from cockpit.team import schema as team_schema
from cockpit.team import store as team
from cockpit.team.store import differences, open_team_plan

ITEM = 1  # "Pay an invoice by card" in the example


@pytest.fixture
def shared(pg_server: str, example_path: Path) -> Iterator[tuple[team.TeamPlan, team.TeamPlan]]:
    """One team plan open twice, as in two people's windows: Ana's and Ben's."""
    with team_copy(pg_server, example_path) as first:
        second = open_team_plan(first.address, author="Ben Okafor")
        first.author = "Ana Lopez"
        try:
            yield first, second
        finally:
            second.close()


def _item(plan: team.TeamPlan, item_id: int = ITEM):
    return next(i for i in reader.read_live(plan).items if i.id == item_id)


def _log_count(plan: team.TeamPlan) -> int:
    return int(plan.raw.execute("SELECT count(*) FROM change_log").fetchone()[0])


# -- several people at once ------------------------------------------------------------------------------

def test_a_change_built_on_what_someone_changed_since_is_refused_with_who_what_and_when(shared) -> None:
    ana, ben = shared
    reader.read_live(ana), reader.read_live(ben)  # both screens show the plan
    scope.update_item(ana, ITEM, title="Pay an invoice by card or SEPA")
    logged = _log_count(ben)
    with pytest.raises(Conflict) as refused:
        scope.update_item(ben, ITEM, estimate_days=9)
    said = str(refused.value)
    assert said.startswith("Ana Lopez changed this at ") and "Pay an invoice by card or SEPA" in said
    assert "Your change was not saved" in said
    assert _log_count(ben) == logged
    assert _item(ben).estimate_days != 9 and _item(ben).title == "Pay an invoice by card or SEPA"
    # Ben's screen now shows Ana's change (the read above): the same change goes through.
    scope.update_item(ben, ITEM, estimate_days=9)
    shown = _item(ana)
    assert (shown.title, shown.estimate_days) == ("Pay an invoice by card or SEPA", 9)
    entries = reader.change_log(ana.raw)
    assert [e.author for e in entries[-2:]] == ["Ana Lopez", "Ben Okafor"]
    assert entries[-1].touched.split() == [f"scope_item:{ITEM}"]


def test_changes_to_different_rows_both_go_through(shared) -> None:
    ana, ben = shared
    reader.read_live(ana), reader.read_live(ben)
    scope.update_item(ana, 1, title="First, by Ana")
    scope.update_item(ben, 2, title="Second, by Ben")
    titles = {i.id: i.title for i in reader.read_live(ana).items}
    assert (titles[1], titles[2]) == ("First, by Ana", "Second, by Ben")


def test_undo_undoes_only_ones_own_change_and_is_refused_naming_who_built_on_it(shared) -> None:
    ana, ben = shared
    reader.read_live(ana), reader.read_live(ben)
    mine = scope.update_item(ana, ITEM, title="Ana's title")
    reader.read_live(ben)
    scope.update_item(ben, ITEM, title="Ben's title on top")
    with pytest.raises(ValidationError, match=r"changed since by Ben Okafor at \d\d:\d\d"):
        core.undo(ana, mine)
    assert _item(ana).title == "Ben's title on top"
    other = scope.update_item(ana, 2, title="Only Ana touched this")
    core.undo(ana, other)  # nobody built on it: undone, with its log row
    assert _item(ana, 2).title != "Only Ana touched this"


def test_other_windows_hear_of_each_change_with_who_made_it(shared) -> None:
    ana, ben = shared
    listener = ben.listener()
    try:
        scope.update_item(ana, ITEM, title="Heard across the room")
        began = time.monotonic()
        heard = []
        while not heard and time.monotonic() - began < 5:
            heard = listener.wait(1.0)
        assert heard and heard[0]["author"] == "Ana Lopez"
        assert "Heard across the room" in heard[0]["summary"]
        assert time.monotonic() - began < 1.0
        scope.update_item(ben, 2, title="Ben's own change")
        assert listener.wait(0.5) == []  # a window is not told of its own changes
    finally:
        listener.close()


def test_two_plans_in_one_database_are_independent(pg_server: str, example_path: Path) -> None:
    with team_copy(pg_server, example_path) as one, team_copy(pg_server, example_path) as two:
        scope.update_item(one, ITEM, title="Only in the first")
        assert _item(two).title != "Only in the first"
        with admin(pg_server) as conn:
            names = [name for name, _ in team.plans_in(conn)]
        assert one.address.plan in names and two.address.plan in names


# -- roles ------------------------------------------------------------------------------------------------

def test_a_role_that_may_only_read_opens_the_plan_read_only(pg_server: str, example_path: Path) -> None:
    role = f"reader_{plan_name()}"
    with team_copy(pg_server, example_path) as owner:
        name = owner.address.plan
        with admin(pg_server) as conn:
            conn.execute(f'CREATE ROLE "{role}" LOGIN')
            conn.execute(f'GRANT USAGE ON SCHEMA "{name}" TO "{role}"')
            conn.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{name}" TO "{role}"')
        params = owner.address.server()
        params["user"] = role
        text = " ".join(f"{k}={v}" for k, v in params.items()) + f" plan={name}"
        before = _log_count(owner)
        with open_team_plan(text) as viewer:
            assert viewer.read_only
            assert reader.read_live(viewer).release.name == reader.read_live(owner).release.name
            with pytest.raises(CannotSave, match="read-only"):
                scope.update_item(viewer, ITEM, title="Not allowed")
        assert _log_count(owner) == before
        with admin(pg_server) as conn:
            conn.execute(f'DROP OWNED BY "{role}"')
            conn.execute(f'DROP ROLE "{role}"')


def test_publishing_creates_nothing_outside_the_plans_schema(pg_server: str, example_path: Path) -> None:
    def objects(conn) -> set[tuple[str, str]]:
        return set(conn.execute("SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                                "c.relnamespace WHERE n.nspname NOT LIKE 'pg_%' AND n.nspname <> "
                                "'information_schema'").fetchall())

    with admin(pg_server) as conn:
        before = objects(conn)
        with team_copy(pg_server, example_path) as plan:
            added = objects(conn) - before
            assert added and {schema for schema, _ in added} == {plan.address.plan}


# -- losing the server ------------------------------------------------------------------------------------

def _cut_off(dsn: str, plan: team.TeamPlan) -> None:
    pid = plan.team.pg.info.backend_pid
    with admin(dsn) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_lost_connection_refuses_changes_in_words_and_loses_no_acknowledged_one(
        pg_server: str, example_path: Path) -> None:
    told = []
    with team_copy(pg_server, example_path) as made:
        plan = open_team_plan(made.address, lost=lambda: told.append("lost"))
        try:
            scope.update_item(plan, ITEM, title="Saved before the cut")
            _cut_off(pg_server, plan)
            with pytest.raises(CannotSave, match="connection to the team plan's server is lost"):
                scope.update_item(plan, ITEM, title="Never saved")
            assert told == ["lost"] and not plan.still_there()
            plan.reconnect()
            assert plan.still_there() and _item(plan).title == "Saved before the cut"
            scope.update_item(plan, ITEM, title="Saved after the reconnect")
            assert _item(made).title == "Saved after the reconnect"
        finally:
            plan.close()


def test_a_client_killed_mid_change_leaves_nothing_half_written(pg_server: str, example_path: Path,
                                                                 tmp_path: Path) -> None:
    """A child process writes half of a many-row change, then is killed with SIGKILL before it commits."""
    script = tmp_path / "child.py"
    script.write_text("""
import sys, time
from cockpit.team.store import open_team_plan
from cockpit.services import core
plan = open_team_plan(sys.argv[1])
def work(tx):
    for n in range(50):
        tx.conn.execute("UPDATE scope_item SET title = ? WHERE id = ?", (f"half {n}", 1 + n % 5))
    tx.conn.execute("INSERT INTO person (id, name, days_per_week) VALUES (?, ?, ?)", (900, "Half Person", 5.0))
    print("written", flush=True)
    time.sleep(60)
core._transaction(plan, work)
""")
    with team_copy(pg_server, example_path) as plan:
        before = differences_snapshot(plan)
        with subprocess.Popen([PYTHON, str(script), plan.address.shown], stdout=subprocess.PIPE, text=True,
                              env=subprocess_env(tmp_path / "home")) as child:
            try:
                assert child.stdout is not None and child.stdout.readline().strip() == "written"
                os.kill(child.pid, signal.SIGKILL)
                child.wait(10)
            finally:
                if child.poll() is None:
                    child.kill()
        # The server sees the socket close, rolls the transaction back and frees the writers' lock.
        deadline = time.monotonic() + 10
        while True:
            try:
                scope.update_item(plan, 2, title="After the kill")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        after = differences_snapshot(plan)
        assert "Half Person" not in {p.name for p in reader.read_live(plan).people}
        assert [t for t in after["scope_item"] if t.startswith("half")] == []
        assert after["person"] == before["person"]


def differences_snapshot(plan: team.TeamPlan) -> dict[str, list[str]]:
    cycle = reader.read_live(plan)
    return {"scope_item": [i.title for i in cycle.items], "person": [p.name for p in cycle.people]}


# -- moving between a file and a team plan -----------------------------------------------------------------

def _export(plan) -> str:
    people, settings = plan_wide(plan.raw)
    return export.export_json(reader.read_plan(plan.raw, "plan"), reader.change_log(plan.raw), people=people,
                              settings=settings, exported_at=dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC))


def test_publish_then_copy_is_equal_row_for_row_and_exports_the_same_json(pg_server: str, tmp_path: Path) -> None:
    from cockpit.example import create_example

    source = tmp_path / "history.cockpit"
    with clock.pinned(dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)):
        create_example(source, today=dt.date(2026, 11, 16), history=True).close()
    name = plan_name()
    with read_plan(source) as file_plan:
        published = team.publish(file_plan, f"{pg_server} plan={name}")
        with open_team_plan(published) as plan:
            assert differences(file_plan.raw, plan.raw) == []
            copy = plan.save_copy(tmp_path / "copy.cockpit")
            with read_plan(copy) as copied:
                assert differences(plan.raw, copied.raw) == []
                assert differences(file_plan.raw, copied.raw) == []
                assert _export(file_plan) == _export(plan) == _export(copied)
                assert len(reader.read_cycles(copied.raw)) == 2
    with admin(pg_server) as conn:
        conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def test_publish_refuses_an_existing_plan_and_a_bad_name_and_touches_neither(pg_server: str,
                                                                             example_path: Path) -> None:
    with team_copy(pg_server, example_path) as plan, read_plan(example_path) as source:
        scope.update_item(plan, ITEM, title="Kept as it is")
        with pytest.raises(PlanFileError, match="already has a schema called"):
            team.publish(source, plan.address.shown)
        assert _item(plan).title == "Kept as it is"
        with pytest.raises(PlanFileError, match="cannot name a team plan"):
            team.publish(source, f"{pg_server} plan=Bad-Name")


def test_a_copy_never_overwrites_and_a_failed_one_leaves_nothing(pg_server: str, example_path: Path,
                                                                  tmp_path: Path) -> None:
    with team_copy(pg_server, example_path) as plan:
        existing = tmp_path / "there.cockpit"
        existing.write_bytes(b"mine")
        with pytest.raises(PlanFileError, match="already exists"):
            plan.save_copy(existing)
        assert existing.read_bytes() == b"mine"
        with pytest.raises(PlanFileError, match="does not exist"):
            plan.save_copy(tmp_path / "no-such-folder" / "x.cockpit")
        assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]


# -- opening: what is refused, and upgrades -----------------------------------------------------------------

def test_addresses_keep_the_plan_and_never_show_a_password() -> None:
    uri = addresses.parse("postgresql://ana:secret@db.example.com:5433/plans?sslmode=verify-full&plan=atlas")
    assert uri.plan == "atlas" and "secret" not in uri.shown and "plan=atlas" in uri.shown
    assert "sslmode=verify-full" in uri.conninfo and "plan=" not in uri.conninfo
    assert uri.label() == "atlas on plans at db.example.com"
    pairs = addresses.parse("service=cockpit password=secret plan=atlas")
    assert pairs.plan == "atlas" and "secret" not in pairs.shown and "service=cockpit" in pairs.conninfo
    assert addresses.looks_like_address("postgresql://db/plans") and addresses.looks_like_address("host=db dbname=x")
    assert not addresses.looks_like_address("release.cockpit") and not addresses.looks_like_address("a b=c.cockpit")
    with pytest.raises(PlanFileError, match="not a PostgreSQL address"):
        addresses.parse("host=db nonsense_key=1")


def test_what_cannot_be_opened_is_refused_in_words(pg_server: str, example_path: Path) -> None:
    with pytest.raises(PlanFileError, match="no team plan called nothing_here"):
        open_team_plan(f"{pg_server} plan=nothing_here")
    with pytest.raises(PlanFileError, match="Cannot open"):
        open_team_plan("host=127.0.0.1 port=1 dbname=x connect_timeout=2 plan=x")
    with team_copy(pg_server, example_path) as plan:
        name = plan.address.plan
        with admin(pg_server) as conn:
            conn.execute(f"CREATE SCHEMA \"{name}_other\"")
            try:
                with pytest.raises(NotAPlanFile, match="not a Release Cockpit plan"):
                    open_team_plan(f"{pg_server} plan={name}_other")
            finally:
                conn.execute(f'DROP SCHEMA "{name}_other"')
            conn.execute(f"COMMENT ON SCHEMA \"{name}\" IS 'Release Cockpit plan, format 99'")
            with pytest.raises(NewerPlanFile, match="newer Release Cockpit"):
                open_team_plan(plan.address)
            conn.execute(f"COMMENT ON SCHEMA \"{name}\" IS '{team_schema.comment()}'")
            conn.execute(f'ALTER TABLE "{name}".scope_item DROP COLUMN risk_areas')
            with pytest.raises(DamagedPlanFile, match="does not have the structure"):
                open_team_plan(plan.address)


def test_an_older_team_plan_is_upgraded_all_or_nothing(pg_server: str, example_path: Path) -> None:
    latest = team_schema.FIRST
    with team_copy(pg_server, example_path) as plan, admin(pg_server) as conn:
        name = plan.address.plan or ""
        conn.execute(f"COMMENT ON SCHEMA \"{name}\" IS '{team_schema.comment(latest - 1)}'")
        broken = {latest - 1: ("UPDATE release SET name = name || ' (upgraded)'", "SELECT no_such_function()")}
        with pytest.raises(psycopg.Error):
            team.upgrade(conn, name, latest - 1, broken, latest)
        assert team_schema.format_of(conn.execute(
            "SELECT obj_description(%s::regnamespace, 'pg_namespace')", (name,)).fetchone()[0]) == latest - 1
        assert "(upgraded)" not in reader.read_live(plan).release.name
        team.upgrade(conn, name, latest - 1, {latest - 1: ("UPDATE release SET name = name || ' (upgraded)'",)},
                     latest)
        assert reader.read_live(plan).release.name.endswith("(upgraded)")
        assert team_schema.format_of(conn.execute(
            "SELECT obj_description(%s::regnamespace, 'pg_namespace')", (name,)).fetchone()[0]) == latest


def test_the_team_schema_is_the_files_schema_in_postgresqls_types() -> None:
    tables = [name for kind, name, _ in team_schema.objects() if kind == "table"]
    from cockpit.snapshot import RECORDS

    assert sorted(tables) == sorted(RECORDS)
    for _kind, _name, ddl in team_schema.objects():
        for sqlite_type in (" VARCHAR", " DATETIME", " BOOLEAN", " FLOAT", " INTEGER"):
            assert sqlite_type not in ddl
    assert json.dumps(team_schema.comment()) == json.dumps("Release Cockpit plan, format 4")


# -- libpq's own TLS and password sources ------------------------------------------------------------------

def test_tls_is_libpqs_own_verify_full_works_and_a_wrong_authority_is_refused(pg_server: str, example_path: Path,
                                                                             tmp_path: Path) -> None:
    ca = folder_of(pg_server) / "ca.crt"
    assert ca.exists(), "the test command's cluster has a certificate authority (tests/pg/cluster.py)"
    with team_copy(pg_server, example_path) as made:
        secure = over_tcp(pg_server, sslmode="verify-full", sslrootcert=str(ca)) + f" plan={made.address.plan}"
        with open_team_plan(secure) as plan:
            assert plan.team.pg.info.pgconn.ssl_in_use
            assert reader.read_live(plan).release.name == reader.read_live(made).release.name
        other = tmp_path / "other-ca.crt"
        subprocess.run(["openssl", "req", "-new", "-x509", "-days", "1", "-nodes", "-subj", "/CN=Someone else",
                        "-keyout", str(tmp_path / "k"), "-out", str(other)], check=True, capture_output=True)
        wrong = over_tcp(pg_server, sslmode="verify-full", sslrootcert=str(other)) + f" plan={made.address.plan}"
        with pytest.raises(PlanFileError, match=r"Cannot open .*certificate verify failed"):
            open_team_plan(wrong)


@pytest.fixture
def password_role(pg_server: str) -> Iterator[str]:
    """The role the test cluster asks a password of over TCP (``cluster.PASSWORD_ROLE``), with one set."""
    import cluster

    with admin(pg_server) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {cluster.PASSWORD_ROLE}")
        conn.execute(f"CREATE ROLE {cluster.PASSWORD_ROLE} LOGIN PASSWORD 'opensesame'")
    yield cluster.PASSWORD_ROLE
    with admin(pg_server) as conn:
        conn.execute(f"DROP OWNED BY {cluster.PASSWORD_ROLE}")
        conn.execute(f"DROP ROLE {cluster.PASSWORD_ROLE}")


def test_a_password_comes_from_libpq_or_is_given_at_open_and_is_never_shown(
        pg_server: str, example_path: Path, tmp_path: Path, password_role: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from cockpit.errors import NeedsPassword

    with team_copy(pg_server, example_path) as made:
        name = made.address.plan
        with admin(pg_server) as conn:
            conn.execute(f'GRANT USAGE ON SCHEMA "{name}" TO {password_role}')
            conn.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{name}" TO {password_role}')
            conn.execute(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{name}" TO {password_role}')
        text = over_tcp(pg_server, user=password_role) + f" plan={name}"
        monkeypatch.delenv("PGPASSWORD", raising=False)
        monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-such-pgpass"))
        with pytest.raises(NeedsPassword, match="asks for a password"):
            open_team_plan(text)
        with pytest.raises(PlanFileError, match="password authentication failed") as wrong:
            open_team_plan(text, password="not-it")
        assert "not-it" not in str(wrong.value)
        with open_team_plan(text, password="opensesame") as plan:  # asked at open, kept in memory only
            assert "opensesame" not in plan.address.shown and "opensesame" not in plan.path.name
            scope.update_item(plan, ITEM, title="By the role with a password")
            assert reader.change_log(plan.raw)[-1].author == password_role
        monkeypatch.setenv("PGPASSWORD", "opensesame")
        with open_team_plan(text) as plan:
            assert plan.still_there()
        monkeypatch.delenv("PGPASSWORD")
        pgpass = tmp_path / "pgpass"
        pgpass.write_text(f"*:*:*:{password_role}:opensesame\n")
        pgpass.chmod(0o600)
        monkeypatch.setenv("PGPASSFILE", str(pgpass))
        with open_team_plan(text) as plan:
            assert plan.still_there()


# -- what the review of the first version found ------------------------------------------------------------

def test_keys_are_never_handed_out_twice_so_a_change_after_an_undo_is_still_checked(pg_server: str,
                                                                                     example_path: Path) -> None:
    """Ana changes and undoes; Cy changes the same item; Ben, whose screen showed Ana's change, is refused."""
    with team_copy(pg_server, example_path) as ana:
        ana.author = "Ana"
        with open_team_plan(ana.address, author="Ben") as ben, open_team_plan(ana.address, author="Cy") as cy:
            first = scope.update_item(ana, ITEM, title="Ana's")
            reader.read_live(ben)
            core.undo(ana, first)
            reader.read_live(cy)
            second = scope.update_item(cy, ITEM, title="Cy's")
            assert second.ids("change_log").isdisjoint(first.ids("change_log"))
            with pytest.raises(Conflict, match=r"^Cy changed this"):
                scope.update_item(ben, ITEM, title="Ben's, from a screen that showed Ana's")
            assert _item(ana).title == "Cy's"


def test_an_undo_is_logged_on_a_team_plan_and_checked_like_any_change(shared) -> None:
    ana, ben = shared
    made = scope.update_item(ana, ITEM, title="Ana's, soon undone")
    reader.read_live(ben)
    core.undo(ana, made)
    entry = reader.change_log(ana.raw)[-1]
    assert (entry.area, entry.action, entry.author) == ("undo", "undo", "Ana Lopez")
    assert entry.summary.startswith("Undo ")
    assert set(entry.touched.split()) == {f"scope_item:{ITEM}", f"change_log:{next(iter(made.ids('change_log')))}"}
    with pytest.raises(Conflict, match=r"^Ana Lopez changed this"):
        scope.update_item(ben, ITEM, title="Ben, on top of the undone title")
    core.redo(ana, made)  # nobody else wrote meanwhile: a redo goes through
    assert _item(ana).title == "Ana's, soon undone"


def test_a_new_row_never_takes_the_key_of_one_another_window_deleted(shared) -> None:
    ana, ben = shared
    release_id = ana.live_release_id()
    reader.read_live(ana), reader.read_live(ben)
    gone = scope.add_item(ana, release_id, "Added, then deleted").result
    reader.read_live(ben)
    scope.delete_item(ana, gone)
    added = scope.add_item(ben, release_id, "A new card").result  # no conflict with the delete
    assert added != gone


def test_only_the_screens_read_moves_the_basis_not_a_copy_or_an_export(shared, tmp_path: Path) -> None:
    ana, ben = shared
    reader.read_live(ana), reader.read_live(ben)
    scope.update_item(ana, ITEM, title="Ana's, unseen by Ben")
    ben.save_copy(tmp_path / "copy.cockpit")
    reader.read_plan(ben.raw)
    with pytest.raises(Conflict):
        scope.update_item(ben, ITEM, title="Ben, from his stale screen")


def test_after_a_reconnect_changes_are_still_checked_against_what_the_screen_showed(
        pg_server: str, example_path: Path) -> None:
    with team_copy(pg_server, example_path) as ana, open_team_plan(ana.address, author="Ben") as ben:
        reader.read_live(ben)
        scope.update_item(ana, ITEM, title="Ana's, while Ben was away")
        _cut_off(pg_server, ben)
        with pytest.raises(CannotSave):
            scope.update_item(ben, 2, title="Lost")
        ben.reconnect()
        with pytest.raises(Conflict):
            scope.update_item(ben, ITEM, title="Ben, from the screen he had before the cut")


def test_a_writer_stuck_mid_change_holds_the_others_up_at_most_a_few_seconds(
        pg_server: str, example_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cockpit.team import sql

    monkeypatch.setattr(sql, "WAIT_SECONDS", 1)
    with team_copy(pg_server, example_path) as stuck, open_team_plan(stuck.address) as other:
        stuck.raw.execute("BEGIN IMMEDIATE")  # a laptop that froze inside its change, holding the writers' turn
        try:
            began = time.monotonic()
            with pytest.raises(CannotSave, match="has taken over 1 seconds"):
                scope.update_item(other, 2, title="Waits, then is told")
            assert time.monotonic() - began < 5
        finally:
            stuck.raw.execute("ROLLBACK")
        scope.update_item(other, 2, title="Goes through once the turn is free")


def test_a_role_without_grants_is_told_what_to_ask_for(pg_server: str, example_path: Path) -> None:
    role = f"nogrant_{plan_name()}"
    with team_copy(pg_server, example_path) as plan, admin(pg_server) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
        try:
            params = plan.address.server()
            params["user"] = role
            text = " ".join(f"{k}={v}" for k, v in params.items()) + f" plan={plan.address.plan}"
            with pytest.raises(PlanFileError, match=rf"Your database role \({role}\) may not read .*GRANT USAGE ON "
                                                    rf"SCHEMA {plan.address.plan} TO {role}"):
                open_team_plan(text)
        finally:
            conn.execute(f'DROP ROLE "{role}"')


def test_a_big_change_names_its_tables_and_overlaps_any_change_to_them(shared) -> None:
    ana, ben = shared
    release_id = ana.live_release_id()
    reader.read_live(ana), reader.read_live(ben)
    many = [scope.add_item(ana, release_id, f"Card {n}").result for n in range(3)]
    reader.read_live(ana), reader.read_live(ben)
    monkey_rows = core.TOUCHED_ROWS
    core.TOUCHED_ROWS = 2
    try:
        scope.move_items(ana, many, "parked", reason="After this release")
    finally:
        core.TOUCHED_ROWS = monkey_rows
    assert "scope_item:*" in reader.change_log(ana.raw)[-1].touched.split()
    with pytest.raises(Conflict):
        scope.update_item(ben, ITEM, title="Any card of the table the big change wrote")


def test_addresses_never_repeat_a_password_in_a_message_a_repr_or_the_shown_form() -> None:
    tricky = addresses.parse("postgresql://ana:p%40ss@db.example.com/plans?sslpassword=kp&plan=atlas")
    assert "p%40ss" not in tricky.shown and "kp" not in tricky.shown and "p%40ss" not in repr(tricky)
    assert tricky.with_plan("other").conninfo == tricky.conninfo  # the credentials stay with the address
    with pytest.raises(PlanFileError) as bad:
        addresses.parse("postgresql://ana:s3cret%ZZ@db/plans")
    assert "s3cret" not in str(bad.value)
    assert team.TeamPath("/x/atlas.cockpit").suffix == "" and not team.TeamPath("/x/a").exists()


def test_sql_inside_quotes_is_left_as_it_is() -> None:
    from cockpit.team.sql import translate

    assert translate("SELECT [a] FROM t WHERE b = 'why? [x] 5%' AND c = ? ORDER BY rowid") == (
        "SELECT \"a\" FROM t WHERE b = 'why? [x] 5%%' AND c = %s ORDER BY ctid")


def test_a_uri_without_a_host_reaches_the_local_socket(pg_server: str, example_path: Path) -> None:
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(pg_server)
    with team_copy(pg_server, example_path) as made:
        uri = (f"postgresql:///{params['dbname']}?host={params['host']}&port={params['port']}&user={params['user']}"
               f"&plan={made.address.plan}")
        with open_team_plan(uri) as plan:
            assert plan.address.shown.startswith("postgresql:///")
            assert reader.read_live(plan).release.name == reader.read_live(made).release.name


def test_a_read_only_open_never_writes_and_never_upgrades(pg_server: str, example_path: Path) -> None:
    with team_copy(pg_server, example_path) as made:
        with open_team_plan(made.address, read_only=True) as plan:
            assert plan.read_only
            with pytest.raises(CannotSave, match="read-only"):
                scope.update_item(plan, ITEM, title="Never")
            with pytest.raises(sqlite3.DatabaseError, match="read-only transaction"):
                plan.raw.execute("UPDATE person SET name = 'Never'")
        name = made.address.plan
        with admin(pg_server) as conn:
            conn.execute(f"COMMENT ON SCHEMA \"{name}\" IS '{team_schema.comment(team_schema.FIRST - 1)}'")
        with pytest.raises(PlanFileError, match="older format"):
            open_team_plan(made.address, read_only=True)


def test_a_server_that_stops_answering_is_found_out_and_a_waiting_change_is_refused(pg_server: str,
                                                                                    example_path: Path) -> None:
    """A TCP proxy stops forwarding (a paused server, a dead VPN): the sockets stay open, nothing comes back."""
    import socket as sockets
    import threading

    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    stalled = threading.Event()

    def pipe(source: sockets.socket, target: sockets.socket) -> None:
        try:
            while data := source.recv(65536):
                while stalled.is_set():
                    time.sleep(0.02)
                target.sendall(data)
        except OSError:
            pass

    params = conninfo_to_dict(pg_server)
    server_port = int(params["port"])
    proxy = sockets.create_server(("127.0.0.1", 0))

    def accept() -> None:
        while True:
            try:
                client, _ = proxy.accept()
            except OSError:
                return
            upstream = sockets.create_connection(("127.0.0.1", server_port))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=pipe, args=(a, b), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    with team_copy(pg_server, example_path) as made:
        params.update(host="127.0.0.1", port=str(proxy.getsockname()[1]), sslmode="disable")
        with open_team_plan(make_conninfo("", **params) + f" plan={made.address.plan}") as plan:
            listener = plan.listener()
            stalled.set()
            began = time.monotonic()
            heard: list[BaseException] = []

            def heartbeat() -> None:  # what the window's listening thread does every 2 s when all is quiet
                try:
                    listener.alive(1.0, plan.break_connection)
                except psycopg.OperationalError as exc:
                    heard.append(exc)

            beating = threading.Thread(target=heartbeat)
            beating.start()
            with pytest.raises(CannotSave, match="connection to the team plan's server is lost"):
                scope.update_item(plan, ITEM, title="Waits on a server that says nothing")
            beating.join(5)
            assert heard and time.monotonic() - began < 5
            listener.close()
    proxy.close()


def test_recent_plans_keep_files_and_team_plans_in_one_order_without_passwords(example_path: Path) -> None:
    from cockpit import recent

    shown = addresses.parse("postgresql://ana:secret@db.example.com/plans?plan=atlas").shown
    recent.remember(example_path)
    recent.remember_address(shown)
    assert recent.last_opened() == shown and recent.team() == [shown]
    assert recent.recent() == [example_path.resolve()]  # the file list the start page shows: files only
    recent.remember(example_path)
    assert recent.last_opened() == example_path.resolve() and recent.entries() == [example_path.resolve(), shown]
    assert "secret" not in (recent._file()).read_text(encoding="utf-8")


# -- what the last review found ----------------------------------------------------------------------------

def test_a_long_change_is_not_broken_off_by_a_slow_heartbeat_only_a_stuck_one_is(pg_server: str,
                                                                                example_path: Path) -> None:
    with team_copy(pg_server, example_path) as plan:
        plan.team.busy_since = time.monotonic() - 3  # a change three seconds into its work
        plan.break_connection(10.0)
        assert plan.still_there()
        plan.team.busy_since = None  # no call waiting: nothing to break
        plan.break_connection(0.0)
        assert plan.still_there()
        plan.team.busy_since = time.monotonic() - 11
        plan.break_connection(10.0)
        with pytest.raises(CannotSave, match="connection to the team plan's server is lost"):
            scope.update_item(plan, ITEM, title="On a broken line")


def test_a_line_broken_while_committing_says_the_change_may_or_may_not_be_saved(pg_server: str,
                                                                               example_path: Path) -> None:
    from cockpit.team.store import break_socket

    with team_copy(pg_server, example_path) as plan:
        def work(tx: core.Tx) -> None:
            tx.conn.execute("UPDATE scope_item SET title = ? WHERE id = ?", ("Maybe", ITEM))
            break_socket(plan.team.pg)  # the line breaks as the change is sent to be committed

        with pytest.raises(CannotSave) as told:
            core._transaction(plan, work)
        said = told.value.saying("changed")
        assert "may or may not have been saved" in said and "nothing was" not in said
        assert str(told.value) == said


def test_an_undo_blocked_by_ones_own_later_change_says_so(pg_server: str, example_path: Path) -> None:
    with team_copy(pg_server, example_path) as plan:
        first = scope.update_item(plan, ITEM, title="First")
        scope.update_item(plan, ITEM, title="Second")
        with pytest.raises(ValidationError, match="by a later change of yours"):
            core.undo(plan, first)


def test_a_role_that_may_only_update_opens_read_only(pg_server: str, example_path: Path) -> None:
    role = f"updater_{plan_name()}"
    with team_copy(pg_server, example_path) as owner, admin(pg_server) as conn:
        name = owner.address.plan
        conn.execute(f'CREATE ROLE "{role}" LOGIN')
        try:
            conn.execute(f'GRANT USAGE ON SCHEMA "{name}" TO "{role}"')
            conn.execute(f'GRANT SELECT, UPDATE ON ALL TABLES IN SCHEMA "{name}" TO "{role}"')
            conn.execute(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{name}" TO "{role}"')
            params = owner.address.server()
            params["user"] = role
            with open_team_plan(" ".join(f"{k}={v}" for k, v in params.items()) + f" plan={name}") as plan:
                assert plan.read_only
        finally:
            conn.execute(f'DROP OWNED BY "{role}"')
            conn.execute(f'DROP ROLE "{role}"')


def test_a_copy_is_written_where_hard_links_are_not_allowed(pg_server: str, example_path: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")  # a FAT stick, a network share

    monkeypatch.setattr(os, "link", no_links)
    with team_copy(pg_server, example_path) as plan:
        copy = plan.save_copy(tmp_path / "stick.cockpit")
        with read_plan(copy) as copied:
            assert differences(plan.raw, copied.raw) == []
        with pytest.raises(PlanFileError, match="already exists"):
            plan.save_copy(copy)
