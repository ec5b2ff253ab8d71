"""What goes on the one-page brief, in DOMAIN.md's priority order (no Qt, no layout).

1. release name and problem sentence; 2. dates (start, freeze, rollback rehearsal, go/no-go, target,
backup); 3. the role owners; 4. items in the release with owners, and every piece of unfinished work
with no owner (items and release-path tasks: what go/no-go question 2 counts); 5. what was cut and why;
6. rollback triggers, caller and last drill time; 7. go/no-go state. Then two lists DOMAIN.md's order
does not name, so they yield first: the release path's readiness tasks with their owners, and what
was parked for the next cycle.

A pure function of a cycle's snapshot and today. Unowned and blocked work are
``cockpit.rules.work`` (``unowned_work``, ``blockage``): the numbers the overview shows.

The six lists can grow without bound. ``Brief.trimmed(budget)`` keeps at most ``budget`` list lines in
all and summarises what is left off ("+7 more items"); ``allocate`` says who yields first. The layout
(``ui/brief``) shrinks the budget until the page fits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from cockpit.kinds import Lane, MilestoneKind
from cockpit.reports import session as session_report
from cockpit.reports.gonogo import go_no_go
from cockpit.reports.readiness import rollback_readiness
from cockpit.rules import work
from cockpit.snapshot import Cycle, ScopeItem
from cockpit.text import SHOWN, shown

# Standard library only: ``cockpit brief`` reads the plan through ``cockpit.reading`` and never
# loads SQLAlchemy.

#: every non-empty list keeps this many lines before a later list gets more than one
FLOOR = 3
#: how many of ``Brief.listings`` are parts DOMAIN.md's priority order names; the lists after them yield first
RANKED = 4
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
    """One line of a list: the user's text, a detail (owner, reason, threshold), a mark (status) and
    what the entry is (a task's area of the release path; empty elsewhere)."""

    text: str
    detail: str = ""
    mark: str = ""
    what: str = ""


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
        """Entries shown plus entries left off."""
        return len(self.entries) + self.more

    @property
    def lines(self) -> int:
        """Lines on the page: the entries shown and one "+N more" line when something is left off."""
        return len(self.entries) + (1 if self.more else 0)

    @property
    def more_text(self) -> str:
        """"+7 more items" (empty when nothing is left off)."""
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
    """The review as the page shows it: verdict, stop authority, (label, passed, evidence) per question."""

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
    #: unfinished work with no owner: items in the release and release-path tasks (``rules.work.unowned_work``)
    unowned: Listing
    cut: Listing
    triggers: Listing
    #: the release path's readiness tasks, each with its owner ("" when none): not ranked, yields first
    tasks: Listing
    #: Parked: the next cycle's backlog, with the optional reason it waits: not ranked, yields first of all
    parked: Listing
    caller: str
    runner: str
    last_drill: str
    gonogo: GoNoGoState
    printed_on: dt.date
    source: str = ""
    #: open check-in blockers plus blocked unfinished work: ``rules.work.blockage(cycle).count``
    blocked_count: int = 0
    #: "Reset session 1 December, 2 h 40 min" (``reports.session.brief_line``), "" when there was none
    session: str = ""

    @property
    def unowned_count(self) -> int:
        """Unfinished work with no owner (``rules.work.unowned_work``): the entries of ``unowned``, shown or not."""
        return self.unowned.total

    @property
    def listings(self) -> tuple[Listing, Listing, Listing, Listing, Listing, Listing]:
        """The lists in the order ``trimmed`` shares lines out: the ``RANKED`` ones DOMAIN.md's priority
        order names (items, unowned, cut, triggers), then readiness tasks, then parked items."""
        return self.items, self.unowned, self.cut, self.triggers, self.tasks, self.parked

    @property
    def list_lines(self) -> int:
        """Lines the lists take as they are (entries plus "+N more" lines)."""
        return sum(listing.lines for listing in self.listings)

    @property
    def min_budget(self) -> int:
        """The fewest list lines the page can show: one per non-empty list."""
        return sum(1 for listing in self.listings if listing.total)

    def trimmed(self, budget: int | None, clip: int | None = None) -> Brief:
        """Keep at most ``budget`` list lines (``None``: all), and clip long texts to ``clip`` characters.

        Lines are shared out by ``allocate``: readiness tasks and parked items yield before any part
        DOMAIN.md's priority order names, and never below their one "+N more" line.
        """
        brief = self
        if budget is not None:
            sizes = [listing.lines for listing in self.listings]
            lines = allocate(sizes, budget, ranked=RANKED)
            items, unowned, cut, triggers, tasks, parked = (lst.keep(n) for lst, n in
                                                            zip(self.listings, lines, strict=True))
            brief = replace(self, items=items, unowned=unowned, cut=cut, triggers=triggers, tasks=tasks,
                            parked=parked)
        if clip is not None:
            brief = _clipped(brief, clip)
        return brief


def allocate(sizes: list[int], budget: int, floor: int = FLOOR, ranked: int | None = None) -> list[int]:
    """Share ``budget`` lines among lists of ``sizes`` lines, in priority order.

    Every non-empty list keeps one line (its "+N more"). Then the first ``ranked`` lists (all when
    ``None``: the parts DOMAIN.md's priority order names) each get up to ``floor`` lines, then the
    rest of what they need in order; only what they leave goes, the same way, to the lists after them.
    So an unranked list yields every line but its summary before a ranked list yields one.
    """
    ranked = len(sizes) if ranked is None else ranked
    lines = [min(1, n) for n in sizes]
    left = budget - sum(lines)
    for group in (range(0, ranked), range(ranked, len(sizes))):
        for cap in (floor, None):
            for i in group:
                n = sizes[i]
                want = max(0, min(n, cap if cap is not None else n) - lines[i])
                add = min(want, max(left, 0))
                lines[i] += add
                left -= add
    return lines


def _clipped(brief: Brief, limit: int) -> Brief:
    def entries(listing: Listing) -> Listing:
        return replace(listing, entries=tuple(Entry(shown(e.text, limit), shown(e.detail, limit), e.mark,
                                                    shown(e.what, limit)) for e in listing.entries))

    return replace(brief, release=shown(brief.release, limit), problem=shown(brief.problem, limit * 2),
                   roles=tuple((label, shown(names, limit)) for label, names in brief.roles),
                   items=entries(brief.items), unowned=entries(brief.unowned), cut=entries(brief.cut),
                   triggers=entries(brief.triggers), tasks=entries(brief.tasks), parked=entries(brief.parked),
                   caller=shown(brief.caller, limit), runner=shown(brief.runner, limit),
                   gonogo=replace(brief.gonogo, stop_authority=shown(brief.gonogo.stop_authority, limit),
                                  answers=tuple((label, passed, shown(evidence, limit * 2))
                                                for label, passed, evidence in brief.gonogo.answers)))


def _num(value: float) -> str:
    return f"{value:g}"


def trigger_text(condition: str, threshold: float | None, unit: str, window: int | None) -> tuple[str, str]:
    """A trigger as (condition, "2 % of payments for 10 min")."""
    detail = " ".join(part for part in (_num(threshold) if threshold is not None else "", unit) if part)
    if window:
        detail += f" for {window} min" if detail else f"for {window} min"
    return condition, detail




def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _blocked_text(blockage: work.Blockage) -> str:
    """"2 blocked (1 open blocker, 1 item)": the count and what it counts."""
    if not blockage.count:
        return "nothing blocked"
    items = sum(1 for p in blockage.work if p.kind == "item")
    parts = [_plural(len(blockage.blockers), "open blocker") if blockage.blockers else "",
             _plural(items, "item") if items else "",
             _plural(len(blockage.work) - items, "task") if len(blockage.work) > items else ""]
    return f"{blockage.count} blocked ({', '.join(p for p in parts if p)})"


def _work_lists(cycle: Cycle, blockage: work.Blockage) -> tuple[Listing, Listing, Listing]:
    """The items in the release, the unowned work and what was cut."""
    shown = [i for i in cycle.items if i.lane != Lane.PARKED.value]
    blocked_items = {p.id for p in blockage.work if p.kind == "item"}

    def mark(item_id: int, status: str) -> str:  # the blocked mark is the rule's, so it matches the count
        return "blocked" if item_id in blocked_items else status

    in_release = sorted((i for i in shown if i.lane == Lane.IN_RELEASE.value),
                        key=lambda i: (_STATUS_ORDER.get(mark(i.id, i.status), 2), i.position, i.id))
    open_rows = work.open_items(cycle)
    open_days = sum(i.estimate_days for i in open_rows)
    items = Listing(
        "items", "In the release", f"{len(in_release)} items · {len(open_rows)} open · {_num(open_days)} open days · "
        f"{_blocked_text(blockage)}",
        tuple(Entry(i.title, cycle.name(i.owner_id), mark(i.id, i.status)) for i in in_release),
        "Nothing is in the release yet.")
    unowned_work = work.unowned_work(cycle)
    unfinished = len(work.open_work(cycle))
    unowned = Listing(
        "unowned", "Unfinished, no owner yet", f"{len(unowned_work)} of {unfinished} unfinished items and tasks",
        tuple(Entry(p.title, "item in the release" if p.kind == "item" else "release-path task", p.status)
              for p in unowned_work),
        "Every unfinished item and task has one named owner.")
    cut_rows = [i for i in shown if i.lane == Lane.CUT.value]
    cut = Listing("cut", "Cut, and why", f"{_plural(len(cut_rows), 'item')} out of this release",
                  tuple(Entry(i.title, i.cut_reason or "no reason given") for i in cut_rows), "Nothing was cut.")
    return items, unowned, cut


def _task_list(cycle: Cycle, blockage: work.Blockage) -> Listing:
    """The release path's readiness tasks with their owners: open ones first, blocked at the top."""
    blocked = {p.id for p in blockage.work if p.kind == "task"}

    def mark(task_id: int, status: str) -> str:  # the blocked mark is the rule's, as for items
        return "blocked" if task_id in blocked else status

    rows = sorted(cycle.tasks, key=lambda t: (_STATUS_ORDER.get(mark(t.id, t.status), 2), t.position, t.id))
    done = sum(1 for t in rows if t.status == work.DONE)
    # "with no owner" counts what the ownership rule counts (unfinished, no name), as go/no-go question 2 does
    unowned = sum(1 for p in work.unowned_work(cycle) if p.kind == "task")
    return Listing(
        "tasks", "Readiness tasks", f"{_plural(len(rows), 'task')} on the release path · {done} done · "
        f"{unowned} unfinished with no owner",
        tuple(Entry(t.title, cycle.name(t.owner_id), mark(t.id, t.status), t.area) for t in rows),
        "No release-path task yet: code, test data, deploy steps, approvals and rollback each need an owner.",
        noun="tasks")


def parked_for_next_cycle(cycle: Cycle) -> tuple[ScopeItem, ...]:
    """Parked items that become the next cycle's backlog (DOMAIN.md "Parked becomes the new backlog").

    The same items ``services.cycles.start_next_cycle`` carries over: in Parked and not done.
    """
    return work.next_backlog(cycle.items)


def _parked_list(cycle: Cycle) -> Listing:
    """What waits for the next cycle, with the reason it waits where one was given."""
    rows = parked_for_next_cycle(cycle)
    # The plan holds no date for the next cycle: it starts once this one has an outcome, after its target.
    return Listing("parked", "Parked for the next cycle",
                   f"{_plural(len(rows), 'item')} · the next cycle's backlog (it starts after this release)",
                   tuple(Entry(i.title, i.cut_reason) for i in rows), "Nothing parked.")


def brief_content(cycle: Cycle, today: dt.date) -> Brief:
    """The whole brief of one cycle, nothing left off (``trimmed`` then fits it to the page)."""
    release = cycle.release
    milestones = cycle.dated
    dates = (("Start", release.start_date), ("Scope freeze", milestones.get(MilestoneKind.SCOPE_FREEZE.value)),
             ("Rollback rehearsal", milestones.get(MilestoneKind.ROLLBACK_REHEARSAL.value)),
             ("Go/no-go", milestones.get(MilestoneKind.GO_NO_GO.value)), ("Target", release.target_date),
             ("Backup", release.backup_date))
    blockage = work.blockage(cycle)
    items, unowned, cut = _work_lists(cycle, blockage)
    tasks, parked = _task_list(cycle, blockage), _parked_list(cycle)
    triggers = Listing("triggers", "Rollback triggers", f"{len(cycle.triggers)} set before launch",
                       tuple(Entry(*trigger_text(t.condition, t.threshold, t.unit, t.window_minutes))
                             for t in cycle.triggers), "No trigger written yet.", noun="triggers")
    readiness = rollback_readiness(cycle)
    if readiness.last_drill_on is None or readiness.last_drill_minutes is None:
        last_drill = "never drilled"
    else:
        last_drill = (f"{readiness.last_drill_on:%a %d %b}: {readiness.last_drill_minutes:.0f} min "
                      f"(target {_num(readiness.target_minutes)})")
    review = go_no_go(cycle, readiness)
    last = review.history[0] if review.history else None
    last_review = "no review saved yet"
    if last is not None:
        last_review = f"last saved {last.reviewed_at.astimezone():%a %d %b %H:%M}: {last.verdict.upper()}"
    state = GoNoGoState(review.verdict, review.stop_authority or "",
                        tuple((a.label, a.passed, a.evidence) for a in review.answers), last_review)
    return _clipped(Brief(  # every text clipped (``cockpit.text``): a field from a foreign file may be a megabyte
        release=release.name, problem=release.problem, cycle=release.cycle, phase=release.phase, dates=dates,
        roles=tuple((label, ", ".join(cycle.holders(role))) for role, label in ROLE_LABELS),
        items=items, unowned=unowned, cut=cut, triggers=triggers, tasks=tasks, parked=parked,
        caller=readiness.caller or "", runner=readiness.runner or "", last_drill=last_drill, gonogo=state,
        printed_on=today, source=cycle.source, blocked_count=blockage.count,
        session=session_report.brief_line(cycle) or ""), SHOWN)
