"""Retrospective rules and the next cycle: recurrence, carry-over, read-only earlier cycles, the notes."""

from __future__ import annotations

import datetime as dt

import pytest
from _support import ANA, MAYA, TARGET, TOM, count, dump, refused
from hypothesis import given
from hypothesis import strategies as st

from cockpit import orm
from cockpit.errors import ReadOnlyCycle, ValidationError
from cockpit.model import Lane, Release, RollbackTrigger, ScopeItem
from cockpit.reader import read_live, read_plan
from cockpit.reports.remediation import draft_remediation
from cockpit.reports.retro import cycle_summary, retro
from cockpit.rules.retro import BlockerRef, blocker_refs, normalise, recurring_groups, recurring_ids
from cockpit.services import core, release, review, rollback, scope, timeline
from cockpit.services.cycles import next_cycle_dates, start_next_cycle

BASE = "Staging payment keys expired"


@given(upper=st.lists(st.booleans(), min_size=len(BASE), max_size=len(BASE)),
       filler=st.sampled_from(["", " again", " still", "!", " (again!)", "."]),
       prefix=st.sampled_from(["", "The ", "  ", "the "]))
def test_the_same_blocker_in_other_words_is_recognised(upper, filler, prefix):
    variant = prefix + "".join(c.upper() if u else c.lower() for c, u in zip(BASE, upper, strict=True)) + filler
    assert normalise(variant) == normalise(BASE)
    groups = recurring_groups([BlockerRef(1, BASE), BlockerRef(2, variant)])
    assert [[b.id for b in g] for g in groups] == [[1, 2]]


def test_plurals_order_and_accents_do_not_hide_a_recurrence():
    assert normalise("Deploy keys expired on staging") == normalise("staging deploy key expired")
    assert normalise("Café review missed") == normalise("cafe reviews missed")


def test_different_blockers_stay_apart_and_links_join_them():
    refs = [BlockerRef(1, "Reports query times out"), BlockerRef(2, "Design not handed over"),
            BlockerRef(3, "QA waiting for a build", same_as_id=2)]
    groups = recurring_groups(refs)
    assert [[b.id for b in g] for g in groups] == [[2, 3]]
    assert recurring_groups([BlockerRef(1, "again"), BlockerRef(2, "the")]) == []


def _week_one(plan, release_id):
    """What the example records by Friday of week 1: blockers (one comes back) and a slow drill."""
    day = dt.date(2026, 11, 17)
    timeline.add_blocker(plan, release_id, "Staging payment keys expired", remover_id=ANA, raised_on=day)
    timeline.add_blocker(plan, release_id, "Receipt email design not handed over", remover_id=MAYA,
                         raised_on=day + dt.timedelta(days=1), category="handoff")
    timeline.add_blocker(plan, release_id, "staging payment keys expired again", remover_id=ANA,
                         raised_on=day + dt.timedelta(days=3))
    rollback.record_drill(plan, release_id, dt.datetime(2026, 11, 19, 15, tzinfo=dt.UTC), 27)


def test_example_retro_flags_the_recurring_blocker(plan, release_id):
    _week_one(plan, release_id)
    facts = retro_of(plan, release_id)
    assert [len(group) for group in facts.recurring] == [2]
    assert facts.recurring[0][0].text == "Staging payment keys expired"
    assert sum(len(v) for v in facts.blockers.values()) == 3
    assert [len(facts.blockers[k]) for k in ("process gap", "handoff", "fragile code")] == [2, 1, 0]
    assert facts.drills and facts.drills[0][1] == 27.0
    assert facts.live


def test_late_additions_show_in_scope_growth(plan, release_id):
    release.set_phase(plan, release_id, "testing", confirmed=True)
    added = scope.add_item(plan, release_id, "Hotfix: duplicate charge", lane="in release",
                           override_reason="Production fix", asked_by="support").result
    growth = retro_of(plan, release_id).growth
    assert [(g.id, g.late, g.asked_by) for g in growth] == [(added, True, "support")]


def test_next_cycle_needs_an_outcome(plan, release_id):
    refused(plan, ValidationError, "no outcome yet", lambda: start_next_cycle(plan, release_id))


def _ship(plan, release_id):
    release.set_phase(plan, release_id, "shipping", confirmed=True)
    release.set_outcome(plan, release_id, "shipped", TARGET)


