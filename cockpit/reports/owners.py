"""What the ownership matrix shows: open work × people, roles, load against capacity, warnings.

Plain values, no Qt. The matrix's rows are the open work of the live cycle: scope items
in the release that are not done, then the release-path tasks that are not done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlmodel import Session, select

from cockpit import settings
from cockpit.model import Lane, Person, Release, ReleaseTask, Role, RoleAssignment, ScopeItem, Status
from cockpit.rules.ownership import (
    Question,
    capacity_to_target,
    check_in_questions,
    listed,
    overloaded,
    role_warnings,
)
from cockpit.rules.people import team_label_problem
from cockpit.store import Plan

ROLE_ORDER = tuple(role.value for role in Role)


@dataclass(frozen=True, slots=True)
class WorkRow:
    """One row of the matrix: a scope item (``kind`` "item") or a release-path task ("task")."""

    kind: str
    id: int
    title: str
    what: str  # the item's kind or the task's area
    estimate: float
    owner_id: int | None
    status: str
    position: int

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


@dataclass(frozen=True, slots=True)
class PersonColumn:
    """One column: a person, their capacity to the target and the open days they own."""

    id: int
    name: str
    days_per_week: float
    capacity: float
    assigned: float
    team_label: bool  # the name reads as a team under the plan's current labels

    @property
    def over(self) -> float:
        return round(self.assigned - self.capacity, 1)

    @property
    def overloaded(self) -> bool:
        return self.over > 0


def work_row(kind: str, values: Mapping[str, Any]) -> WorkRow | None:
    """The matrix row for a scope_item / release_task row (columns or a change snapshot); None if not open work."""
    if values["status"] == Status.DONE.value:
        return None
    if kind == "item" and values["lane"] != Lane.IN_RELEASE.value:
        return None
    return WorkRow(kind=kind, id=values["id"], title=values["title"],
                   what=values["kind"] if kind == "item" else values["area"],
                   estimate=float(values["estimate_days"] or 0), owner_id=values["owner_id"],
                   status=values["status"], position=values["position"])


def row_order(row: WorkRow) -> tuple[int, int, int]:
    """Scope items first (board order), then release-path tasks (their order)."""
    return (0 if row.kind == "item" else 1, row.position, row.id)


def loads(rows: Iterable[WorkRow]) -> dict[int, float]:
    """Open days owned, per person id."""
    out: dict[int, float] = {}
    for row in rows:
        if row.owner_id is not None:
            out[row.owner_id] = out.get(row.owner_id, 0.0) + row.estimate
    return out


@dataclass(frozen=True)
class Ownership:
    """Everything the Owners view shows, as of one read of the plan."""

    release_id: int
    target: dt.date
    first_day: dt.date
    focus: float
    team_labels: tuple[str, ...]
    rows: list[WorkRow]
    people: list[PersonColumn]
    holders: dict[str, list[int]] = field(default_factory=dict)  # role -> person ids
    #: the plan's length of the ownership check-in
    checkin_minutes: float = 15.0

    def names(self) -> dict[int, str]:
        return {p.id: p.name for p in self.people}

    def holder_names(self) -> dict[str, list[str]]:
        names = self.names()
        return {role: [names[i] for i in ids if i in names] for role, ids in self.holders.items()}

    def with_rows(self, rows: list[WorkRow]) -> Ownership:
        """The same plan with other rows: people's loads recomputed (used after a patch)."""
        load = loads(rows)
        people = [p if p.assigned == (days := round(load.get(p.id, 0.0), 2)) else replace(p, assigned=days)
                  for p in self.people]
        return replace(self, rows=rows, people=people)

    def unowned(self) -> list[WorkRow]:
        return [row for row in self.rows if row.owner_id is None]

    def team_owned(self) -> list[tuple[str, str]]:
        labelled = {p.id: p.name for p in self.people if p.team_label}
        return [(row.title, labelled[row.owner_id]) for row in self.rows if row.owner_id in labelled]

    def overloaded(self) -> dict[str, float]:
        return overloaded({p.name: p.assigned for p in self.people}, {p.name: p.capacity for p in self.people})

    def warnings(self) -> list[str]:
        """DOMAIN.md warnings: empty roles, three owner roles on one person, unowned work, overload."""
        out = role_warnings(self.holder_names())
        unowned = self.unowned()
        if unowned:
            n = len(unowned)
            out.append(f"{n} open task{'s' if n != 1 else ''} {'have' if n != 1 else 'has'} no owner.")
        team = self.team_owned()
        if team:
            out.append("Owned by a team or a placeholder, not a person: "
                       + listed([f"“{title}” ({who})" for title, who in team]) + ". Pick one name each.")
        over = sorted(self.overloaded().items(), key=lambda kv: -kv[1])
        if over:
            out.append("Loaded beyond capacity before the target: "
                       + listed([f"{name} (+{days:g} days)" for name, days in over]) + ".")
        return out

    def check_in(self) -> list[Question]:
        """The ownership check-in's questions with live answers."""
        return check_in_questions(self.holder_names(), [row.title for row in self.unowned()], self.team_owned(),
                                  self.overloaded())


