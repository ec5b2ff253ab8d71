"""The brief's content (priority order, "+N more" summaries) and its Markdown export (no Qt)."""

from __future__ import annotations

import datetime as dt
import re

from _support import FIXED_TODAY, LARS
from hypothesis import given
from hypothesis import strategies as st

from cockpit.reader import read_live
from cockpit.reports.brief import Entry, Listing, allocate, brief_content
from cockpit.reports.markdown import brief_markdown, escape
from cockpit.reports.overview import overview
from cockpit.rules import work
from cockpit.services import people, scope, timeline


def test_content_in_priority_order(plan, release_id):
    brief = brief_content(read_live(plan, release_id), dt.date(2026, 11, 20))
    assert brief.release == "Team plan billing"
    assert [label for label, _ in brief.dates] == ["Start", "Scope freeze", "Rollback rehearsal", "Go/no-go",
                                                   "Target", "Backup"]
    assert dict(brief.roles)["Rollback caller"] == "Tom Okafor"
    assert dict(brief.roles)["Rollback runner"] == ""
    assert dict(brief.roles)["Verifiers"] == "Ana Ruiz, Priya Natarajan"
    assert brief.items.total == 10 and brief.items.entries[-1].mark == "done"  # open work first
    assert ("SSO with Okta", "Second job: customers can finish paying without it") in \
        [(e.text, e.detail) for e in brief.cut.entries]
    assert brief.triggers.total == 4 and brief.caller == "Tom Okafor"
    assert brief.gonogo.verdict == "no-go" and brief.gonogo.stop_authority == "Maya Chen"
    assert [listing.key for listing in brief.listings] == ["items", "unowned", "cut", "triggers", "tasks", "parked"]


def test_trimmed_summarises_what_does_not_fit(plan, release_id):
    brief = brief_content(read_live(plan, release_id), FIXED_TODAY)
    small = brief.trimmed(8)
    assert small.list_lines <= 8
    assert small.items.more > 0 and small.items.more_text == f"+{small.items.more} more items"
    assert small.items.total == brief.items.total  # nothing lost from the count
    assert small.cut.total == 3 and small.triggers.total == 4 and small.unowned.total == brief.unowned.total
    assert brief.trimmed(None) == brief
    clipped = brief.trimmed(None, clip=10)
    assert all(len(e.text) <= 10 for e in clipped.items.entries)


@given(st.lists(st.integers(0, 400), min_size=1, max_size=4), st.integers(0, 600))
def test_allocate_keeps_within_budget_and_priority(sizes, budget):
    lines = allocate(sizes, budget)
    nonempty = sum(1 for n in sizes if n)
    assert all(0 <= got <= n for got, n in zip(lines, sizes, strict=True))
    assert all(got >= 1 for got, n in zip(lines, sizes, strict=True) if n)  # every list keeps its "+N more"
    assert sum(lines) <= max(budget, nonempty)
    if budget >= sum(sizes):
        assert lines == sizes


def test_listing_keep_counts_left_off():
    listing = Listing("items", "In", "", tuple(Entry(f"t{n}") for n in range(10)), "none")
    kept = listing.keep(4)
    assert len(kept.entries) == 3 and kept.more == 7 and kept.lines == 4 and kept.total == 10
    assert listing.keep(1).entries == () and listing.keep(1).more_text == "+10 more items"
    assert Listing("t", "T", "", (), "", more=1, noun="triggers").more_text == "+1 more trigger"


def test_markdown_has_every_section_and_escapes(plan, release_id):
    hostile = people.add_person(plan, "<b>x", 5).result
    scope.add_item(plan, release_id, '<img src="/etc/passwd">', lane="in release", owner_id=hostile)
    scope.add_item(plan, release_id, "**bold** [link](http://example.com)", lane="in release", owner_id=hostile)
    text = brief_markdown(brief_content(read_live(plan, release_id), FIXED_TODAY))
    for heading in ("# Team plan billing", "## Dates", "## Owners", "## In the release", "## Cut, and why",
                    "## Rollback triggers", "## Go/no-go"):
        assert heading in text
    assert "SSO with Okta: Second job" in text and "Rollback caller: Tom Okafor" in text
    assert "**Verdict: NO-GO**" in text
    assert not re.search(r"(?<!\\)[<>]", text)  # every angle bracket is escaped
    assert "\\<img src=\"/etc/passwd\"\\>" in text
    assert "(owner: \\<b\\>x)" in text
    assert "\\*\\*bold\\*\\* \\[link\\](http://example.com)" in text
    assert escape("a & b &amp; c") == "a & b \\&amp; c"


