"""Open work, unowned work and blocked work of one cycle: the counts every screen and the brief share.

DOMAIN.md "People and ownership" (a task with no owner) and "Daily check-in" (what blocks today).
The overview, the owners view, the go/no-go review, the brief and ``cockpit check`` all call these,
so they can never disagree about the same plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cockpit.snapshot import Blocker, Cycle, ReleaseTask, ScopeItem

DONE = "done"
BLOCKED = "blocked"
IN_RELEASE = "in release"
PARKED = "parked"


@dataclass(frozen=True)
class WorkPiece:
    """One piece of unfinished work: a scope item in the release or a release-path task."""

    kind: str  # "item" or "task"
    id: int
    title: str
    owner_id: int | None
    status: str


def _piece(row: ScopeItem | ReleaseTask) -> WorkPiece:
    return WorkPiece("item" if isinstance(row, ScopeItem) else "task", row.id, row.title, row.owner_id, row.status)


def open_items(cycle: Cycle) -> tuple[ScopeItem, ...]:
    """Unfinished scope items in the release: what the fit, the brief and the overview count as open."""
    return tuple(i for i in cycle.items if i.lane == IN_RELEASE and i.status != DONE)


def late_additions(cycle: Cycle) -> tuple[ScopeItem, ...]:
    """Items added to the release after the scope freeze, with an override (DOMAIN.md "Freeze")."""
    return tuple(i for i in cycle.items if i.lane == IN_RELEASE and i.late_addition)


def finish_line_moves(cycle: Cycle) -> int:
    """How many times the target date moved (DOMAIN.md "Moving the finish line": logged and counted)."""
    return sum(1 for change in cycle.changes if change.finish_line_move)


def open_work(cycle: Cycle) -> tuple[WorkPiece, ...]:
    """Unfinished scope items in the release, then unfinished release-path tasks."""
    items = [_piece(i) for i in open_items(cycle)]
    tasks = [_piece(t) for t in cycle.tasks if t.status != DONE]
    return tuple(items + tasks)


def unowned_work(cycle: Cycle) -> tuple[WorkPiece, ...]:
    """Unfinished work with no named owner (items in the release and release-path tasks alike)."""
    return tuple(p for p in open_work(cycle) if p.owner_id is None)


def blocked_work(cycle: Cycle) -> tuple[WorkPiece, ...]:
    """Unfinished work whose status is blocked."""
    return tuple(p for p in open_work(cycle) if p.status == BLOCKED)


def open_blockers(cycle: Cycle) -> tuple[Blocker, ...]:
    """Blockers raised at a check-in and not cleared yet."""
    return tuple(b for b in cycle.blockers if b.cleared_on is None)


@dataclass(frozen=True)
class Blockage:
    """What blocks the release today: open check-in blockers and work marked blocked."""

    blockers: tuple[Blocker, ...]
    work: tuple[WorkPiece, ...]

    @property
    def count(self) -> int:
        """Open blockers plus blocked pieces of work: the one "blocked" number every screen shows."""
        return len(self.blockers) + len(self.work)


def blockage(cycle: Cycle) -> Blockage:
    """Open check-in blockers and blocked work of the cycle."""
    return Blockage(open_blockers(cycle), blocked_work(cycle))


def next_backlog(items: Iterable[ScopeItem]) -> tuple[ScopeItem, ...]:
    """DOMAIN.md "Parked becomes the new backlog": the items the next cycle starts with (in Parked and not
    done), in the order given. ``services.cycles.start_next_cycle`` carries exactly these; the note and the
    brief name them."""
    return tuple(i for i in items if i.lane == PARKED and i.status != DONE)
