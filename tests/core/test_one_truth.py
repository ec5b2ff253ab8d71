"""One truth: what the reports show equals what the services enforce, on random plans.

Issue 16's findings 1–5, as properties over plans built through the services in every phase
(outcome set or not): the board says frozen ⇔ the scope service asks for an override; an item or
task listed as unowned ⇔ it has no owner, with the same count on the overview, the owners view,
the go/no-go review and the brief; one "blocked" number everywhere; the timeline flags a blocker
as recurring exactly when the retrospective's rule does; and the two ways to set an owner refuse
the same names.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cockpit import reader
from cockpit.errors import ScopeFrozen, ValidationError
from cockpit.kinds import Lane, Outcome, Phase, Status
from cockpit.reports.board import board
from cockpit.reports.brief import brief_content
from cockpit.reports.gonogo import go_no_go
from cockpit.reports.overview import overview
from cockpit.reports.owners import ownership
from cockpit.reports.timeline import timeline
from cockpit.rules import work
from cockpit.rules.retro import blocker_refs, recurring_ids
from cockpit.services import ownership as owner_service
from cockpit.services import people, release, scope
from cockpit.services import timeline as timeline_service
from cockpit.store import create_plan

TODAY = dt.date(2026, 11, 18)
START = dt.date(2026, 11, 16)
NAMES = ("Maya Chen", "Tom Okafor", "李明", "Zoë Müller")
BLOCKER_TEXTS = ("Waiting on QA sign-off", "waiting for QA sign off again", "Staging is down",
                 "staging down", "No test data for refunds")
#: the phase paths a cycle can take, outcome included
PATHS = (
    (),
    (Phase.BUILDING,),
    (Phase.BUILDING, Phase.TESTING),
    (Phase.BUILDING, Phase.TESTING, Phase.SHIPPING),
    (Phase.BUILDING, Phase.TESTING, Phase.SHIPPING, Outcome.SHIPPED),
    (Phase.BUILDING, Phase.TESTING, Phase.SHIPPING, Outcome.ROLLED_BACK),
    (Outcome.SHIPPED,),  # an outcome recorded straight from planning (finding 1)
    (Phase.BUILDING, Outcome.SLIPPED),
)

_counter = itertools.count()

item_strategy = st.tuples(st.sampled_from([lane.value for lane in Lane]),
                          st.sampled_from([s.value for s in Status]),
                          st.one_of(st.none(), st.integers(0, len(NAMES) - 1)))
task_strategy = st.tuples(st.sampled_from([s.value for s in Status]),
                          st.one_of(st.none(), st.integers(0, len(NAMES) - 1)))
blocker_strategy = st.tuples(st.sampled_from(BLOCKER_TEXTS), st.booleans())


def build(folder: Path, items: list, tasks: list, blockers: list, path: tuple) -> tuple:
    plan = create_plan(folder / f"truth-{next(_counter)}.cockpit")
    rid = release.create_release(plan, "Truth", START, START + dt.timedelta(days=25),
                                 START + dt.timedelta(days=32), "Customers can pay by card.").result
    ids = [people.add_person(plan, name).result for name in NAMES]
    for n, (lane, status, owner) in enumerate(items):
        item = scope.add_item(plan, rid, f"Item {n}", lane=lane).result
        if status != Status.TODO.value:
            scope.update_item(plan, item, status=status)
        if owner is not None:
            owner_service.set_owner(plan, "item", item, ids[owner])
    for n, (status, owner) in enumerate(tasks):
        task = timeline_service.add_task(plan, rid, f"Task {n}", status=status).result
        if owner is not None:
            owner_service.set_owner(plan, "task", task, ids[owner])
    for n, (text, cleared) in enumerate(blockers):
        raised = START + dt.timedelta(days=n)
        blocker = timeline_service.add_blocker(plan, rid, text, remover_id=ids[0], raised_on=raised).result
        if cleared:
            timeline_service.update_blocker(plan, blocker, cleared_on=raised)
    for step in path:
        if isinstance(step, Outcome):
            release.set_outcome(plan, rid, step.value, START + dt.timedelta(days=25))
        else:
            release.set_phase(plan, rid, step.value, confirmed=True)
    return plan, rid


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(item_strategy, max_size=7), tasks=st.lists(task_strategy, max_size=4),
       blockers=st.lists(blocker_strategy, max_size=5), path=st.sampled_from(PATHS))
def test_reports_show_what_services_enforce(tmp_path: Path, items: list, tasks: list, blockers: list,
                                            path: tuple) -> None:
    plan, rid = build(tmp_path, items, tasks, blockers, path)
    try:
        cycle = reader.read_live(plan)
        shown_board = board(cycle)
        shown_overview = overview(cycle, TODAY)
        shown_owners = ownership(cycle, TODAY)
        shown_timeline = timeline(cycle, TODAY)
        review = go_no_go(cycle)
        brief = brief_content(cycle, TODAY)

        # 1. Frozen: the board (and the overview) say frozen ⇔ the service asks for an override.
        try:
            scope.add_item(plan, rid, "Late request", lane=Lane.IN_RELEASE.value)
            asked = False
        except ScopeFrozen:
            asked = True
        assert shown_board.frozen == asked
        assert shown_overview.frozen == asked

        # 3. Unowned work: one list, one count, everywhere.
        unowned = work.unowned_work(cycle)
        expected = {(p.kind, p.id) for p in unowned}
        truly = {("item", i.id) for i in cycle.items if i.lane == Lane.IN_RELEASE.value
                 and i.status != Status.DONE.value and i.owner_id is None}
        truly |= {("task", t.id) for t in cycle.tasks if t.status != Status.DONE.value and t.owner_id is None}
        assert expected == truly
        assert shown_overview.unowned == len(unowned)
        assert {(r.kind, r.id) for r in shown_owners.unowned()} == expected
        assert review.answer("owners").passed == (not unowned)
        assert brief.unowned_count == len(unowned)

        # 4. Blocked: the overview's number is the brief's.
        assert shown_overview.blocked == work.blockage(cycle).count == brief.blocked_count

        # 2. Recurring blockers: the timeline flags what the retrospective's rule finds.
        cycles = {r.id: r.cycle for r in cycle.cycles}
        rule = recurring_ids(blocker_refs(cycle.every_blocker, cycles)) & {b.id for b in cycle.blockers}
        assert {b.id for b in shown_timeline.blockers if b.recurring} == rule
    finally:
        plan.close()


@pytest.mark.parametrize("label", ["QA", "the team", "TBD"])
def test_both_ways_to_name_an_owner_refuse_a_team(tmp_path: Path, label: str) -> None:
    """Finding 5: one service writes an owner; the card editor's path refuses what the matrix refuses."""
    plan, _ = build(tmp_path, [(Lane.IN_RELEASE.value, Status.TODO.value, None)], [], [], ())
    try:
        item = reader.read_live(plan).items[0].id
        with pytest.raises(ValidationError):
            owner_service.set_owner(plan, "item", item, label)
        with pytest.raises(ValidationError):
            scope.update_item(plan, item, owner_id=label)
        assert reader.read_live(plan).items[0].owner_id is None
    finally:
        plan.close()