def test_next_cycle_carries_exactly_what_it_should(plan, release_id):
    _ship(plan, release_id)
    review.set_remediation(plan, release_id, "We own the miss.")  # belongs to its cycle: does not carry
    rollback.set_kit(plan, release_id, db_change_blocks_rollback=True)
    scope.update_item(plan, 16, status="done")  # a done parked item does not carry
    before_old = {t: count(plan, t, f"release_id = {release_id}") for t in
                  ("scope_item", "role_assignment", "rollback_trigger", "runbook_step", "check_in", "blocker")}
    new_id = start_next_cycle(plan, release_id, today=dt.date(2026, 12, 11)).result
    with orm.read(plan) as session:
        new = session.get(Release, new_id)
        assert (new.cycle, new.phase, new.problem) == (2, "planning", "")
        assert new.name == "Team plan billing (cycle 2)"
        assert new.start_date == dt.date(2026, 12, 14) and new.start_date.weekday() == 0
        assert (new.start_date, new.target_date, new.backup_date) == next_cycle_dates(
            session.get(Release, release_id), dt.date(2026, 12, 11))
    assert count(plan, "role_assignment", f"release_id = {new_id}") == before_old["role_assignment"]
    assert count(plan, "rollback_trigger", f"release_id = {new_id}") == before_old["rollback_trigger"]
    assert count(plan, "runbook_step", f"release_id = {new_id}") == before_old["runbook_step"]
    assert count(plan, "milestone", f"release_id = {new_id}") == 3
    assert count(plan, "stable_kit", f"release_id = {new_id} AND db_change_blocks_rollback = 0") == 1
    for table in ("check_in", "blocker", "rollback_drill", "go_no_go_review", "retro_entry", "remediation_note"):
        assert count(plan, table, f"release_id = {new_id}") == 0
    titles = [row[0] for row in plan.raw.execute(
        "SELECT title FROM scope_item WHERE release_id = ? ORDER BY position", (new_id,))]
    assert titles == ["Dark mode for the dashboard", "Move CI to faster runners"]
    assert count(plan, "scope_item", f"release_id = {new_id} AND lane != 'parked'") == 0
    # the finished cycle is untouched
    for table, n in before_old.items():
        assert count(plan, table, f"release_id = {release_id}") == n


def test_earlier_cycles_are_read_only(plan, release_id):
    _ship(plan, release_id)
    new_id = start_next_cycle(plan, release_id).result
    refused(plan, ReadOnlyCycle, "kept for the record", lambda: release.update_release(plan, release_id, name="X"))
    refused(plan, ReadOnlyCycle, "kept for the record", lambda: scope.move_items(plan, [14], "cut", reason="x"))
    refused(plan, ReadOnlyCycle, "kept for the record",
            lambda: timeline.add_blocker(plan, release_id, "x", remover_id=ANA, raised_on=TARGET))
    assert release.update_release(plan, new_id, name="Cycle two").summary


def test_starting_the_next_cycle_undoes_exactly(plan, release_id):
    _ship(plan, release_id)
    before = dump(plan)
    changes = start_next_cycle(plan, release_id)
    core.undo(plan, changes)
    assert dump(plan) == before
    core.redo(plan, changes)
    assert count(plan, "release") == 2


def test_cycle_summary_compares_target_and_actual(plan, release_id):
    release.set_phase(plan, release_id, "shipping", confirmed=True)
    release.set_outcome(plan, release_id, "slipped", TARGET + dt.timedelta(days=5))
    new_id = start_next_cycle(plan, release_id).result
    lines = cycle_summary(read_plan(plan.raw))
    assert next((c.cycle, c.target, c.actual, c.outcome) for c in lines) == (
        1, TARGET, TARGET + dt.timedelta(days=5), "slipped")
    assert lines[1].release_id == new_id and lines[1].outcome is None


def test_remediation_note_owns_the_miss_without_blame(plan, release_id):
    _week_one(plan, release_id)
    release.set_phase(plan, release_id, "shipping", confirmed=True)
    with orm.read(plan) as session:
        trigger = session.exec(__import__("sqlmodel").select(RollbackTrigger)).first().id
    release.set_outcome(plan, release_id, "rolled back", TARGET, trigger_id=trigger, restore_minutes=22)
    review.add_retro_entry(plan, release_id, kind="five whys", problem="Checkout broke after launch",
                           whys=["The migration locked the table"], root_cause="No load test of the migration",
                           action="Rehearse migrations on a production-sized copy", action_owner_id=ANA)
    note = draft_remediation(read_live(plan, release_id))
    assert "rolled it back" in note and "Checkout fails" in note and "22 minutes" in note
    assert "We own this miss" in note
    assert "Rehearse migrations on a production-sized copy (owner: Ana Ruiz)" in note
    assert "came back 2 times" in note
    # names appear only on actions and ownership, never next to what went wrong
    what_happened = note.split("What we are changing")[0]
    assert "Tom Okafor" not in what_happened and "Ana Ruiz" not in what_happened


@pytest.mark.parametrize("outcome, phrase", [("slipped", "We missed the date"), ("shipped", "shipped on")])
def test_remediation_note_for_each_outcome(plan, release_id, outcome, phrase):
    release.set_phase(plan, release_id, "shipping", confirmed=True)
    release.set_outcome(plan, release_id, outcome, TARGET)
    assert phrase in draft_remediation(read_live(plan, release_id))


