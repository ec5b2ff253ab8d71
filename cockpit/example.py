"""The example plan, built through the services from ``resources/example_plan.json``.

A five-person startup tries to ship billing, reports and SSO in one release. Before it, one cycle
tried to ship everything at once and slipped (the track record's first column).
The reset is under way: SSO is cut, some items still fail the three checks,
one card has no owner, the rollback runner is missing, a drill ran over time
and a blocker has come back twice. Dates count from the Monday of this week.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from cockpit import clock, paths, reader
from cockpit.kinds import Lane
from cockpit.services import cycles, people, release, rollback, scope, timeline
from cockpit.store import Plan, create_plan

_PASS = ("check_usable", "check_owner_can_finish", "check_testable")


def load_data() -> dict[str, Any]:
    """The example plan's contents, as shipped in ``resources/example_plan.json``."""
    return json.loads(paths.resource("example_plan.json").read_text(encoding="utf-8"))


def _past_cycle(plan: Plan, release_id: int, past: dict[str, Any], ids: dict[str, int],
                day: Callable[[int], dt.date]) -> None:
    """The cycle before the reset (``history`` in the data): everything at once, committed at the freeze,
    grown after it, re-estimated, the finish line moved once, one drill far over target, slipped.
    Built through the services in the order it happened, each change stamped with its day (the change
    log's weeks and the freeze's moment then read as they would have)."""

    def on(offset: int, hour: int = 10) -> AbstractContextManager[None]:
        return clock.pinned(dt.datetime.combine(day(offset), dt.time(hour, 0)).astimezone())

    start = past["start_offset"]
    by_title = {}
    with on(start, 11):
        for item in past["items"]:
            by_title[item["title"]] = scope.add_item(plan, release_id, item["title"], lane=Lane.IN_RELEASE.value,
                                                     estimate_days=item["estimate_days"]).result
        release.set_phase(plan, release_id, "building")
    with on(start + 9):
        release.set_phase(plan, release_id, "testing", confirmed=True)  # the freeze: what is in is committed
    with on(start + 14):
        release.set_dates(plan, release_id, target=day(past["target_moved_offset"]),
                          reason=past["target_moved_reason"])
    with on(start + 16):
        change = past["reestimate"]
        scope.update_item(plan, by_title[change["title"]], estimate_days=change["estimate_days"])
    for n, item in enumerate(past["late"]):
        with on(start + 18 + n):
            by_title[item["title"]] = scope.add_item(plan, release_id, item["title"], lane=Lane.IN_RELEASE.value,
                                                     estimate_days=item["estimate_days"],
                                                     override_reason=item["reason"]).result
    with on(start + 21):
        scope.move_items(plan, [by_title[past["cut"]["title"]]], Lane.CUT.value, reason=past["cut"]["reason"])
    with on(start + 23, 17):
        for item in [*past["items"], *past["late"]]:
            if item["done"]:
                scope.update_item(plan, by_title[item["title"]], status="done")
    for check in past["check_ins"]:
        when = day(check["day_offset"])
        with on(check["day_offset"], 9):
            check_in_id = timeline.record_check_in(plan, release_id, when, shipped=check["shipped"],
                                                   done_days=check["done_days"]).result
            blockers = [(timeline.add_blocker(plan, release_id, b["text"], remover_id=ids[b["remover"]],
                                              raised_on=when, category=b["category"],
                                              check_in_id=check_in_id).result, b) for b in check.get("blockers", [])]
        for blocker_id, blocker in blockers:
            with on(blocker["cleared_offset"], 16):
                timeline.update_blocker(plan, blocker_id, cleared_on=day(blocker["cleared_offset"]))
    for drill in past["drills"]:
        with on(drill["day_offset"], 16):
            started = dt.datetime.combine(day(drill["day_offset"]), dt.time(15, 0)).astimezone()
            rollback.record_drill(plan, release_id, started, drill["minutes"], environment=drill["environment"],
                                  notes=drill["notes"])
    with on(past["outcome_offset"], 17):
        release.set_outcome(plan, release_id, past["outcome"], day(past["outcome_offset"]))


