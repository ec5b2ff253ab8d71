"""The read path (``cockpit.reader`` through ``cockpit.reading``): the same records as the ORM, the same
refusals as the app, never a write, and never SQLAlchemy."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import textwrap
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from _support import ANA, FIXED_TODAY, LARS, PYTHON, TARGET, TOM, plain_sqlite, sha256, sidecars, subprocess_env
from received import REFUSALS, crash_mid_commit

from cockpit import orm, reader
from cockpit import snapshot as snap
from cockpit.errors import DamagedPlanFile, NeedsRecovery, PlanInUse
from cockpit.reading import NeedsFullOpen, plan_wide, read_plan
from cockpit.reports.brief import brief_content
from cockpit.reports.gonogo import go_no_go
from cockpit.reports.readiness import rollback_readiness
from cockpit.services import cycles, progress, release, review, rollback, scope, session, timeline
from cockpit.store import open_plan

T0 = dt.datetime(2026, 11, 18, 14, 0, 30, 250000, tzinfo=dt.UTC)


def populate(plan) -> tuple[int, int]:
    """Through the services: a row in every table, a NULL and a non-NULL in most optional columns, two cycles."""
    first = plan.live_release_id()
    check_in = timeline.record_check_in(plan, first, FIXED_TODAY, shipped="Reset", blocks="Keys", done_days=1.5).result
    timeline.record_check_in(plan, first, FIXED_TODAY + dt.timedelta(days=1), shipped="More")  # done_days NULL
    keys = timeline.add_blocker(plan, first, "Staging keys expired", remover_id=ANA, raised_on=FIXED_TODAY,
                                check_in_id=check_in).result
    cleared = timeline.add_blocker(plan, first, "VPN down", remover_id=TOM, raised_on=FIXED_TODAY).result
    timeline.update_blocker(plan, cleared, cleared_on=FIXED_TODAY + dt.timedelta(days=1))
    drill = rollback.start_drill(plan, first, "production", started_at=T0).result
    rollback.lap_drill(plan, drill, "Say roll back", 40.5, step_id=1)
    rollback.stop_drill(plan, drill, stopped_at=T0 + dt.timedelta(minutes=12, seconds=3), notes="Image ready")
    rollback.start_drill(plan, first, started_at=T0 + dt.timedelta(days=1))  # still running: NULL stop
    review.save_review(plan, first, "no-go", [{"question": "One problem?", "passed": False}], stop_authority="Maya")
    review.set_note(plan, first, "We cut SSO to protect 10 December.")
    review.mark_note_sent(plan, first, TARGET - dt.timedelta(days=2))
    review.set_remediation(plan, first, "We own the miss.")
    review.add_retro_entry(plan, first, problem="Keys expired twice", whys=["Nobody owns keys"],
                           action="Rotate keys in CI", action_owner_id=TOM)
    review.set_setting(plan, "drill_target_minutes", "20")
    release.confirm_path_tested(plan, first, "Staging: build, deploy, migration, alerts.", on=TARGET)
    scope.update_item(plan, 1, status="blocked")
    met = session.start_session(plan, first, now=T0).result
    session.set_clock(plan, met, running=True, step="scope", now=T0 + dt.timedelta(seconds=45.5))
    session.park_topic(plan, first, "Audit log", now=T0 + dt.timedelta(minutes=1))  # open, in a session
    session.end_session(plan, met, now=T0 + dt.timedelta(minutes=2))  # ended_at set, clock NULL
    release.set_phase(plan, first, "testing", confirmed=True)  # frozen_at, the freeze commitment
    progress.set_progress_note(plan, first, 1, "Week 1: the sentence is agreed.")  # sent_on NULL
    progress.mark_progress_sent(plan, first, 2, TARGET, "Week 2: checkout works on staging.")
    release.set_outcome(plan, first, "shipped", TARGET)
    second = cycles.start_next_cycle(plan, first, today=TARGET).result
    again = timeline.add_blocker(plan, second, "Staging keys expired again", remover_id=LARS,
                                 raised_on=TARGET + dt.timedelta(days=5)).result
    session.park_topic(plan, second, "Pricing page")  # no session: session_id NULL
    session.start_session(plan, second, now=T0 + dt.timedelta(days=30))  # running: ended_at NULL, clock set
    timeline.link_same_blocker(plan, again, keys)
    return first, second


def _snapshot_rows(conn: sqlite3.Connection) -> dict[str, list[Any]]:
    """Every record the reader gives, by table, from the snapshots of every cycle."""
    every = reader.read_plan(conn)
    out: dict[str, list[Any]] = {"release": [c.release for c in every], "person": list(every[-1].people),
                                 "change_log": list(reader.change_log(conn))}
    single = {"stable_kit": "kit", "stakeholder_note": "note", "remediation_note": "remediation"}
    many = {"role_assignment": "roles", "scope_item": "items", "release_task": "tasks", "milestone": "milestones",
            "check_in": "check_ins", "blocker": "blockers", "rollback_trigger": "triggers", "runbook_step": "steps",
            "rollback_drill": "drills", "go_no_go_review": "reviews", "retro_entry": "retro_entries",
            "reset_session": "sessions", "parking_entry": "parking", "freeze_commitment": "commitment",
            "progress_note": "progress_notes"}
    for table, name in many.items():
        out[table] = [r for c in every for r in getattr(c, name)]
    for table, name in single.items():
        out[table] = [getattr(c, name) for c in every if getattr(c, name) is not None]
    for c in every:  # what a cycle holds is that cycle's, and the plan-wide parts are the whole plan's
        assert all(getattr(r, "release_id", c.release_id) == c.release_id for name in [*many.values()]
                   for r in getattr(c, name))
        assert [e.id for e in c.changes] == [e.id for e in out["change_log"] if e.release_id == c.release_id]
        assert c.every_blocker == tuple(sorted(out["blocker"], key=lambda b: (b.raised_on, b.id)))
    return out


def test_the_snapshot_holds_what_the_orm_holds_column_by_column(plan) -> None:
    """Finding 10: compare the reader with the ORM (the write path), not with itself."""
    from sqlmodel import select

    from cockpit.model import TABLES, Setting

    populate(plan)
    read = _snapshot_rows(plan.raw)
    people, settings = plan_wide(plan.raw)
    with orm.session(plan) as session:
        by_orm = {model.__tablename__: list(session.exec(select(model))) for model in TABLES}  # type: ignore[attr-defined]
        stored = {row.key: row.value for row in session.exec(select(Setting))}
    assert set(by_orm) - {"setting"} == set(snap.RECORDS) - {"setting"} == set(read)
    assert settings == stored == dict(read_settings := reader.read_live(plan).settings) and read_settings
    assert people == tuple(sorted(read["person"], key=lambda p: p.id))
    for table, records in read.items():
        expected = {row.id: row for row in by_orm[table]}
        assert expected, f"{table} is empty: the comparison would prove nothing"
        got = {r.id: r for r in records}
        assert len(got) == len(records) and got.keys() == expected.keys(), table
        columns = [c.name for c in by_orm[table][0].__table__.columns]
        assert [f.name for f in fields(records[0])] == columns, table
        for row_id, row in expected.items():
            for column in columns:
                want, have = getattr(row, column), getattr(got[row_id], column)
                if isinstance(want, dt.datetime) and want.tzinfo is None:  # a moment the ORM gives naive is UTC
                    want = want.replace(tzinfo=dt.UTC)
                assert (type(have), have) == (type(want), want), f"{table}.{column} of row {row_id}"
    # the optional columns were exercised both ways, so a converter that drops a value cannot hide
    for table, column in (("release", "frozen_at"), ("release", "outcome_date"), ("check_in", "done_days"),
                          ("blocker", "cleared_on"), ("blocker", "same_as_id"), ("blocker", "check_in_id"),
                          ("rollback_drill", "stopped_at"), ("rollback_drill", "duration_seconds"),
                          ("scope_item", "owner_id"), ("change_log", "release_id"),
                          ("reset_session", "ended_at"), ("reset_session", "clock_saved_at"),
                          ("parking_entry", "session_id"), ("progress_note", "sent_on")):
        values = [getattr(r, column) for r in read[table]]
        assert None in values and any(v is not None for v in values), f"{table}.{column}: {values}"


def _reorder(path: Path, table: str) -> None:
    """Rebuild ``table`` with its columns in reverse order, same rows (what another tool might write)."""
    with plain_sqlite(path) as conn:
        columns = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
        listed = ", ".join(f'"{c}"' for c in reversed(columns))
        conn.executescript(f"""
            PRAGMA foreign_keys=OFF;
            BEGIN;
            CREATE TABLE reordered AS SELECT {listed} FROM "{table}";
            DROP TABLE "{table}";
            ALTER TABLE reordered RENAME TO "{table}";
            COMMIT;
        """)


def test_a_changed_column_order_is_refused_by_the_open_and_read_right_by_the_reader(example_path: Path) -> None:
    with plain_sqlite(example_path) as conn:
        before = reader.read_plan(conn)
    for table in ("scope_item", "release", "rollback_drill"):
        _reorder(example_path, table)
    untouched = sha256(example_path)
    with pytest.raises(DamagedPlanFile, match="structure"), read_plan(example_path):
        pass
    assert sha256(example_path) == untouched
    with plain_sqlite(example_path) as conn:  # columns are selected by name: the same records, not shifted ones
        assert reader.read_plan(conn) == before


def test_an_extra_column_or_view_leaves_the_records_alone(example_path: Path) -> None:
    with plain_sqlite(example_path) as conn:
        before = reader.read_plan(conn)
        conn.execute("ALTER TABLE scope_item ADD COLUMN salary REAL DEFAULT 1")
        conn.execute("CREATE VIEW everyone AS SELECT name FROM person")
        assert reader.read_plan(conn) == before


def test_a_missing_column_is_an_error_not_a_made_up_value(example_path: Path) -> None:
    with plain_sqlite(example_path) as conn:
        conn.execute("ALTER TABLE scope_item DROP COLUMN risk_areas")
        with pytest.raises((sqlite3.Error, DamagedPlanFile)):
            reader.read_plan(conn)


def test_the_app_and_the_command_line_read_the_same_snapshot(example_path: Path) -> None:
    with open_plan(example_path) as plan:
        rollback.record_drill(plan, plan.live_release_id(), dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), 11)
        in_app = reader.read_live(plan)
    before = sha256(example_path)
    with read_plan(example_path) as plan_reader:
        outside = reader.read_live(plan_reader)
    assert outside == in_app and outside.source == "example.cockpit"
    brief = brief_content(outside, FIXED_TODAY)
    assert brief.last_drill.startswith("Tue 01 Dec: 11 min")
    assert (brief.release, brief.items.total, brief.cut.total, brief.triggers.total) == (
        "Team plan billing", 10, 3, 4)
    assert go_no_go(outside).stop_authority == "Maya Chen"
    assert sha256(example_path) == before
    assert sidecars(example_path) == []


@pytest.mark.parametrize("case", list(REFUSALS))
def test_reader_refuses_what_the_app_refuses_and_writes_nothing(case: str, tmp_path: Path,
                                                                  example_path: Path) -> None:
    build, error, message = REFUSALS[case]
    path = tmp_path / "received.cockpit"
    build(path, example_path)
    before = sha256(path)
    with pytest.raises(error, match=message) as info, read_plan(path):
        pass
    assert type(info.value) is error and "received.cockpit" in str(info.value)
    assert sha256(path) == before
    assert sidecars(path) == []


def test_a_plan_open_in_the_app_is_in_use(example_path: Path) -> None:
    with open_plan(example_path), pytest.raises(PlanInUse, match="already open"), read_plan(example_path):
        pass
    with read_plan(example_path) as plan_reader:  # and readable once the app has closed it
        assert plan_reader.live_release_id() == 1


def test_the_app_cannot_open_a_plan_while_it_is_read(example_path: Path) -> None:
    with read_plan(example_path), pytest.raises(PlanInUse):
        open_plan(example_path)


def test_a_finished_journal_is_no_reason_to_write(example_path: Path) -> None:
    """With the exclusive lock SQLite leaves a journal with a zeroed header after a commit: nothing to replay."""
    journal = example_path.with_name(example_path.name + "-journal")
    journal.write_bytes(b"\0" * 4096)
    before = sha256(example_path)
    with read_plan(example_path) as plan_reader:
        assert plan_reader.live_release_id() == 1
    assert sha256(example_path) == before and journal.read_bytes() == b"\0" * 4096


def test_a_crash_journal_goes_to_the_full_open(example_path: Path, tmp_path: Path) -> None:
    crash_mid_commit(PYTHON, example_path)
    before = (sha256(example_path), sha256(example_path.with_name("example.cockpit-journal")))
    link = tmp_path / "link.cockpit"  # SQLite looks for the journal beside the real file, not the link
    link.symlink_to(example_path)
    for path in (example_path, link):
        with pytest.raises(NeedsFullOpen), read_plan(path):
            pass
    assert (sha256(example_path), sha256(example_path.with_name("example.cockpit-journal"))) == before
    with pytest.raises(NeedsRecovery, match="was being changed when a program stopped"):
        open_plan(example_path)  # the app asks first
    with open_plan(example_path, recover=True) as plan:  # the full open plays the journal back: nothing half-written
        assert not plan.raw.execute("SELECT count(*) FROM person WHERE name LIKE 'half-written%'").fetchone()[0]
        kept = plan.recovered_from
    assert kept is not None and kept.parent == example_path.parent
    assert (sha256(kept), sha256(kept.with_name(kept.name + "-journal"))) == before  # the file as it was


def test_a_wal_mode_file_goes_to_the_full_open(example_path: Path) -> None:
    with plain_sqlite(example_path) as conn:
        assert conn.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    before = sha256(example_path)
    with pytest.raises(NeedsFullOpen), read_plan(example_path):
        pass
    assert sha256(example_path) == before and sidecars(example_path) == []


def test_an_older_format_goes_to_the_full_open(example_path: Path) -> None:
    older = example_path.with_name("older.cockpit")
    data = bytearray(example_path.read_bytes())
    data[60:64] = (0).to_bytes(4, "big")
    older.write_bytes(bytes(data))
    with pytest.raises(NeedsFullOpen), read_plan(older):
        pass


def test_an_unreadable_value_is_a_damaged_file(example_path: Path) -> None:
    with plain_sqlite(example_path) as conn:
        conn.execute("UPDATE release SET target_date = 'soon'")
    with read_plan(example_path) as plan_reader, pytest.raises(DamagedPlanFile,
                                                               match=r"release.target_date is 'soon'"):
        reader.read_live(plan_reader)


def test_a_drill_day_is_the_local_day(example_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Moments are stored in UTC: 23:30 UTC on 1 December is already 2 December in Auckland."""
    with open_plan(example_path) as plan:
        release_id = plan.live_release_id()
        rollback.record_drill(plan, release_id, dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC), 9)
        monkeypatch.setenv("TZ", "Pacific/Auckland")
        time.tzset()
        try:
            auckland = rollback_readiness(reader.read_live(plan, release_id)).last_drill_on
        finally:
            monkeypatch.undo()
            time.tzset()
        utc = rollback_readiness(reader.read_live(plan, release_id)).last_drill_on
    assert (auckland, utc) == (dt.date(2026, 12, 2), dt.date(2026, 12, 1))


