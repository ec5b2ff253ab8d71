"""Issue 21: the note and the brief say what was parked (and for when), the readiness tasks with their
owners and the rollback rehearsal's date; the new lists yield first when the page is short (no Qt)."""

from __future__ import annotations

import datetime as dt

from _support import ANA, FIXED_TODAY, TARGET, TOM
from hypothesis import given
from hypothesis import strategies as st

from cockpit.reader import read_live
from cockpit.reports.brief import FLOOR, RANKED, allocate, brief_content, parked_for_next_cycle
from cockpit.reports.markdown import brief_markdown
from cockpit.reports.note import PARKED_LIMIT, TASK_LIMIT, draft_note
from cockpit.rules import work
from cockpit.services import release, scope, timeline
from cockpit.services.cycles import start_next_cycle

REHEARSAL = dt.date(2026, 12, 2)  # the example's default: mid week 3
TASKS = [("Payment provider webhooks in staging", "code", "Tom Okafor"),
         ("Test accounts with real-looking invoices", "test data", "Ana Ruiz"),
         ("Deploy steps for the invoice migration", "deploy steps", "Lars Berg"),
         ("Payment provider go-live approval", "approval", ""),
         ("Restore script for the old invoice table", "rollback", "Ana Ruiz")]
PARKED = ["Dark mode for the dashboard", "Move CI to faster runners", "Fix: CSV export drops accents"]


# -- the stakeholder note --------------------------------------------------------------------------------
def test_note_says_what_was_parked_and_for_when(plan, release_id):
    text = draft_note(read_live(plan, release_id))
    heading = "Parked for the next cycle, which starts after this release's target date (Thu 10 Dec)"
    assert heading in text
    block = text.split(heading, 1)[1].split("\n\n", 1)[0]
    assert [line[2:] for line in block.splitlines()[1:]] == PARKED
    # a cut item is not said to go to the next cycle: only Parked carries over
    assert "first in line for the next cycle" not in text


def test_note_gives_a_parking_reason_when_there_is_one(plan, release_id):
    item = scope.add_item(plan, release_id, "Invoice reminders by SMS", lane="in release").result
    scope.move_items(plan, [item], "parked", reason="Asked for by sales after the plan was set")
    text = draft_note(read_live(plan, release_id))
    assert "- Invoice reminders by SMS: Asked for by sales after the plan was set" in text
    assert "- Dark mode for the dashboard\n" in text  # no reason given: no colon, no made-up reason


def test_note_parks_only_what_the_next_cycle_carries(plan, release_id):
    scope.update_item(plan, 16, status="done")  # a done parked item is not next cycle's backlog
    cycle = read_live(plan, release_id)
    text = draft_note(cycle)
    assert "Fix: CSV export drops accents" not in text
    said = [i.title for i in parked_for_next_cycle(cycle)]
    release.set_phase(plan, release_id, "shipping", confirmed=True)
    release.set_outcome(plan, release_id, "shipped", TARGET)
    new_id = start_next_cycle(plan, release_id, today=TARGET).result
    carried = [i.title for i in read_live(plan, new_id).items]
    assert said == carried == PARKED[:2]
    new = read_live(plan, new_id).release
    assert new.start_date > TARGET  # "starts after this release's target date" held


def test_note_lists_the_readiness_tasks_with_owners(plan, release_id):
    text = draft_note(read_live(plan, release_id))
    assert "Getting the release out safely, one owner per step:" in text
    for title, area, owner in TASKS:
        assert f"- {title} ({area}): {owner or 'no owner yet'}\n" in text
    task = next(t for t in read_live(plan, release_id).tasks if t.title == TASKS[0][0])
    timeline.update_task(plan, task.id, status="done", owner_id=ANA)
    assert f"- {TASKS[0][0]} (code): Ana Ruiz (done)\n" in draft_note(read_live(plan, release_id))


def test_note_gives_the_rehearsal_date_and_follows_it(plan, release_id):
    assert "the rollback rehearsed on Wed 02 Dec and timed" in draft_note(read_live(plan, release_id))
    timeline.set_milestone(plan, release_id, "rollback rehearsal", dt.date(2026, 12, 4))
    text = draft_note(read_live(plan, release_id))
    assert "rehearsed on Fri 04 Dec" in text and "Wed 02 Dec" not in text


def test_long_parked_and_task_lists_are_summarised_in_the_note(plan, release_id):
    for n in range(PARKED_LIMIT + 4):
        scope.add_item(plan, release_id, f"Later idea {n}", lane="parked")
    for n in range(TASK_LIMIT + 2):
        timeline.add_task(plan, release_id, f"Config switch {n}", area="deploy steps", owner_id=TOM)
    text = draft_note(read_live(plan, release_id))
    parked, tasks = 3 + PARKED_LIMIT + 4, 5 + TASK_LIMIT + 2
    assert f"- and {parked - PARKED_LIMIT} more items (the full list is in the plan)" in text
    assert f"- and {tasks - TASK_LIMIT} more steps (the full list is in the plan)" in text


