"""Retro ▸ Track record and ``cockpit record`` (issue 21): every cycle side by side on one page.

Plans of 1, 3 and 12 cycles are built through the services. The PDF is read back with poppler:
``pdfinfo`` for one landscape page, ``pdftotext -layout`` for the figures in their rows, and
``pdftotext -bbox`` for the height of every word (none under 8 pt; a 7 pt control word shows the
check can fail).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from plan_kinds import KINDS, folder_state, make_plan, read_only_command

from cockpit import reader
from cockpit.example import new_empty
from cockpit.reports.record import MISSING, TrackRecord, as_markdown, ratio, track_record
from cockpit.services import cycles, people, release, rollback, scope, timeline

COCKPIT = Path(sys.executable).with_name("cockpit")
START = dt.date(2026, 1, 5)  # a Monday: cycle 1 starts that day
AS_OF = dt.date(2027, 3, 1)
NAMES = ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett", "Kilo",
         "Lima")
OUTCOMES = ("slipped", "rolled back", "shipped")
#: DejaVu Sans: a word's box (ascent + descent) is 1.164 em tall
BOX_PER_PT = 0.928 + 0.236


def build_plan(path: Path, count: int, *, under_way_last: bool) -> Path:
    """``count`` cycles named after NAMES. Cycle k (from 0), unless it is the last one left under way:
    three items committed at the freeze, 1 + k % 3 of them done; one drill of 30 − 2k minutes; one
    check-in; outcome slipped (5 days late), rolled back (on the target day, 25 minutes to restore),
    shipped (on the target day), in turn. A cycle left under way is not frozen: say/do is "—"."""
    plan = new_empty(path, backup_dir=path.parent / f"{path.stem}-backups", today=START, name=NAMES[0])
    try:
        release_id = plan.live_release_id()
        people.add_person(plan, "Ana Ruiz", 5)
        ended = START
        for k in range(count):
            if k:
                release_id = cycles.start_next_cycle(plan, release_id, today=ended).result
                release.update_release(plan, release_id, name=NAMES[k])
            dates = reader.read_cycle(plan.raw, release_id).release
            if under_way_last and k == count - 1:
                scope.add_item(plan, release_id, f"{NAMES[k]} sign-in", estimate_days=1)
                break
            ids = [scope.add_item(plan, release_id, f"{NAMES[k]} item {n}", estimate_days=1).result for n in range(3)]
            release.set_phase(plan, release_id, "building")
            release.set_phase(plan, release_id, "testing", confirmed=True)
            for item in ids[:1 + k % 3]:
                scope.update_item(plan, item, status="done")
            drill_at = dt.datetime.combine(dates.start_date + dt.timedelta(days=14), dt.time(15), tzinfo=dt.UTC)
            rollback.record_drill(plan, release_id, drill_at, 30 - 2 * k)
            timeline.record_check_in(plan, release_id, dates.start_date + dt.timedelta(days=1), shipped="A slice")
            outcome = OUTCOMES[k % 3]
            ended = dates.target_date + dt.timedelta(days=5 if outcome == "slipped" else 0)
            release.set_outcome(plan, release_id, outcome, ended,
                                restore_minutes=25 if outcome == "rolled back" else None)
    finally:
        plan.close()
    return path


@pytest.fixture(scope="module")
def masters(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    folder = tmp_path_factory.mktemp("record-plans")
    return {1: build_plan(folder / "one.cockpit", 1, under_way_last=True),
            3: build_plan(folder / "three.cockpit", 3, under_way_last=False),
            12: build_plan(folder / "twelve.cockpit", 12, under_way_last=True)}


@pytest.fixture
def plans(masters: dict[int, Path], tmp_path: Path) -> dict[int, Path]:
    copies, folder = {}, tmp_path / "plans"  # alone in its folder: nothing may appear beside a plan
    folder.mkdir()
    for n, master in masters.items():
        copies[n] = folder / master.name
        shutil.copy(master, copies[n])
    return copies


def record_of(path: Path, today: dt.date = AS_OF) -> TrackRecord:
    from cockpit.reading import read_plan

    with read_plan(path) as plan:
        return track_record(reader.read_plan(plan.raw, path.name), today)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(COCKPIT), *args], capture_output=True, text=True, timeout=120, env=env)


def _poppler(*args: str) -> str:
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def pages_and_size(pdf: Path) -> tuple[int, tuple[float, float]]:
    info = _poppler("pdfinfo", str(pdf))
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]
    w, h = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups()  # type: ignore[union-attr]
    return pages, (float(w), float(h))


def smallest_word_pt(pdf: Path) -> float:
    """The type size of the smallest word on the page: its box height over DejaVu's 1.164 em."""
    boxes = _poppler("pdftotext", "-bbox", str(pdf), "-")
    heights = [float(y2) - float(y1) for y1, y2 in re.findall(r'yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', boxes)]
    assert heights, "no text on the page"
    return min(heights) / BOX_PER_PT


