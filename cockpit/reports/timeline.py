"""What the timeline view shows: four weeks, their goals, the milestones, check-ins, blockers,
progress and plan stability. Plain values, no Qt (DOMAIN.md "Four-week timeline")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from cockpit.kinds import Phase
from cockpit.rules.dates import BACKUP, LAUNCH, MILESTONE_ORDER, date_warnings, freeze_overdue, milestone_warnings
from cockpit.rules.progress import Progress, Stability, progress, stability
from cockpit.rules.retro import blocker_refs, recurring_ids
from cockpit.rules.scope import scope_frozen
from cockpit.snapshot import ChangeLogEntry, Cycle

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
    """One of the four weeks and its goal."""

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
    #: its day has passed and what it stands for has not happened (``rules.dates.freeze_overdue``)
    late: bool = False


@dataclass(frozen=True, slots=True)
class CheckInFacts:
    """One day's check-in as the timeline shows it."""

    id: int
    day: dt.date
    shipped: str
    blocks: str
    done_days: float | None


@dataclass(frozen=True, slots=True)
class BlockerFacts:
    """A blocker of the cycle with the name of the one person who clears it."""

    id: int
    text: str
    category: str
    remover_id: int | None
    remover: str
    raised_on: dt.date
    cleared_on: dt.date | None
    check_in_id: int | None
    same_as_id: int | None
    #: it recurs (``rules.retro.recurring_ids`` over every cycle's blockers, as the retrospective marks it)
    recurring: bool = False

    @property
    def open(self) -> bool:
        """Not cleared yet."""
        return self.cleared_on is None

    def open_on(self, day: dt.date) -> bool:
        """Raised by ``day`` and not yet cleared that day."""
        return self.raised_on <= day and (self.cleared_on is None or self.cleared_on >= day)


@dataclass(frozen=True)
class Timeline:
    """Everything the timeline view shows about one cycle as of ``today``."""

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
    #: ids of this cycle's blockers that recur (``rules.retro.recurring_ids`` over every cycle's blockers,
    #: exactly the ones the retrospective marks)
    recurring: frozenset[int] = frozenset()
    #: is scope frozen in this phase (``rules.scope.scope_frozen``)?
    frozen: bool = False

    @property
    def next_phase(self) -> str | None:
        """The phase the release normally moves to next (None after shipped)."""
        return NEXT_PHASE.get(self.phase)

    @property
    def day_count(self) -> int:
        """Days shown, from the first to the last."""
        return (self.last_day - self.first_day).days + 1

    def milestone(self, key: str) -> MilestoneMark:
        """The milestone called ``key`` (one of ``MILESTONE_ORDER``)."""
        return next(m for m in self.milestones if m.key == key)

    def open_blockers(self) -> tuple[BlockerFacts, ...]:
        """Blockers not cleared yet."""
        return tuple(b for b in self.blockers if b.open)


def recurring(cycle: Cycle) -> frozenset[int]:
    """Ids of this cycle's blockers that recur, by THE recurrence rule over every blocker of the plan.

    The retrospective groups every cycle's blockers with ``rules.retro.recurring_groups``; a blocker of
    this cycle is flagged here exactly when the retrospective marks it.
    """
    cycles = {r.id: r.cycle for r in cycle.cycles}
    mine = {b.id for b in cycle.blockers}
    return frozenset(recurring_ids(blocker_refs(cycle.every_blocker, cycles)) & mine)


def timeline(cycle: Cycle, today: dt.date, log: Iterable[ChangeLogEntry] | None = None) -> Timeline:
    """The timeline of the cycle as of ``today``.

    Args:
        cycle: the cycle's snapshot.
        today: the day the timeline is drawn for.
        log: the plan's whole change log, when at hand (plan-wide changes then count in plan stability;
            see ``progress.stability``).
    """
    release = cycle.release
    dated = dict(cycle.dated)
    check_ins = {c.day: CheckInFacts(c.id, c.day, c.shipped, c.blocks, c.done_days) for c in cycle.check_ins}
    again = recurring(cycle)
    blockers = tuple(BlockerFacts(b.id, b.text, b.category, b.remover_id, cycle.name(b.remover_id), b.raised_on,
                                  b.cleared_on, b.check_in_id, b.same_as_id, b.id in again) for b in cycle.blockers)
    facts_progress = progress(cycle, today)
    facts_stability = stability(cycle, log)
    start, target, backup = release.start_date, release.target_date, release.backup_date
    frozen = scope_frozen(release.phase)
    freeze = dated.get("scope freeze")
    overdue = freeze_overdue(freeze, today, frozen)
    marks = tuple(MilestoneMark(key, LABELS[key], {LAUNCH: target, BACKUP: backup}.get(key, dated.get(key)),
                                key == LAUNCH, late=overdue and key == "scope freeze") for key in MILESTONE_ORDER)
    weeks = tuple(Week(n + 1, start + dt.timedelta(days=7 * n), start + dt.timedelta(days=7 * n + 6), goal)
                  for n, goal in enumerate(WEEK_GOALS))
    last = max([weeks[-1].last, backup, target, *dated.values()])
    first = min([start, *dated.values()])
    warnings = date_warnings(start, target, backup, today) + milestone_warnings(target, dated)
    warnings += [f"No date for the {kind} yet: set it on the timeline." for kind in MILESTONE_ORDER[:3]
                 if kind not in dated]
    if overdue and freeze is not None:
        warnings.append(f"The scope freeze was planned for {freeze:%a %d %b} and scope is not frozen yet: "
                        "move the phase to testing.")
    stale = [b for b in blockers if b.open and b.raised_on < today]
    if stale:
        who = ", ".join(sorted({b.remover for b in stale if b.remover}))
        warnings.append(f"{len(stale)} blocker{'s' if len(stale) != 1 else ''} raised before today "
                        f"{'are' if len(stale) != 1 else 'is'} still open ({who}): each was to be cleared "
                        "the day it was raised.")
    if again:
        n = len(again)
        warnings.append(f"{n} blocker{'s' if n != 1 else ''} of this cycle {'recur' if n != 1 else 'recurs'}: a "
                        "recurrence is a property of the system, keep it for the retrospective.")
    if facts_progress.warning:
        warnings.insert(0, facts_progress.warning)
    warnings += facts_stability.warnings
    return Timeline(
        release_id=release.id, name=release.name, phase=release.phase,
        frozen_on=release.frozen_at.date() if release.frozen_at else None, start=start, target=target,
        backup=backup, today=today, first_day=first, last_day=last, weeks=weeks, milestones=marks,
        check_ins=check_ins, blockers=blockers, people=tuple((p.id, p.name) for p in cycle.people),
        progress=facts_progress, stability=facts_stability, warnings=warnings, recurring=again, frozen=frozen)
