"""The five go/no-go questions (DOMAIN.md "Go / no-go"), answered from plain facts (no database).

Each answer carries its evidence, in words a room can read aloud, and the view that fixes it.
The verdict is Go only when all five pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cockpit.rules.statement import StatementCheck

GO = "go"
NO_GO = "no-go"

#: key, the question as DOMAIN.md asks it, a short label for the printed brief, the view that fixes it
QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("problem", "Does the release fix one specific problem?", "One specific problem", "overview"),
    ("owners", "Does every unfinished task have one named owner?", "Every open task owned", "owners"),
    ("rollback", "Can the team roll back from one short runbook?", "Rollback from one runbook", "rollback"),
    ("path", "Was the release path tested on a production-like setup?", "Path tested like production", "gonogo"),
    ("stakeholders", "Were stakeholders told what was cut and why?", "Stakeholders told", "gonogo"),
)
_BY_KEY = {q[0]: q for q in QUESTIONS}


@dataclass(frozen=True)
class Answer:
    """One question's answer: ``passed``, the evidence and the details behind it."""

    key: str
    question: str
    label: str
    passed: bool
    evidence: str
    details: tuple[str, ...] = ()
    fix_section: str = ""

    def as_record(self) -> dict[str, object]:
        """The form kept in the plan file's review history (``GoNoGoReview.answers``)."""
        return {"key": self.key, "question": self.question, "passed": self.passed,
                "evidence": self.evidence, "details": list(self.details)}


def _answer(key: str, passed: bool, evidence: str, details: Sequence[str] = ()) -> Answer:
    _, question, label, section = _BY_KEY[key]
    return Answer(key, question, label, passed, evidence, tuple(details), section)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def answer_problem(statement: StatementCheck) -> Answer:
    """Question 1: a statement is written and passes the one-sentence check."""
    if statement.ok:
        return _answer("problem", True, f"One sentence, one job ({statement.words} words).")
    return _answer("problem", False, statement.problems[0], statement.problems[1:])


def answer_owners(open_items: int, open_tasks: int, unowned: Sequence[str]) -> Answer:
    """Question 2: every unfinished scope item in the release and every open task has an owner.

    ``unowned`` names the unfinished items and tasks with nobody on them.
    """
    total = open_items + open_tasks
    if not unowned:
        return _answer("owners", True, f"All {_plural(open_items, 'open item')} and {_plural(open_tasks, 'open task')} "
                                       "have one named owner." if total else "Nothing unfinished is left.")
    return _answer("owners", False, f"{len(unowned)} of {total} unfinished have no owner: put one name on each.",
                   unowned)


def answer_rollback(ready: bool, checks: Sequence[tuple[str, bool, str]]) -> Answer:
    """Question 3: the rollback checklist (label, ok, detail) is all in place."""
    missing = [f"{label}: {detail}" for label, ok, detail in checks if not ok]
    if ready and not missing:
        return _answer("rollback", True, f"All {len(checks)} rollback checks pass.",
                       [f"{label}: {detail}" for label, _ok, detail in checks])
    return _answer("rollback", False, f"{len(missing)} of {len(checks)} rollback checks fail.", missing)


def answer_path(tested_on: dt.date | None, note: str) -> Answer:
    """Question 4: someone confirmed the release path was tested as one chain, with a note."""
    if tested_on is None:
        return _answer("path", False, "Not confirmed: test build, deploy, migrations, config, monitoring and "
                                      "alerts as one chain, then confirm it here with a note.")
    if not note.strip():
        return _answer("path", False, f"Confirmed {tested_on:%a %d %b %Y} without a note: say what was tested.")
    return _answer("path", True, f"Tested {tested_on:%a %d %b %Y}: {note.strip()}")


def answer_stakeholders(sent_on: dt.date | None, has_note: bool, cut_items: int) -> Answer:
    """Question 5: the stakeholder note (what was cut and why) is marked sent, with its date."""
    if sent_on is not None:
        return _answer("stakeholders", True, f"Note sent {sent_on:%a %d %b %Y} "
                                             f"({_plural(cut_items, 'cut item')} explained).")
    if has_note:
        return _answer("stakeholders", False, "The note is written but not marked as sent.")
    return _answer("stakeholders", False, "No stakeholder note yet: draft it from the plan, send it, mark it sent.")


def verdict(answers: Sequence[Answer]) -> str:
    """Go only when all five questions pass."""
    return GO if len(answers) == len(QUESTIONS) and all(a.passed for a in answers) else NO_GO