def test_parked_items_keep_their_owner_in_the_next_cycle(plan, release_id):
    scope.update_item(plan, 14, owner_id=MAYA)
    _ship(plan, release_id)
    new_id = start_next_cycle(plan, release_id).result
    with orm.read(plan) as session:
        copied = session.exec(__import__("sqlmodel").select(ScopeItem).where(
            ScopeItem.release_id == new_id, ScopeItem.title == "Dark mode for the dashboard")).one()
    assert copied.owner_id == MAYA and copied.lane == Lane.PARKED.value and copied.id != 14
    assert TOM  # the example's people are shared by every cycle


def test_the_teams_remediation_note_is_kept_and_undoable(plan, release_id):
    assert retro_of(plan, release_id).remediation == ""  # nothing saved: the app's draft stands
    before = dump(plan)
    saved = review.set_remediation(plan, release_id, "  We own the miss. The plan: one job per release.  ")
    assert retro_of(plan, release_id).remediation == "We own the miss. The plan: one job per release."
    edited = review.set_remediation(plan, release_id, "We own the miss.")
    assert count(plan, "remediation_note") == 1
    core.undo(plan, edited)
    assert retro_of(plan, release_id).remediation == "We own the miss. The plan: one job per release."
    back = review.set_remediation(plan, release_id, "   ")  # empty: back to the draft
    assert count(plan, "remediation_note") == 0
    core.undo(plan, back)
    core.undo(plan, saved)
    assert dump(plan) == before


def test_an_earlier_cycles_remediation_note_is_read_only(plan, release_id):
    review.set_remediation(plan, release_id, "We own the miss.")
    _ship(plan, release_id)
    start_next_cycle(plan, release_id)
    refused(plan, ReadOnlyCycle, "kept for the record",
            lambda: review.set_remediation(plan, release_id, "Rewritten later."))
    assert retro_of(plan, release_id).remediation == "We own the miss."


def retro_of(plan, release_id):
    return retro(read_live(plan, release_id), read_plan(plan.raw))


# -- issue 16, finding 2: one recurrence rule, across cycles -----------------------------------------------------

def test_the_retro_flags_a_blocker_repeated_across_cycles(plan, release_id):
    first = timeline.add_blocker(plan, release_id, "Deploy keys expired on staging", remover_id=ANA,
                                 raised_on=dt.date(2026, 11, 17)).result
    timeline.add_blocker(plan, release_id, "Design not handed over", remover_id=MAYA,
                         raised_on=dt.date(2026, 11, 18), category="handoff")
    _ship(plan, release_id)
    new_id = start_next_cycle(plan, release_id).result
    again = timeline.add_blocker(plan, new_id, "staging deploy key expired", remover_id=ANA,
                                 raised_on=dt.date(2026, 12, 15)).result
    linked = timeline.add_blocker(plan, new_id, "QA waiting for a build", remover_id=TOM,
                                  raised_on=dt.date(2026, 12, 16), category="handoff").result
    timeline.link_same_blocker(plan, linked, first)
    facts = retro_of(plan, new_id)
    mine = {line.id: line for lines in facts.blockers.values() for line in lines}
    assert set(mine) == {again, linked}  # only this cycle's blockers are listed…
    assert mine[again].recurring and mine[linked].recurring  # …and both came back from cycle 1
    assert [sorted((line.cycle, line.id) for line in group) for group in facts.recurring] == [
        [(1, first), (2, again), (2, linked)]]
    assert facts.recurring_ids == {first, again, linked}
    assert "came back 3 times" in draft_remediation(read_live(plan, new_id), facts)
    earlier = retro_of(plan, release_id)  # the finished cycle sees the recurrence as well
    assert [line.recurring for line in earlier.blockers["process gap"]] == [True]
    assert [line.recurring for line in earlier.blockers["handoff"]] == [False]
    assert [(c.cycle, c.blockers) for c in facts.cycles] == [(1, 2), (2, 2)]


@pytest.mark.parametrize("texts", [
    ("Staging payment keys expired", "staging payment keys expired again"),
    ("Deploy keys expired on staging", "Staging deploy key expired", "Reports query times out"),
    ("Café review missed", "cafe reviews missed", "the cafe review was missed!"),
    ("Build broke", "Build broke"),
])
def test_the_retros_recurring_set_is_the_shared_rule(plan, release_id, texts):
    for n, text in enumerate(texts):
        timeline.add_blocker(plan, release_id, text, remover_id=ANA, raised_on=dt.date(2026, 11, 17 + n))
    cycle = read_live(plan, release_id)
    rule = recurring_ids(blocker_refs(cycle.every_blocker, {r.id: r.cycle for r in cycle.cycles}))
    facts = retro(cycle, read_plan(plan.raw))
    flagged = {line.id for lines in facts.blockers.values() for line in lines if line.recurring}
    assert facts.recurring_ids == rule
    assert flagged == rule & {b.id for b in cycle.blockers}
    assert {line.id for group in facts.recurring for line in group} == rule
    assert len(rule) >= 2  # every case above has a recurrence the words rule must find
