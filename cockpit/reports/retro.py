"""What the retrospective shows: outcome, blockers by kind (recurrences flagged), scope growth,
finish-line moves, the drill trend, five-whys worksheets, and the cross-cycle summary.

Pure functions of snapshots (DOMAIN.md "Retrospective"): ``retro`` reads the cycle on screen
(whose ``every_blocker`` spans the plan, so a blocker that came back from an earlier cycle is
flagged) and, for the summary across cycles, every cycle of the plan (``reader.read_plan``).
Recurrence is ``cockpit.rules.retro``'s rule, the same one the timeline flags with.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from cockpit.kinds import BlockerCategory, RetroKind
from cockpit.reports.session import SessionRecord
from cockpit.reports.session import records as session_records
from cockpit.rules.retro import blocker_refs, recurring_groups, recurring_ids
from cockpit.rules.work import finish_line_moves, late_additions
from cockpit.snapshot import Cycle


@dataclass(frozen=True)
class BlockerLine:
    """One blocker as the retrospective lists it (``cycle``: the cycle it was raised in)."""

    id: int
    text: str
    category: str
    raised_on: dt.date
    cleared_on: dt.date | None
    remover: str | None
    cycle: int
    recurring: bool = False


@dataclass(frozen=True)
class GrowthLine:
    """A scope item added after the plan was set (after the reset day)."""

    id: int
    title: str
    added_on: dt.date
    asked_by: str
    lane: str
    late: bool


@dataclass(frozen=True)
class Worksheet:
    """A five-whys worksheet: the problem, its whys, the root cause and one action with one owner."""

    id: int
    problem: str
    whys: tuple[str, ...]
    root_cause: str
    action: str
    action_owner_id: int | None
    action_owner: str | None


@dataclass(frozen=True)
class CycleLine:
    """One cycle in the summary across cycles: target against actual, and what moved."""

    release_id: int
    cycle: int
    name: str
    target: dt.date
    actual: dt.date | None
    outcome: str | None
    late_additions: int
    finish_line_moves: int
    blockers: int


@dataclass(frozen=True)
class Retro:
    """Everything the retrospective of one cycle shows."""

    release_id: int
    cycle: int
    name: str
    live: bool
    outcome: str | None
    outcome_date: dt.date | None
    target: dt.date
    backup: dt.date
    restore_minutes: float | None
    trigger: str | None
    #: this cycle's blockers by category (every category present, oldest first)
    blockers: Mapping[str, tuple[BlockerLine, ...]]
    #: groups of the same blocker (across cycles) that include one of this cycle's blockers
    recurring: tuple[tuple[BlockerLine, ...], ...]
    growth: tuple[GrowthLine, ...]
    moves: tuple[tuple[dt.datetime, str], ...]
    #: (day, minutes) of each timed drill, oldest first
    drills: tuple[tuple[dt.date, float], ...]
    drill_target: float
    worksheets: tuple[Worksheet, ...]
    what_changed: tuple[int | None, str]
    why_it_worked: tuple[int | None, str]
    cycles: tuple[CycleLine, ...] = ()
    #: the remediation note as the team saved it ("": none saved, the app's draft stands)
    remediation: str = ""
    #: ids of the blockers (of any cycle) flagged as recurring: ``rules.retro.recurring_ids``
    recurring_ids: frozenset[int] = field(default_factory=frozenset)
    #: the cycle's reset sessions, oldest first (``reports.session.records``)
    sessions: tuple[SessionRecord, ...] = ()


def _blocker_lines(cycle: Cycle) -> tuple[BlockerLine, ...]:
    """Every blocker of the plan, recurrences flagged by the one rule."""
    numbers = {r.id: r.cycle for r in cycle.cycles}
    repeated = recurring_ids(blocker_refs(cycle.every_blocker, numbers))
    return tuple(BlockerLine(b.id, b.text, b.category, b.raised_on, b.cleared_on, cycle.name(b.remover_id) or None,
                             numbers.get(b.release_id, 0),
                             b.id in repeated)
                 for b in cycle.every_blocker)


def retro(cycle: Cycle, cycles: Sequence[Cycle] = ()) -> Retro:
    """The retrospective of ``cycle``; ``cycles``: every cycle of the plan, for the summary across cycles.

    Args:
        cycle: the snapshot of the cycle on screen.
        cycles: every cycle of the plan, oldest first (``reader.read_plan``); empty: no summary.

    Returns:
        The retrospective's values.
    """
    release = cycle.release
    every = _blocker_lines(cycle)
    numbers = {r.id: r.cycle for r in cycle.cycles}
    groups = recurring_groups(blocker_refs(cycle.every_blocker, numbers))
    by_id = {b.id: b for b in every}
    grouped: dict[str, list[BlockerLine]] = {c.value: [] for c in BlockerCategory}
    for line in every:
        if line.cycle == release.cycle:
            grouped.setdefault(line.category, []).append(line)
    recurring = tuple(tuple(replace(by_id[ref.id], recurring=True) for ref in group)
                      for group in groups if any(by_id[ref.id].cycle == release.cycle for ref in group))
    # The plan is set at the reset session: the release's start, or the day the plan was made if later.
    plan_set = max(release.start_date, release.created_at.astimezone().date())
    growth = tuple(GrowthLine(i.id, i.title, i.added_at.astimezone().date(), i.asked_by, i.lane, i.late_addition)
                   for i in sorted(cycle.items, key=lambda i: i.added_at)
                   if i.added_at.astimezone().date() > plan_set or i.late_addition)
    moves = tuple((e.at, e.summary) for e in sorted(cycle.changes, key=lambda e: e.at) if e.finish_line_move)
    drills = tuple((d.started_at.astimezone().date(), round(d.duration_seconds / 60, 1))
                   for d in cycle.drills if d.duration_seconds is not None)
    entries = sorted(cycle.retro_entries, key=lambda e: e.id)
    sheets = tuple(Worksheet(e.id, e.problem, tuple(json.loads(e.whys or "[]")), e.root_cause, e.action,
                             e.action_owner_id, cycle.name(e.action_owner_id) or None)
                   for e in entries if e.kind == RetroKind.FIVE_WHYS.value)

    def answer(kind: RetroKind) -> tuple[int | None, str]:
        found = [e for e in entries if e.kind == kind.value]
        return (found[-1].id, found[-1].problem) if found else (None, "")

    trigger = next((t.condition for t in cycle.triggers if t.id == release.outcome_trigger_id), None)
    return Retro(
        release_id=release.id, cycle=release.cycle, name=release.name, live=cycle.is_live,
        outcome=release.outcome, outcome_date=release.outcome_date, target=release.target_date,
        backup=release.backup_date, restore_minutes=release.restore_minutes, trigger=trigger,
        blockers={k: tuple(v) for k, v in grouped.items()}, recurring=recurring, growth=growth, moves=moves,
        drills=drills, drill_target=cycle.number("drill_target_minutes"), worksheets=sheets,
        what_changed=answer(RetroKind.WHAT_CHANGED), why_it_worked=answer(RetroKind.WHY_IT_WORKED),
        cycles=cycle_summary(cycles), remediation=cycle.remediation.body if cycle.remediation else "",
        recurring_ids=frozenset(b.id for b in every if b.recurring), sessions=session_records(cycle))


def cycle_summary(cycles: Sequence[Cycle]) -> tuple[CycleLine, ...]:
    """One line per cycle: target vs actual date, late additions, finish-line moves, blockers.

    Args:
        cycles: every cycle of the plan (``reader.read_plan``), in any order.

    Returns:
        The lines, oldest cycle first.
    """
    return tuple(
        CycleLine(c.release.id, c.release.cycle, c.release.name, c.release.target_date, c.release.outcome_date,
                  c.release.outcome,
                  len(late_additions(c)), finish_line_moves(c), len(c.blockers))
        for c in sorted(cycles, key=lambda c: (c.release.cycle, c.release.id)))
