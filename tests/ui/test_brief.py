"""The one-page brief as PDF: always one page, legible, complete, hostile names printed literally.

Checked with poppler's own tools (pdfinfo, pdftotext, pdffonts), not with Qt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest

from cockpit import clock, orm
from cockpit.model import ScopeItem
from cockpit.reader import read_live
from cockpit.reports.brief import brief_content
from cockpit.rules.dates import four_week_dates, monday_on_or_after
from cockpit.services import people, release, rollback, scope, timeline
from cockpit.store import create_plan, open_plan

#: DejaVu Sans' box (ascent + descent) is 1.17 em: pdftotext's word box is that times the type size
BOX_PER_PT = 1.17
SIZES = {"a4": "595 x 842", "letter": "612 x 792"}


def build_plan(path: Path, items: int) -> Path:
    """A plan with ``items`` scope items (half in the release, a quarter cut, a quarter parked)."""
    with create_plan(path) as plan:
        start = monday_on_or_after(dt.date(2026, 11, 16))
        target, backup = four_week_dates(start)
        release_id = release.create_release(plan, f"Release of {items}", start, target, backup,
                                            "Customers cannot pay an invoice by card.").result
        owners = [people.add_person(plan, f"Person {n}", 5).result for n in range(6)]
        people.assign_role(plan, release_id, "rollback caller", owners[1])
        lanes = ("in release", "in release", "cut", "parked")
        with orm.session(plan) as session, session.begin():
            for n in range(items):
                session.add(ScopeItem(release_id=release_id, title=f"Item {n}: a piece of the one job",
                                      owner_id=owners[n % 6], lane=lanes[n % 4], position=n * 1024,
                                      cut_reason="Not needed to pay" if lanes[n % 4] == "cut" else "",
                                      estimate_days=1, added_at=clock.now()))
    return path


def pdf(app, path: Path, out: Path, paper: str = "a4"):
    from ui.brief.render import write_pdf

    with open_plan(path) as plan:
        content = brief_content(read_live(plan), dt.date.today())
    return write_pdf(content, out, paper)


def pdfinfo(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def text_of(path: Path) -> str:
    raw = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(raw.split())


def word_heights(path: Path) -> list[float]:
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [float(y2) - float(y1) for y1, y2 in
            re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', html)]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("items", [0, 10, 100, 1000])
def test_always_exactly_one_legible_page(app, tmp_path, items, paper):
    out = tmp_path / "brief.pdf"
    fitted = pdf(app, build_plan(tmp_path / "p.cockpit", items), out, paper)
    info = pdfinfo(out)
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE), info
    assert SIZES[paper] in info
    heights = word_heights(out)
    assert heights, "no text found"
    assert min(heights) >= 8.0  # no word box below 8 pt
    assert min(heights) / BOX_PER_PT >= 7.95  # and no type below 8 pt (box = 1.17 em)
    text = text_of(out)
    assert f"Release of {items}" in text and "Customers cannot pay an invoice by card." in text
    if items >= 100:
        assert fitted.left_off > 0 and fitted.pt == 8.0
        assert re.search(r"\+\d+ more items", text)  # summarised, never spilled
    else:
        assert "more items" not in text
    if items:
        assert "Item 0: a piece of the one job" in text


def test_example_page_has_everything_the_room_needs(app, example_path, tmp_path):
    out = tmp_path / "example.pdf"
    fitted = pdf(app, example_path, out)
    # Everything, nothing summarised; the type shrinks a step or three for the readiness tasks and parked items
    assert fitted.fits and fitted.left_off == 0 and fitted.pt >= 8.5
    text = text_of(out)
    for expected in ("Team plan billing",
                     "Customers on the Team plan can pay invoices by card and export reports, plus sign in with SSO.",
                     "Thu 10 Dec", "Thu 17 Dec", "Mon 16 Nov", "Wed 09 Dec",  # target, backup, start, go/no-go
                     "Scope owner", "Maya Chen", "Readiness owner Ana Ruiz", "Rollback caller Tom Okafor",
                     "SSO with Okta", "Second job: customers can finish paying without it",
                     "Scheduled report emails", "Not needed to pay an invoice",
                     "Pay an invoice by card", "Checkout fails", "NO-GO", "stop authority Maya Chen",
                     # issue 21: the rehearsal date, the readiness tasks with owners, what was parked
                     "Rollback rehearsal", "Wed 02 Dec", "Readiness tasks",
                     "Payment provider webhooks in staging code Tom Okafor",
                     "Restore script for the old invoice table rollback Ana Ruiz",
                     "Payment provider go-live approval approval nobody yet",
                     "Parked for the next cycle", "Dark mode for the dashboard", "Move CI to faster runners",
                     "Fix: CSV export drops accents"):
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    names = {line.split()[0] for line in fonts.splitlines()[2:]}
    assert names and all(name.split("+")[-1].startswith("DejaVuSans") for name in names), fonts
    assert all(" yes " in line for line in fonts.splitlines()[2:])  # embedded


def test_a_chinese_name_prints_bold_where_names_are_bold(app, tmp_path):
    """The rollback caller's name is bold on the page: 李明 in the shipped CJK bold, as searchable text."""
    path = build_plan(tmp_path / "cjk.cockpit", 4)
    with open_plan(path) as plan:
        release_id = plan.live_release_id()
        person = people.add_person(plan, "李明", 5).result
        people.assign_role(plan, release_id, "rollback caller", person)
    out = tmp_path / "cjk.pdf"
    pdf(app, path, out)
    assert "李明" in text_of(out)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    names = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    assert "DroidSansFallback-Bold" in names, fonts  # before: only DroidSansFallback, the regular


