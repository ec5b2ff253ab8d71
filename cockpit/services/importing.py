"""Import a backlog read from another tool: one transaction, one change-log row, one undo step.

Items are matched on ``ScopeItem.external_key`` within the release, so importing a newer export
of the same backlog updates the items instead of adding them twice; a file without keys is
matched on the normalised title instead ("matched by title"). Items already done at source are
not new backlog: without a match they are left out (and counted), with one they mark it done.
Items of the same source that a newer export no longer holds are listed, never deleted. GitHub
pull requests are left out unless asked for. Assignees become people on demand; team-like names
("Backend Team", "TBD") are never made owners: their rows get no owner and a note.

Speed: a 100,000-row export must import in a few seconds, and the ORM's one-flush-per-object
path costs about a millisecond a row. New and updated items are therefore written with
``Tx.add_many`` / ``Tx.update_many`` (one ``executemany`` each), inside the same ``core.change``
transaction and change-log row as every other change; ``Tx`` records each row's exact
before/after snapshot, so undo and redo stay exact.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import fields
from typing import Any, Protocol, overload

from cockpit import clock, settings
from cockpit.errors import ValidationError
from cockpit.importers import statuses as status_words
from cockpit.importers.findings import StatusNote, TypeNote, status_choices
from cockpit.importers.mapping import kind_for, risk_areas_for
from cockpit.importers.matching import namespace, natural, title_key
from cockpit.importers.preview import (
    BY_KEY,
    BY_TITLE,
    CREATE,
    DONE_AT_SOURCE,
    PULL_REQUEST,
    SKIP,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    PlannedRow,
)
from cockpit.importers.rows import ImportRow, collector_paused
from cockpit.kinds import ItemKind, Lane, RiskArea, Status
from cockpit.rules.people import team_label_problem
from cockpit.services import validate
from cockpit.services.core import Changes, Tx, change, read
from cockpit.services.scope import GAP, freeze_override
from cockpit.snapshot import Person, Release, ScopeItem
from cockpit.store import Plan

__all__ = ["BY_KEY", "BY_TITLE", "CREATE", "DONE_AT_SOURCE", "PULL_REQUEST", "SKIP", "UNCHANGED", "UPDATE",
           "ImportPlan", "NothingToImport", "PlannedRow", "StatusNote", "TypeNote", "import_backlog", "plan_import",
           "points_per_day_value", "preview_backlog", "status_choices"]

MAX_DAYS = 1000.0
#: fields an import may change on an item it already holds
SYNCED = ("title", "description", "kind", "status", "estimate_days", "owner_id", "risk_areas")
_DONE, _TODO, _FEATURE = Status.DONE.value, Status.TODO.value, ItemKind.FEATURE.value


class NothingToImport(ValidationError):
    """Every row was skipped or already matches its item: the import would change nothing."""

    def __init__(self, message: str, planned: ImportPlan) -> None:
        super().__init__(message)
        self.planned = planned


def points_per_day_value(value: Any) -> float:
    """The story points per day, checked (0.01 to 100)."""
    result = validate.number(value, "story points per day", low=0.01, high=100.0)
    assert result is not None
    return result


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _text(value: str, what: str, limit: int) -> str:
    # The readers hand over clean text: only what they did not check costs a call to ``validate``.
    if type(value) is str and len(value) <= limit and "\x00" not in value and value == value.strip():
        return value
    return validate.text(value, what, limit=limit)


def plan_import(tx: Tx, release_id: int, rows: Sequence[ImportRow], *, points_per_day: Any,
                statuses: Mapping[str, str] | None = None, include_pull_requests: bool = False) -> ImportPlan:
    """Work out, without writing, what each row will do. Reads the plan through ``tx``.

    ``statuses`` says what status values mean (they win over what the tracker's values say);
    ``include_pull_requests`` keeps GitHub pull requests as items.
    """
    ppd = points_per_day_value(points_per_day)
    chosen = status_choices(statuses)
    items = tx.find(ScopeItem, "release_id = ?", (release_id,))
    existing: dict[str, ScopeItem] = {}
    for item in items:
        if item.external_key is not None:
            existing.setdefault(item.external_key, item)
    by_title: dict[str, list[ScopeItem]] | None = None
    people: dict[str, tuple[str, int]] = {_fold(person.name): (person.name, person.id)
                                          for person in tx.find(Person)}  # the reader: names are text
    labels = settings.team_labels(tx)
    new_people: dict[str, str] = {}
    seen: dict[str, ImportRow] = {}
    seen_titles: dict[str, ImportRow] = {}
    owners: dict[str, tuple[str | None, str]] = {}
    unrecognised: Counter[str] = Counter()
    type_counts: Counter[tuple[str, str]] = Counter()
    chosen_used: set[str] = set()
    export_keys: set[str] = set()
    tally: Counter[str] = Counter()
    planned: list[PlannedRow] = []
    for row in rows:
        status = row.status
        if chosen and row.status_source:
            folded_status = status_words.fold(row.status_source)
            if folded_status in chosen:
                status = chosen[folded_status]
                chosen_used.add(folded_status)
        if status is None and row.status_source:
            unrecognised[row.status_source] += 1
        if row.kind_source:
            type_counts[row.kind_source, row.kind or _FEATURE] += 1
        key = row.external_key or None
        if key is not None:
            export_keys.add(key)
        if row.pull_request and not include_pull_requests:
            tally[PULL_REQUEST] += 1
            planned.append(PlannedRow(row, PULL_REQUEST, row.title, row.kind or "", status or ""))
            continue
        problems = list(row.problems)
        days = row.estimate_days
        if days is None and row.estimate_points is not None:
            days = row.estimate_points / ppd
        if days is not None:
            days = round(float(days), 2)
            if not math.isfinite(days) or days > MAX_DAYS:
                problems.append(f"Estimate of {days:g} days is more than {MAX_DAYS:g}: not taken.")
                days = None
        risks = ",".join(risk_areas_for(row.labels)) if row.labels else ""
        title = row.title
        try:
            title = _text(title, "title", validate.MAX_TITLE) if title else validate.title(title)
            description = _text(row.description, "description", validate.MAX_TEXT)
        except ValidationError as exc:
            title, description = "", ""
            if not problems or "skipped" not in problems[0]:
                problems.insert(0, f"{exc} Row skipped.")
        action, matched_by = CREATE, ""
        found: ScopeItem | None = None
        if not title:
            action = SKIP
        elif key is not None:
            if key in seen:
                action = SKIP
                problems.insert(0, f"Same key {key} as {seen[key].where}: row skipped.")
            else:
                seen[key] = row
                found = existing.get(key)
                matched_by = BY_KEY if found is not None else ""
        else:
            wanted = title_key(title)
            if wanted in seen_titles:
                action = SKIP
                problems.insert(0, f"Same title as {seen_titles[wanted].where} (and no key): row skipped.")
            else:
                seen_titles[wanted] = row
                if by_title is None:
                    by_title = {}
                    for item in items:
                        by_title.setdefault(title_key(item.title), []).append(item)
                same = by_title.get(wanted, [])
                if len(same) > 1:
                    action = SKIP
                    problems.insert(0, f"{len(same)} items in this cycle have this title: row skipped (a key "
                                       "column would tell them apart).")
                elif same:
                    found, matched_by = same[0], BY_TITLE
        if action == SKIP:
            tally[SKIP] += 1
            planned.append(PlannedRow(row, SKIP, title or row.title, row.kind or "", status or "",
                                      estimate_days=days, risk_areas=risks, problems=tuple(problems)))
            continue
        if found is None and status == _DONE:
            tally[DONE_AT_SOURCE] += 1
            planned.append(PlannedRow(row, DONE_AT_SOURCE, title, row.kind or "", _DONE, estimate_days=days,
                                      risk_areas=risks, problems=tuple(problems)))
            continue
        owner, new_owner, owner_id = "", False, None
        if row.assignee:
            if row.assignee not in owners:
                problem = team_label_problem(row.assignee, labels)
                if problem is None and len(row.assignee) > 80:
                    problem = "the name is longer than 80 characters"
                owners[row.assignee] = (problem, _fold(row.assignee))
            problem, folded = owners[row.assignee]
            if problem:
                problems.append(f"No owner: {problem}" if "“" in problem else
                                f"No owner: “{row.assignee[:80]}…”: {problem}.")
            elif folded in people:
                owner, owner_id = people[folded]
            else:
                owner, new_owner = new_people.setdefault(folded, row.assignee), True
        changes: dict[str, Any] | None = None
        if found is None:
            kind, state = row.kind or _FEATURE, status or _TODO
        else:
            action = UPDATE
            kind, state = row.kind or found.kind, status or found.status
            changes = {"title": title}
            if description:
                changes["description"] = description
            if row.kind is not None:
                changes["kind"] = row.kind
            if status is not None:
                changes["status"] = status
            if days is not None:
                changes["estimate_days"] = days
            merged = set(filter(None, found.risk_areas.split(","))) | set(filter(None, risks.split(",")))
            changes["risk_areas"] = ",".join(a.value for a in RiskArea if a.value in merged)
            if owner_id is not None:
                changes["owner_id"] = owner_id
            if all(getattr(found, name) == value for name, value in changes.items()) and not new_owner:
                action = UNCHANGED
        tally[action] += 1
        if matched_by == BY_TITLE:
            tally[BY_TITLE] += 1
        planned.append(PlannedRow(row, action, title, kind, state, description, owner, new_owner, owner_id, days,
                                  risks, found.id if found is not None else None, tuple(problems), matched_by,
                                  changes))
    return ImportPlan(tuple(planned), tuple(new_people.values()), missing=_missing(existing, export_keys),
                      statuses=tuple(StatusNote(value, count, status_words.SAID[_TODO])
                                     for value, count in unrecognised.most_common()),
                      types=tuple(TypeNote(source, kind, count, kind_for(source) is not None)
                                  for (source, kind), count in type_counts.most_common()),
                      unused_choices=tuple(value for value in (statuses or {})
                                           if status_words.fold(value) not in chosen_used),
                      tally=dict(tally))


def _missing(existing: Mapping[str, ScopeItem], export_keys: set[str]) -> tuple[str, ...]:
    """Keys of unfinished items from the export's sources (same namespaces) that the export does not hold."""
    candidates = [key for key, item in existing.items() if key not in export_keys and item.status != _DONE]
    if not candidates:
        return ()
    spaces = {namespace(key) for key in export_keys} - {None}
    return tuple(sorted((key for key in candidates if namespace(key) in spaces), key=natural))


class Readable(Protocol):
    """A plan open at least for reading: a ``store.Plan`` or a ``reading.PlanReader`` (read-only)."""

    @property
    def raw(self) -> sqlite3.Connection:
        """The plan's connection (only read here)."""
        ...


def preview_backlog(plan: Plan | Readable, release_id: int, rows: Sequence[ImportRow], *,
                    points_per_day: Any = 1.0, statuses: Mapping[str, str] | None = None,
                    include_pull_requests: bool = False) -> ImportPlan:
    """What ``import_backlog`` would do with these rows now (nothing is written, so a plan opened
    read-only will do: ``import --dry-run`` changes no byte of the plan or beside it)."""
    def work(tx: Tx) -> ImportPlan:
        return plan_import(tx, release_id, rows, points_per_day=points_per_day, statuses=statuses,
                           include_pull_requests=include_pull_requests)

    with collector_paused():
        return read(plan, work) if isinstance(plan, Plan) else work(Tx(plan.raw))


def _lane(lane: Any) -> str:
    lane_value = validate.choice(lane, Lane, "lane")
    if lane_value == Lane.CUT.value:
        raise ValidationError("Import into Parked or In release: a cut needs its own reason for every item.")
    return lane_value


def import_backlog(plan: Plan, release_id: int, rows: Sequence[ImportRow], *, points_per_day: Any = 1.0,
                   lane: Any = Lane.PARKED.value, source: str = "", override_reason: str = "",
                   statuses: Mapping[str, str] | None = None, include_pull_requests: bool = False) -> Changes:
    """Create or update scope items from imported rows, adding assignees as people. One undo step.

    Into In release after the freeze, ``override_reason`` is needed: ``ScopeFrozen`` is raised only
    once the rest of the import is known to be valid (and not empty). ``result`` is the
    ``ImportPlan`` that was carried out (per-row actions and problems). ``statuses`` and
    ``include_pull_requests`` are as for ``plan_import``.
    """
    points_per_day_value(points_per_day)
    lane_value = _lane(lane)

    def work(tx: Tx) -> ImportPlan:
        release = tx.get(Release, release_id, "release")
        planned = plan_import(tx, release_id, rows, points_per_day=points_per_day, statuses=statuses,
                              include_pull_requests=include_pull_requests)
        if not planned.count(CREATE) and not planned.count(UPDATE):
            raise NothingToImport("Nothing to import: every row was skipped, done at source or is already up to "
                                  "date.", planned)
        late = freeze_override(tx, release, lane_value, override_reason) if planned.count(CREATE) else ""
        person_ids: dict[str, int] = {}
        for name in planned.new_people:
            person = tx.add(Person(name=validate.text(name, "name", required=True, limit=80)))
            person_ids[_fold(name)] = person.id
        _write_items(tx, release_id, lane_value, late, planned, person_ids)
        return planned

    where = f" from {source}" if source else ""
    with collector_paused():
        return change(plan, "scope", "import backlog", work, release_id=release_id,
                      summary=lambda p: f"Import backlog{where}: {p.summary()}")


class _NewItems(Sequence[Mapping[str, Any]]):
    """The new items' full rows, each made when the insert reads it: 100,000 of them are never held at once."""

    def __init__(self, planned: list[PlannedRow], base: dict[str, Any], first_id: int, first_position: int,
                 person_ids: Mapping[str, int]) -> None:
        # ``person_ids``: the new people's ids by the owner names the rows carry
        self.planned, self.base, self.first_id, self.first_position = planned, base, first_id, first_position
        self.person_ids = person_ids

    def __len__(self) -> int:
        return len(self.planned)

    @overload
    def __getitem__(self, index: int) -> Mapping[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Mapping[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> Mapping[str, Any] | Sequence[Mapping[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.planned)
        return self.row_for(index, self.planned[index])

    def row_for(self, index: int, row: PlannedRow) -> dict[str, Any]:
        return {**self.base, "id": self.first_id + index, "title": row.title, "description": row.description,
                "kind": row.kind, "status": row.status,
                "owner_id": self.person_ids[row.owner] if row.new_owner else row.owner_id,
                "estimate_days": 0.0 if row.estimate_days is None else row.estimate_days,
                "position": self.first_position + index * GAP, "risk_areas": row.risk_areas,
                "external_key": row.row.external_key or None}

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        row = self.row_for
        for index, planned in enumerate(self.planned):
            yield row(index, planned)


def _write_items(tx: Tx, release_id: int, lane: str, late: str, planned: ImportPlan,
                 person_ids: dict[str, int]) -> None:
    """New items in one insert, matched items in one update, both recorded by ``tx`` for undo."""
    creates_count = sum(1 for row in planned.rows if row.action == CREATE)
    next_id = tx.new_keys(ScopeItem, creates_count)
    last = tx.conn.execute("SELECT max(position) FROM scope_item WHERE release_id = ? AND lane = ?",
                           (release_id, lane)).fetchone()[0]
    position = 0 if last is None else int(last) + GAP
    now = clock.now().astimezone(dt.UTC)  # as cockpit.reader reads it back, so the recorded snapshot matches
    prototype = ScopeItem(release_id=release_id, title="-", added_at=now, lane=lane, late_addition=bool(late),
                          late_reason=late)
    base = {f.name: getattr(prototype, f.name) for f in fields(ScopeItem)}
    creates = [row for row in planned.rows if row.action == CREATE]
    updates: dict[int, dict[str, Any]] = {}
    for row in planned.rows:
        if row.action == UPDATE and row.item_id is not None and row.changes is not None:
            values = {name: value for name, value in row.changes.items() if name in SYNCED}
            if row.new_owner:
                values["owner_id"] = person_ids[_fold(row.owner)]
            updates[row.item_id] = values
    owner_ids = {row.owner: person_ids[_fold(row.owner)] for row in creates if row.new_owner}
    tx.add_many(ScopeItem, _NewItems(creates, base, next_id, position, owner_ids))
    tx.update_many(ScopeItem, updates)
