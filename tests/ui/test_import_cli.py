"""``cockpit import PATH FILE``: summary, bad rows with line numbers, exit 2 when nothing could be read."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

import ui.cli
from ui.main import main

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "import"


def test_import_is_a_listed_command() -> None:
    assert "ui.cli.importing" in ui.cli.COMMANDS


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def scope_keys(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT external_key, lane, estimate_days FROM scope_item WHERE external_key IS NOT NULL "
                            "ORDER BY id").fetchall()
    finally:
        conn.close()


def test_import_then_reimport(example_path: Path, capsys):
    code = main(["import", str(example_path), str(SAMPLES / "jira.csv"), "--points-per-day", "2"])
    out = capsys.readouterr()
    assert code == 0, out.err
    lines = out.out.splitlines()
    assert lines[0] == "Read jira.csv: Jira CSV, UTF-8, comma-separated, 8 rows."
    assert "  line 10: No title: row skipped." in lines
    assert any(line.startswith("  line 8: No owner: “Backend Team”") for line in lines)
    # PAY-107 is Done in Jira: done at source, not imported (issue 17, finding 9).
    assert "Imported: 6 new, 0 updated, 1 skipped, 2 new people." in lines
    assert "1 already done at source, not imported." in lines
    keys = scope_keys(example_path)
    assert len(keys) == 6 and all(lane == "parked" for _, lane, _ in keys)
    assert ("PAY-101", "parked", 2.5) in keys

    assert main(["import", str(example_path), str(SAMPLES / "jira.csv"), "--points-per-day", "2"]) == 0
    assert "Nothing to import: 0 new, 0 updated, 6 already up to date, 1 skipped." in capsys.readouterr().out
    assert scope_keys(example_path) == keys


def test_dry_run_and_lane(example_path: Path, capsys):
    before = sha(example_path)
    assert main(["import", str(example_path), str(SAMPLES / "github-issues.json"), "--dry-run"]) == 0
    assert "Would import: 3 new" in capsys.readouterr().out  # #314 is closed: done at source
    assert sha(example_path) == before
    assert main(["import", str(example_path), str(SAMPLES / "github-issues.json"), "--lane", "in-release"]) == 0
    assert {lane for _, lane, _ in scope_keys(example_path)} == {"in release"}


def test_generic_csv_needs_a_title_column(example_path: Path, capsys):
    path = SAMPLES / "generic-unmapped-semicolon.csv"
    assert main(["import", str(example_path), str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--map title=COLUMN" in err[0] and "Was, Wer" in err[0]
    assert main(["import", str(example_path), str(path), "--map", "title=Was", "--map", "assignee=Wer"]) == 0
    assert "Columns: title ← Was, assignee ← Wer" in capsys.readouterr().out
    assert len(scope_keys(example_path)) == 0  # no key column: items are still created
    conn = sqlite3.connect(example_path)
    assert conn.execute("SELECT count(*) FROM scope_item WHERE title = 'Mahnung per Mail'").fetchone() == (1,)
    conn.close()


@pytest.mark.parametrize("content, args, message", [
    (b"\x00\x01\x02garbage", (), "not a text export"),
    (b"", (), "empty"),
    (b"Summary,Issue key\n,K-1\n,K-2\n", (), "no row could be imported"),
    (None, ("--format", "linear"), "no Title column"),
    (None, ("--points-per-day", "0"), "story points per day"),
    (None, ("--map", "title=Summary", "--format", "jira"), "--map is for other CSV files"),
    (None, ("--map", "title=Titel"), "no column “Titel”"),
    (None, ("--map", "colour=Summary", "--format", "csv"), "FIELD=COLUMN"),
])
def test_nothing_read_exits_2_and_leaves_the_plan_alone(example_path: Path, tmp_path: Path, capsys,
                                                        content, args, message):
    export = SAMPLES / "jira.csv"
    if content is not None:
        export = tmp_path / "export.csv"
        export.write_bytes(content)
    before = sha(example_path)
    assert main(["import", str(example_path), str(export), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cockpit: ") and message in err and "Traceback" not in err
    assert sha(example_path) == before


def test_missing_export_file(example_path: Path, tmp_path: Path, capsys):
    assert main(["import", str(example_path), str(tmp_path / "nope.csv")]) == 2
    assert "There is no file" in capsys.readouterr().err


def test_a_frozen_release_takes_the_override_reason_as_an_option(example_path: Path, capsys):
    from cockpit.services.release import set_phase
    from cockpit.store import open_plan

    with open_plan(example_path) as plan:
        set_phase(plan, plan.live_release_id(), "testing", confirmed=True)
    before = sha(example_path)
    args = ["import", str(example_path), str(SAMPLES / "jira.csv"), "--lane", "in-release"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Scope is frozen" in err and "--override-reason" in err and "production fixes" in err
    assert sha(example_path) == before
    assert main([*args, "--override-reason", "Customers cannot pay"]) == 0, capsys.readouterr().err
    conn = sqlite3.connect(example_path)
    try:
        assert conn.execute("SELECT count(*) FROM scope_item WHERE late_reason = 'Customers cannot pay' "
                            "AND lane = 'in release'").fetchone()[0] > 0
    finally:
        conn.close()


EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"


def statuses_of(path: Path, like: str) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT external_key, status FROM scope_item WHERE external_key LIKE ?", (like,)))
    finally:
        conn.close()


def test_cli_lists_each_unrecognised_status_and_takes_its_meaning(example_path: Path, capsys):
    export = str(EXPORTS / "trello-feature-lists.json")
    assert main(["import", str(example_path), export, "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert ("Status “Hotel Stories” (2 cards) → to do: not recognised; use --status 'Hotel Stories'=done "
            "(or =todo, =doing, =blocked).") in out
    assert main(["import", str(example_path), export, "--status", "Hotel Stories=doing"]) == 0
    assert not any("not recognised" in line for line in capsys.readouterr().out.splitlines())
    assert set(statuses_of(example_path, "trello:%").values()) == {"doing"}


@pytest.mark.parametrize("choice, message", [("Hotel Stories", "write VALUE=STATUS"), ("=done", "write VALUE=STATUS"),
                                             ("Hotel Stories=later", "“later” is not a status")])
def test_cli_refuses_a_malformed_status_choice_in_one_line(example_path: Path, capsys, choice, message):
    before = sha(example_path)
    assert main(["import", str(example_path), str(EXPORTS / "trello-feature-lists.json"), "--status", choice]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and sha(example_path) == before


def test_cli_skips_pull_requests_unless_asked(example_path: Path, capsys):
    export = str(EXPORTS / "github-rest-several-repos.json")
    assert main(["import", str(example_path), export, "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "Would import: 17 new, 0 updated, 0 skipped." in out
    assert "7 pull requests skipped (not backlog items); --include-pull-requests imports them." in out
    assert main(["import", str(example_path), export, "--include-pull-requests"]) == 0
    assert "Imported: 24 new, 0 updated, 0 skipped." in capsys.readouterr().out
    assert len(statuses_of(example_path, "d3fc/%")) == 24


def test_cli_says_done_at_source_missing_and_not_used(example_path: Path, tmp_path: Path, capsys):
    export = EXPORTS / "jira-cloud-plane-migration.csv"
    assert main(["import", str(example_path), str(export)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "10 already done at source, not imported." in out
    assert "Not used: Priority (22), Sprint (18), Resolution (10), Comment (9), Attachment (3), Due date (2)." in out
    assert any(line.startswith("Also not used (the tracker's bookkeeping): Issue id, Project key") for line in out)
    newer = tmp_path / "newer.csv"
    newer.write_text("\n".join(line for line in export.read_text(encoding="utf-8").split("\n")
                               if ",TES-24," not in line), encoding="utf-8")
    assert main(["import", str(example_path), str(newer)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "Not in this export: TES-24 (kept in the plan, not deleted)." in out
    assert statuses_of(example_path, "TES-24") == {"TES-24": "doing"}


def test_cli_dry_run_shows_matched_by_title_and_changes_nothing(example_path: Path, tmp_path: Path, capsys):
    keyless = tmp_path / "keyless.csv"
    keyless.write_text("Title,Owner\nExport the invoices,Maya Chen\nPrint receipts,maya.chen@acme.test\n")
    assert main(["import", str(example_path), str(keyless)]) == 0
    capsys.readouterr()
    before = sha(example_path)
    assert main(["import", str(example_path), str(keyless), "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "Would import: 0 new, 0 updated, 2 already up to date, 0 skipped." in out
    assert "Matched by title: 2 (the file has no keys)." in out
    assert sha(example_path) == before
    assert main(["import", str(example_path), str(keyless)]) == 0  # nothing to do: said, not an error
    conn = sqlite3.connect(example_path)
    try:
        assert conn.execute("SELECT count(*) FROM scope_item WHERE title = 'Print receipts'").fetchone() == (1,)
    finally:
        conn.close()


@pytest.mark.parametrize("name", ["jira-cloud-several-projects.csv", "jira-current-fields.csv",
                                  "jira-cloud-codearts.csv", "trello-feature-lists.json"])
def test_cli_dry_run_of_a_held_out_export_works_and_touches_nothing(example_path: Path, capsys, name):
    before = sha(example_path)
    assert main(["import", str(example_path), str(EXPORTS / name), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err and captured.out.startswith(f"Read {name}: ")
    assert sha(example_path) == before