def populate(plan: Plan, today: dt.date | None = None, *, history: bool = True) -> int:
    """Fill an empty plan with the example; returns the release id of the live cycle.

    ``history``: the cycle before the reset comes first (cycle 1), so the track record and the
    retrospective have something to compare; without it the example is one cycle (what most tests use).
    """
    data = load_data()
    today = today or dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())

    def day(offset: int) -> dt.date:
        return monday + dt.timedelta(days=offset)

    rel = data["release"]

    def add_people() -> dict[str, int]:
        return {p["name"]: people.add_person(plan, p["name"], p["days_per_week"]).result for p in data["people"]}

    if history:
        then = data["history"]
        with clock.pinned(dt.datetime.combine(day(then["start_offset"]), dt.time(9, 0)).astimezone()):
            past = release.create_release(plan, then["name"], day(then["start_offset"]),
                                          day(then["target_offset"]), day(then["backup_offset"]),
                                          then["problem"]).result
            ids = add_people()
        _past_cycle(plan, past, then, ids, day)
        # The next cycle starts on the Monday after the day before this week's: this Monday, as the example's
        # dates say; its name and sentence are the reset's.
        release_id = cycles.start_next_cycle(plan, past, today=day(rel["start_offset"]) - dt.timedelta(days=1)).result
        release.update_release(plan, release_id, name=rel["name"], problem=rel["problem"])
        live = (day(rel["start_offset"]), day(rel["target_offset"]), day(rel["backup_offset"]))
        made = reader.read_live(plan, release_id).release
        if (made.start_date, made.target_date, made.backup_date) != live:
            release.set_dates(plan, release_id, start=live[0], target=live[1], backup=live[2])
    else:
        release_id = release.create_release(plan, rel["name"], day(rel["start_offset"]), day(rel["target_offset"]),
                                            day(rel["backup_offset"]), rel["problem"]).result
        ids = add_people()
    for role, name in data["roles"]:
        people.assign_role(plan, release_id, role, ids[name])
    for item in data["items"]:
        fields = {k: item[k] for k in ("kind", "asked_by", "estimate_days", "status", "risk_areas", *_PASS)
                  if k in item}
        fields["owner_id"] = ids.get(item.get("owner", ""))
        lane = item["lane"]
        item_id = scope.add_item(plan, release_id, item["title"],
                                 lane=Lane.PARKED.value if lane == Lane.CUT.value else lane, **fields).result
        if lane == Lane.CUT.value:
            scope.move_items(plan, [item_id], Lane.CUT.value, reason=item["cut_reason"])
    for task in data["tasks"]:
        timeline.add_task(plan, release_id, task["title"], area=task["area"], estimate_days=task["estimate_days"],
                          owner_id=ids.get(task.get("owner", "")))
    for check in data["check_ins"]:
        when = day(check["day_offset"])
        if when >= today:
            continue
        check_in_id = timeline.record_check_in(plan, release_id, when, shipped=check["shipped"],
                                               blocks=check["blocks"], done_days=check["done_days"]).result
        for blocker in check.get("blockers", []):
            blocker_id = timeline.add_blocker(plan, release_id, blocker["text"], remover_id=ids[blocker["remover"]],
                                              raised_on=when, category=blocker["category"],
                                              check_in_id=check_in_id).result
            cleared = blocker.get("cleared_offset")
            if cleared is not None and day(cleared) < today:
                timeline.update_blocker(plan, blocker_id, cleared_on=day(cleared))
    for trigger in data["triggers"]:
        rollback.add_trigger(plan, release_id, **trigger)
    rollback.set_kit(plan, release_id, **data["kit"])
    for step in data["runbook"]:
        rollback.add_step(plan, release_id, step["text"], runner_id=ids.get(step.get("runner", "")),
                          expected_minutes=step["expected_minutes"])
    for drill in data["drills"]:
        when = day(drill["day_offset"])
        if when < today:
            started = dt.datetime.combine(when, dt.time(15, 0)).astimezone()
            rollback.record_drill(plan, release_id, started, drill["minutes"], environment=drill["environment"],
                                  notes=drill["notes"])
    if rel["phase"] != "planning":
        release.set_phase(plan, release_id, rel["phase"], confirmed=True)
    return release_id


def create_example(path: Path, *, backup_dir: Path | None = None, today: dt.date | None = None,
                   history: bool = True) -> Plan:
    """Create a new plan file holding the example (refuses to overwrite); ``history``: see ``populate``."""
    plan = create_plan(path, backup_dir=backup_dir)
    try:
        populate(plan, today, history=history)
    except BaseException:
        plan.close()
        path.unlink(missing_ok=True)
        raise
    return plan


def new_empty(path: Path, *, backup_dir: Path | None = None, today: dt.date | None = None,
              name: str = "New release") -> Plan:
    """A new plan with one release (``name``) on the four-week rhythm starting next Monday (or today if Monday)."""
    from cockpit.rules.dates import four_week_dates, monday_on_or_after

    plan = create_plan(path, backup_dir=backup_dir)
    try:
        start = monday_on_or_after(today or dt.date.today())
        target, backup = four_week_dates(start)
        release.create_release(plan, name, start, target, backup)
    except BaseException:
        plan.close()
        path.unlink(missing_ok=True)
        raise
    return plan
