"""The release itself: name, problem statement, dates, phase, outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cockpit import clock
from cockpit.errors import NeedsConfirmation, NeedsReason, ValidationError
from cockpit.kinds import Lane, MilestoneKind, Outcome, Phase
from cockpit.rules.dates import (
    SET_TARGET,
    date_problems,
    first_target,
    follow_go_no_go,
    milestone_problems,
    working_day_before,
)
from cockpit.rules.scope import scope_frozen
from cockpit.services import validate
from cockpit.services.core import Changes, Tx, change
from cockpit.snapshot import ChangeLogEntry, FreezeCommitment, Milestone, Release, ScopeItem
from cockpit.store import Plan

FINISH_LINE_HINT = "A moved finish line is logged and counted: say what changed."


def _check_dates(start: dt.date, target: dt.date, backup: dt.date) -> None:
    problems = date_problems(start, target, backup)
    if problems:
        raise ValidationError(" ".join(problems))


def create_release(plan: Plan, name: str, start: Any, target: Any, backup: Any, problem: str = "") -> Changes:
    """The first release of a new plan, with its default milestones."""
    name = validate.title(name, "release name")
    problem = validate.text(problem, "problem statement", limit=2000)
    start_d, target_d, backup_d = (validate.day(start, "start date"), validate.day(target, "target date"),
                                   validate.day(backup, "backup date"))
    _check_dates(start_d, target_d, backup_d)

    def work(tx: Tx) -> int:
        if tx.first(Release) is not None:
            raise ValidationError("This plan already has a release; start the next cycle instead.")
        release = tx.add(Release(name=name, problem=problem, start_date=start_d, target_date=target_d,
                                 backup_date=backup_d, created_at=clock.now()))
        add_default_milestones(tx, release)
        return release.id

    return change(plan, "plan", "create release", work, release_id=None, summary=f"Create release “{name}”")


def add_default_milestones(tx: Tx, release: Release) -> None:
    """Freeze at the end of week 2, rehearsal mid week 3, go/no-go the working day before launch."""
    go = working_day_before(release.target_date)
    freeze = min(release.start_date + dt.timedelta(days=11), go)
    rehearsal = min(release.start_date + dt.timedelta(days=16), go)
    for kind, day in ((MilestoneKind.SCOPE_FREEZE, freeze), (MilestoneKind.ROLLBACK_REHEARSAL, rehearsal),
                      (MilestoneKind.GO_NO_GO, go)):
        tx.add(Milestone(release_id=release.id, kind=kind.value, date=day))


def update_release(plan: Plan, release_id: int, *, name: str | None = None, problem: str | None = None) -> Changes:
    """Rename the release or rewrite its problem statement."""
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = validate.title(name, "release name")
    if problem is not None:
        values["problem"] = validate.text(problem, "problem statement", limit=2000)
    what = "name" if "name" in values and len(values) == 1 else "problem statement" if len(values) == 1 else "release"

    def work(tx: Tx) -> None:
        tx.update(tx.get(Release, release_id), **values)

    summary = f"Rename release to “{values['name']}”" if what == "name" else f"Edit the {what}"
    return change(plan, "plan", f"edit {what}", work, release_id=release_id, summary=summary)


def set_dates(plan: Plan, release_id: int, *, start: Any = None, target: Any = None, backup: Any = None,
              reason: str = "") -> Changes:
    """Change the start, target or backup date. Moving the target is moving the finish line:
    it needs a reason and is counted."""

    def work(tx: Tx) -> tuple[bool, bool]:
        release = tx.get(Release, release_id)
        new_start = validate.day(start, "start date") if start is not None else release.start_date
        new_target = validate.day(target, "target date") if target is not None else release.target_date
        new_backup = validate.day(backup, "backup date") if backup is not None else release.backup_date
        _check_dates(new_start, new_target, new_backup)
        changed = new_target != release.target_date
        earlier = [(e.action, e.finish_line_move)
                   for e in tx.find(ChangeLogEntry, "release_id = ? AND area = ?", (release_id, "dates"), "id")]
        first = changed and first_target(release.phase, earlier)
        moved = changed and not first
        why = validate.text(reason, "reason")
        # The go/no-go review is the working day before launch: it follows a moved target (see
        # rules.dates.follow_go_no_go), in the same step, so undo puts both back.
        milestones = milestone_dates(tx, release_id)
        current = {kind: m.date for kind, m in milestones.items()}
        proposed = dict(current)
        go = follow_go_no_go(current.get(MilestoneKind.GO_NO_GO.value), release.target_date, new_target)
        if go is not None:
            proposed[MilestoneKind.GO_NO_GO.value] = go
        problems = new_problems(milestone_problems(release.start_date, release.target_date, current),
                                milestone_problems(new_start, new_target, proposed))
        if problems:
            raise ValidationError(" ".join(problems) + " Move that milestone first.")
        if moved and not why:  # asked only once the move itself is valid
            raise NeedsReason("Moving the target date moves the finish line: say why (it is logged and counted).",
                              field="reason", hint=FINISH_LINE_HINT)
        tx.update(release, start_date=new_start, target_date=new_target, backup_date=new_backup)
        if go is not None and go != current.get(MilestoneKind.GO_NO_GO.value):
            tx.update(milestones[MilestoneKind.GO_NO_GO.value], date=go)
        return moved, first

    def summary(result: tuple[bool, bool]) -> str:
        moved, first = result
        if moved:
            return f"Move the finish line to {validate.day(target, 'target date'):%a %d %b}: {reason.strip()}"
        if first:
            return f"Set the target date: {validate.day(target, 'target date'):%a %d %b}"
        return "Change release dates"

    def action(result: tuple[bool, bool]) -> str:
        return SET_TARGET if result[1] else "change dates"

    def finish_line(result: tuple[bool, bool]) -> bool:
        return result[0]

    return change(plan, "dates", action, work, release_id=release_id, summary=summary, finish_line_move=finish_line)


def set_phase(plan: Plan, release_id: int, phase: Any, *, confirmed: bool = False) -> Changes:
    """Advance (or step back) the phase. Entering testing freezes scope; leaving it unfreezes.

    Freezing scope is a decision the room makes once: unless ``confirmed``, a phase change that
    freezes scope raises ``NeedsConfirmation`` (after every other check) and writes nothing.
    """
    value = validate.choice(phase, Phase, "phase")

    def work(tx: Tx) -> bool:
        release = tx.get(Release, release_id)
        if value == release.phase:
            raise ValidationError(f"The release is already in {value}: nothing to change.")
        if value == Phase.ROLLED_BACK.value and release.phase not in (Phase.SHIPPING.value, Phase.SHIPPED.value):
            raise ValidationError("Only a release that is shipping or shipped can be rolled back.")
        freezes = scope_frozen(value) and not scope_frozen(release.phase)
        if freezes and not confirmed:
            raise NeedsConfirmation(f"{value.capitalize()} freezes scope: after this, adding to the release needs "
                                    "an override with a reason. Freeze scope now?")
        tx.update(release, phase=value, frozen_at=frozen_moment(release, value))
        _keep_commitment(tx, release, freezes=freezes)
        return freezes

    return change(plan, "plan", "set phase", work, release_id=release_id,
                  summary=lambda freezes: f"Phase: {value}" + (" (scope frozen)" if freezes else ""))


def _keep_commitment(tx: Tx, release: Release, *, freezes: bool) -> None:
    """At the first freeze, what is in the release is what the team committed to (the track record's
    say/do). Scope opened and frozen again keeps that first word: a second freeze is not a new promise.
    Part of the phase change (one undo step)."""
    if freezes and not tx.find(FreezeCommitment, "release_id = ?", (release.id,)):
        for item in tx.find(ScopeItem, "release_id = ? AND lane = ?", (release.id, Lane.IN_RELEASE.value),
                            "position, id"):
            tx.add(FreezeCommitment(release_id=release.id, item_id=item.id, title=item.title,
                                    estimate_days=item.estimate_days))


def confirm_path_tested(plan: Plan, release_id: int, note: str, on: Any = None) -> Changes:
    """Record that the release path was tested as one chain on a production-like setup."""
    text = validate.text(note, "note", required=True, limit=2000)
    when = validate.day(on, "test date") if on is not None else dt.date.today()

    def work(tx: Tx) -> None:
        tx.update(tx.get(Release, release_id), path_tested_at=when, path_tested_note=text)

    return change(plan, "readiness", "confirm path tested", work, release_id=release_id,
                  summary="Release path tested on a production-like setup")


def set_outcome(plan: Plan, release_id: int, outcome: Any, on: Any, *, trigger_id: int | None = None,
                restore_minutes: Any = None) -> Changes:
    """Shipped (date), slipped (new date) or rolled back (when, which trigger, time to restore)."""
    value = validate.choice(outcome, Outcome, "release outcome")
    when = validate.day(on, "outcome date")
    minutes = validate.number(restore_minutes, "time to restore (minutes)", optional=True, high=100_000)

    def work(tx: Tx) -> None:
        release = tx.get(Release, release_id)
        phases = {Outcome.SHIPPED.value: Phase.SHIPPED.value, Outcome.ROLLED_BACK.value: Phase.ROLLED_BACK.value}
        phase = phases.get(value, release.phase)
        tx.update(release, outcome=value, outcome_date=when, outcome_trigger_id=trigger_id,
                  restore_minutes=minutes if value == Outcome.ROLLED_BACK.value else None,
                  phase=phase, frozen_at=frozen_moment(release, phase))
        # An outcome recorded straight from building freezes scope too: what was in is what was committed
        _keep_commitment(tx, release, freezes=scope_frozen(phase) and not scope_frozen(release.phase))

    return change(plan, "plan", "record outcome", work, release_id=release_id, summary=f"Outcome: {value} on {when}")


def milestone_dates(tx: Tx, release_id: int) -> dict[str, Milestone]:
    """The release's dated milestones by kind."""
    return {m.kind: m for m in tx.find(Milestone, "release_id = ?", (release_id,))}


def new_problems(before: list[str], after: list[str]) -> list[str]:
    """Problems a change would add; ones already in the file are not this change's fault."""
    return [problem for problem in after if problem not in before]


def frozen_moment(release: Release, phase: str) -> dt.datetime | None:
    """When scope froze, once ``release`` is in ``phase``: kept if already frozen, now if it freezes now.

    Only a record of the moment (shown on the timeline): whether scope *is* frozen is
    ``rules.scope.scope_frozen(phase)``, never this value.
    """
    if not scope_frozen(phase):
        return None
    return release.frozen_at or clock.now()