def owned_work(session: Session, person_id: int) -> dict[str, int]:
    """What a person holds in the live plan (for "where does their work go?"): counts per kind."""
    counts = {
        "scope items": len(session.exec(select(ScopeItem.id).where(ScopeItem.owner_id == person_id)).all()),
        "release-path tasks": len(session.exec(select(ReleaseTask.id).where(ReleaseTask.owner_id == person_id)).all()),
        "roles": len(session.exec(select(RoleAssignment.id).where(RoleAssignment.person_id == person_id)).all()),
    }
    return {what: n for what, n in counts.items() if n}


def ownership(plan: Plan, release_id: int, today: dt.date | None = None) -> Ownership:
    """Read the matrix of one release from the plan."""
    today = today or dt.date.today()
    with plan.read() as s:
        release = s.get(Release, release_id)
        if release is None:
            raise LookupError("release gone")
        conn = s.connection()
        rows: list[WorkRow] = []
        items = ScopeItem.__table__  # type: ignore[attr-defined]
        for values in conn.execute(items.select().where(items.c.release_id == release_id,
                                                        items.c.lane == Lane.IN_RELEASE.value,
                                                        items.c.status != Status.DONE.value)).mappings():
            rows.append(work_row("item", values))  # type: ignore[arg-type]
        tasks = ReleaseTask.__table__  # type: ignore[attr-defined]
        for values in conn.execute(tasks.select().where(tasks.c.release_id == release_id,
                                                        tasks.c.status != Status.DONE.value)).mappings():
            rows.append(work_row("task", values))  # type: ignore[arg-type]
        rows.sort(key=row_order)
        labels = settings.team_labels(s)
        focus = settings.get_float(s, "focus_factor")
        first = max(today, release.start_date)
        load = loads(rows)
        people = [PersonColumn(id=p.id, name=p.name, days_per_week=p.days_per_week,  # type: ignore[arg-type]
                               capacity=capacity_to_target(p.days_per_week, first, release.target_date, focus),
                               assigned=round(load.get(p.id, 0.0), 2),  # type: ignore[arg-type]
                               team_label=team_label_problem(p.name, labels) is not None)
                  for p in s.exec(select(Person).order_by(Person.name))]
        holders: dict[str, list[int]] = {}
        for a in s.exec(select(RoleAssignment).where(RoleAssignment.release_id == release_id)
                        .order_by(RoleAssignment.id)):
            holders.setdefault(a.role, []).append(a.person_id)
        return Ownership(release_id=release_id, target=release.target_date, first_day=first, focus=focus,
                         team_labels=labels, rows=rows, people=people, holders=holders,
                         checkin_minutes=settings.get_float(s, "checkin_minutes"))
