"""The Overview's facts: the release at a glance, a pure function of the cycle's snapshot (no Qt).

The counts come from the shared rules, so the Overview agrees with the board, the brief and
``cockpit check`` on the same plan: frozen is ``rules.scope.scope_frozen``, unowned work is
``rules.work.unowned_work`` (items in the release and release-path tasks), and the blocked number
is ``rules.work.blockage`` (open check-in blockers plus blocked open work).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from cockpit.kinds import Lane, Status
from cockpit.reports.board import board_frame
from cockpit.rules.dates import date_warnings
from cockpit.rules.ownership import listed, role_gaps
from cockpit.rules.scope import Fit
from cockpit.rules.statement import StatementCheck
from cockpit.rules.work import WorkPiece, blockage, finish_line_moves, late_additions, open_items, unowned_work
from cockpit.snapshot import Cycle


@dataclass(frozen=True)
class LaneCount:
    """How many cards a lane holds and the estimate still open in it."""

    items: int
    open_days: float


@dataclass(frozen=True, slots=True)
class Attention:
    """One line of "needs attention": what is wrong, the view that fixes it (a section key) and what
    to select there: ``role:<role>``, ``work:<item|task>:<id>`` (the first unowned piece) or ``dates``."""

    text: str
    section: str
    target: str


@dataclass(frozen=True)
class Overview:
    """Plain values only: safe to hold in the UI across changes."""

    release_id: int
    cycle: int
    name: str
    problem: str
    phase: str
    start: dt.date
    target: dt.date
    backup: dt.date
    #: DOMAIN.md "Freeze": ``rules.scope.scope_frozen(phase)``
    frozen: bool
    statement: StatementCheck
    lanes: Mapping[str, LaneCount]
    people: int
    #: blockers raised at a check-in and not cleared
    open_blockers: int
    #: unfinished items in the release and release-path tasks whose status is blocked
    blocked_work: int
    #: open blockers plus blocked work: the one "blocked" number (``rules.work.blockage``)
    blocked: int
    #: how many pieces of unfinished work have no owner (``len(unowned_work)``)
    unowned: int
    #: unfinished work with no owner: items in the release and release-path tasks (``rules.work.unowned_work``)
    unowned_work: tuple[WorkPiece, ...]
    late_additions: int
    finish_line_moves: int
    fit: Fit
    milestones: tuple[tuple[str, dt.date], ...] = ()
    #: what needs attention, with the view and the thing that fixes each (the Overview links them)
    attention: tuple[Attention, ...] = ()
    #: the plan's setting for the one-sentence check (the view re-checks the statement as it is typed)
    statement_max_words: int = 30

    @property
    def warnings(self) -> tuple[str, ...]:
        """The "needs attention" lines as text."""
        return tuple(line.text for line in self.attention)

    @property
    def unowned_items(self) -> int:
        """How many pieces of unfinished work (items and release-path tasks) have no owner."""
        return self.unowned


def _lanes(cycle: Cycle) -> dict[str, LaneCount]:
    counts = {lane.value: [0, 0.0] for lane in Lane}
    for item in cycle.items:
        entry = counts.setdefault(item.lane, [0, 0.0])
        entry[0] += 1
        if item.status != Status.DONE.value:
            entry[1] += item.estimate_days
    return {lane: LaneCount(int(n), round(days, 1)) for lane, (n, days) in counts.items()}


def _unowned_warning(unowned: tuple[WorkPiece, ...]) -> str:
    n = len(unowned)
    titles = listed([f"{'task' if p.kind == 'task' else 'item'} “{p.title}”" for p in unowned])
    return f"{n} piece{'s' if n != 1 else ''} of unfinished work {'have' if n != 1 else 'has'} no owner: {titles}."


def overview(cycle: Cycle, today: dt.date) -> Overview:
    """The Overview of ``cycle`` as it stands on ``today``."""
    release = cycle.release
    frame = board_frame(cycle)
    lanes = _lanes(cycle)
    open_estimates = [i.estimate_days for i in open_items(cycle)]
    unowned = unowned_work(cycle)
    blocked = blockage(cycle)
    attention = [Attention(text, "owners", f"role:{role}") for role, text in role_gaps(dict(cycle.holder_names))]
    if unowned:
        first = unowned[0]
        attention.append(Attention(_unowned_warning(unowned), "owners", f"work:{first.kind}:{first.id}"))
    attention += [Attention(text, "overview", "dates")
                  for text in date_warnings(release.start_date, release.target_date, release.backup_date, today)]
    milestones = [(m.kind, m.date) for m in cycle.milestones]
    milestones += [("launch (target)", release.target_date), ("backup date", release.backup_date)]
    return Overview(
        release_id=release.id, cycle=release.cycle, name=release.name, problem=release.problem,
        phase=release.phase, start=release.start_date, target=release.target_date, backup=release.backup_date,
        frozen=frame.frozen, statement=frame.statement, lanes=lanes, people=len(cycle.people),
        open_blockers=len(blocked.blockers), blocked_work=len(blocked.work), blocked=blocked.count,
        unowned=len(unowned), unowned_work=unowned, late_additions=len(late_additions(cycle)),
        finish_line_moves=finish_line_moves(cycle),
        fit=frame.fit_days(open_estimates, today), milestones=tuple(sorted(milestones, key=lambda m: m[1])),
        attention=tuple(attention),
        statement_max_words=int(cycle.number("statement_max_words")),
    )
