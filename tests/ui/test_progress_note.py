"""Timeline ▸ Progress note and ``cockpit progress`` (issue 21): drafted, edited, sent, one page."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cockpit import reader
from cockpit.reports.progress_note import draft, progress_facts, week_of

COCKPIT = Path(sys.executable).with_name("cockpit")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(COCKPIT), *args], capture_output=True, text=True, timeout=120, env=env)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


def _smallest_word_pt(pdf: Path) -> float:
    """The height of the smallest word on the page, in points (pdftotext's boxes: about 1.15× the type size)."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    heights = [float(y2) - float(y1) for y1, y2 in re.findall(r'yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', boxes)]
    assert heights, "no text on the page"
    return min(heights) / 1.2


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform, as the dialog's content changes
def test_the_dialog_drafts_edits_and_marks_the_week_sent(window, tmp_path: Path) -> None:
    window.go_to(window.sections.row_of("timeline"))
    timeline = window.views["timeline"]
    dialog = timeline.show_progress_note()
    cycle = window.hub.cycle()
    week = week_of(cycle, dt.date.today())
    assert dialog.week.currentData() == week
    facts = progress_facts(cycle, week, dt.date.today())
    assert dialog.editor.toPlainText() == draft(facts)
    assert dialog.behind.isVisible() == bool(facts.behind)
    dialog.editor.setPlainText("Week note in our own words.")
    dialog.editor.document().setModified(True)
    dialog.mark_sent()
    note = next(n for n in reader.read_live(window.hub.plan).progress_notes if n.week == week)
    assert (note.body, note.sent_on) == ("Week note in our own words.", dt.date.today())
    assert dialog.state.text() == f"Edited by the team. Sent {dt.date.today():%a %d %b %Y}."
    window.undo()  # one step: back to the draft, not sent; the dialog shows it at once
    assert dialog.state.text() == "Drafted from the plan. Not sent yet."
    assert dialog.editor.toPlainText() == draft(progress_facts(window.hub.cycle(), week, dt.date.today()))
    out = dialog.export_pdf(tmp_path / "week.pdf")
    assert out is not None and _pages(out) == 1
    dialog.close()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_text_typed_is_kept_in_its_own_plan_when_the_plan_closes(window, example_path: Path) -> None:
    window.go_to(window.sections.row_of("timeline"))
    dialog = window.views["timeline"].show_progress_note()
    week = dialog.week.currentData()
    dialog.editor.setPlainText("Typed before the plan closed.")
    dialog.editor.document().setModified(True)
    window.hub.detach()
    assert not dialog.isVisible()
    from cockpit.store import open_plan

    with open_plan(example_path) as plan:
        assert [(n.week, n.body) for n in reader.read_live(plan).progress_notes] == [
            (week, "Typed before the plan closed.")]


def test_a_long_note_still_prints_on_one_page_in_legible_type(window, tmp_path: Path) -> None:
    from ui.brief import paper
    from ui.progress.render import CLIPPED, write_pdf

    text = "\n".join(f"- Line {n}: the payment provider's sandbox keys expired again today." for n in range(300))
    pt, clipped = write_pdf(text, tmp_path / "long.pdf", paper.paper())
    assert (pt, clipped) == (8.0, True) and _pages(tmp_path / "long.pdf") == 1
    words = subprocess.run(["pdftotext", str(tmp_path / "long.pdf"), "-"], capture_output=True, text=True).stdout
    assert CLIPPED.split("(")[1].rstrip(")") in " ".join(words.split())
    assert _smallest_word_pt(tmp_path / "long.pdf") >= 7.5
    short = write_pdf("Week 1: on plan.", tmp_path / "short.pdf", paper.paper())
    assert short == (11.0, False)


@pytest.mark.parametrize("kind", [".md", ".pdf"])
def test_cockpit_progress_writes_the_week_and_leaves_the_plan_alone(example_path: Path, tmp_path: Path,
                                                                    kind: str) -> None:
    before = hashlib.sha256(example_path.read_bytes()).hexdigest()
    out = tmp_path / f"week{kind}"
    done = _run("progress", str(example_path), "-o", str(out), "--week", "1")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote the week 1 progress note of {example_path.name} to {out}")
    text = out.read_text(encoding="utf-8") if kind == ".md" else subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "week 1 progress" in text and "Planned vs done" in text
    if kind == ".pdf":
        assert _pages(out) == 1 and _smallest_word_pt(out) >= 7.5
    assert hashlib.sha256(example_path.read_bytes()).hexdigest() == before


def test_cockpit_progress_refuses_bad_input_in_one_line(example_path: Path, tmp_path: Path) -> None:
    for args, said in ((("-o", str(tmp_path / "note.txt")), "written as .md or .pdf"),
                       (("-o", str(tmp_path / "n.md"), "--week", "9"), "there is no week 9 in this cycle")):
        done = _run("progress", str(example_path), *args)
        assert done.returncode == 2 and said in done.stderr and len(done.stderr.strip().splitlines()) == 1
    not_a_plan = tmp_path / "not.cockpit"
    not_a_plan.write_text("hello")
    done = _run("progress", str(not_a_plan), "-o", str(tmp_path / "n.md"))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_retro_opens_the_track_record(window) -> None:
    window.go_to(window.sections.row_of("retro"))
    dialog = window.views["retro"].show_track_record()
    assert dialog is not None and dialog.isVisible()
    dialog.close()
