"""The three checks, fit against capacity, and the warnings about what sits in a rescue release."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

CHECKS = (
    ("check_usable", "Does not change whether the release is usable"),
    ("check_owner_can_finish", "No one named owner can finish it before the target date"),
    ("check_testable", "The team cannot test it and roll it back safely"),
)
NOT_IN_RESCUE = ("refactor", "side work", "polish")
#: DOMAIN.md "Lanes": dragging to Cut asks for a short reason, and a sensible default is offered
CUT_REASONS = (
    "Not needed for the release to be usable",
    "Next cycle: not part of the one job this release fixes",
    "Too risky to test and roll back before the target",
    "No one can own and finish it before the target",
)
#: DOMAIN.md "Phase": the moment testing starts is the scope freeze, and it lasts to the end of the cycle
FROZEN_PHASES = ("testing", "shipping", "shipped", "rolled back")


#: the change-log action of an edit that gave an item a new estimate (the track record counts them as churn)
REESTIMATE = "re-estimate"


def scope_frozen(phase: str) -> bool:
    """DOMAIN.md "Freeze": is scope frozen in ``phase``? (testing and every phase after it, outcome set or not)

    The board, the overview and the timeline show this; the scope and import services ask for an
    override reason exactly when it is true.
    """
    return phase in FROZEN_PHASES


def needs_override(phase: str, lane: str) -> bool:
    """Does putting an item into ``lane`` need a freeze override (a reason, marked a late addition)?"""
    return lane == "in release" and scope_frozen(phase)


def default_lane(phase: str) -> str:
    """Where a new item lands: In release while planning, Parked once scope is frozen (DOMAIN.md "Freeze")."""
    return "parked" if scope_frozen(phase) else "in release"


def failed_checks(item: object) -> list[str]:
    """Reasons an item fails the three checks (empty when it passes all three)."""
    return [reason for attr, reason in CHECKS if not getattr(item, attr)]


def offered_cut_reasons(items: list[object]) -> tuple[str, ...]:
    """The reasons to offer when ``items`` are cut: the first failed check of any of them first, then the usual ones."""
    failed = [reason for item in items for reason in failed_checks(item)][:1]
    return tuple(dict.fromkeys([*failed, *CUT_REASONS]))


def rescue_warning(kind: str) -> str | None:
    """A warning when an item of this kind is put in a rescue release, else None."""
    if kind in NOT_IN_RESCUE:
        return f"A {kind} inside a rescue release: this is not the place for it."
    return None


def working_days(start: dt.date, end: dt.date) -> int:
    """Monday-to-Friday days from ``start`` up to and including ``end``."""
    if end < start:
        return 0
    days = (end - start).days + 1
    full_weeks, rest = divmod(days, 7)
    count = full_weeks * 5
    for offset in range(rest):
        if (start + dt.timedelta(days=full_weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


@dataclass(frozen=True)
class Fit:
    """Open estimates in the release against the capacity left until the target date."""

    open_days: float
    capacity_days: float

    @property
    def spare(self) -> float:
        """Days of capacity left over once the open estimates are done (negative: over)."""
        return self.capacity_days - self.open_days

    @property
    def fits(self) -> bool:
        """Whether the open work fits in the capacity left."""
        return self.spare >= 0

    def message(self) -> str:
        """The fit in one sentence: the days to spare, or the days to cut."""
        if self.fits:
            return f"The plan fits with {_days(self.spare)} to spare."
        return f"The plan does not fit: cut {_days(-self.spare)}."


def _days(value: float) -> str:
    value = math.ceil(value * 2) / 2 if value > 0 else 0
    text = f"{value:g}"
    return f"{text} day" if value == 1 else f"{text} days"


def fit(open_estimates: list[float], weekly_days: list[float], today: dt.date, start: dt.date,
        target: dt.date, focus: float) -> Fit:
    """DOMAIN.md "Fit": days per week × working days left until the target × focus factor."""
    first = max(today, start)
    days_left = working_days(first, target)
    capacity = sum(per_week / 5.0 for per_week in weekly_days) * days_left * focus
    return Fit(round(sum(open_estimates), 2), round(capacity, 2))
