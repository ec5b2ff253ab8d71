"""Start the next cycle from this one (DOMAIN.md "Retrospective and the next cycle").

People are shared by every cycle. Roles, rollback triggers, the runbook and the stable
version kit are copied; Parked becomes the new cycle's backlog (copied into its Parked
lane, so the finished cycle stays exactly as it was); dates follow the same four-week
rhythm. Earlier cycles stay in the file, read-only.
"""

from __future__ import annotations

import datetime as dt
import re

from cockpit import clock
from cockpit.errors import ValidationError
from cockpit.kinds import Lane, Status
from cockpit.rules.dates import four_week_dates, monday_on_or_after
from cockpit.rules.work import next_backlog
from cockpit.services.core import Changes, Tx, change, live_release
from cockpit.services.release import add_default_milestones
from cockpit.services.session import end_open_sessions
from cockpit.snapshot import Release, RoleAssignment, RollbackTrigger, RunbookStep, ScopeItem, StableKit
from cockpit.store import Plan

_CYCLE_SUFFIX = re.compile(r"\s*\(cycle \d+\)$")
#: columns of a scope item that carry over into the next cycle's backlog
_ITEM_COPY = ("title", "description", "kind", "asked_by", "estimate_days", "owner_id", "risk_areas",
              "check_usable", "check_owner_can_finish", "check_testable", "external_key")


def next_cycle_dates(old: Release, today: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """Start on the Monday after both today and the old target; target and backup as in week 4."""
    start = monday_on_or_after(max(today, old.target_date) + dt.timedelta(days=1))
    target, backup = four_week_dates(start)
    return start, target, backup


def start_next_cycle(plan: Plan, release_id: int, today: dt.date | None = None) -> Changes:
    """Create cycle N+1 from the live cycle ``release_id`` in one undoable step; returns its id."""
    today = today or dt.date.today()

    def work(tx: Tx) -> int:
        old = live_release(tx, release_id)
        if old.phase not in ("shipped", "rolled back") and old.outcome is None:
            raise ValidationError(
                f"“{old.name}” has no outcome yet: record whether it shipped, slipped or was rolled back "
                "before starting the next cycle.")
        end_open_sessions(tx, release_id, clock.now())  # a finished cycle can no longer end its session
        start, target, backup = next_cycle_dates(old, today)
        base = _CYCLE_SUFFIX.sub("", old.name)
        new = tx.add(Release(cycle=old.cycle + 1, name=f"{base} (cycle {old.cycle + 1})"[:200], problem="",
                             start_date=start, target_date=target, backup_date=backup, created_at=clock.now()))
        add_default_milestones(tx, new)
        for role in tx.find(RoleAssignment, "release_id = ?", (release_id,)):
            tx.add(RoleAssignment(release_id=new.id, role=role.role, person_id=role.person_id))
        for trigger in tx.find(RollbackTrigger, "release_id = ?", (release_id,), "position, id"):
            tx.add(RollbackTrigger(release_id=new.id, condition=trigger.condition, threshold=trigger.threshold,
                                   unit=trigger.unit, window_minutes=trigger.window_minutes,
                                   position=trigger.position))
        for step in tx.find(RunbookStep, "release_id = ?", (release_id,), "position, id"):
            tx.add(RunbookStep(release_id=new.id, position=step.position, text=step.text,
                               runner_id=step.runner_id, expected_minutes=step.expected_minutes))
        kit = tx.first(StableKit, "release_id = ?", (release_id,))
        if kit is not None:
            tx.add(StableKit(release_id=new.id, build_id=kit.build_id, config_version=kit.config_version,
                             migration_notes=kit.migration_notes, flag_state=kit.flag_state,
                             db_change_blocks_rollback=False))
        parked = next_backlog(tx.find(ScopeItem, "release_id = ? AND lane = ?", (release_id, Lane.PARKED.value),
                                      "position, id"))
        for n, item in enumerate(parked):
            tx.add(ScopeItem(release_id=new.id, lane=Lane.PARKED.value, position=n * 1024,
                             status=Status.TODO.value, added_at=clock.now(),
                             **{name: getattr(item, name) for name in _ITEM_COPY}))
        return new.id

    return change(plan, "plan", "start next cycle", work, release_id=None,
                  summary="Start the next cycle")