def layout_text(pdf: Path) -> str:
    return _poppler("pdftotext", "-layout", str(pdf), "-")


def row(text: str, label: str, *values: str) -> bool:
    """Whether a line of the page reads ``label`` then ``values`` in that order, column by column."""
    pattern = re.escape(label) + "".join(r"\s+" + re.escape(v) for v in values) + r"(\s|$)"
    return any(re.search(pattern, line) for line in text.splitlines())


def write(record: TrackRecord, out: Path, paper: str = "a4"):
    from ui.record.render import write_pdf

    return write_pdf(record, out, paper)


# -- the page ---------------------------------------------------------------------------------

@pytest.mark.parametrize("count", [1, 3, 12])
def test_one_landscape_page_in_legible_type(qapp, plans: dict[int, Path], tmp_path: Path, count: int) -> None:
    from ui.style import load_fonts

    load_fonts()
    record = record_of(plans[count])
    assert len(record.cycles) == count
    out = tmp_path / f"record-{count}.pdf"
    page = write(record, out)
    pages, (width, height) = pages_and_size(out)
    assert pages == 1 and (round(width), round(height)) == (842, 595)  # A4 landscape
    assert min(page.sizes) >= 8.0  # every size the painter was given
    assert smallest_word_pt(out) >= 7.95  # and every word as printed
    text = " ".join(layout_text(out).split())
    for cycle in record.cycles:
        assert f"Cycle {cycle.cycle}" in text and cycle.name in text
        assert ratio(cycle.say_do) in text


