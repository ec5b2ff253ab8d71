"""What the retrospective shows: outcome, blockers by kind (recurrences flagged), scope growth,
finish-line moves, the drill trend, five-whys worksheets, and the cross-cycle summary."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlmodel import Session, func, select

from cockpit import settings
from cockpit.model import (
    Blocker,
    BlockerCategory,
    ChangeLogEntry,
    Lane,
    Person,
    Release,
    RemediationNote,
    RetroEntry,
    RetroKind,
    RollbackDrill,
    RollbackTrigger,
    ScopeItem,
)
from cockpit.rules.retro import BlockerRef, recurring_groups


@dataclass(frozen=True)
class BlockerLine:
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
    id: int
    problem: str
    whys: tuple[str, ...]
    root_cause: str
    action: str
    action_owner_id: int | None
    action_owner: str | None


@dataclass(frozen=True)
class CycleLine:
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
    blockers: dict[str, list[BlockerLine]]
    recurring: list[list[BlockerLine]]
    growth: list[GrowthLine]
    moves: list[tuple[dt.datetime, str]]
    drills: list[tuple[dt.date, float]]
    drill_target: float
    worksheets: list[Worksheet]
    what_changed: tuple[int | None, str]
    why_it_worked: tuple[int | None, str]
    cycles: list[CycleLine] = field(default_factory=list)
    #: the remediation note as the team saved it ("": none saved, the app's draft stands)
    remediation: str = ""


def _blockers(session: Session, names: dict[int, str]) -> list[BlockerLine]:
    cycles = {r.id: r.cycle for r in session.exec(select(Release))}
    return [BlockerLine(b.id, b.text, b.category, b.raised_on, b.cleared_on, names.get(b.remover_id),  # type: ignore[arg-type]
                        cycles.get(b.release_id, 0))
            for b in session.exec(select(Blocker).order_by(Blocker.raised_on, Blocker.id))]


def retro(session: Session, release_id: int) -> Retro:
    release = session.get(Release, release_id)
    if release is None:
        raise LookupError("release gone")
    newest = session.exec(select(func.max(Release.cycle))).one()
    names = {p.id: p.name for p in session.exec(select(Person))}
    every = _blockers(session, names)
    links = {b.id: b.same_as_id for b in session.exec(select(Blocker))}
    groups = recurring_groups([BlockerRef(b.id, b.text, links.get(b.id), b.cycle) for b in every])
    repeated = {ref.id for group in groups for ref in group}
    by_id = {b.id: b for b in every}
    mine = [BlockerLine(**{**b.__dict__, "recurring": b.id in repeated}) for b in every if b.cycle == release.cycle]
    grouped: dict[str, list[BlockerLine]] = {c.value: [] for c in BlockerCategory}
    for line in mine:
        grouped.setdefault(line.category, []).append(line)
    recurring = [[BlockerLine(**{**by_id[ref.id].__dict__, "recurring": True}) for ref in group]
                 for group in groups if any(by_id[ref.id].cycle == release.cycle for ref in group)]
    # The plan is set at the reset session: the release's start, or the day the plan was made if later.
    plan_set = max(release.start_date, release.created_at.astimezone().date())
    growth = [GrowthLine(i.id, i.title, i.added_at.astimezone().date(), i.asked_by, i.lane, i.late_addition)  # type: ignore[arg-type]
              for i in session.exec(select(ScopeItem).where(ScopeItem.release_id == release_id)
                                    .order_by(ScopeItem.added_at))
              if i.added_at.astimezone().date() > plan_set or i.late_addition]
    moves = [(e.at, e.summary) for e in session.exec(
        select(ChangeLogEntry).where(ChangeLogEntry.release_id == release_id,
                                     ChangeLogEntry.finish_line_move.is_(True)).order_by(ChangeLogEntry.at))]  # type: ignore[attr-defined]
    drills = [(d.started_at.astimezone().date(), round((d.duration_seconds or 0) / 60, 1)) for d in session.exec(
        select(RollbackDrill).where(RollbackDrill.release_id == release_id).order_by(RollbackDrill.started_at))
        if d.duration_seconds is not None]
    entries = list(session.exec(select(RetroEntry).where(RetroEntry.release_id == release_id)
                                .order_by(RetroEntry.id)))
    sheets = [Worksheet(e.id, e.problem, tuple(json.loads(e.whys or "[]")), e.root_cause, e.action,  # type: ignore[arg-type]
                        e.action_owner_id, names.get(e.action_owner_id))  # type: ignore[arg-type]
              for e in entries if e.kind == RetroKind.FIVE_WHYS.value]

    def answer(kind: RetroKind) -> tuple[int | None, str]:
        found = [e for e in entries if e.kind == kind.value]
        return (found[-1].id, found[-1].problem) if found else (None, "")

    trigger = session.get(RollbackTrigger, release.outcome_trigger_id) if release.outcome_trigger_id else None
    note = session.exec(select(RemediationNote).where(RemediationNote.release_id == release_id)).first()
    return Retro(
        release_id=release_id, cycle=release.cycle, name=release.name, live=release.cycle == newest,
        outcome=release.outcome, outcome_date=release.outcome_date, target=release.target_date,
        backup=release.backup_date, restore_minutes=release.restore_minutes,
        trigger=trigger.condition if trigger else None, blockers=grouped, recurring=recurring, growth=growth,
        moves=moves, drills=drills, drill_target=settings.get_float(session, "drill_target_minutes"),
        worksheets=sheets, what_changed=answer(RetroKind.WHAT_CHANGED),
        why_it_worked=answer(RetroKind.WHY_IT_WORKED), cycles=cycle_summary(session),
        remediation=note.body if note is not None else "")


def cycle_summary(session: Session) -> list[CycleLine]:
    """One line per cycle: target vs actual date, late additions, finish-line moves, blockers."""
    lines = []
    for release in session.exec(select(Release).order_by(Release.cycle)):
        late = session.exec(select(func.count()).select_from(ScopeItem).where(
            ScopeItem.release_id == release.id, ScopeItem.late_addition.is_(True),  # type: ignore[attr-defined]
            ScopeItem.lane == Lane.IN_RELEASE.value)).one()
        moves = session.exec(select(func.count()).select_from(ChangeLogEntry).where(
            ChangeLogEntry.release_id == release.id, ChangeLogEntry.finish_line_move.is_(True))).one()  # type: ignore[attr-defined]
        blockers = session.exec(select(func.count()).select_from(Blocker).where(
            Blocker.release_id == release.id)).one()
        lines.append(CycleLine(release.id, release.cycle, release.name, release.target_date,  # type: ignore[arg-type]
                               release.outcome_date, release.outcome, late, moves, blockers))
    return lines
