"""The JSON export: stable keys, every cycle complete, names beside ids, real lists, lossless JSON."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest
from _support import ANA, FIXED_TODAY, MAYA, PYTHON, ROOT, TOM, dump, subprocess_env

from cockpit import clock, orm, reader
from cockpit.example import new_empty
from cockpit.model import Release
from cockpit.reading import plan_wide
from cockpit.reports import export
from cockpit.services import progress, release, review, rollback, session, timeline
from cockpit.store import SCHEMA_VERSION, create_plan

TOP_KEYS = ["format", "export_version", "file_format", "app_version", "exported_at", "settings", "people",
            "cycles", "change_log", "track_record"]
CYCLE_KEYS = ["release", "roles", "scope_items", "release_tasks", "milestones", "check_ins", "blockers",
              "rollback_triggers", "runbook_steps", "rollback_drills", "go_no_go_reviews", "retro_entries",
              "reset_sessions", "parking_lot", "freeze_commitment", "progress_notes",
              "stable_kit", "stakeholder_note", "remediation_note"]
ROLE_KEYS = ["scope owner", "delivery owner", "readiness owner", "stop authority", "rollback caller",
             "rollback runner", "verifier"]
PERSON_REFS = {"owner_id": "owner", "runner_id": "runner", "remover_id": "remover", "action_owner_id": "action_owner"}
MOMENT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
DAY = re.compile(r"^\d{4}-\d\d-\d\d$")


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    moment = dt.datetime(2026, 11, 20, 16, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(clock, "now", lambda: moment)
    return moment


def _inputs(plan) -> tuple:
    """What the export is a function of, read as the command line reads it."""
    people, settings = plan_wide(plan.raw)
    return ((reader.read_plan(plan.raw, plan.path.name), reader.change_log(plan.raw)),
            {"people": people, "settings": settings, "exported_at": clock.now()})


def export_plan(plan) -> dict:
    args, kwargs = _inputs(plan)
    return export.export_plan(*args, **kwargs)


def export_json(plan) -> str:
    args, kwargs = _inputs(plan)
    return export.export_json(*args, **kwargs)


@pytest.fixture
def busy_plan(plan, release_id):
    """The example plus a row in every per-cycle table the example leaves empty."""
    check_in = timeline.record_check_in(plan, release_id, FIXED_TODAY, shipped="Reset", done_days=0).result
    timeline.add_blocker(plan, release_id, "Staging keys expired", remover_id=ANA, raised_on=FIXED_TODAY,
                         check_in_id=check_in)
    drill = rollback.start_drill(plan, release_id, started_at=dt.datetime(2026, 11, 18, 14, 0, tzinfo=dt.UTC)).result
    rollback.stop_drill(plan, drill, stopped_at=dt.datetime(2026, 11, 18, 14, 21, tzinfo=dt.UTC),
                        laps=[{"step": "Flags off", "seconds": 95.0}])
    review.save_review(plan, release_id, "no-go", [{"question": "One problem?", "passed": False, "evidence": "and"}],
                       stop_authority="Maya Chen")
    review.set_note(plan, release_id, "We cut SSO to protect 10 December.")
    review.set_remediation(plan, release_id, "We own the miss: one job per release from now on.")
    review.add_retro_entry(plan, release_id, problem="Keys expired twice", whys=["Nobody owns keys", "No alert"],
                           action="Rotate keys in CI", action_owner_id=TOM)
    met = session.start_session(plan, release_id, now=dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC)).result
    session.park_topic(plan, release_id, "Audit log", now=dt.datetime(2026, 11, 16, 9, 10, tzinfo=dt.UTC))
    session.set_clock(plan, met, running=True, step="scope", now=dt.datetime(2026, 11, 16, 9, 0, 30, tzinfo=dt.UTC))
    release.set_phase(plan, release_id, "testing", confirmed=True)  # the freeze commitment
    progress.set_progress_note(plan, release_id, 1, "Week 1: on plan.")
    return plan


def _rows(data: dict) -> list[dict]:
    rows = list(data["people"]) + list(data["change_log"])
    for cycle in data["cycles"]:
        rows.append(cycle["release"])
        for key in CYCLE_KEYS[2:16]:
            rows += cycle[key]
        rows += [cycle[k] for k in ("stable_kit", "stakeholder_note") if cycle[k] is not None]
    return rows


def test_top_level_and_cycle_keys_are_stable(busy_plan) -> None:
    data = export_plan(busy_plan)
    assert list(data) == TOP_KEYS
    assert (data["format"], data["export_version"], data["file_format"]) == ("release-cockpit-export", 1,
                                                                             SCHEMA_VERSION)
    assert data["exported_at"] == "2026-11-20T16:30:00Z"
    [cycle] = data["cycles"]
    assert list(cycle) == CYCLE_KEYS
    assert list(cycle["roles"]) == ROLE_KEYS
    assert all(cycle[key] for key in CYCLE_KEYS), "the busy plan fills every part of a cycle"


def test_every_cycle_has_every_key(plan, release_id) -> None:
    with orm.session(plan) as session:
        session.add(Release(cycle=2, name="Next cycle", start_date=dt.date(2026, 12, 21),
                            target_date=dt.date(2027, 1, 14), backup_date=dt.date(2027, 1, 21),
                            created_at=clock.now()))
        session.commit()
    data = export_plan(plan)
    assert [c["release"]["cycle"] for c in data["cycles"]] == [1, 2]
    first, second = data["cycles"]
    assert list(first) == list(second) == CYCLE_KEYS
    assert second["roles"] == {role: None for role in ROLE_KEYS[:-1]} | {"verifier": []}
    assert all(second[key] == [] for key in CYCLE_KEYS[2:16])
    assert second["stable_kit"] is None and second["stakeholder_note"] is None
    assert first["roles"]["verifier"] == ["Ana Ruiz", "Priya Natarajan"]
    assert first["roles"]["rollback runner"] is None


def test_people_names_sit_beside_their_ids(busy_plan) -> None:
    data = export_plan(busy_plan)
    names = {person["id"]: person["name"] for person in data["people"]}
    assert names[MAYA] == "Maya Chen"
    seen = set()
    for row in _rows(data):
        for id_key, name_key in PERSON_REFS.items():
            if id_key in row:
                assert row[name_key] == (names[row[id_key]] if row[id_key] is not None else None)
                seen.add(id_key)
    assert seen == set(PERSON_REFS)
    item = next(i for i in data["cycles"][0]["scope_items"] if i["title"] == "Pay an invoice by card")
    assert (item["owner_id"], item["owner"]) == (TOM, "Tom Okafor")


def test_text_lists_are_real_lists(busy_plan) -> None:
    cycle = export_plan(busy_plan)["cycles"][0]
    for item in cycle["scope_items"]:
        assert isinstance(item["risk_areas"], list) and isinstance(item["failed_checks"], list)
    migrate = next(i for i in cycle["scope_items"] if i["title"].startswith("Migrate old invoices"))
    assert migrate["risk_areas"] == ["billing/payments", "data migration"]
    assert next(i for i in cycle["scope_items"] if i["title"] == "Invoice PDF shows the right VAT")["risk_areas"] == []
    assert cycle["rollback_drills"][0]["laps"] == [{"step": "Flags off", "seconds": 95.0}]
    assert cycle["rollback_drills"][0]["duration_seconds"] == 1260.0
    assert cycle["go_no_go_reviews"][0]["answers"][0]["passed"] is False
    assert cycle["retro_entries"][0]["whys"] == ["Nobody owns keys", "No alert"]


def test_dates_and_moments_are_iso(busy_plan) -> None:
    data = export_plan(busy_plan)
    release = data["cycles"][0]["release"]
    assert (release["start_date"], release["target_date"], release["backup_date"]) == (
        "2026-11-16", "2026-12-10", "2026-12-17")
    assert MOMENT.match(release["created_at"])
    assert all(MOMENT.match(entry["at"]) for entry in data["change_log"])
    assert all(DAY.match(m["date"]) for m in data["cycles"][0]["milestones"])
    assert data["cycles"][0]["rollback_drills"][0]["started_at"] == "2026-11-18T14:00:00Z"


def test_json_round_trips_and_export_writes_nothing(busy_plan) -> None:
    before = dump(busy_plan)
    data = export_plan(busy_plan)
    text = export_json(busy_plan)
    assert text.endswith("}\n")
    assert json.loads(text) == data
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert "Maya Chen" in text and "\\u" not in text  # people's names stay readable
    assert len(data["change_log"]) == len(before["change_log"])
    assert dump(busy_plan) == before


def test_export_of_a_new_empty_plan_is_valid(tmp_path: Path) -> None:
    with create_plan(tmp_path / "blank.cockpit") as plan:
        data = json.loads(export_json(plan))
    assert list(data) == TOP_KEYS
    assert (data["people"], data["cycles"], data["change_log"]) == ([], [], [])
    assert data["settings"]["focus_factor"] == "0.6"

    with new_empty(tmp_path / "new.cockpit", today=FIXED_TODAY) as plan:
        data = json.loads(export_json(plan))
    [cycle] = data["cycles"]
    assert list(cycle) == CYCLE_KEYS
    assert (cycle["release"]["name"], cycle["release"]["start_date"], cycle["release"]["target_date"]) == (
        "New release", "2026-11-16", "2026-12-10")
    assert [m["kind"] for m in cycle["milestones"]] == ["scope freeze", "rollback rehearsal", "go/no-go review"]
    assert cycle["roles"] == {role: None for role in ROLE_KEYS[:-1]} | {"verifier": []}
    assert [entry["action"] for entry in data["change_log"]] == ["create release"]


# -- finding 14 of issue 17: the export is written as it is made -------------------------------------------------
def _add_items(conn, count: int, release_id: int = 1) -> None:
    """``count`` scope items straight into the file (as another tool, or a big import, leaves them)."""
    lanes = ("in release", "cut", "parked", "in release")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO scope_item (release_id, title, description, kind, asked_by, estimate_days, owner_id, status, "
        "lane, position, risk_areas, check_usable, check_owner_can_finish, check_testable, cut_reason, "
        "late_addition, late_reason, added_at, external_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?)",
        [(release_id, f"Item {n}: “quoted” \\ tab\there é😀", "line\nbreak" if n % 7 == 0 else "", "fix",
          "support", 0.1 * (n % 9), (n % 5) + 1 if n % 6 else None, ("todo", "doing", "done")[n % 3],
          lanes[n % 4], 100_000 + n, "billing/payments,permissions" if n % 5 == 0 else "", n % 11 != 0, True,
          n % 13 != 0, "Not now" if lanes[n % 4] == "cut" else "", n % 17 == 0, "Hotfix" if n % 17 == 0 else "",
          f"2026-11-{1 + n % 28:02d} 09:{n % 60:02d}:00.{n:06d}", f"EXT-{n}" if n % 2 else None)
         for n in range(count)])
    conn.execute("COMMIT")


def test_export_of_many_items_is_streamed_in_bounded_pieces_equal_to_the_structure(plan) -> None:
    _add_items(plan.raw, 3_000)
    args, kwargs = _inputs(plan)
    pieces = list(export.export_chunks(*args, **kwargs))
    text = "".join(pieces)
    data = export.export_plan(*args, **kwargs)
    assert len(data["cycles"][0]["scope_items"]) == 3_016
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"  # byte for byte the old format
    assert json.loads(text) == data
    # Written as it is made: pieces of at most ROWS_PER_CHUNK rows, never the whole list at once.
    assert len(pieces) > 3_000 // export.ROWS_PER_CHUNK
    assert max(len(piece) for piece in pieces) < len(text) // 4


def test_odd_values_are_written_exactly_as_json_dumps_writes_them(busy_plan) -> None:
    from dataclasses import replace

    args, kwargs = _inputs(busy_plan)
    (cycle,), log = args
    odd = [replace(cycle.items[0], title="\x00\x1f \"q\" \\ \u2028 é 😀 \ud7ff", estimate_days=float("inf"),
                   external_key=None, risk_areas=",,permissions,"),
           replace(cycle.items[1], estimate_days=-0.0, description="tab\tnew\nline\r", owner_id=999),
           replace(cycle.items[2], estimate_days=1e300, position=2**70),
           replace(cycle.items[3], estimate_days=2, check_usable=0, kind=7),  # types a hand-built record may have
           replace(cycle.items[4], estimate_days=float("nan"))]
    drills = [replace(cycle.drills[0], laps='[{"step": "x\\u0000", "seconds": 1e-7, "nested": {"a": [], "b": {}}}]')]
    cycles = (replace(cycle, items=tuple(odd), drills=tuple(drills)),)
    text = export.export_json(cycles, log, **kwargs)
    assert text == json.dumps(export.export_plan(cycles, log, **kwargs), indent=2, ensure_ascii=False) + "\n"
    assert "Infinity" in text and "NaN" in text and "1e+300" in text


def test_a_value_json_cannot_hold_is_refused_like_json_dumps(busy_plan) -> None:
    from dataclasses import replace

    args, kwargs = _inputs(busy_plan)
    (cycle,), log = args
    cycles = (replace(cycle, items=(replace(cycle.items[0], title=b"\xff bytes from another tool"),)),)
    with pytest.raises(TypeError):
        json.dumps(export.export_plan(cycles, log, **kwargs))
    with pytest.raises(TypeError):
        export.export_json(cycles, log, **kwargs)


def test_writing_safely_renames_when_done_and_leaves_the_old_file_on_failure(tmp_path: Path) -> None:
    from cockpit.files import writing_safely

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "plan.json"
    target.write_text("the previous export")
    with pytest.raises(RuntimeError), writing_safely(target) as out:
        out.write(b'{"half": ')
        raise RuntimeError("the export failed halfway")
    assert target.read_text() == "the previous export"
    assert sorted(p.name for p in folder.iterdir()) == ["plan.json"]  # no .part left behind
    with writing_safely(target) as out:
        out.write(b"new ")
        assert target.read_text() == "the previous export"  # nothing shows until it is complete
        out.write(b"text")
    assert target.read_text() == "new text"
    assert sorted(p.name for p in folder.iterdir()) == ["plan.json"]


def _cockpit(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(PYTHON).with_name("cockpit")), *args], env=subprocess_env(home),
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def _without_moment(text: str) -> str:
    """The export without its moment (and the track record's day, which is the moment's)."""
    text = re.sub(r'"exported_at": "[^"]*"', '"exported_at": ""', text)
    return re.sub(r'"as_of": "[^"]*"', '"as_of": ""', text)


def test_cockpit_export_of_a_big_plan_to_a_file_and_to_stdout(example_path: Path, tmp_path: Path,
                                                               cockpit_home: Path) -> None:
    conn = sqlite3.connect(example_path, isolation_level=None)
    _add_items(conn, 6_000)
    conn.close()
    before = example_path.read_bytes()
    out = tmp_path / "plan.json"
    written = _cockpit("export", str(example_path), "--json", str(out), home=cockpit_home)
    assert written.returncode == 0, written.stderr
    assert written.stdout == f"Exported {example_path.name} to {out}\n"
    streamed = _cockpit("export", str(example_path), "--json", "-", home=cockpit_home)
    assert streamed.returncode == 0, streamed.stderr
    assert _without_moment(streamed.stdout) == _without_moment(out.read_text(encoding="utf-8"))
    from cockpit.reading import read_plan

    with read_plan(example_path) as reader_:
        expected = export_json(reader_)
    # the same rows; the track record is as of each export's own day, so it is left out of this comparison
    got, wanted = json.loads(_without_moment(out.read_text(encoding="utf-8"))), json.loads(_without_moment(expected))
    assert got.pop("track_record")["cycles"][0]["name"] == wanted.pop("track_record")["cycles"][0]["name"]
    assert got == wanted
    assert len(json.loads(out.read_text(encoding="utf-8"))["cycles"][0]["scope_items"]) == 6_016
    assert example_path.read_bytes() == before  # read-only
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_cockpit_export_that_fails_halfway_keeps_the_old_file_and_leaves_no_part(example_path: Path, tmp_path: Path,
                                                                                 cockpit_home: Path) -> None:
    """A write that fails in the middle (here: the file-size limit, as a full disk would) says so in one line."""
    import resource

    conn = sqlite3.connect(example_path, isolation_level=None)
    _add_items(conn, 3_000)
    conn.close()
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "plan.json"
    target.write_text("the previous export")

    def small_files() -> None:  # in the child: files may grow to 200 kB (the export is about 2 MB)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    failed = subprocess.run([str(Path(PYTHON).with_name("cockpit")), "export", str(example_path), "--json",
                             str(target)], env=subprocess_env(cockpit_home), capture_output=True, text=True,
                            cwd=ROOT, timeout=120, preexec_fn=small_files)
    assert failed.returncode == 2 and failed.stdout == ""
    assert failed.stderr.startswith("cockpit: ") and len(failed.stderr.strip().splitlines()) == 1, failed.stderr
    assert "could not be written" in failed.stderr
    assert target.read_text() == "the previous export"
    assert [p.name for p in folder.iterdir()] == ["plan.json"]


def test_a_broken_list_stored_as_text_stops_the_export_before_its_first_piece(busy_plan) -> None:
    """Standard output cannot be taken back: what would fail late (a drill's laps) is read first."""
    from dataclasses import replace

    args, kwargs = _inputs(busy_plan)
    (cycle,), log = args
    cycles = (replace(cycle, drills=(replace(cycle.drills[0], laps="[{not json"),)),)
    with pytest.raises(ValueError):
        next(export.export_chunks(cycles, log, **kwargs))
