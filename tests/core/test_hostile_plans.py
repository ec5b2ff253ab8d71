"""Plans written by other tools: text that is not UTF-8, a megabyte of title, WAL mode, a crash journal.

Each is read without a traceback and without changing a byte; what had to be repaired is said once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _support import FIXED_TODAY, plain_sqlite, sha256, sidecars

from cockpit import reader
from cockpit.errors import NeedsRecovery
from cockpit.fileformat import repair_note, repaired_text
from cockpit.peek import peek
from cockpit.reading import read_plan
from cockpit.reports.brief import brief_content
from cockpit.reports.note import draft_note
from cockpit.store import open_plan
from cockpit.text import SHOWN, shown

BAD = bytes.fromhex("41ff42")  # "A", a byte that starts no UTF-8 character, "B"


def _write_bad_text(path: Path) -> None:
    with plain_sqlite(path) as conn:
        conn.execute("UPDATE scope_item SET title = CAST(? AS TEXT) WHERE id = 1", (BAD,))
        conn.execute("UPDATE person SET name = CAST(? AS TEXT) WHERE id = 2", (BAD + b" Okafor",))


def test_text_that_is_not_utf8_is_read_with_a_replacement_character(example_path: Path) -> None:
    _write_bad_text(example_path)
    before = sha256(example_path)
    with read_plan(example_path) as plan:
        cycle = reader.read_live(plan)
        assert next(i for i in cycle.items if i.id == 1).title == "A\ufffdB"
        assert cycle.name(2) == "A\ufffdB Okafor"
        assert repaired_text(plan.raw) == (2, ["person 2: name", "scope item 1: title"])
        said = repair_note(plan.raw, example_path.name)
    assert said is not None and "2 texts are not valid UTF-8" in said and "scope item 1: title" in said
    assert sha256(example_path) == before and sidecars(example_path) == []


def test_the_app_reads_bad_text_too_and_a_good_plan_has_nothing_to_say(example_path: Path) -> None:
    with open_plan(example_path) as plan:
        reader.read_live(plan)
        assert repair_note(plan.raw, "x") is None
    _write_bad_text(example_path)
    with open_plan(example_path) as plan:
        cycle = reader.read_live(plan)
        assert "\ufffd" in next(i for i in cycle.items if i.id == 1).title
        assert repair_note(plan.raw, "x") is not None


def test_a_megabyte_title_is_clipped_on_the_page_and_in_the_note(example_path: Path) -> None:
    huge = "Huge " * 200_000
    with plain_sqlite(example_path) as conn:
        conn.execute("UPDATE scope_item SET title = ? WHERE id = 1", (huge,))
        conn.execute("UPDATE release SET problem = ?", (huge,))
    with read_plan(example_path) as plan:
        cycle = reader.read_live(plan)
    brief = brief_content(cycle, FIXED_TODAY)  # the whole command's time: tests/bench/huge_text.py
    note = draft_note(cycle)
    titles = [e.text for e in brief.items.entries]
    assert shown(huge) in titles and max(len(t) for t in titles) <= SHOWN
    assert len(brief.problem) <= 2 * SHOWN
    assert len(note) < 20_000 and shown(huge) in note


def test_shown_keeps_short_text_and_ends_long_text_in_an_ellipsis() -> None:
    assert shown("Pay by card") == "Pay by card"
    clipped = shown("x" * 500, 10)
    assert clipped == "x" * 9 + "…" and len(clipped) == 10


@pytest.mark.parametrize("kind", ["wal", "hot-journal"])
def test_the_first_look_leaves_a_plan_that_needs_recovery_alone(kind: str, example_path: Path) -> None:
    from received import crash_mid_commit

    if kind == "wal":
        with plain_sqlite(example_path) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
    else:
        from _support import PYTHON

        crash_mid_commit(PYTHON, example_path)
    before = {p.name: sha256(p) for p in example_path.parent.iterdir() if p.is_file()}
    assert peek(example_path) is None
    with pytest.raises(NeedsRecovery):
        open_plan(example_path)
    assert {p.name: sha256(p) for p in example_path.parent.iterdir() if p.is_file()} == before


def test_open_and_close_with_backups_changes_no_byte_of_the_plan(example_path: Path,
                                                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    backups = tmp_path_factory.mktemp("backups")
    before = {p.name: (sha256(p), p.stat().st_mtime_ns) for p in example_path.parent.iterdir() if p.is_file()}
    with open_plan(example_path, backup_dir=backups) as plan:
        reader.read_live(plan)
    assert {p.name: (sha256(p), p.stat().st_mtime_ns) for p in example_path.parent.iterdir() if p.is_file()} == before
    assert len(list(backups.iterdir())) == 1  # the backup went to its own folder
