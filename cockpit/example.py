"""The example plan, built through the services from ``resources/example_plan.json``.

A five-person startup tries to ship billing, reports and SSO in one release.
The reset is under way: SSO is cut, some items still fail the three checks,
one card has no owner, the rollback runner is missing, a drill ran over time
and a blocker has come back twice. Dates count from the Monday of this week.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from cockpit import paths
from cockpit.kinds import Lane
from cockpit.services import people, release, rollback, scope, timeline
from cockpit.store import Plan, create_plan

_PASS = ("check_usable", "check_owner_can_finish", "check_testable")


def load_data() -> dict[str, Any]:
    """The example plan's contents, as shipped in ``resources/example_plan.json``."""
    return json.loads(paths.resource("example_plan.json").read_text(encoding="utf-8"))


def populate(plan: Plan, today: dt.date | None = None) -> int:
    """Fill an empty plan with the example; returns the release id."""
    data = load_data()
    today = today or dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())

    def day(offset: int) -> dt.date:
        return monday + dt.timedelta(days=offset)

    rel = data["release"]
    release_id = release.create_release(plan, rel["name"], day(rel["start_offset"]), day(rel["target_offset"]),
                                        day(rel["backup_offset"]), rel["problem"]).result
    ids = {p["name"]: people.add_person(plan, p["name"], p["days_per_week"]).result for p in data["people"]}
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


def create_example(path: Path, *, backup_dir: Path | None = None, today: dt.date | None = None) -> Plan:
    """Create a new plan file holding the example (refuses to overwrite)."""
    plan = create_plan(path, backup_dir=backup_dir)
    try:
        populate(plan, today)
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
