"""Go/no-go: the five answers from the data, the verdict, the review history (no Qt)."""

from __future__ import annotations

import datetime as dt
import json

from _support import LARS, TARGET, count
from sqlmodel import select

from cockpit import orm
from cockpit.model import GoNoGoReview, ReleaseTask, RunbookStep, ScopeItem
from cockpit.reader import read_live
from cockpit.reports.gonogo import go_no_go
from cockpit.rules import gonogo as rules
from cockpit.rules.statement import check_statement
from cockpit.services import people, release, review, rollback, scope, timeline
from cockpit.services.core import undo


def make_go(plan, release_id: int) -> None:
    """Fix everything the example plan still fails, through the services."""
    release.update_release(plan, release_id, problem="Customers on the Team plan cannot pay an invoice by card.")
    with orm.read(plan) as s:
        items = [i.id for i in s.exec(select(ScopeItem).where(ScopeItem.owner_id.is_(None),  # type: ignore[union-attr]
                                                              ScopeItem.lane == "in release"))]
        tasks = [t.id for t in s.exec(select(ReleaseTask).where(ReleaseTask.owner_id.is_(None)))]  # type: ignore[union-attr]
        steps = [st.id for st in s.exec(select(RunbookStep).where(RunbookStep.runner_id.is_(None)))]  # type: ignore[union-attr]
    for item_id in items:
        scope.update_item(plan, item_id, owner_id=LARS)
    for task_id in tasks:
        timeline.update_task(plan, task_id, owner_id=LARS)
    for step_id in steps:
        rollback.update_step(plan, step_id, runner_id=LARS)
    people.assign_role(plan, release_id, "rollback runner", LARS)
    rollback.record_drill(plan, release_id, dt.datetime.combine(TARGET - dt.timedelta(days=3), dt.time(10),
                                                                tzinfo=dt.UTC), 12)
    release.confirm_path_tested(plan, release_id, "Staging copy of production: build, deploy, migration, alerts.",
                                on=TARGET - dt.timedelta(days=2))
    review.set_note(plan, release_id, "We cut SSO to protect the date.")
    review.mark_note_sent(plan, release_id, TARGET - dt.timedelta(days=2))


def test_example_is_no_go_with_evidence(plan, release_id):
    result = go_no_go(read_live(plan, release_id))
    assert [a.key for a in result.answers] == ["problem", "owners", "rollback", "path", "stakeholders"]
    assert result.verdict == "no-go" and not result.go and result.passed == 0
    assert result.stop_authority == "Maya Chen"
    owners = result.answer("owners")
    assert "Expired card: clear message and retry" in owners.details
    assert "Task: Payment provider go-live approval" in owners.details
    assert owners.fix_section == "owners"
    assert any("runner" in d for d in result.answer("rollback").details)
    assert "list" in result.answer("problem").evidence
    assert result.verdict_text().startswith("NO-GO (0 of 5 pass)")


def test_fixed_plan_is_go(plan, release_id):
    make_go(plan, release_id)
    result = go_no_go(read_live(plan, release_id))
    assert [a.key for a in result.answers if not a.passed] == []
    assert result.verdict == "go"
    assert "Tested" in result.answer("path").evidence and "Staging copy" in result.answer("path").evidence
    assert "Note sent" in result.answer("stakeholders").evidence


def test_each_question_can_fail_alone(plan, release_id):
    make_go(plan, release_id)
    note_sent = review.mark_note_sent(plan, release_id, None)
    result = go_no_go(read_live(plan, release_id))
    assert [a.key for a in result.answers if not a.passed] == ["stakeholders"]
    assert result.verdict == "no-go"
    undo(plan, note_sent)
    kit = rollback.set_kit(plan, release_id, db_change_blocks_rollback=True)
    assert [a.key for a in go_no_go(read_live(plan, release_id)).answers if not a.passed] == ["rollback"]
    undo(plan, kit)
    added = scope.add_item(plan, release_id, "Nobody owns this", lane="in release")
    failing = go_no_go(read_live(plan, release_id)).answer("owners")
    assert not failing.passed and "Nobody owns this" in failing.details
    scope.update_item(plan, added.result, status="done")
    assert go_no_go(read_live(plan, release_id)).go  # finished work needs no owner


def test_saved_reviews_are_kept_newest_first(plan, release_id):
    first = go_no_go(read_live(plan, release_id))
    review.save_review(plan, release_id, first.verdict, first.records(), first.stop_authority or "")
    make_go(plan, release_id)
    second = go_no_go(read_live(plan, release_id))
    review.save_review(plan, release_id, second.verdict, second.records(), second.stop_authority or "")
    assert count(plan, "go_no_go_review") == 2
    history = go_no_go(read_live(plan, release_id)).history
    assert [h.verdict for h in history] == ["go", "no-go"]
    assert (history[0].passed, history[0].total) == (5, 5) and history[1].passed == 0
    with orm.read(plan) as s:
        kept = json.loads(s.exec(select(GoNoGoReview).order_by(GoNoGoReview.id)).first().answers)  # type: ignore[union-attr]
    assert kept[1]["question"] == rules.QUESTIONS[1][1] and kept[1]["passed"] is False
    assert "evidence" in kept[1]


def test_rules_verdict_needs_all_five():
    good = rules.answer_problem(check_statement("Customers cannot pay by card."))
    assert good.passed
    assert rules.verdict([good] * 5) == rules.GO
    assert rules.verdict([good] * 4) == rules.NO_GO
    bad = rules.answer_path(None, "")
    assert rules.verdict([good] * 4 + [bad]) == rules.NO_GO
    assert not rules.answer_path(dt.date(2026, 12, 1), "  ").passed
    assert rules.answer_owners(0, 0, []).passed
    assert not rules.answer_stakeholders(None, True, 3).passed
