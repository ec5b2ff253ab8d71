"""Importing a backlog into a plan: one transaction, exact undo, re-import updates, nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import DATA_DIR, TOM, count, dump, refused

from cockpit.errors import ScopeFrozen, ValidationError
from cockpit.importers import read_backlog, read_backlog_file
from cockpit.services import core, importing, release
from cockpit.services.importing import import_backlog, preview_backlog
from cockpit.services.scope import GAP

SAMPLES = DATA_DIR / "import"


def items(plan, where: str = "external_key IS NOT NULL"):
    return plan.raw.execute(
        "SELECT external_key, title, kind, status, estimate_days, owner_id, lane, position, risk_areas "
        f"FROM scope_item WHERE {where} ORDER BY id").fetchall()


def person_id(plan, name: str) -> int | None:
    row = plan.raw.execute("SELECT id FROM person WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def test_jira_import_creates_parked_items_people_and_one_log_row(plan, release_id):
    last_parked = plan.raw.execute("SELECT max(position) FROM scope_item WHERE lane = 'parked'").fetchone()[0]
    log_rows = count(plan, "change_log")
    rows = read_backlog_file(SAMPLES / "jira.csv").rows
    changes = import_backlog(plan, release_id, rows, points_per_day=2, source="jira.csv")

    got = {row[0]: row for row in items(plan)}
    # PAY-107 is Done in Jira: done at source, not new backlog (issue 17, finding 9).
    assert sorted(got) == ["PAY-101", "PAY-102", "PAY-103", "PAY-104", "PAY-106", "PAY-108"]
    assert all(row[6] == "parked" for row in got.values())
    positions = [row[7] for row in items(plan)]
    assert positions == [last_parked + GAP * n for n in range(1, 7)]
    assert got["PAY-101"][2:6] == ("feature", "doing", 2.5, person_id(plan, "Zoë Brandt"))
    assert got["PAY-101"][8] == "billing/payments"
    assert got["PAY-102"][5] == TOM  # an existing person, matched by name
    assert got["PAY-103"][5] is None  # "Backend Team" is not an owner
    assert got["PAY-103"][8] == "billing/payments,data migration"
    assert got["PAY-104"][4] == 2.0  # Original Estimate 57600 s
    assert got["PAY-108"][5] is None  # "TBD"
    assert person_id(plan, "Backend Team") is None and person_id(plan, "TBD") is None
    assert count(plan, "change_log") == log_rows + 1
    assert changes.summary == "Import backlog from jira.csv: 6 new, 0 updated, 1 skipped, 2 new people"
    planned = changes.result
    assert planned.count("done at source") == 1 and "1 already done at source, not imported." in planned.lines()
    problems = {row.where: row.problems for row in planned.problem_rows}
    assert problems["line 10"] == ("No title: row skipped.",)
    assert problems["line 8"][0] == ("No owner: “Backend Team” is a team or a placeholder, not a person: "
                                     "pick one name.")
    assert "“three” is not a number" in problems["line 11"][0]


def test_undo_restores_the_file_exactly_and_redo_reapplies(plan, release_id):
    before = dump(plan)
    changes = import_backlog(plan, release_id, read_backlog_file(SAMPLES / "jira.csv").rows, points_per_day=1)
    after = dump(plan)
    assert after != before
    assert len([r for r in changes.rows if r.table == "scope_item"]) == 6
    core.undo(plan, changes)
    assert dump(plan) == before
    core.redo(plan, changes)
    assert dump(plan) == after


NEWER = {
    "Pay an invoice by card,PAY-101,10101,,Story,In Progress": "Pay an open invoice by card,PAY-101,10101,,Story,Done",
}


def newer_export(tmp_path: Path) -> Path:
    text = (SAMPLES / "jira.csv").read_text(encoding="utf-8")
    for old, new in NEWER.items():
        assert old in text
        text = text.replace(old, new)
    text += ("Export invoices for the accountant,PAY-109,10109,,Story,To Do,PAY,Payments,software,Maya Chen,Low,,"
             "Tom Okafor,Maya Chen,Maya Chen,20/Oct/26 9:00 AM,20/Oct/26 9:00 AM,,,,,,,,0,,,,,,,,,,,,,,0|i0001j:,"
             "4,,,,,\n")
    path = tmp_path / "jira-newer.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_reimport_of_a_newer_export_updates_instead_of_duplicating(plan, release_id, tmp_path):
    import_backlog(plan, release_id, read_backlog_file(SAMPLES / "jira.csv").rows, points_per_day=2)
    # The lead moves one item into the release and re-estimates another meanwhile.
    pay103 = plan.raw.execute("SELECT id FROM scope_item WHERE external_key = 'PAY-103'").fetchone()[0]
    from cockpit.services.scope import move_items, update_item

    move_items(plan, [pay103], "in release")
    people_before = count(plan, "person")
    total = count(plan, "scope_item")

    changes = import_backlog(plan, release_id, read_backlog_file(newer_export(tmp_path)).rows, points_per_day=2)
    planned = changes.result
    assert (planned.count("create"), planned.count("update")) == (1, 1)
    assert count(plan, "scope_item") == total + 1
    assert count(plan, "scope_item", "external_key = 'PAY-101'") == 1
    title, status = plan.raw.execute(
        "SELECT title, status FROM scope_item WHERE external_key = 'PAY-101'").fetchone()
    assert (title, status) == ("Pay an open invoice by card", "done")
    # What the lead did to PAY-103 stays: an import never moves an item between lanes.
    assert plan.raw.execute("SELECT lane FROM scope_item WHERE id = ?", (pay103,)).fetchone()[0] == "in release"
    assert count(plan, "person") == people_before
    # The same export again changes nothing.
    rows = read_backlog_file(newer_export(tmp_path)).rows
    # PAY-107 (done at source) is still left out; the other seven are up to date.
    assert preview_backlog(plan, release_id, rows, points_per_day=2).count("unchanged") == 7
    refused(plan, importing.NothingToImport, "Nothing to import",
            lambda: import_backlog(plan, release_id, rows, points_per_day=2))
    # A different points-per-day factor re-estimates: an update.
    update_item(plan, pay103, estimate_days=9)
    again = preview_backlog(plan, release_id, rows, points_per_day=1)
    assert again.count("update") == 5 and again.count("create") == 0


def test_duplicate_keys_in_one_file_are_reported_not_duplicated(plan, release_id):
    data = b"Summary,Issue key\nFirst,K-1\nSecond,K-1\nThird,\nFourth,\n"
    changes = import_backlog(plan, release_id, read_backlog(data).rows)
    assert count(plan, "scope_item", "external_key = 'K-1'") == 1
    assert count(plan, "scope_item", "title IN ('Third', 'Fourth')") == 2
    (dup,) = changes.result.problem_rows
    assert (dup.where, dup.action) == ("line 3", "skip") and "Same key K-1 as line 2" in dup.problems[0]


def test_failure_part_way_leaves_the_plan_exactly_as_before(plan, release_id, monkeypatch):
    import_backlog(plan, release_id, read_backlog_file(SAMPLES / "jira.csv").rows)
    rows = read_backlog_file(newer_export(Path(plan.path).parent)).rows  # one new item, one update
    real_add, real_update = core.Tx.add_many, core.Tx.update_many
    calls = []

    def inserts(tx, model, records):
        calls.append("INSERT")
        real_add(tx, model, records)

    def updates_then_fails(tx, model, changes):
        calls.append("UPDATE")
        real_update(tx, model, changes)
        raise RuntimeError("disk full")

    monkeypatch.setattr(core.Tx, "add_many", inserts)
    monkeypatch.setattr(core.Tx, "update_many", updates_then_fails)
    before = dump(plan)
    with pytest.raises(RuntimeError, match="disk full"):
        import_backlog(plan, release_id, rows)
    assert calls == ["INSERT", "UPDATE"]  # both statements ran before the failure
    assert dump(plan) == before


def test_target_lane_and_the_freeze(plan, release_id):
    rows = read_backlog(b"Summary,Issue key\nHotfix the login,K-9\n").rows
    refused(plan, ValidationError, "cut needs its own reason",
            lambda: import_backlog(plan, release_id, rows, lane="cut"))
    refused(plan, ValidationError, "is not a lane", lambda: import_backlog(plan, release_id, rows, lane="nowhere"))
    refused(plan, ValidationError, "story points per day cannot be below",
            lambda: import_backlog(plan, release_id, rows, points_per_day=0))
    release.set_phase(plan, release_id, "testing", confirmed=True)
    refused(plan, ScopeFrozen, "Scope is frozen",
            lambda: import_backlog(plan, release_id, rows, lane="in release"))
    import_backlog(plan, release_id, rows, lane="in release", override_reason="Production login outage")
    assert plan.raw.execute("SELECT lane, late_addition, late_reason FROM scope_item WHERE external_key = 'K-9'"
                            ).fetchone() == ("in release", 1, "Production login outage")


def test_every_format_imports(plan, release_id):
    # Done, canceled, closed and archived items are done at source: not imported (issue 17, finding 9).
    for name, expected in (("linear.csv", 3), ("github-issues.json", 3), ("trello-board.json", 2),
                           ("generic-tab.tsv", 4)):
        changes = import_backlog(plan, release_id, read_backlog_file(SAMPLES / name).rows)
        assert changes.result.count("create") == expected, name
    assert person_id(plan, "Mobile") is None and person_id(plan, "Mobile Team") is None  # team-like
    assert person_id(plan, "QA") is None
    assert person_id(plan, "tokafor") is not None  # a GitHub login when the name is empty
    kinds = dict(plan.raw.execute("SELECT external_key, kind FROM scope_item WHERE external_key IS NOT NULL"))
    assert kinds["ENG-42"] == "fix" and kinds["acme/shop#311"] == "fix" and kinds["trello:Xy9zWv8U"] == "fix"


def test_nothing_importable_is_refused_without_writing(plan, release_id):
    rows = read_backlog(b"Summary,Issue key\n,K-1\n").rows
    refused(plan, importing.NothingToImport, "Nothing to import", lambda: import_backlog(plan, release_id, rows))


def test_the_import_uses_no_private_sqlalchemy_name_and_the_one_change_path() -> None:
    """Finding 7: bulk writes go through ``Tx`` (public SQLAlchemy Core only), like every other change."""
    import inspect
    import re

    for module in (importing, core):
        source = inspect.getsource(module)
        assert "_cached_bind_processor" not in source and "exec_driver_sql" not in source
        assert not re.search(r"\w\._[a-z]\w*", source), re.search(r"\w\._[a-z]\w*", source)
    assert "tx.add_many(" in inspect.getsource(importing) and "tx.update_many(" in inspect.getsource(importing)


def test_the_importers_have_no_import_cycle_and_no_sqlalchemy() -> None:
    """Finding 9: ``rows`` (the leaf) owns FORMAT_LABELS; no importer imports back; reading needs no SQLAlchemy."""
    import ast
    import subprocess
    import sys

    folder = Path(importing.__file__).resolve().parents[1] / "importers"
    names = {path.stem for path in folder.glob("*.py")} - {"__init__"}
    graph: dict[str, set[str]] = {}
    for name in names:
        found: set[str] = set()
        for node in ast.walk(ast.parse((folder / f"{name}.py").read_text())):  # lazy imports count too
            if isinstance(node, ast.ImportFrom) and node.module == "cockpit.importers":
                found |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cockpit.importers."):
                found.add(node.module.rsplit(".", 1)[1])  # type: ignore[union-attr]  # checked just above
        graph[name] = found & names

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})) for nxt in graph[start])

    assert [name for name in sorted(names) if reaches(name, name, set())] == []
    code = ("import sys; import cockpit.importers as i; from cockpit.importers.rows import FORMAT_LABELS; "
            "assert i.FORMAT_LABELS is FORMAT_LABELS; assert 'sqlalchemy' not in sys.modules, 'sqlalchemy'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