# -- the brief's content ---------------------------------------------------------------------------------
def test_brief_has_the_rehearsal_date_tasks_with_owners_and_parked(plan, release_id):
    cycle = read_live(plan, release_id)
    brief = brief_content(cycle, FIXED_TODAY)
    assert dict(brief.dates)["Rollback rehearsal"] == REHEARSAL == cycle.dated["rollback rehearsal"]
    assert [(e.text, e.what, e.detail) for e in brief.tasks.entries] == TASKS
    unowned_tasks = [p.title for p in work.unowned_work(cycle) if p.kind == "task"]
    assert unowned_tasks == ["Payment provider go-live approval"]
    assert brief.tasks.summary == "5 tasks on the release path · 0 done · 1 unfinished with no owner"
    assert [(e.text, e.detail) for e in brief.parked.entries] == [(t, "") for t in PARKED]
    assert brief.parked.summary.startswith("3 items · the next cycle's backlog")
    # a blocked task is marked (by the rule that counts it) and comes first
    blocked = next(t for t in cycle.tasks if t.title == TASKS[2][0])
    timeline.update_task(plan, blocked.id, status="blocked")
    brief = brief_content(read_live(plan, release_id), FIXED_TODAY)
    assert (brief.tasks.entries[0].text, brief.tasks.entries[0].mark) == (TASKS[2][0], "blocked")
    assert "1 task" in brief.items.summary  # the blocked count names it too


def test_markdown_has_the_new_parts(plan, release_id):
    timeline.add_task(plan, release_id, "<b>Flip</b> the *flag*", area="deploy steps", owner_id=TOM)
    text = brief_markdown(brief_content(read_live(plan, release_id), FIXED_TODAY))
    assert "- Rollback rehearsal: Wed 02 Dec 2026" in text
    assert "## Readiness tasks" in text and "## Parked for the next cycle" in text
    assert "- Payment provider webhooks in staging — code (owner: Tom Okafor) [todo]" in text
    assert "- Payment provider go-live approval — approval (owner: nobody yet) [todo]" in text
    assert "- \\<b\\>Flip\\</b\\> the \\*flag\\* — deploy steps (owner: Tom Okafor) [todo]" in text
    assert "- Move CI to faster runners\n" in text
    assert text.index("## Readiness tasks") < text.index("## Cut, and why") < text.index("## Parked")


# -- what yields first ------------------------------------------------------------------------------------
@given(st.lists(st.integers(0, 300), min_size=6, max_size=6), st.integers(0, 800))
def test_unranked_lists_yield_before_any_ranked_part(sizes, budget):
    lines = allocate(sizes, budget, ranked=RANKED)
    head, tail = sizes[:RANKED], sizes[RANKED:]
    # the ranked parts get exactly what they would get if the unranked lists were only their summary line
    assert lines[:RANKED] == allocate(head, budget - sum(min(1, n) for n in tail))
    if any(got > min(1, n) for got, n in zip(lines[RANKED:], tail, strict=True)):
        assert lines[:RANKED] == head  # an unranked list gets a second line only when every part is whole
    assert all(got >= 1 for got, n in zip(lines, sizes, strict=True) if n)  # never invisible


def test_a_short_page_trims_tasks_and_parked_first(plan, release_id):
    for n in range(40):
        scope.add_item(plan, release_id, f"Later idea {n}", lane="parked")
        timeline.add_task(plan, release_id, f"Config switch {n}", area="deploy steps", owner_id=TOM)
    brief = brief_content(read_live(plan, release_id), FIXED_TODAY)
    ranked = sum(listing.lines for listing in brief.listings[:RANKED])
    small = brief.trimmed(ranked + 2)
    assert small.listings[:RANKED] == brief.listings[:RANKED]  # items, unowned, cut, triggers whole
    assert small.tasks.entries == () and small.tasks.more_text == "+45 more tasks"
    assert small.parked.entries == () and small.parked.more_text == "+43 more items"
    roomier = brief.trimmed(ranked + 2 * FLOOR + 4)
    assert len(roomier.tasks.entries) > FLOOR  # what is left goes to tasks before parked
    assert roomier.parked.lines == FLOOR and roomier.parked.total == 43
    tight = brief.trimmed(10)
    assert tight.tasks.lines == tight.parked.lines == 1
    assert len(tight.items.entries) >= 1  # a ranked part keeps more than its summary before the rest do
