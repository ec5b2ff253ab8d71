"""The track record: every cycle of a plan side by side (issue 21), a pure function of the snapshots.

What funders and founders ask after a rescue: does the team do what it said, and is each cycle
better than the last? One record per cycle, from the read model and the rules:

* **say/do**: the items in the release when scope froze (``Cycle.commitment``, taken by the phase
  change that freezes) against those of them done;
* **date**: the target against the day the outcome was recorded, the slip in days, finish-line moves
  (``rules.work.finish_line_moves``);
* **churn** after the freeze: items added after it, committed items since cut or parked, re-estimates
  (change-log rows of ``rules.scope.REESTIMATE`` after it), late additions (``rules.work.late_additions``);
* **rollback**: the timed drills against the plan's target, rollbacks in production (an outcome of
  "rolled back") and the time it took to restore;
* **rhythm**: check-ins held against the working days of the cycle, blockers cleared the day they
  were raised, blockers that recur (``rules.retro.recurring_ids``);
* the **outcome**: shipped, slipped or rolled back.

A figure the plan cannot give is None (shown as "—"), never a made-up zero: say/do before a freeze
(or for a cycle frozen before format 3 kept the commitment), a slip before an outcome is recorded,
churn before a freeze, a ship date for a release rolled back (the plan records the day it was rolled
back, not the day it shipped).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cockpit.kinds import Lane, Outcome, Status
from cockpit.rules.retro import blocker_refs, recurring_ids
from cockpit.rules.scope import REESTIMATE, working_days
from cockpit.rules.work import finish_line_moves, late_additions
from cockpit.snapshot import Cycle

MISSING = "—"


@dataclass(frozen=True)
class CycleRecord:
    """One cycle's figures; None where the plan cannot say."""

    release_id: int
    cycle: int
    name: str
    #: shipped, slipped, rolled back; None while the cycle is under way
    outcome: str | None
    live: bool
    # say/do
    committed: int | None
    delivered: int | None
    # date
    target: dt.date
    actual: dt.date | None
    finish_line_moves: int
    # churn (after the freeze)
    added_after_freeze: int | None
    cut: int | None
    parked: int | None
    reestimated: int | None
    late_additions: int
    # rollback
    drill_minutes: tuple[float, ...]
    drill_target: float
    rollbacks: int | None
    restore_minutes: float | None
    # rhythm
    check_ins_held: int
    check_ins_planned: int
    blockers: int
    cleared_same_day: int
    recurring: int

    @property
    def say_do(self) -> float | None:
        """Delivered / committed (None when nothing was committed at a freeze)."""
        if self.committed is None or self.delivered is None or self.committed == 0:
            return None
        return self.delivered / self.committed

    @property
    def slip_days(self) -> int | None:
        """Days between the target and the recorded outcome (negative: early); None before an outcome."""
        return None if self.actual is None else (self.actual - self.target).days

    @property
    def last_drill(self) -> float | None:
        """Minutes of the cycle's last timed drill."""
        return self.drill_minutes[-1] if self.drill_minutes else None


@dataclass(frozen=True)
class TrackRecord:
    """Every cycle of the plan, oldest first."""

    #: what the plan is called: its current release's name
    plan: str
    cycles: tuple[CycleRecord, ...]
    as_of: dt.date

    @property
    def totals(self) -> dict[str, int]:
        """Across the finished cycles: how many shipped, slipped and were rolled back."""
        done = [c for c in self.cycles if c.outcome]
        return {kind.value: sum(1 for c in done if c.outcome == kind.value) for kind in Outcome}


def _end(cycle: Cycle, today: dt.date) -> dt.date:
    """The last day the cycle ran: the outcome's day, else today; never after today (a slip's new date may
    be ahead) nor the backup date while under way."""
    release = cycle.release
    if release.outcome_date is not None:
        return min(release.outcome_date, today)
    return min(today, release.backup_date)


def cycle_record(cycle: Cycle, today: dt.date, recurring: frozenset[int] = frozenset()) -> CycleRecord:
    """The figures of one cycle as of ``today``; ``recurring``: ids of recurring blockers across the plan.

    Churn is what changed after the plan was set (the freeze): committed items now cut or parked, items
    added after the freeze (requests landing in Parked included), re-estimates logged after it, late
    additions. Before a freeze (or for a cycle frozen before the commitment was kept) it is None.
    """
    release = cycle.release
    frozen_at = release.frozen_at
    kept = bool(cycle.commitment)
    committed = len(cycle.commitment) if kept else None
    lanes = {i.id: (i.lane, i.status) for i in cycle.items}
    delivered = sum(1 for c in cycle.commitment if lanes.get(c.item_id, ("", ""))[1] == Status.DONE.value) \
        if kept else None

    def left_for(lane: str) -> int | None:
        return sum(1 for c in cycle.commitment if lanes.get(c.item_id, ("", ""))[0] == lane) if kept else None

    added_after = None if frozen_at is None else sum(1 for i in cycle.items if i.added_at > frozen_at)
    reestimated = None if frozen_at is None or not kept else sum(
        1 for e in cycle.changes if e.action == REESTIMATE and e.at > frozen_at)
    end = _end(cycle, today)
    held = sum(1 for c in cycle.check_ins if release.start_date <= c.day <= end)
    planned = working_days(release.start_date, end) if end >= release.start_date else 0
    rolled_back = release.outcome == Outcome.ROLLED_BACK.value
    return CycleRecord(
        release_id=release.id, cycle=release.cycle, name=release.name, outcome=release.outcome,
        live=cycle.is_live,
        committed=committed, delivered=delivered,
        target=release.target_date,
        # the day it shipped, or the new date of a slip; a rollback's day is not when it shipped: unknown
        actual=None if rolled_back else release.outcome_date, finish_line_moves=finish_line_moves(cycle),
        added_after_freeze=added_after, cut=left_for(Lane.CUT.value), parked=left_for(Lane.PARKED.value),
        reestimated=reestimated, late_additions=len(late_additions(cycle)),
        drill_minutes=tuple(round(d.duration_seconds / 60.0, 1) for d in cycle.drills
                            if d.duration_seconds is not None),
        drill_target=cycle.number("drill_target_minutes"),
        rollbacks=(1 if rolled_back else 0) if release.outcome else None,
        restore_minutes=release.restore_minutes if rolled_back else None,
        check_ins_held=held, check_ins_planned=planned, blockers=len(cycle.blockers),
        cleared_same_day=sum(1 for b in cycle.blockers if b.cleared_on == b.raised_on),
        recurring=sum(1 for b in cycle.blockers if b.id in recurring),
    )