def test_the_size_check_can_fail(qapp, tmp_path: Path) -> None:
    """A word drawn at 7 pt with the page's own primitive is caught by the same scan."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter, QPdfWriter

    from ui.record.page import DPI, TrackRecordPage
    from ui.record.render import page_layout
    from ui.style import load_fonts

    load_fonts()
    out = tmp_path / "tiny.pdf"
    writer = QPdfWriter(str(out))
    writer.setResolution(DPI)
    writer.setPageLayout(page_layout("a4"))
    page = TrackRecordPage(TrackRecord("x", (), AS_OF), 770, 520)
    painter = QPainter(writer)
    page.text(painter, QRectF(0, 0, 200, 20), "normal", 8.0)
    page.text(painter, QRectF(0, 30, 200, 20), "tiny", 7.0)
    painter.end()
    assert 6.9 < smallest_word_pt(out) < 7.1 and min(page.sizes) == 7.0


def test_three_cycles_print_their_figures_in_their_rows(qapp, plans: dict[int, Path], tmp_path: Path) -> None:
    from ui.style import load_fonts

    load_fonts()
    out = tmp_path / "three.pdf"
    write(record_of(plans[3]), out)
    text = layout_text(out)
    assert row(text, "Cycle", "Cycle 1", "Cycle 2", "Cycle 3")
    assert row(text, "Alpha", "Bravo", "Charlie")
    assert row(text, "Outcome", "↷ slipped", "↺ rolled back", "✓ shipped")
    # worked out by hand from build_plan: 1, 2 and 3 of the 3 items committed at each freeze were done
    assert row(text, "Say/do", "33 %", "67 %", "100 %")
    assert row(text, "Delivered of committed", "1 of 3", "2 of 3", "3 of 3")
    assert row(text, "Slip (days after target)", "5", MISSING, "0")  # a rollback keeps no ship day
    assert row(text, "Drill times (min)", "30", "28", "26")
    assert row(text, "Rollbacks in production", "0", "1", "0")
    assert row(text, "Time to recover (min)", MISSING, "25", MISSING)  # only the rolled-back cycle restored
    assert row(text, "Late additions", "0", "0", "0")
    assert "1 shipped" in text and "1 slipped" in text and "1 rolled back" in text
    assert "target: 15 min" in text


def test_a_cycle_under_way_prints_dashes_not_zeros(qapp, plans: dict[int, Path], tmp_path: Path) -> None:
    from ui.style import load_fonts

    load_fonts()
    out = tmp_path / "one.pdf"
    write(record_of(plans[1]), out)
    text = layout_text(out)
    assert row(text, "Outcome", "→ under way")
    for label in ("Say/do", "Delivered of committed", "Shipped (or slipped to)",
                  "Slip (days after target)", "Added after the freeze", "Rollbacks in production",
                  "Time to recover (min)", "Drill times (min)"):
        assert row(text, label, MISSING), label
    assert not re.search(r"(?<!\d)0 %", text) and "How to read this page" in text


def test_twelve_cycles_read_across_one_row(qapp, plans: dict[int, Path], tmp_path: Path) -> None:
    from ui.style import load_fonts

    load_fonts()
    out = tmp_path / "twelve.pdf"
    record = record_of(plans[12])
    write(record, out, "letter")
    pages, (width, height) = pages_and_size(out)
    assert pages == 1 and (round(width), round(height)) == (792, 612)  # Letter landscape
    text = layout_text(out)
    assert row(text, "", *NAMES)
    assert row(text, "Say/do", *[ratio(c.say_do) for c in record.cycles])
    assert ratio(record.cycles[-1].say_do) == MISSING
    assert smallest_word_pt(out) >= 7.95


# -- the command line -------------------------------------------------------------------------

def _digest(path: Path) -> tuple[str, dict[str, tuple[str, int, int, int]]]:
    """The plan's hash, and every file beside it (name → hash, size, mode, mtime)."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), folder_state(path.parent)


