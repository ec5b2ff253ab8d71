"""The command line's reader (``cockpit.reading``): the same answers as the app, the same refusals,
never a write, and never SQLAlchemy."""

from __future__ import annotations

import datetime as dt
import subprocess
import textwrap
import time
from pathlib import Path

import pytest
from _support import FIXED_TODAY, PYTHON, plain_sqlite, sha256, sidecars, subprocess_env
from received import REFUSALS, crash_mid_commit

from cockpit.errors import DamagedPlanFile, PlanInUse
from cockpit.reading import NeedsFullOpen, read_plan
from cockpit.reports.brief import brief_content
from cockpit.reports.gonogo import go_no_go
from cockpit.reports.readiness import rollback_readiness
from cockpit.reports.rows import load
from cockpit.services import rollback
from cockpit.store import open_plan


def test_reader_gives_the_apps_brief_and_review(example_path: Path) -> None:
    with open_plan(example_path) as plan:
        rollback.record_drill(plan, plan.live_release_id(), dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC), 11)
        in_app = brief_content(plan, plan.live_release_id(), today=FIXED_TODAY)
        review = go_no_go(plan, plan.live_release_id())
    before = sha256(example_path)
    with read_plan(example_path) as reader:
        assert brief_content(reader, reader.live_release_id(), today=FIXED_TODAY) == in_app
        assert go_no_go(reader, reader.live_release_id()) == review
    assert in_app.last_drill.startswith("Tue 01 Dec: 11 min")
    assert (in_app.release, in_app.items.total, in_app.cut.total, in_app.triggers.total) == (
        "Team plan billing", 10, 3, 4)
    assert in_app.caller == "Tom Okafor" and in_app.runner == ""
    assert [passed for _, passed, _ in in_app.gonogo.answers] == [False] * 5
    assert review.stop_authority == "Maya Chen" and review.verdict == "no-go"
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
    with read_plan(example_path) as reader:  # and readable once the app has closed it
        assert reader.live_release_id() == 1


def test_the_app_cannot_open_a_plan_while_it_is_read(example_path: Path) -> None:
    with read_plan(example_path), pytest.raises(PlanInUse):
        open_plan(example_path)


def test_a_finished_journal_is_no_reason_to_write(example_path: Path) -> None:
    """With the exclusive lock SQLite leaves a journal with a zeroed header after a commit: nothing to replay."""
    journal = example_path.with_name(example_path.name + "-journal")
    journal.write_bytes(b"\0" * 4096)
    before = sha256(example_path)
    with read_plan(example_path) as reader:
        assert reader.live_release_id() == 1
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
    with open_plan(example_path) as plan:  # the full open plays the journal back: nothing half-written
        assert not plan.raw.execute("SELECT count(*) FROM person WHERE name LIKE 'half-written%'").fetchone()[0]


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
    with read_plan(example_path) as reader, pytest.raises(DamagedPlanFile, match=r"release.target_date is 'soon'"):
        go_no_go(reader, reader.live_release_id())


def test_a_drill_day_is_the_local_day(example_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Moments are stored in UTC: 23:30 UTC on 1 December is already 2 December in Auckland."""
    with open_plan(example_path) as plan:
        release_id = plan.live_release_id()
        rollback.record_drill(plan, release_id, dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC), 9)
        monkeypatch.setenv("TZ", "Pacific/Auckland")
        time.tzset()
        try:
            auckland = rollback_readiness(load(plan.raw, release_id)).last_drill_on
        finally:
            monkeypatch.undo()
            time.tzset()
        utc = rollback_readiness(load(plan.raw, release_id)).last_drill_on
    assert (auckland, utc) == (dt.date(2026, 12, 2), dt.date(2026, 12, 1))


def test_reading_never_loads_sqlalchemy(example_path: Path, cockpit_home: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from cockpit.reading import read_plan
        from cockpit.reports.brief import brief_content
        from cockpit.reports.gonogo import go_no_go
        from cockpit.reports.markdown import brief_markdown
        with read_plan(Path({str(example_path)!r})) as reader:
            release_id = reader.live_release_id()
            text = brief_markdown(brief_content(reader, release_id))
            verdict = go_no_go(reader, release_id).verdict
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
    with read_plan(odd) as reader:
        assert reader.live_release_id() == 1
    headline = peek(odd)
    assert headline is not None and headline.name == "Team plan billing"
