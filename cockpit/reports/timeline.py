"""What the timeline view shows: four weeks, their goals, the milestones, check-ins, blockers,
progress and plan stability. Plain values, no Qt (DOMAIN.md "Four-week timeline")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import select

from cockpit.model import Blocker, CheckIn, Milestone, Person, Phase, Release
from cockpit.reports.progress import Progress, Stability, progress, stability
from cockpit.rules.dates import BACKUP, LAUNCH, MILESTONE_ORDER, date_warnings, milestone_warnings
from cockpit.store import Plan

#: each week's goal, DOMAIN.md "Four-week timeline"
WEEK_GOALS = (
    "Cut until one person can explain the release on one page. An owner on every moving part (code, test "
    "data, deploy steps, approvals, rollback). Freeze side work and new requests.",
    "Finish the core work. Daily check-in.",
    "Test the release path as one chain (build, deploy, migrations, config, monitoring, alerts) on a "
    "production-like setup. Rehearse rollback.",
    "Ship with the right people online. Watch errors. Keep owners on duty through day one.",
)
LABELS = {"scope freeze": "Scope freeze", "rollback rehearsal": "Rollback rehearsal",
          "go/no-go review": "Go/no-go review", LAUNCH: "Launch (target date)", BACKUP: "Backup date"}
#: the phase a release normally moves to next (rolled back is set from shipping or shipped)
NEXT_PHASE = {Phase.PLANNING.value: Phase.BUILDING.value, Phase.BUILDING.value: Phase.TESTING.value,
              Phase.TESTING.value: Phase.SHIPPING.value, Phase.SHIPPING.value: Phase.SHIPPED.value}


@dataclass(frozen=True, slots=True)
class Week:
    number: int
    first: dt.date
    last: dt.date
    goal: str


@dataclass(frozen=True, slots=True)
class MilestoneMark:
    """One of the five milestones; ``key`` is what ``services.timeline.move_milestone`` takes."""

    key: str
    label: str
    day: dt.date | None
    finish_line: bool = False


@dataclass(frozen=True, slots=True)
class CheckInFacts:
    id: int
    day: dt.date
    shipped: str
    blocks: str
    done_days: float | None


@dataclass(frozen=True, slots=True)
class BlockerFacts:
    id: int
    text: str
    category: str
    remover_id: int | None
    remover: str
    raised_on: dt.date
    cleared_on: dt.date | None
    check_in_id: int | None
    same_as_id: int | None

    @property
    def open(self) -> bool:
        return self.cleared_on is None

    def open_on(self, day: dt.date) -> bool:
        """Raised by ``day`` and not yet cleared that day."""
        return self.raised_on <= day and (self.cleared_on is None or self.cleared_on >= day)


@dataclass(frozen=True)
class Timeline:
    release_id: int
    name: str
    phase: str
    frozen_on: dt.date | None
    start: dt.date
    target: dt.date
    backup: dt.date
    today: dt.date
    first_day: dt.date
    last_day: dt.date
    weeks: tuple[Week, ...]
    milestones: tuple[MilestoneMark, ...]
    check_ins: dict[dt.date, CheckInFacts]
    blockers: tuple[BlockerFacts, ...]
    people: tuple[tuple[int, str], ...]
    progress: Progress
    stability: Stability
    warnings: list[str] = field(default_factory=list)

    @property
    def next_phase(self) -> str | None:
        return NEXT_PHASE.get(self.phase)

    @property
    def day_count(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def milestone(self, key: str) -> MilestoneMark:
        return next(m for m in self.milestones if m.key == key)

    def open_blockers(self) -> tuple[BlockerFacts, ...]:
        return tuple(b for b in self.blockers if b.open)


def timeline(plan: Plan, release_id: int, today: dt.date | None = None) -> Timeline:
    """The timeline of ``release_id`` as of ``today`` (default: the laptop's date)."""
    today = today or dt.date.today()
    with plan.read() as s:
        release = s.get(Release, release_id)
        if release is None:
            raise LookupError("release gone")
        dated = {m.kind: m.date for m in s.exec(select(Milestone).where(Milestone.release_id == release_id))}
        names = {p.id: p.name for p in s.exec(select(Person).order_by(Person.name))}
        check_ins = {c.day: CheckInFacts(c.id, c.day, c.shipped, c.blocks, c.done_days)  # type: ignore[arg-type]
                     for c in s.exec(select(CheckIn).where(CheckIn.release_id == release_id))}
        blockers = tuple(
            BlockerFacts(b.id, b.text, b.category, b.remover_id, names.get(b.remover_id, "") if b.remover_id else "",  # type: ignore[arg-type]
                         b.raised_on, b.cleared_on, b.check_in_id, b.same_as_id)
            for b in s.exec(select(Blocker).where(Blocker.release_id == release_id)
                            .order_by(Blocker.raised_on, Blocker.id)))  # type: ignore[arg-type]
        facts_progress = progress(s, release, today)
        facts_stability = stability(s, release)
        start, target, backup = release.start_date, release.target_date, release.backup_date
        marks = tuple(MilestoneMark(key, LABELS[key], {LAUNCH: target, BACKUP: backup}.get(key, dated.get(key)),
                                    key == LAUNCH) for key in MILESTONE_ORDER)
        weeks = tuple(Week(n + 1, start + dt.timedelta(days=7 * n), start + dt.timedelta(days=7 * n + 6), goal)
                      for n, goal in enumerate(WEEK_GOALS))
        last = max([weeks[-1].last, backup, target, *dated.values()])
        first = min([start, *dated.values()])
        warnings = date_warnings(start, target, backup, today) + milestone_warnings(target, dated)
        freeze = dated.get("scope freeze")
        if freeze and freeze < today and release.frozen_at is None:
            warnings.append(f"The scope freeze was planned for {freeze:%a %d %b} and scope is not frozen yet: "
                            "move the phase to testing.")
        stale = [b for b in blockers if b.open and b.raised_on < today]
        if stale:
            who = ", ".join(sorted({b.remover for b in stale if b.remover}))
            warnings.append(f"{len(stale)} blocker{'s' if len(stale) != 1 else ''} raised before today "
                            f"{'are' if len(stale) != 1 else 'is'} still open ({who}): each was to be cleared "
                            "the day it was raised.")
        recurring = len(recurring_blockers(blockers))
        if recurring:
            warnings.append(f"{recurring} blocker{'s' if recurring != 1 else ''} came back: a recurrence is a "
                            "property of the system, keep it for the retrospective.")
        if facts_progress.warning:
            warnings.insert(0, facts_progress.warning)
        warnings += facts_stability.warnings
        return Timeline(
            release_id=release_id, name=release.name, phase=release.phase,
            frozen_on=release.frozen_at.date() if release.frozen_at else None, start=start, target=target,
            backup=backup, today=today, first_day=first, last_day=last, weeks=weeks, milestones=marks,
            check_ins=check_ins, blockers=blockers, people=tuple(names.items()),  # type: ignore[arg-type]
            progress=facts_progress, stability=facts_stability, warnings=warnings)


def recurring_blockers(blockers: tuple[BlockerFacts, ...]) -> set[int]:
    """Ids of blockers that came back: linked "same as" an earlier one, or with an earlier one's words."""
    seen: set[str] = set()
    again: set[int] = set()
    for blocker in blockers:  # oldest first
        words = " ".join(blocker.text.casefold().split())
        if blocker.same_as_id is not None or words in seen:
            again.add(blocker.id)
        seen.add(words)
    return again
