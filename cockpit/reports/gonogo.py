"""The go/no-go review as the view, the brief and ``cockpit check`` show it: a pure function of a cycle.

The five questions and their wording are ``cockpit.rules.gonogo``; unfinished and unowned work is
``cockpit.rules.work`` (the same count the overview and the owners view show).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from cockpit.kinds import Lane, MilestoneKind, Role
from cockpit.reports.readiness import Readiness, rollback_readiness
from cockpit.rules import gonogo as rules
from cockpit.rules import work
from cockpit.rules.statement import check_statement
from cockpit.snapshot import Cycle, GoNoGoReview


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
        """Is the verdict Go?"""
        return self.verdict == rules.GO

    @property
    def passed(self) -> int:
        """How many of the five questions pass."""
        return sum(1 for a in self.answers if a.passed)

    def answer(self, key: str) -> rules.Answer:
        """The answer to question ``key`` (``problem``, ``owners``, ``rollback``, ``path``, ``stakeholders``)."""
        return next(a for a in self.answers if a.key == key)

    def records(self) -> list[dict[str, object]]:
        """The answers as the review history stores them."""
        return [a.as_record() for a in self.answers]

    def verdict_text(self) -> str:
        """"NO-GO (2 of 5 pass) · stop authority: Maya Chen"."""
        who = self.stop_authority or "nobody named"
        return f"{self.verdict.upper()} ({self.passed} of {len(self.answers)} pass) · stop authority: {who}"


def unowned_titles(cycle: Cycle) -> list[str]:
    """What ``rules.work.unowned_work`` counts, one line each (tasks marked "Task: ")."""
    return [p.title if p.kind == "item" else f"Task: {p.title}" for p in work.unowned_work(cycle)]


def _past(row: GoNoGoReview) -> PastReview:
    try:
        kept = json.loads(row.answers)
    except ValueError:
        kept = []
    kept = kept if isinstance(kept, list) else []
    passed = sum(1 for a in kept if isinstance(a, dict) and a.get("passed") is True)
    return PastReview(row.id, row.reviewed_at, row.verdict, row.stop_authority, passed, len(kept))


def _owners(cycle: Cycle) -> rules.Answer:
    pieces = work.open_work(cycle)
    items = sum(1 for p in pieces if p.kind == "item")
    return rules.answer_owners(items, len(pieces) - items, unowned_titles(cycle))


def go_no_go(cycle: Cycle, readiness: Readiness | None = None) -> GoNoGo:
    """Answer the five questions for one cycle; ``readiness``: its rollback checklist, when the caller has it."""
    release = cycle.release
    max_words = int(cycle.number("statement_max_words"))
    readiness = readiness or rollback_readiness(cycle)
    note = cycle.note
    cut = sum(1 for i in cycle.items if i.lane == Lane.CUT.value)
    answers = (
        rules.answer_problem(check_statement(release.problem, max_words)),
        _owners(cycle),
        rules.answer_rollback(readiness.ready, [(i.label, i.ok, i.detail) for i in readiness.items]),
        rules.answer_path(release.path_tested_at, release.path_tested_note),
        rules.answer_stakeholders(note.sent_on if note else None, bool(note and note.body.strip()), cut),
    )
    stop_authority = cycle.holders(Role.STOP_AUTHORITY.value)
    return GoNoGo(
        release_id=release.id, release_name=release.name, answers=answers, verdict=rules.verdict(answers),
        stop_authority=stop_authority[0] if stop_authority else None,
        review_day=cycle.dated.get(MilestoneKind.GO_NO_GO.value),
        target=release.target_date, path_tested_on=release.path_tested_at,
        path_tested_note=release.path_tested_note, note_body=note.body if note else "",
        note_sent_on=note.sent_on if note else None, history=tuple(_past(r) for r in cycle.reviews))
