"""Import a backlog read from another tool: one transaction, one change-log row, one undo step.

Items are matched on ``ScopeItem.external_key`` within the release, so importing a
newer export of the same backlog updates the items instead of adding them twice.
Assignees become people on demand; team-like names ("Backend Team", "TBD") are
never made owners: their rows get no owner and a note.

Speed: a 10,000-row export must import in well under two seconds, and the ORM's
one-flush-per-object path costs about a millisecond a row. New and updated items
are therefore written with ``Tx.add_many`` / ``Tx.update_many`` (one ``executemany`` each),
inside the same ``core.change`` transaction and
change-log row as every other change; ``Tx`` records each row's exact before/after
snapshot, so undo and redo stay exact.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from cockpit import clock, settings
from cockpit.errors import ValidationError
from cockpit.importers.mapping import risk_areas_for
from cockpit.importers.rows import ImportRow
from cockpit.kinds import ItemKind, Lane, RiskArea, Status
from cockpit.rules.people import team_label_problem
from cockpit.services import validate
from cockpit.services.core import Changes, Tx, change, read
from cockpit.services.scope import GAP, freeze_override
from cockpit.snapshot import Person, Release, ScopeItem
from cockpit.store import Plan

CREATE, UPDATE, UNCHANGED, SKIP = "create", "update", "unchanged", "skip"
MAX_DAYS = 1000.0
#: fields an import may change on an item it already holds
SYNCED = ("title", "description", "kind", "status", "estimate_days", "owner_id", "risk_areas")


class NothingToImport(ValidationError):
    """Every row was skipped or already matches its item: the import would change nothing."""

    def __init__(self, message: str, planned: ImportPlan) -> None:
        super().__init__(message)
        self.planned = planned


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """What importing one row will do (the preview), with the row's problems."""

    line: int
    where: str
    action: str
    title: str
    external_key: str | None
    kind: str
    status: str
    owner: str
    new_owner: bool
    estimate_days: float | None
    risk_areas: str
    item_id: int | None
    problems: tuple[str, ...]
    values: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """The preview of a whole import."""

    rows: tuple[PlannedRow, ...]
    new_people: tuple[str, ...]

    def count(self, action: str) -> int:
        """How many rows will do ``action`` (create, update, unchanged, skip)."""
        return sum(1 for row in self.rows if row.action == action)

    @property
    def problem_rows(self) -> tuple[PlannedRow, ...]:
        """The rows that have a problem to show."""
        return tuple(row for row in self.rows if row.problems)

    def summary(self) -> str:
        """One line: how many new, updated, up to date, skipped, and new people."""
        people = len(self.new_people)
        parts = [f"{self.count(CREATE)} new", f"{self.count(UPDATE)} updated"]
        if self.count(UNCHANGED):
            parts.append(f"{self.count(UNCHANGED)} already up to date")
        parts.append(f"{self.count(SKIP)} skipped")
        if people:
            parts.append(f"{people} new {'person' if people == 1 else 'people'}")
        return ", ".join(parts)


def points_per_day_value(value: Any) -> float:
    """The story points per day, checked (0.01 to 100)."""
    result = validate.number(value, "story points per day", low=0.01, high=100.0)
    assert result is not None
    return result


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def plan_import(tx: Tx, release_id: int, rows: Sequence[ImportRow], *, points_per_day: Any) -> ImportPlan:
    """Work out, without writing, what each row will do. Reads the plan through ``tx``."""
    ppd = points_per_day_value(points_per_day)
    existing: dict[str, ScopeItem] = {}
    for item in tx.find(ScopeItem, "release_id = ? AND external_key IS NOT NULL", (release_id,)):
        if item.external_key is not None:
            existing.setdefault(item.external_key, item)
    people: dict[str, str] = {}
    ids: dict[str, int] = {}
    for pid, name in tx.conn.execute("SELECT id, name FROM person"):
        people[_fold(name)], ids[_fold(name)] = name, pid
    labels = settings.team_labels(tx)
    new_people: dict[str, str] = {}
    seen: dict[str, str] = {}
    refusals: dict[str, str | None] = {}
    planned: list[PlannedRow] = []
    for row in rows:
        problems = list(row.problems)
        days = row.estimate_days
        if days is None and row.estimate_points is not None:
            days = row.estimate_points / ppd
        if days is not None:
            days = round(float(days), 2)
            if not math.isfinite(days) or days > MAX_DAYS:
                problems.append(f"Estimate of {days:g} days is more than {MAX_DAYS:g}: not taken.")
                days = None
        risks = ",".join(risk_areas_for(row.labels))
        title = row.title
        try:
            title = validate.title(title)
            description = validate.text(row.description, "description")
        except ValidationError as exc:
            title, description = "", ""
            if not problems or "skipped" not in problems[0]:
                problems.insert(0, f"{exc} Row skipped.")
        key = row.external_key or None
        action, item_id = (CREATE, None)
        if not title:
            action = SKIP
        elif key is not None and key in seen:
            action = SKIP
            problems.insert(0, f"Same key {key} as {seen[key]}: row skipped.")
        values: dict[str, Any] = {}
        found = None
        owner, new_owner, owner_id = "", False, None
        if action != SKIP and row.assignee:
            if row.assignee not in refusals:
                problem = team_label_problem(row.assignee, labels)
                if problem is None and len(row.assignee) > 80:
                    problem = "the name is longer than 80 characters"
                refusals[row.assignee] = problem
            problem = refusals[row.assignee]
            if problem:
                problems.append(f"No owner: {problem}" if "“" in problem else
                                f"No owner: “{row.assignee[:80]}…”: {problem}.")
            else:
                folded = _fold(row.assignee)
                owner = people.get(folded) or new_people.setdefault(folded, row.assignee)
                new_owner = folded not in people
                owner_id = ids.get(folded)
        if action != SKIP:
            if key is not None:
                seen[key] = row.where
            found = existing.get(key) if key is not None else None
            values = {"title": title, "description": description}
            if row.kind is not None:
                values["kind"] = row.kind
            if row.status is not None:
                values["status"] = row.status
            if days is not None:
                values["estimate_days"] = days
            if found is not None:
                action, item_id = UPDATE, found.id
                if not description:
                    del values["description"]
                merged = set(filter(None, found.risk_areas.split(","))) | set(filter(None, risks.split(",")))
                values["risk_areas"] = ",".join(a.value for a in RiskArea if a.value in merged)
                if owner_id is not None:
                    values["owner_id"] = owner_id
                if all(getattr(found, name) == value for name, value in values.items()) and not new_owner:
                    action = UNCHANGED
            else:
                values.update(risk_areas=risks, external_key=key)
                values.setdefault("kind", ItemKind.FEATURE.value)
                values.setdefault("status", Status.TODO.value)
                values.setdefault("estimate_days", 0.0)
                if owner_id is not None:
                    values["owner_id"] = owner_id
            if new_owner:
                values["owner_name"] = _fold(row.assignee or "")
        shown = values.get("kind") or (found.kind if found is not None else ItemKind.FEATURE.value)
        state = values.get("status") or (found.status if found is not None else Status.TODO.value)
        planned.append(PlannedRow(line=row.line, where=row.where, action=action, title=title or row.title,
                                  external_key=key, kind=shown if action != SKIP else (row.kind or ""),
                                  status=state if action != SKIP else (row.status or ""), owner=owner,
                                  new_owner=new_owner, estimate_days=days,
                                  risk_areas=risks, item_id=item_id, problems=tuple(problems), values=values))
    return ImportPlan(tuple(planned), tuple(new_people.values()))


