"""The go/no-go review as the view, the brief and ``cockpit check`` show it: plain values, no Qt."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cockpit.kinds import Lane, MilestoneKind, Role, Status
from cockpit.reports import rows as release_rows
from cockpit.reports.readiness import Readiness, rollback_readiness
from cockpit.reports.rows import ReleaseRows
from cockpit.rules import gonogo as rules
from cockpit.rules.statement import check_statement

if TYPE_CHECKING:
    from cockpit.reading import PlanReader
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


def unowned_work(rows: ReleaseRows) -> tuple[int, int, list[str]]:
    """Open items in the release, open tasks, and the titles of those without an owner."""
    items = [i for i in rows.items if i.lane == Lane.IN_RELEASE.value and i.status != Status.DONE.value]
    tasks = [t for t in rows.tasks if t.status != Status.DONE.value]
    unowned = [i.title for i in items if i.owner_id is None]
    unowned += [f"Task: {t.title}" for t in tasks if t.owner_id is None]
    return len(items), len(tasks), unowned


def _past(row: release_rows.Record) -> PastReview:
    try:
        kept = json.loads(row.answers)
    except ValueError:
        kept = []
    kept = kept if isinstance(kept, list) else []
    passed = sum(1 for a in kept if isinstance(a, dict) and a.get("passed") is True)
    return PastReview(row.id, row.reviewed_at, row.verdict, row.stop_authority, passed, len(kept))


def evaluate(rows: ReleaseRows, readiness: Readiness | None = None) -> GoNoGo:
    """Answer the five questions from one release's rows (``cockpit.reports.rows.load``);
    ``readiness``: the rollback checklist of those rows, when the caller has it already."""
    release = rows.release
    max_words = int(rows.number("statement_max_words"))
    open_items, open_tasks, unowned = unowned_work(rows)
    readiness = readiness or rollback_readiness(rows)
    note = rows.note
    cut = sum(1 for i in rows.items if i.lane == Lane.CUT.value)
    answers = (
        rules.answer_problem(check_statement(release.problem, max_words)),
        rules.answer_owners(open_items, open_tasks, unowned),
        rules.answer_rollback(readiness.ready, [(i.label, i.ok, i.detail) for i in readiness.items]),
        rules.answer_path(release.path_tested_at, release.path_tested_note),
        rules.answer_stakeholders(note.sent_on if note else None, bool(note and note.body.strip()), cut),
    )
    stop_authority = rows.holders(Role.STOP_AUTHORITY.value)
    return GoNoGo(
        release_id=release.id, release_name=release.name, answers=answers, verdict=rules.verdict(answers),
        stop_authority=stop_authority[0] if stop_authority else None,
        review_day=rows.milestones.get(MilestoneKind.GO_NO_GO.value),
        target=release.target_date, path_tested_on=release.path_tested_at,
        path_tested_note=release.path_tested_note, note_body=note.body if note else "",
        note_sent_on=note.sent_on if note else None, history=tuple(_past(r) for r in rows.reviews))


def go_no_go(plan: Plan | PlanReader, release_id: int) -> GoNoGo:
    """The review now, for the release ``release_id`` of an open plan (read in the app or not)."""
    return evaluate(release_rows.load(plan.raw, release_id))