def test_reading_never_loads_sqlalchemy(example_path: Path, cockpit_home: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        import datetime as dt
        from cockpit.reader import read_live
        from cockpit.reading import read_plan
        from cockpit.reports.brief import brief_content
        from cockpit.reports.gonogo import go_no_go
        from cockpit.reports.markdown import brief_markdown
        with read_plan(Path({str(example_path)!r})) as plan_reader:
            cycle = read_live(plan_reader)
            text = brief_markdown(brief_content(cycle, dt.date.today()))
            verdict = go_no_go(cycle).verdict
        heavy = sorted({{m.split(".")[0] for m in sys.modules}} & {{"sqlalchemy", "sqlmodel", "pydantic"}})
        print(verdict, "Team plan billing" in text, heavy)
    """)
    done = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True, timeout=60,
                          env=subprocess_env(cockpit_home))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["no-go", "True", "[]"]


def test_odd_characters_in_the_path(example_path: Path, tmp_path: Path) -> None:
    """The read-only URI is built from the path, so '?', '#' and '%' must not cut it short."""
    from cockpit.peek import peek

    folder = tmp_path / "Q4 #2? 50%"
    folder.mkdir()
    odd = folder / "plan?v=1#draft.cockpit"
    odd.write_bytes(example_path.read_bytes())
    with read_plan(odd) as plan_reader:
        assert plan_reader.live_release_id() == 1
    headline = peek(odd)
    assert headline is not None and headline.name == "Team plan billing"
