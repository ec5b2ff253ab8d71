"""What the ownership matrix shows: open work × people, roles, load against capacity, warnings.

Plain values, no Qt; a pure function of a cycle's snapshot. The matrix's rows are the cycle's open
work (``rules.work.open_work``): scope items in the release that are not done, then the release-path
tasks that are not done. Its unowned rows are ``rules.work.unowned_work``, as on the Overview, the
brief and the go/no-go review.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from cockpit.rules.ownership import (
    Question,
    capacity_to_target,
    check_in_questions,
    listed,
    overloaded,
    role_warnings,
)
from cockpit.rules.people import team_label_problem
from cockpit.rules.work import DONE, IN_RELEASE, open_work
from cockpit.snapshot import Cycle, ReleaseTask, ScopeItem


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
        """(kind, id): unique among the rows."""
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
        """Days assigned beyond capacity (negative: days to spare)."""
        return round(self.assigned - self.capacity, 1)

    @property
    def overloaded(self) -> bool:
        """More open days assigned than capacity to the target."""
        return self.over > 0


def work_row(kind: str, values: Mapping[str, Any]) -> WorkRow | None:
    """The matrix row for a scope_item / release_task row (a change's snapshot); None if not open work.

    The same test as ``rules.work.open_work``: not done, and (for a scope item) in the release. The
    Owners view uses it to patch its rows from a change without reading the plan again.
    """
    if values["status"] == DONE:
        return None
    if kind == "item" and values["lane"] != IN_RELEASE:
        return None
    return WorkRow(kind=kind, id=values["id"], title=values["title"],
                   what=values["kind"] if kind == "item" else values["area"],
                   estimate=float(values["estimate_days"] or 0), owner_id=values["owner_id"],
                   status=values["status"], position=values["position"])


def _row(kind: str, record: ScopeItem | ReleaseTask) -> WorkRow:
    what = record.kind if isinstance(record, ScopeItem) else record.area
    return WorkRow(kind=kind, id=record.id, title=record.title, what=what, estimate=float(record.estimate_days or 0),
                   owner_id=record.owner_id, status=record.status, position=record.position)


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
        """Person id → name."""
        return {p.id: p.name for p in self.people}

    def holder_names(self) -> dict[str, list[str]]:
        """Role → the names holding it."""
        names = self.names()
        return {role: [names[i] for i in ids if i in names] for role, ids in self.holders.items()}

    def with_rows(self, rows: list[WorkRow]) -> Ownership:
        """The same plan with other rows: people's loads recomputed (used after a patch)."""
        load = loads(rows)
        people = [p if p.assigned == (days := round(load.get(p.id, 0.0), 2)) else replace(p, assigned=days)
                  for p in self.people]
        return replace(self, rows=rows, people=people)

    def unowned(self) -> list[WorkRow]:
        """Open work with no owner: the rows of ``rules.work.unowned_work`` (the rows are ``open_work``)."""
        return [row for row in self.rows if row.owner_id is None]

    def team_owned(self) -> list[tuple[str, str]]:
        """(title, owner name) of open work owned by a name that reads as a team."""
        labelled = {p.id: p.name for p in self.people if p.team_label}
        return [(row.title, labelled[row.owner_id]) for row in self.rows if row.owner_id in labelled]

    def overloaded(self) -> dict[str, float]:
        """People beyond capacity: name → days over."""
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


def owned_work(cycles: Iterable[Cycle], person_id: int) -> dict[str, int]:
    """What a person holds across every cycle of the plan (for "where does their work go?"): counts per kind.

    ``cycles``: ``cockpit.reader.read_plan`` output (``services.people.remove_person`` hands over the
    work of every cycle). Kinds they hold nothing of are left out.
    """
    counts = {"scope items": 0, "release-path tasks": 0, "roles": 0}
    for cycle in cycles:
        counts["scope items"] += sum(1 for i in cycle.items if i.owner_id == person_id)
        counts["release-path tasks"] += sum(1 for t in cycle.tasks if t.owner_id == person_id)
        counts["roles"] += sum(1 for a in cycle.roles if a.person_id == person_id)
    return {what: n for what, n in counts.items() if n}


def ownership(cycle: Cycle, today: dt.date) -> Ownership:
    """The matrix of one cycle as of ``today``: its open work, everyone's load against capacity, the roles."""
    release = cycle.release
    open_keys = {(piece.kind, piece.id) for piece in open_work(cycle)}
    rows = [_row("item", i) for i in cycle.items if ("item", i.id) in open_keys]
    rows += [_row("task", t) for t in cycle.tasks if ("task", t.id) in open_keys]
    rows.sort(key=row_order)
    labels = tuple(label.strip() for label in cycle.setting("team_labels").split(",") if label.strip())
    focus = cycle.number("focus_factor")
    first = max(today, release.start_date)
    load = loads(rows)
    people = [PersonColumn(id=p.id, name=p.name, days_per_week=p.days_per_week,
                           capacity=capacity_to_target(p.days_per_week, first, release.target_date, focus),
                           assigned=round(load.get(p.id, 0.0), 2),
                           team_label=team_label_problem(p.name, labels) is not None)
              for p in cycle.people]
    holders: dict[str, list[int]] = {}
    for a in sorted(cycle.roles, key=lambda a: a.id):
        holders.setdefault(a.role, []).append(a.person_id)
    return Ownership(release_id=release.id, target=release.target_date, first_day=first, focus=focus,
                     team_labels=labels, rows=rows, people=people, holders=holders,
                     checkin_minutes=cycle.number("checkin_minutes"))
