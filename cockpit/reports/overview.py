"""The Overview's facts: the release at a glance, computed from the plan (no Qt)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import func, select

from cockpit import settings
from cockpit.model import Blocker, ChangeLogEntry, Lane, Milestone, Person, Release, RoleAssignment, ScopeItem, Status
from cockpit.rules.dates import date_warnings
from cockpit.rules.ownership import role_warnings
from cockpit.rules.scope import Fit, fit
from cockpit.rules.statement import StatementCheck, check_statement
from cockpit.store import Plan


@dataclass(frozen=True)
class LaneCount:
    items: int
    open_days: float


@dataclass(frozen=True)
class Overview:
    """Plain values only: safe to hold in the UI across sessions."""

    release_id: int
    cycle: int
    name: str
    problem: str
    phase: str
    start: dt.date
    target: dt.date
    backup: dt.date
    frozen: bool
    statement: StatementCheck
    lanes: dict[str, LaneCount]
    people: int
    open_blockers: int
    unowned_items: int
    late_additions: int
    finish_line_moves: int
    fit: Fit
    milestones: list[tuple[str, dt.date]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: the plan's setting for the one-sentence check (the view re-checks the statement as it is typed)
    statement_max_words: int = 30


def overview(plan: Plan, release_id: int, today: dt.date | None = None) -> Overview:
    today = today or dt.date.today()
    with plan.read() as s:
        release = s.get(Release, release_id)
        if release is None:
            raise LookupError("release gone")
        max_words = int(settings.get_float(s, "statement_max_words"))
        focus = settings.get_float(s, "focus_factor")
        rows = s.exec(select(ScopeItem.lane, func.count(), func.sum(ScopeItem.estimate_days))
                      .where(ScopeItem.release_id == release_id, ScopeItem.status != Status.DONE.value)
                      .group_by(ScopeItem.lane)).all()
        totals = s.exec(select(ScopeItem.lane, func.count()).where(ScopeItem.release_id == release_id)
                        .group_by(ScopeItem.lane)).all()
        open_days = {lane: float(days or 0) for lane, _, days in rows}
        lanes = {lane.value: LaneCount(0, 0.0) for lane in Lane}
        for lane, count in totals:
            lanes[lane] = LaneCount(count, round(open_days.get(lane, 0.0), 1))
        people = list(s.exec(select(Person)))
        names = {p.id: p.name for p in people}
        holders: dict[str, list[str]] = {}
        for a in s.exec(select(RoleAssignment).where(RoleAssignment.release_id == release_id)):
            holders.setdefault(a.role, []).append(names[a.person_id])
        in_release = ScopeItem.release_id == release_id, ScopeItem.lane == Lane.IN_RELEASE.value
        unowned = s.exec(select(func.count()).select_from(ScopeItem).where(
            *in_release, ScopeItem.owner_id.is_(None), ScopeItem.status != Status.DONE.value)).one()  # type: ignore[union-attr]
        late = s.exec(select(func.count()).select_from(ScopeItem).where(
            *in_release, ScopeItem.late_addition.is_(True))).one()  # type: ignore[attr-defined]
        blockers = s.exec(select(func.count()).select_from(Blocker).where(
            Blocker.release_id == release_id, Blocker.cleared_on.is_(None))).one()  # type: ignore[union-attr]
        moves = s.exec(select(func.count()).select_from(ChangeLogEntry).where(
            ChangeLogEntry.release_id == release_id, ChangeLogEntry.finish_line_move.is_(True))).one()  # type: ignore[attr-defined]
        milestones = [(m.kind, m.date) for m in s.exec(select(Milestone).where(Milestone.release_id == release_id)
                                                        .order_by(Milestone.date))]
        plan_fit = fit([open_days.get(Lane.IN_RELEASE.value, 0.0)], [p.days_per_week for p in people], today,
                       release.start_date, release.target_date, focus)
        frozen = release.frozen_at is not None
        warnings = role_warnings(holders)
        if unowned:
            warnings.append(f"{unowned} open item{'s' if unowned != 1 else ''} in the release "
                            f"{'have' if unowned != 1 else 'has'} no owner.")
        warnings += date_warnings(release.start_date, release.target_date, release.backup_date, today)
        milestones += [("launch (target)", release.target_date), ("backup date", release.backup_date)]
        return Overview(
            release_id=release_id, cycle=release.cycle, name=release.name, problem=release.problem,
            phase=release.phase, start=release.start_date, target=release.target_date, backup=release.backup_date,
            frozen=frozen, statement=check_statement(release.problem, max_words), lanes=lanes,
            people=len(people), open_blockers=blockers, unowned_items=unowned, late_additions=late,
            finish_line_moves=moves, fit=plan_fit, milestones=sorted(milestones, key=lambda m: m[1]),
            warnings=warnings, statement_max_words=max_words)
