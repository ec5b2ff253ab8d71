"""The go/no-go review as the view, the brief and ``cockpit check`` show it: plain values, no Qt."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlmodel import Session, func, select

from cockpit import settings
from cockpit.model import (
    GoNoGoReview,
    Lane,
    Milestone,
    MilestoneKind,
    Person,
    Release,
    ReleaseTask,
    Role,
    RoleAssignment,
    ScopeItem,
    StakeholderNote,
    Status,
)
from cockpit.reports.readiness import rollback_readiness
from cockpit.rules import gonogo as rules
from cockpit.rules.statement import check_statement
from cockpit.store import Plan


@dataclass(frozen=True)
class PastReview:
    """One saved review from the history (newest first in ``GoNoGo.history``)."""

    id: int
    reviewed_at: dt.datetime
    verdict: str
    stop_authority: str
    passed: int
    total: int


@dataclass(frozen=True)
class GoNoGo:
    """The five answers now, the verdict, and what the person has confirmed."""

    release_id: int
    release_name: str
    answers: tuple[rules.Answer, ...]
    verdict: str
    stop_authority: str | None
    review_day: dt.date | None
    target: dt.date
    path_tested_on: dt.date | None
    path_tested_note: str
    note_body: str
    note_sent_on: dt.date | None
    history: tuple[PastReview, ...]

    @property
    def go(self) -> bool:
        return self.verdict == rules.GO

    @property
    def passed(self) -> int:
        return sum(1 for a in self.answers if a.passed)

    def answer(self, key: str) -> rules.Answer:
        return next(a for a in self.answers if a.key == key)

    def records(self) -> list[dict[str, object]]:
        """The answers as the review history stores them."""
        return [a.as_record() for a in self.answers]

    def verdict_text(self) -> str:
        who = self.stop_authority or "nobody named"
        return f"{self.verdict.upper()} ({self.passed} of {len(self.answers)} pass) · stop authority: {who}"


def unowned_work(session: Session, release_id: int) -> tuple[int, int, list[str]]:
    """Open items in the release, open tasks, and the titles of those without an owner."""
    items = list(session.exec(select(ScopeItem.title, ScopeItem.owner_id).where(
        ScopeItem.release_id == release_id, ScopeItem.lane == Lane.IN_RELEASE.value,
        ScopeItem.status != Status.DONE.value).order_by(ScopeItem.position)))
    tasks = list(session.exec(select(ReleaseTask.title, ReleaseTask.owner_id).where(
        ReleaseTask.release_id == release_id, ReleaseTask.status != Status.DONE.value)
        .order_by(ReleaseTask.position, ReleaseTask.id)))  # type: ignore[arg-type]
    unowned = [title for title, owner in items if owner is None]
    unowned += [f"Task: {title}" for title, owner in tasks if owner is None]
    return len(items), len(tasks), unowned


def role_holder(session: Session, release_id: int, role: Role) -> str | None:
    row = session.exec(select(Person.name).join(RoleAssignment, RoleAssignment.person_id == Person.id)  # type: ignore[arg-type]
                       .where(RoleAssignment.release_id == release_id, RoleAssignment.role == role.value)
                       .order_by(RoleAssignment.id)).first()  # type: ignore[arg-type]
    return row


def evaluate(session: Session, release_id: int) -> GoNoGo:
    """Answer the five questions from the plan's data, inside an open session."""
    release = session.get(Release, release_id)
    if release is None:
        raise LookupError("release gone")
    max_words = int(settings.get_float(session, "statement_max_words"))
    open_items, open_tasks, unowned = unowned_work(session, release_id)
    readiness = rollback_readiness(session, release_id)
    note = session.exec(select(StakeholderNote).where(StakeholderNote.release_id == release_id)).first()
    cut = session.exec(select(func.count()).select_from(ScopeItem).where(
        ScopeItem.release_id == release_id, ScopeItem.lane == Lane.CUT.value)).one()
    answers = (
        rules.answer_problem(check_statement(release.problem, max_words)),
        rules.answer_owners(open_items, open_tasks, unowned),
        rules.answer_rollback(readiness.ready, [(i.label, i.ok, i.detail) for i in readiness.items]),
        rules.answer_path(release.path_tested_at, release.path_tested_note),
        rules.answer_stakeholders(note.sent_on if note else None, bool(note and note.body.strip()), cut),
    )
    review_day = session.exec(select(Milestone.date).where(
        Milestone.release_id == release_id, Milestone.kind == MilestoneKind.GO_NO_GO.value)).first()
    history = []
    for row in session.exec(select(GoNoGoReview).where(GoNoGoReview.release_id == release_id)
                            .order_by(GoNoGoReview.reviewed_at.desc(), GoNoGoReview.id.desc())):  # type: ignore[attr-defined, union-attr]
        try:
            kept = json.loads(row.answers)
        except ValueError:
            kept = []
        kept = kept if isinstance(kept, list) else []
        passed = sum(1 for a in kept if isinstance(a, dict) and a.get("passed") is True)
        history.append(PastReview(row.id or 0, row.reviewed_at, row.verdict, row.stop_authority, passed, len(kept)))
    return GoNoGo(
        release_id=release_id, release_name=release.name, answers=answers, verdict=rules.verdict(answers),
        stop_authority=role_holder(session, release_id, Role.STOP_AUTHORITY), review_day=review_day,
        target=release.target_date, path_tested_on=release.path_tested_at,
        path_tested_note=release.path_tested_note, note_body=note.body if note else "",
        note_sent_on=note.sent_on if note else None, history=tuple(history))


def go_no_go(plan: Plan, release_id: int) -> GoNoGo:
    """The review now, for the release ``release_id``."""
    with plan.read() as session:
        return evaluate(session, release_id)
