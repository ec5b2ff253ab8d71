"""Issue 17, findings 8–12 in the import service: done at source on re-import, items missing from a newer
export, matching by title without keys, status choices, one line per type, e-mail assignees."""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import DATA_DIR, count, dump, refused

from cockpit.errors import ValidationError
from cockpit.importers import read_backlog, read_backlog_file
from cockpit.services import core
from cockpit.services.importing import NothingToImport, import_backlog, preview_backlog

EXPORTS = DATA_DIR / "exports"
PLANE = EXPORTS / "jira-cloud-plane-migration.csv"


def status_of(plan, key: str) -> str | None:
    row = plan.raw.execute("SELECT status FROM scope_item WHERE external_key = ?", (key,)).fetchone()
    return row[0] if row else None


def newer_plane_export(tmp_path: Path, *, done: str = "", drop: tuple[str, ...] = ()) -> Path:
    """The real export as a newer one would be: ``done`` finished in Jira, ``drop`` gone from it."""
    lines = PLANE.read_text(encoding="utf-8").split("\n")
    out = []
    for line in lines:
        if any(f",{key}," in line for key in drop):
            continue
        if done and f",{done}," in line:
            line = line.replace(",To Do,TES,", ",Done,TES,").removesuffix("To Do,22/Sep/25 9:26 AM") + \
                "Done,23/Sep/25 9:00 AM"
        out.append(line)
    path = tmp_path / "jira-newer.csv"
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def test_a_reimport_marks_the_item_done_when_it_is_done_at_source(plan, release_id, tmp_path):
    import_backlog(plan, release_id, read_backlog_file(PLANE).rows)
    assert status_of(plan, "TES-25") == "todo"
    newer = read_backlog_file(newer_plane_export(tmp_path, done="TES-25")).rows
    assert next(row for row in newer if row.external_key == "TES-25").status == "done"
    changes = import_backlog(plan, release_id, newer)
    assert status_of(plan, "TES-25") == "done"
    assert (changes.result.count("update"), changes.result.count("done at source")) == (1, 10)
    assert count(plan, "scope_item", "external_key LIKE 'TES-%'") == 12  # nothing added, nothing removed


def test_items_missing_from_a_newer_export_are_listed_and_never_deleted(plan, release_id, tmp_path):
    import_backlog(plan, release_id, read_backlog_file(PLANE).rows)
    before = dump(plan)
    # TES-19 was done at source (never imported); TES-15 and TES-7 are items in the plan.
    newer = read_backlog_file(newer_plane_export(tmp_path, drop=("TES-15", "TES-7", "TES-19"))).rows
    planned = preview_backlog(plan, release_id, newer)
    assert planned.missing == ("TES-7", "TES-15")  # in key order, PAY-9 before PAY-10
    assert "Not in this export: TES-7, TES-15 (kept in the plan, not deleted)." in planned.lines("issues")
    refused(plan, NothingToImport, "Nothing to import", lambda: import_backlog(plan, release_id, newer))
    assert dump(plan) == before
    # Another source's items (the example's own, an unrelated Jira project) are never "missing".
    other = read_backlog(b"Summary,Issue key,Status\nElsewhere,OPS-1,To Do\n").rows
    assert preview_backlog(plan, release_id, other).missing == ()


KEYLESS = b"Title,Owner,State\nExport the invoices,Maya Chen,open\nRefund a card,Tom Okafor,doing\n" \
          b"Dark mode,,open\nFix login loop,,blocked\nPrint receipts,,open\n"


def test_a_file_without_keys_matches_on_the_normalised_title_and_never_doubles(plan, release_id):
    rows = read_backlog(KEYLESS).rows
    assert all(row.external_key is None for row in rows)
    total = count(plan, "scope_item")
    first = import_backlog(plan, release_id, rows).result
    assert first.count("create") == 5 and count(plan, "scope_item") == total + 5
    refused(plan, NothingToImport, "Nothing to import", lambda: import_backlog(plan, release_id, rows))
    # Case, spacing and punctuation do not count: the same items are updated (state, and title as now spelt).
    edited = read_backlog(b"Title,State\n  export THE invoices!! ,doing\nDark-mode,open\n").rows
    changes = import_backlog(plan, release_id, edited)
    planned = changes.result
    assert (planned.count("create"), planned.count("update"), planned.matched_by_title) == (0, 2, 2)
    assert "Matched by title: 2 (the file has no keys)." in planned.lines()
    assert count(plan, "scope_item") == total + 5
    assert plan.raw.execute("SELECT status FROM scope_item WHERE title = 'export THE invoices!!'"
                            ).fetchone() == ("doing",)
    assert count(plan, "scope_item", "title = 'Dark-mode'") == 1
    assert count(plan, "scope_item", "title = 'Dark mode'") == 0
    core.undo(plan, changes)
    assert plan.raw.execute("SELECT status FROM scope_item WHERE title = 'Export the invoices'").fetchone() == ("todo",)