def test_cockpit_record_writes_one_pdf_page_and_leaves_the_plan_alone(plans: dict[int, Path],
                                                                      tmp_path: Path) -> None:
    plan = plans[3]
    out = tmp_path / "record.pdf"
    before = _digest(plan)
    done = _run("record", str(plan), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote the track record of {plan.name} (3 cycles) to {out}")
    assert pages_and_size(out)[0] == 1
    assert "Charlie" in layout_text(out)
    assert _digest(plan) == before


def test_cockpit_record_markdown_is_the_cores(plans: dict[int, Path], tmp_path: Path) -> None:
    plan = plans[3]
    out = tmp_path / "record.md"
    before = _digest(plan)
    done = _run("record", str(plan), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == as_markdown(record_of(plan, dt.date.today()))
    assert _digest(plan) == before


def test_cockpit_record_refuses_bad_input_in_one_line(plans: dict[int, Path], tmp_path: Path) -> None:
    plan = plans[1]
    before = _digest(plan)
    wrong = tmp_path / "record.txt"
    done = _run("record", str(plan), "-o", str(wrong))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "written as .pdf or .md" in done.stderr and not wrong.exists()
    not_a_plan = tmp_path / "not.cockpit"
    not_a_plan.write_text("hello")
    for out in (tmp_path / "x.md", tmp_path / "x.pdf"):
        done = _run("record", str(not_a_plan), "-o", str(out))
        assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert not out.exists()
    assert not_a_plan.read_text() == "hello"
    assert _digest(plan) == before


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("suffix", [".pdf", ".md"])
def test_cockpit_record_reads_every_kind_of_plan_without_writing(kind: str, suffix: str, example_path: Path,
                                                                 tmp_path: Path) -> None:
    """A plan left in WAL mode, with a crash journal, or in a read-only folder is read, not changed."""
    plan = make_plan(kind, example_path, tmp_path / "plans")
    out = tmp_path / "out" / f"record{suffix}"
    out.parent.mkdir()
    argv = [str(COCKPIT), "record", str(plan), "-o", str(out)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COCKPIT_HOME": str(tmp_path / "home")}
    before = folder_state(plan.parent)
    if kind == "read-only-folder":
        done = read_only_command(argv, plan.parent, env)
        assert done.returncode not in (97, 98), "the folder could not be made read-only for the test"
    else:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert folder_state(plan.parent) == before
    assert out.stat().st_size > 0 and (suffix == ".md" or pages_and_size(out)[0] == 1)


# -- in the app -------------------------------------------------------------------------------

@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen platform, as the dialog is sized
def test_the_dialog_shows_the_page_and_exports_both(window, qtbot, tmp_path: Path) -> None:
    from ui.record.dialog import show_track_record

    dialog = show_track_record(window, window.hub)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    record = dialog.record
    assert record is not None and [c.name for c in record.cycles] == [window.hub.cycle().release.name]
    written: list[tuple[str, object]] = []
    window.hub.written.connect(lambda what, where: written.append((what, where)))
    pdf = dialog.export_pdf(tmp_path / "record.pdf")
    md = dialog.export_markdown(tmp_path / "record.md")
    assert pdf is not None and pages_and_size(pdf)[0] == 1
    assert md is not None and md.read_text(encoding="utf-8") == as_markdown(record)
    assert written == [("the track record (PDF)", pdf), ("the track record (Markdown)", md)]
    # the sheet keeps the paper's shape, fits across, and is painted (dark pixels of text and charts)
    sheet, view = dialog.view.sheet, dialog.view
    assert sheet.width() <= view.viewport().width()
    assert abs(sheet.height() / sheet.width() - 595 / 842) < 0.01
    image = sheet.grab().toImage()
    dark = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if image.pixelColor(x, y).lightness() < 100)
    assert dark > 200
    dialog.close()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_page_follows_the_plan_and_scrolls_when_short(window, qtbot) -> None:
    from cockpit.services import timeline as timeline_service
    from ui.record.dialog import LEGIBLE, show_track_record

    dialog = show_track_record(window, window.hub)
    assert dialog is not None
    held = dialog.record.cycles[-1].check_ins_held
    release_id = window.hub.cycle().release.id
    day = window.hub.cycle().release.start_date + dt.timedelta(days=1)
    assert window.hub.run(lambda plan: timeline_service.record_check_in(plan, release_id, day, shipped="x"),
                          parent=dialog) is not None
    assert dialog.record.cycles[-1].check_ins_held in (held, held + 1)  # rewriting a day's check-in is allowed
    assert dialog.record == record_of_open(window)
    dialog.resize(900, 300)  # far too short for the page at a legible size: it scrolls up and down
    dialog.view.fit()
    view = dialog.view
    assert view.sheet.height() > view.viewport().height() and view.verticalScrollBar().maximum() > 0
    assert view.sheet.width() <= view.viewport().width()
    assert view.sheet.width() / 842 >= min(LEGIBLE, view.maximumViewportSize().width() / 842) - 0.02
    dialog.close()


def record_of_open(window) -> TrackRecord:
    plan = window.hub.plan
    return track_record(reader.read_plan(plan.raw, plan.path.name), dt.date.today())


@pytest.mark.parametrize("count", [1, 3, 12])
def test_the_weekly_note_is_one_page_whatever_the_cycles(plans: dict[int, Path], tmp_path: Path, count: int) -> None:
    """``cockpit progress`` of the current cycle of plans with 1, 3 and 12 cycles: one page, legible type."""
    out = tmp_path / f"note-{count}.pdf"
    done = _run("progress", str(plans[count]), "-o", str(out), "--week", "1")
    assert done.returncode == 0, done.stderr
    assert pages_and_size(out)[0] == 1
    assert smallest_word_pt(out) >= 7.95
    assert "week 1 progress" in layout_text(out)