def preview_backlog(plan: Plan, release_id: int, rows: Sequence[ImportRow], *, points_per_day: Any = 1.0) -> ImportPlan:
    """What ``import_backlog`` would do with these rows now (nothing is written)."""
    return read(plan, lambda tx: plan_import(tx, release_id, rows, points_per_day=points_per_day))


def _lane(lane: Any) -> str:
    lane_value = validate.choice(lane, Lane, "lane")
    if lane_value == Lane.CUT.value:
        raise ValidationError("Import into Parked or In release: a cut needs its own reason for every item.")
    return lane_value


def import_backlog(plan: Plan, release_id: int, rows: Sequence[ImportRow], *, points_per_day: Any = 1.0,
                   lane: Any = Lane.PARKED.value, source: str = "", override_reason: str = "") -> Changes:
    """Create or update scope items from imported rows, adding assignees as people. One undo step.

    Into In release after the freeze, ``override_reason`` is needed: ``ScopeFrozen`` is raised only
    once the rest of the import is known to be valid (and not empty). ``result`` is the
    ``ImportPlan`` that was carried out (per-row actions and problems).
    """
    points_per_day_value(points_per_day)
    lane_value = _lane(lane)

    def work(tx: Tx) -> ImportPlan:
        release = tx.get(Release, release_id, "release")
        planned = plan_import(tx, release_id, rows, points_per_day=points_per_day)
        if not planned.count(CREATE) and not planned.count(UPDATE):
            raise NothingToImport("Nothing to import: every row was skipped or is already up to date.", planned)
        late = freeze_override(tx, release, lane_value, override_reason) if planned.count(CREATE) else ""
        person_ids: dict[str, int] = {}
        for name in planned.new_people:
            person = tx.add(Person(name=validate.text(name, "name", required=True, limit=80)))
            person_ids[_fold(name)] = person.id
        _write_items(tx, release_id, lane_value, late, planned, person_ids)
        return planned

    where = f" from {source}" if source else ""
    return change(plan, "scope", "import backlog", work, release_id=release_id,
                  summary=lambda p: f"Import backlog{where}: {p.summary()}")


def _write_items(tx: Tx, release_id: int, lane: str, late: str, planned: ImportPlan,
                 person_ids: dict[str, int]) -> None:
    """New items in one insert, matched items in one update, both recorded by ``tx`` for undo."""
    next_id = (tx.conn.execute("SELECT max(id) FROM scope_item").fetchone()[0] or 0) + 1
    last = tx.conn.execute("SELECT max(position) FROM scope_item WHERE release_id = ? AND lane = ?",
                           (release_id, lane)).fetchone()[0]
    position = 0 if last is None else int(last) + GAP
    now = clock.now().astimezone(dt.UTC)  # as cockpit.reader reads it back, so the recorded snapshot matches
    prototype = ScopeItem(release_id=release_id, title="-", added_at=now)
    defaults = {f.name: getattr(prototype, f.name) for f in fields(ScopeItem)}
    inserts: list[dict[str, Any]] = []
    updates: dict[int, dict[str, Any]] = {}
    for row in planned.rows:
        if row.action not in (CREATE, UPDATE):
            continue
        values = dict(row.values)
        owner_name = values.pop("owner_name", None)
        if owner_name is not None:
            values["owner_id"] = person_ids[owner_name]
        if row.action == CREATE:
            inserts.append({**defaults, "owner_id": None, "cut_reason": "", **values, "id": next_id,
                            "release_id": release_id, "lane": lane, "position": position, "added_at": now,
                            "late_addition": bool(late), "late_reason": late})
            next_id += 1
            position += GAP
        else:
            assert row.item_id is not None
            updates[row.item_id] = {name: value for name, value in values.items() if name in SYNCED}
    tx.add_many(ScopeItem, inserts)
    tx.update_many(ScopeItem, updates)