def test_a_title_twice_in_a_keyless_file_or_twice_in_the_cycle_is_not_guessed(plan, release_id):
    planned = preview_backlog(plan, release_id, read_backlog(b"Title\nPrint receipts\nprint receipts.\n").rows)
    assert [row.action for row in planned.rows] == ["create", "skip"]
    assert planned.rows[1].problems[0] == "Same title as line 2 (and no key): row skipped."
    import_backlog(plan, release_id, read_backlog(b"Title,Key\nPrint receipts,A-1\nPrint Receipts,A-2\n").rows)
    again = preview_backlog(plan, release_id, read_backlog(b"Title\nPRINT receipts\n").rows)
    assert again.rows[0].action == "skip" and "2 items in this cycle have this title" in again.rows[0].problems[0]


def test_the_person_says_what_unrecognised_status_values_mean(plan, release_id):
    rows = read_backlog(b"Summary,Issue key,Status\nA,Q-1,Verified by QA\nB,Q-2,Verified by QA\n"
                        b"C,Q-3,In Progress\n").rows
    planned = preview_backlog(plan, release_id, rows)
    assert [(note.value, note.count, note.became) for note in planned.statuses] == [("Verified by QA", 2, "to do")]
    assert planned.lines("issues")[-1] == "Status “Verified by QA” (2 issues) → to do: not recognised."
    chosen = import_backlog(plan, release_id, rows, statuses={"verified  by qa": "done", "Nowhere": "doing"}).result
    assert chosen.statuses == () and chosen.count("done at source") == 2
    assert "No row has the status “Nowhere”: that choice was not used." in chosen.lines()
    refused(plan, ValidationError, "is not a status",
            lambda: import_backlog(plan, release_id, rows, statuses={"Verified by QA": "finished"}))


def test_a_guessed_type_mapping_is_one_line_per_type_with_its_count(plan, release_id):
    data = "Summary,Issue key,Issue Type\n" + "".join(f"Thing {n},T-{n},Sub-bug\n" for n in range(768)) + \
        "Real bug,T-999,Bug\n"
    planned = preview_backlog(plan, release_id, read_backlog(data.encode()).rows)
    assert not planned.problem_rows
    assert [line for line in planned.lines("issues") if line.startswith("Type")] == [
        "Type “Sub-bug” (768 issues) → feature: not a known type.", "Type “Bug” (1 issue) → fix."]


def test_an_email_assignee_is_a_person_named_from_the_address(plan, release_id):
    rows = read_backlog(b"Summary,Issue key,Assignee\nA,E-1,maya.chen@acme.test\nB,E-2,new.person@acme.test\n").rows
    assert [row.assignee for row in rows] == ["Maya Chen", "New Person"]
    people = count(plan, "person")
    import_backlog(plan, release_id, rows)
    maya = plan.raw.execute("SELECT id FROM person WHERE name = 'Maya Chen'").fetchone()[0]
    owners = dict(plan.raw.execute("SELECT external_key, owner_id FROM scope_item WHERE external_key LIKE 'E-%'"))
    assert owners["E-1"] == maya  # the example's Maya Chen, matched by the name the address makes
    assert count(plan, "person") == people + 1


@pytest.mark.parametrize("value", ["", "   "])
def test_a_status_choice_must_name_a_value(plan, release_id, value):
    rows = read_backlog(b"Summary\nA\n").rows
    refused(plan, ValidationError, "Say which status value", lambda: import_backlog(plan, release_id, rows,
                                                                                       statuses={value: "done"}))
