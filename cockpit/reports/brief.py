"""What goes on the one-page brief, in DOMAIN.md's priority order (no Qt, no layout).

1. release name and problem sentence; 2. dates (start, freeze, go/no-go, target, backup);
3. the role owners; 4. items in the release with owners; 5. what was cut and why;
6. rollback triggers, caller and last drill time; 7. go/no-go state.

The three lists (items, cut, triggers) can grow without bound. ``Brief.trimmed(budget)`` keeps at
most ``budget`` list lines in all, shared out in priority order, and summarises what is left off
("+7 more items"). The layout (``ui/brief``) shrinks the budget until the page fits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cockpit.kinds import Lane, MilestoneKind
from cockpit.reports import rows as release_rows
from cockpit.reports.gonogo import evaluate
from cockpit.reports.readiness import rollback_readiness
from cockpit.reports.rows import ReleaseRows

if TYPE_CHECKING:
    from cockpit.reading import PlanReader
    from cockpit.store import Plan

# Standard library only: ``cockpit brief`` reads the plan through ``cockpit.reading`` and never
# loads SQLAlchemy.

#: every non-empty list keeps this many lines before a later list gets more than one
FLOOR = 3
ROLE_LABELS = (
    ("scope owner", "Scope owner"),
    ("delivery owner", "Delivery owner"),
    ("readiness owner", "Readiness owner"),
    ("stop authority", "Stop authority"),
    ("rollback caller", "Rollback caller"),
    ("rollback runner", "Rollback runner"),
    ("verifier", "Verifiers"),
)
_STATUS_ORDER = {"blocked": 0, "doing": 1, "todo": 2, "done": 3}


@dataclass(frozen=True)
class Entry:
    """One line of a list: the user's text, a detail (owner, reason, threshold) and a mark (status)."""

    text: str
    detail: str = ""
    mark: str = ""


@dataclass(frozen=True)
class Listing:
    """A list section: the entries shown and how many were left off."""

    key: str
    title: str
    summary: str
    entries: tuple[Entry, ...]
    empty: str
    more: int = 0
    noun: str = "items"

    @property
    def total(self) -> int:
        return len(self.entries) + self.more

    @property
    def lines(self) -> int:
        return len(self.entries) + (1 if self.more else 0)

    @property
    def more_text(self) -> str:
        noun = self.noun[:-1] if self.more == 1 and self.noun.endswith("s") else self.noun
        return f"+{self.more} more {noun}" if self.more else ""

    def keep(self, lines: int) -> Listing:
        """At most ``lines`` lines: the first entries, then one "+N more" line."""
        if lines >= len(self.entries):
            return self
        shown = max(0, lines - 1)
        return replace(self, entries=self.entries[:shown], more=self.more + len(self.entries) - shown)


@dataclass(frozen=True)
class GoNoGoState:
    verdict: str
    stop_authority: str
    answers: tuple[tuple[str, bool, str], ...]
    last_review: str


@dataclass(frozen=True)
class Brief:
    """The page's content, in priority order. Every string is the user's own: escape it for rich text."""

    release: str
    problem: str
    cycle: int
    phase: str
    dates: tuple[tuple[str, dt.date | None], ...]
    roles: tuple[tuple[str, str], ...]
    items: Listing
    cut: Listing
    triggers: Listing
    caller: str
    runner: str
    last_drill: str
    gonogo: GoNoGoState
    printed_on: dt.date
    source: str = ""

    @property
    def listings(self) -> tuple[Listing, Listing, Listing]:
        return self.items, self.cut, self.triggers

    @property
    def list_lines(self) -> int:
        return sum(listing.lines for listing in self.listings)

    @property
    def min_budget(self) -> int:
        return sum(1 for listing in self.listings if listing.total)

    def trimmed(self, budget: int | None, clip: int | None = None) -> Brief:
        """Keep at most ``budget`` list lines (``None``: all), and clip long texts to ``clip`` characters."""
        brief = self
        if budget is not None:
            sizes = [listing.lines for listing in self.listings]
            lines = allocate(sizes, budget)
            items, cut, triggers = (lst.keep(n) for lst, n in zip(self.listings, lines, strict=True))
            brief = replace(self, items=items, cut=cut, triggers=triggers)
        if clip is not None:
            brief = _clipped(brief, clip)
        return brief