def test_markdown_summarises_long_lists(plan, release_id):
    for n in range(80):
        scope.add_item(plan, release_id, f"Extra item {n}", lane="in release")
    text = brief_markdown(brief_content(read_live(plan, release_id), FIXED_TODAY))
    assert "more items" in text
    assert text.count("\n- Extra item") < 80


# -- finding 3: the brief's unowned count is the rule's, and the page lists exactly what it counts --------
def _owners_count(brief) -> int:
    """N of "N of M unfinished have no owner" in the brief's go/no-go state."""
    evidence = next(evidence for label, _, evidence in brief.gonogo.answers if label == "Every open task owned")
    found = re.match(r"(\d+) of \d+ unfinished have no owner", evidence)
    return int(found.group(1)) if found else 0


def test_unowned_count_equals_what_the_brief_lists_tasks_included(plan, release_id):
    cycle = read_live(plan, release_id)
    brief = brief_content(cycle, FIXED_TODAY)
    unowned = work.unowned_work(cycle)
    assert any(p.kind == "task" for p in unowned) and any(p.kind == "item" for p in unowned)  # the example has both
    assert _owners_count(brief) == brief.unowned_count == len(unowned) == overview(cycle, FIXED_TODAY).unowned_items
    assert brief.unowned.total == brief.unowned_count
    assert [e.text for e in brief.unowned.entries] == [p.title for p in unowned]
    assert "Payment provider go-live approval" in [e.text for e in brief.unowned.entries]  # a task, on the page
    markdown = brief_markdown(brief)
    assert "## Unfinished, no owner yet" in markdown and "Payment provider go-live approval" in markdown


def test_owning_everything_empties_the_list_and_passes_question_two(plan, release_id):
    for piece in work.unowned_work(read_live(plan, release_id)):
        if piece.kind == "item":
            scope.update_item(plan, piece.id, owner_id=LARS)
        else:
            timeline.update_task(plan, piece.id, owner_id=LARS)
    brief = brief_content(read_live(plan, release_id), FIXED_TODAY)
    assert brief.unowned.total == 0 == _owners_count(brief)
    assert dict((label, ok) for label, ok, _ in brief.gonogo.answers)["Every open task owned"]


# -- finding 4: the brief's blocked number is the rule's (the overview's) --------------------------------
def test_blocked_count_and_marks_follow_the_blockage_rule(plan, release_id):
    item = scope.add_item(plan, release_id, "Card form hangs", lane="in release", owner_id=LARS).result
    scope.update_item(plan, item, status="blocked")
    cycle = read_live(plan, release_id)
    brief = brief_content(cycle, FIXED_TODAY)
    blockage = work.blockage(cycle)
    assert blockage.count >= 1
    assert brief.blocked_count == blockage.count == overview(cycle, FIXED_TODAY).blocked
    marked = [e.text for e in brief.items.entries if e.mark == "blocked"]
    assert marked == [p.title for p in blockage.work if p.kind == "item"]
    assert f"{blockage.count} blocked" in brief.items.summary
    timeline.add_blocker(plan, release_id, "Staging keys expired", remover_id=LARS, raised_on=FIXED_TODAY)
    cycle = read_live(plan, release_id)
    brief = brief_content(cycle, FIXED_TODAY)
    assert brief.blocked_count == work.blockage(cycle).count == blockage.count + 1
    assert brief.blocked_count == overview(cycle, FIXED_TODAY).blocked
    assert "1 open blocker" in brief.items.summary