def test_hostile_names_print_literally(app, tmp_path):
    path = build_plan(tmp_path / "h.cockpit", 4)
    with open_plan(path) as plan:
        release_id = plan.live_release_id()
        release.update_release(plan, release_id, name='<img src="/etc/passwd">')
        person = people.add_person(plan, "<b>x", 5).result
        scope.add_item(plan, release_id, '<img src="/etc/passwd"> & <i>y', lane="in release", owner_id=person)
        rollback.add_trigger(plan, release_id, "<table><tr><td>boom", threshold=1, unit="%", window_minutes=5)
    out = tmp_path / "h.pdf"
    pdf(app, path, out)
    text = text_of(out)
    assert '<img src="/etc/passwd">' in text
    assert '<img src="/etc/passwd"> & <i>y' in text
    assert "<b>x" in text and "<table><tr><td>boom" in text


def test_markdown_and_pdf_from_the_command(app, example_path, tmp_path, monkeypatch):
    from ui.cli import brief as brief_cli

    parser = argparse.ArgumentParser()
    brief_cli.register(parser.add_subparsers())
    out = tmp_path / "b.pdf"
    args = parser.parse_args(["brief", str(example_path), "-o", str(out), "--paper", "letter"])
    assert args.run(args) == 0
    assert "612 x 792" in pdfinfo(out) and re.search(r"^Pages:\s+1$", pdfinfo(out), re.MULTILINE)
    md = tmp_path / "b.md"
    args = parser.parse_args(["brief", str(example_path), "-o", str(md)])
    assert args.run(args) == 0
    assert md.read_text(encoding="utf-8").startswith("# Team plan billing")
    bad = parser.parse_args(["brief", str(example_path), "-o", str(tmp_path / "b.docx")])
    assert bad.run(bad) == 2
    damaged = tmp_path / "damaged.cockpit"
    damaged.write_bytes(example_path.read_bytes()[:5000])
    args = parser.parse_args(["brief", str(damaged), "-o", str(tmp_path / "d.pdf")])
    assert args.run(args) == 2 and not (tmp_path / "d.pdf").exists()


def test_paper_setting_defaults_from_the_locale(app, monkeypatch):
    from PySide6.QtCore import QLocale

    from ui.brief import paper

    assert paper.locale_paper(QLocale("en_US")) == "letter"
    assert paper.locale_paper(QLocale("en_CA")) == "letter"
    assert paper.locale_paper(QLocale("de_DE")) == "a4"
    assert paper.locale_paper(QLocale("en_GB")) == "a4"
    monkeypatch.setattr(paper, "locale_paper", lambda locale=None: "letter")
    assert paper.paper() == "letter"
    paper.set_paper("a4")
    assert paper.paper() == "a4"
    with pytest.raises(ValueError):
        paper.set_paper("a3")