def allocate(sizes: list[int], budget: int, floor: int = FLOOR) -> list[int]:
    """Share ``budget`` lines among lists of ``sizes`` lines, in priority order.

    Every non-empty list keeps one line (its "+N more"), then each gets up to ``floor`` lines,
    then the rest goes to the lists in order.
    """
    lines = [min(1, n) for n in sizes]
    left = budget - sum(lines)
    for cap in (floor, None):
        for i, n in enumerate(sizes):
            want = max(0, min(n, cap if cap is not None else n) - lines[i])
            add = min(want, max(left, 0))
            lines[i] += add
            left -= add
    return lines


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def _clipped(brief: Brief, limit: int) -> Brief:
    def entries(listing: Listing) -> Listing:
        return replace(listing, entries=tuple(Entry(_clip(e.text, limit), _clip(e.detail, limit), e.mark)
                                              for e in listing.entries))

    return replace(brief, release=_clip(brief.release, limit), problem=_clip(brief.problem, limit * 2),
                   roles=tuple((label, _clip(names, limit)) for label, names in brief.roles),
                   items=entries(brief.items), cut=entries(brief.cut), triggers=entries(brief.triggers),
                   caller=_clip(brief.caller, limit), runner=_clip(brief.runner, limit))


def _num(value: float) -> str:
    return f"{value:g}"


def trigger_text(condition: str, threshold: float | None, unit: str, window: int | None) -> tuple[str, str]:
    detail = " ".join(part for part in (_num(threshold) if threshold is not None else "", unit) if part)
    if window:
        detail += f" for {window} min" if detail else f"for {window} min"
    return condition, detail


def gather(rows: ReleaseRows, today: dt.date, source: str = "") -> Brief:
    """The whole brief, nothing left off (``trimmed`` then fits it to the page)."""
    release = rows.release
    names = rows.people
    milestones = rows.milestones
    dates = (("Start", release.start_date), ("Scope freeze", milestones.get(MilestoneKind.SCOPE_FREEZE.value)),
             ("Go/no-go", milestones.get(MilestoneKind.GO_NO_GO.value)), ("Target", release.target_date),
             ("Backup", release.backup_date))
    shown = [i for i in rows.items if i.lane != Lane.PARKED.value]
    in_release = sorted((i for i in shown if i.lane == Lane.IN_RELEASE.value),
                        key=lambda i: (_STATUS_ORDER.get(i.status, 2), i.position, i.id))
    open_rows = [i for i in in_release if i.status != "done"]
    open_days = sum(i.estimate_days for i in open_rows)
    items = Listing(
        "items", "In the release", f"{len(in_release)} items · {len(open_rows)} open · {_num(open_days)} open days",
        tuple(Entry(i.title, names.get(i.owner_id, "") if i.owner_id is not None else "", i.status)
              for i in in_release),
        "Nothing is in the release yet.")
    cut_rows = [i for i in shown if i.lane == Lane.CUT.value]
    cut = Listing("cut", "Cut, and why", f"{len(cut_rows)} items out of this release",
                  tuple(Entry(i.title, i.cut_reason or "no reason given") for i in cut_rows), "Nothing was cut.")
    trigger_rows = rows.triggers
    triggers = Listing("triggers", "Rollback triggers", f"{len(trigger_rows)} set before launch",
                       tuple(Entry(*trigger_text(t.condition, t.threshold, t.unit, t.window_minutes))
                             for t in trigger_rows), "No trigger written yet.", noun="triggers")
    readiness = rollback_readiness(rows)
    if readiness.last_drill_on is None or readiness.last_drill_minutes is None:
        last_drill = "never drilled"
    else:
        last_drill = (f"{readiness.last_drill_on:%a %d %b}: {readiness.last_drill_minutes:.0f} min "
                      f"(target {_num(readiness.target_minutes)})")
    review = evaluate(rows, readiness)
    last = review.history[0] if review.history else None
    last_review = "no review saved yet"
    if last is not None:
        last_review = f"last saved {last.reviewed_at.astimezone():%a %d %b %H:%M}: {last.verdict.upper()}"
    state = GoNoGoState(review.verdict, review.stop_authority or "",
                        tuple((a.label, a.passed, a.evidence) for a in review.answers), last_review)
    return Brief(
        release=release.name, problem=release.problem, cycle=release.cycle, phase=release.phase, dates=dates,
        roles=tuple((label, ", ".join(rows.holders(role))) for role, label in ROLE_LABELS),
        items=items, cut=cut, triggers=triggers, caller=readiness.caller or "", runner=readiness.runner or "",
        last_drill=last_drill, gonogo=state, printed_on=today, source=source)


def brief_content(plan: Plan | PlanReader, release_id: int, today: dt.date | None = None) -> Brief:
    """The whole brief for a release of an open plan (read in the app or not)."""
    return gather(release_rows.load(plan.raw, release_id), today or dt.date.today(), Path(plan.path).name)