def track_record(cycles: Sequence[Cycle], today: dt.date) -> TrackRecord:
    """The track record of a plan: ``cycles`` is every cycle (``reader.read_plan``), in any order."""
    ordered = sorted(cycles, key=lambda c: (c.release.cycle, c.release.id))
    if not ordered:
        return TrackRecord("", (), today)
    last = ordered[-1]
    numbers = {r.id: r.cycle for r in last.cycles}
    again = frozenset(recurring_ids(blocker_refs(last.every_blocker, numbers)))
    return TrackRecord(last.release.name, tuple(cycle_record(c, today, again) for c in ordered), today)


def number(value: float | int | None, unit: str = "", digits: int = 0) -> str:
    """A figure as the page shows it: "—" when the plan cannot say."""
    if value is None:
        return MISSING
    text = f"{value:.{digits}f}" if isinstance(value, float) else str(value)
    return f"{text}{unit}"


def ratio(value: float | None) -> str:
    """Say/do as a percentage, "—" when unknown."""
    return MISSING if value is None else f"{value * 100:.0f} %"


def as_json(record: TrackRecord) -> dict[str, object]:
    """The same figures for ``cockpit export --json`` (key ``track_record``): None where the page shows "—"."""
    return {
        "as_of": record.as_of.isoformat(),
        "cycles": [
            {"cycle": c.cycle, "name": c.name, "outcome": c.outcome,
             "say_do": {"committed_at_freeze": c.committed, "delivered": c.delivered,
                        "ratio": None if c.say_do is None else round(c.say_do, 3)},
             "date": {"target": c.target.isoformat(), "actual": c.actual.isoformat() if c.actual else None,
                      "slip_days": c.slip_days, "finish_line_moves": c.finish_line_moves},
             "churn": {"added_after_freeze": c.added_after_freeze, "cut": c.cut, "parked": c.parked,
                       "reestimated": c.reestimated, "late_additions": c.late_additions},
             "rollback": {"drill_minutes": list(c.drill_minutes), "drill_target_minutes": c.drill_target,
                          "rollbacks_in_production": c.rollbacks, "restore_minutes": c.restore_minutes},
             "rhythm": {"check_ins_held": c.check_ins_held, "check_ins_planned": c.check_ins_planned,
                        "blockers": c.blockers, "cleared_same_day": c.cleared_same_day,
                        "recurring_blockers": c.recurring}}
            for c in record.cycles],
    }


def as_markdown(record: TrackRecord) -> str:
    """The track record as a Markdown table, one column per cycle."""
    cols = record.cycles
    head = "| | " + " | ".join(f"Cycle {c.cycle}: {c.name}" for c in cols) + " |"
    rule = "|---|" + "---|" * len(cols)

    def row(label: str, values: Sequence[str]) -> str:
        return f"| {label} | " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    lines = [f"# Track record{': ' + record.plan if record.plan else ''}", "",
             f"Every cycle of the plan as of {record.as_of:%a %d %b %Y}. — means the plan cannot say.", "",
             head, rule,
             row("Outcome", [c.outcome or ("under way" if c.live else MISSING) for c in cols]),
             row("Say/do (delivered of committed at the freeze)",
                 [f"{ratio(c.say_do)} ({number(c.delivered)} of {number(c.committed)})" for c in cols]),
             row("Target → actual", [f"{c.target:%d %b} → {c.actual:%d %b}" if c.actual else f"{c.target:%d %b} → —"
                                     for c in cols]),
             row("Slip (days)", [number(c.slip_days) for c in cols]),
             row("Finish-line moves", [str(c.finish_line_moves) for c in cols]),
             row("Added after the freeze", [number(c.added_after_freeze) for c in cols]),
             row("Cut / parked (of committed)", [f"{number(c.cut)} / {number(c.parked)}" for c in cols]),
             row("Re-estimated", [number(c.reestimated) for c in cols]),
             row("Late additions", [str(c.late_additions) for c in cols]),
             row("Drills (min)", [", ".join(f"{m:g}" for m in c.drill_minutes) or MISSING for c in cols]),
             row("Rollbacks in production", [number(c.rollbacks) for c in cols]),
             row("Time to recover (min)", [number(c.restore_minutes, digits=0) for c in cols]),
             row("Check-ins held / planned", [f"{c.check_ins_held} / {c.check_ins_planned}" for c in cols]),
             row("Blockers cleared the same day", [f"{c.cleared_same_day} of {c.blockers}" for c in cols]),
             row("Recurring blockers", [str(c.recurring) for c in cols]),
             ""]
    return "\n".join(lines)