def test_brief_and_check_as_processes_with_no_display(example_path, tmp_path):
    """The commands start Qt themselves on the offscreen platform: no DISPLAY, no QT_QPA_PLATFORM."""
    import os
    import sys

    cockpit = str(Path(sys.executable).with_name("cockpit"))
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    out = tmp_path / "brief.pdf"
    # They read the plan with the standard library: SQLAlchemy (half a second) is never imported.
    traced = {**env, "PYTHONPROFILEIMPORTTIME": "1"}
    done = subprocess.run([cockpit, "brief", str(example_path), "-o", str(out)],
                          capture_output=True, text=True, env=traced, timeout=120)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^Pages:\s+1$", pdfinfo(out), re.MULTILINE)
    assert "Team plan billing" in text_of(out)
    check = subprocess.run([cockpit, "check", str(example_path), "--json"],
                           capture_output=True, text=True, env=traced, timeout=120)
    assert check.returncode == 1, check.stderr
    assert '"verdict": "no-go"' in check.stdout
    calendar = subprocess.run([cockpit, "calendar", str(example_path), "-o", str(tmp_path / "dates.ics")],
                              capture_output=True, text=True, env=traced, timeout=120)
    assert calendar.returncode == 0, calendar.stderr
    exported = subprocess.run([cockpit, "export", str(example_path), "--json", "-"],
                              capture_output=True, text=True, env=traced, timeout=120)
    assert exported.returncode == 0 and '"release-cockpit-export"' in exported.stdout, exported.stderr
    for run in (done, check, calendar, exported):
        assert re.search(r"\| +cockpit\.reading$", run.stderr, re.MULTILINE)  # the trace is there
        assert not re.search(r"\| +(sqlalchemy|sqlmodel|pydantic)\b", run.stderr)
    with open_plan(example_path):
        busy = subprocess.run([cockpit, "brief", str(example_path), "-o", str(tmp_path / "b.md")],
                              capture_output=True, text=True, env=env, timeout=120)
    assert busy.returncode == 2 and "already open" in busy.stderr and not (tmp_path / "b.md").exists()
    damaged = tmp_path / "damaged.cockpit"
    damaged.write_bytes(example_path.read_bytes()[:3000])
    bad = subprocess.run([cockpit, "brief", str(damaged), "-o", str(tmp_path / "d.pdf")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 2 and bad.stderr.startswith("cockpit: ") and len(bad.stderr.splitlines()) == 1
    assert not (tmp_path / "d.pdf").exists()


def test_many_parked_items_and_tasks_yield_first_and_stay_on_one_page(app, tmp_path):
    """The parts DOMAIN.md ranks stay whole; readiness tasks and parked items are summarised ("+N more")."""
    path = build_plan(tmp_path / "many.cockpit", 12)  # items 0, 1, 4, 5, 8, 9 in the release; 2, 6, 10 cut
    with open_plan(path) as plan:
        release_id = plan.live_release_id()
        owner = people.add_person(plan, "Rosa Diaz", 5).result
        for n in range(150):
            scope.add_item(plan, release_id, f"Someday idea {n}", lane="parked")
        for n in range(120):  # three with no owner: go/no-go question 2's list names them
            timeline.add_task(plan, release_id, f"Release-path step {n}", area="deploy steps",
                              owner_id=None if n % 40 == 0 else owner)
        idea = scope.add_item(plan, release_id, "Invoice reminders by SMS", lane="in release").result
        scope.move_items(plan, [idea], "parked", index=0, reason="Asked for after the plan was set")
        rehearsal = read_live(plan).dated["rollback rehearsal"]
    out = tmp_path / "many.pdf"
    fitted = pdf(app, path, out)
    assert re.search(r"^Pages:\s+1$", pdfinfo(out), re.MULTILINE)
    assert min(word_heights(out)) / BOX_PER_PT >= 7.95  # no type below 8 pt
    text = text_of(out)
    shown = fitted.brief
    assert 0 < len(shown.tasks.entries) < 120 and shown.parked.more > 0
    assert f"+{shown.tasks.more} more tasks" in text and f"+{shown.parked.more} more items" in text
    assert text.count("more items") == 1  # only Parked is summarised among the lists of items
    assert "154 items · the next cycle's backlog" in text
    assert "Invoice reminders by SMS (Asked for after the plan was set)" in text  # why it waits, when said
    assert "120 tasks on the release path · 0 done · 3 unfinished with no owner" in text
    for n in (0, 1, 4, 5, 8, 9, 2, 6, 10):  # the release and the cut, whole: they outrank the new lists
        assert f"Item {n}: a piece of the one job" in text, n
    for n in (0, 40, 80):  # the unowned tasks, whole, in the ranked list of unfinished work with no owner
        assert f"Release-path step {n} release-path task" in text, n
    assert "Release-path step 1 deploy steps Rosa Diaz todo" in text  # the tasks shown carry their owner
    assert "Rollback rehearsal" in text and f"{rehearsal:%a %d %b}" in text  # label above, date below


def test_when_the_ranked_parts_overflow_tasks_and_parked_keep_only_their_summary(app, tmp_path):
    """A crowded release: every line goes to DOMAIN.md's parts; the new lists keep one "+N more" line each."""
    path = build_plan(tmp_path / "crowded.cockpit", 400)  # 200 in the release, 100 cut, 100 parked
    with open_plan(path) as plan:
        release_id = plan.live_release_id()
        owner = people.add_person(plan, "Rosa Diaz", 5).result
        for n in range(50):
            timeline.add_task(plan, release_id, f"Release-path step {n}", area="deploy steps", owner_id=owner)
    out = tmp_path / "crowded.pdf"
    fitted = pdf(app, path, out)
    assert re.search(r"^Pages:\s+1$", pdfinfo(out), re.MULTILINE)
    assert min(word_heights(out)) / BOX_PER_PT >= 7.95
    text = text_of(out)
    shown = fitted.brief
    assert shown.items.more > 0 and shown.cut.more > 0  # the ranked parts are summarised themselves
    assert shown.tasks.entries == () and shown.parked.entries == ()
    assert "Readiness tasks 50 tasks on the release path" in text and "+50 more tasks" in text
    assert "Parked for the next cycle 100 items" in text and "+100 more items" in text
    assert "Release-path step" not in text and "Item 3: a piece" not in text  # no task, no parked item listed
