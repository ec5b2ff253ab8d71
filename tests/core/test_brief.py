"""The brief's content (priority order, "+N more" summaries) and its Markdown export (no Qt)."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from cockpit.reports.brief import Entry, Listing, allocate, brief_content
from cockpit.reports.markdown import brief_markdown, escape
from cockpit.services import people, scope


def test_content_in_priority_order(plan, release_id):
    brief = brief_content(plan, release_id, today=dt.date(2026, 11, 20))
    assert brief.release == "Team plan billing"
    assert [label for label, _ in brief.dates] == ["Start", "Scope freeze", "Go/no-go", "Target", "Backup"]
    assert dict(brief.roles)["Rollback caller"] == "Tom Okafor"
    assert dict(brief.roles)["Rollback runner"] == ""
    assert dict(brief.roles)["Verifiers"] == "Ana Ruiz, Priya Natarajan"
    assert brief.items.total == 10 and brief.items.entries[-1].mark == "done"  # open work first
    assert ("SSO with Okta", "Second job: customers can finish paying without it") in \
        [(e.text, e.detail) for e in brief.cut.entries]
    assert brief.triggers.total == 4 and brief.caller == "Tom Okafor"
    assert brief.gonogo.verdict == "no-go" and brief.gonogo.stop_authority == "Maya Chen"
    assert [listing.key for listing in brief.listings] == ["items", "cut", "triggers"]


def test_trimmed_summarises_what_does_not_fit(plan, release_id):
    brief = brief_content(plan, release_id)
    small = brief.trimmed(8)
    assert small.list_lines <= 8
    assert small.items.more > 0 and small.items.more_text == f"+{small.items.more} more items"
    assert small.items.total == brief.items.total  # nothing lost from the count
    assert small.cut.total == 3 and small.triggers.total == 4
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
    text = brief_markdown(brief_content(plan, release_id))
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
    text = brief_markdown(brief_content(plan, release_id))
    assert "more items" in text
    assert text.count("\n- Extra item") < 80
