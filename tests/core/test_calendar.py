"""The milestones as an .ics file: parsed back with a real iCalendar parser (the ``icalendar`` package)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import icalendar
from _support import PYTHON, ROOT, START, TARGET, subprocess_env

from cockpit.reader import read_live
from cockpit.reports.calendar import CalendarEvent, escape_text, fold, ics_text, release_calendar
from cockpit.services import release, timeline

STAMP = dt.datetime(2026, 11, 16, 9, 30, tzinfo=dt.UTC)
EXPECTED = {"Team plan billing: Scope freeze": dt.date(2026, 11, 27),
            "Team plan billing: Rollback rehearsal": dt.date(2026, 12, 2),
            "Team plan billing: Go/no-go review": dt.date(2026, 12, 9),
            "Team plan billing: Launch": TARGET, "Team plan billing: Backup date": dt.date(2026, 12, 17)}


def _events(text: str) -> list:
    calendar = icalendar.Calendar.from_ical(text)
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_the_milestones_parse_with_the_right_dates(plan, release_id) -> None:
    text = release_calendar(read_live(plan, release_id), stamp=STAMP)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    events = _events(text)
    assert {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events} == EXPECTED
    for event in events:
        start = event.decoded("DTSTART")
        assert type(start) is dt.date  # all-day, not a moment
        assert event.decoded("DTEND") == start + dt.timedelta(days=1)
        assert event.decoded("DTSTAMP") == STAMP
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 5
    launch = next(e for e in events if str(e["SUMMARY"]).endswith("Launch"))
    description = str(launch["DESCRIPTION"])
    assert "Stop authority: Maya Chen" in description and "\n" in description
    assert "Problem: Customers on the Team plan can pay invoices by card and export reports, plus" in description


def test_moved_dates_are_exported_and_uids_stay_the_same(plan, release_id) -> None:
    before = release_calendar(read_live(plan, release_id), stamp=STAMP)
    first = {str(e["SUMMARY"]): str(e["UID"]) for e in _events(before)}
    timeline.move_milestone(plan, release_id, "rollback rehearsal", "2026-12-03")
    release.set_dates(plan, release_id, target="2026-12-11", reason="Provider review")
    events = _events(release_calendar(read_live(plan, release_id), stamp=STAMP))
    dates = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events}
    assert dates["Team plan billing: Rollback rehearsal"] == dt.date(2026, 12, 3)
    assert dates["Team plan billing: Launch"] == dt.date(2026, 12, 11)
    assert dates["Team plan billing: Go/no-go review"] == dt.date(2026, 12, 10)
    assert {str(e["SUMMARY"]): str(e["UID"]) for e in events} == first


def test_escaping_and_folding_survive_a_real_parser() -> None:
    tricky = "Ship; then, watch \\ errors\nline two — ünïcödé ✓ " + "é" * 60
    text = ics_text([CalendarEvent("x@y", START, tricky, tricky)], calendar_name="A, B; C", stamp=STAMP)
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    lines = text.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert any(line.startswith(" ") for line in lines)
    (event,) = _events(text)
    assert str(event["SUMMARY"]) == str(event["DESCRIPTION"]) == tricky
    assert "X-WR-CALNAME:A\\, B\\; C" in lines
    assert fold("x" * 75) == "x" * 75 and fold("x" * 76) == "x" * 75 + "\r\n x"


def test_cockpit_calendar_command_writes_the_file(example_path: Path, tmp_path: Path, cockpit_home: Path) -> None:
    out = tmp_path / "dates.ics"
    cockpit = str(Path(PYTHON).with_name("cockpit"))
    run = subprocess.run([cockpit, "calendar", str(example_path), "-o", str(out)],
                         env=subprocess_env(cockpit_home), capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    assert {str(e["SUMMARY"]): e.decoded("DTSTART") for e in _events(out.read_text(encoding="utf-8"))} == EXPECTED
    assert b"\r\n" in out.read_bytes()
    bad = subprocess.run([cockpit, "calendar", str(example_path), "-o", str(tmp_path / "x.txt")],
                         env=subprocess_env(cockpit_home), capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert bad.returncode == 2 and bad.stderr.startswith("cockpit: ") and "end in .ics" in bad.stderr
    assert not (tmp_path / "x.txt").exists()
