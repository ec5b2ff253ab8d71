"""Release-path tasks, milestones, daily check-ins and blockers."""

from __future__ import annotations

from typing import Any

from cockpit.errors import ValidationError
from cockpit.kinds import BlockerCategory, MilestoneKind, Status, TaskArea
from cockpit.rules.dates import BACKUP, LAUNCH, RELEASE_DATE_WORDS, milestone_problems
from cockpit.services import ownership, validate
from cockpit.services.core import Changes, Tx, change
from cockpit.services.records import Cleaners, add_row, delete_row, edit_row, release_of
from cockpit.services.release import milestone_dates, new_problems, set_dates
from cockpit.snapshot import Blocker, CheckIn, Milestone, Release, ReleaseTask
from cockpit.store import Plan

TASK_FIELDS: Cleaners = {
    "title": lambda tx, v: validate.title(v),
    "area": lambda tx, v: validate.choice(v, TaskArea, "release-path area"),
    "owner_id": lambda tx, v: ownership.check_owner(tx, v),
    "status": lambda tx, v: validate.choice(v, Status, "status"),
    "estimate_days": lambda tx, v: validate.estimate(v),
    "position": lambda tx, v: int(validate.number(v, "position", low=0, high=1e9) or 0),
}

BLOCKER_FIELDS: Cleaners = {
    "text": lambda tx, v: validate.text(v, "blocker", required=True, limit=500),
    "category": lambda tx, v: validate.choice(v, BlockerCategory, "blocker category"),
    "remover_id": validate.owner,
    "raised_on": lambda tx, v: validate.day(v, "day raised"),
    "cleared_on": lambda tx, v: None if v is None else validate.day(v, "day cleared"),
    "check_in_id": lambda tx, v: _check_in(tx, v),
}


def _check_in(tx: Tx, check_in_id: Any) -> int | None:
    if check_in_id is None:
        return None
    known = isinstance(check_in_id, int) and not isinstance(check_in_id, bool)
    if not known or tx.first(CheckIn, "id = ?", (check_in_id,)) is None:
        raise ValidationError("That check-in no longer exists.")
    return check_in_id


def add_task(plan: Plan, release_id: int, title: str, **fields: Any) -> Changes:
    """Add a release-path task (area, owner, estimate checked)."""
    return add_row(plan, ReleaseTask, release_id, "owners", "release-path task", TASK_FIELDS,
                   {"title": title, **fields}, str(title).strip())


def update_task(plan: Plan, task_id: int, **fields: Any) -> Changes:
    """Edit a release-path task; the owner alone is ``ownership.set_owner`` (the one writer of an owner)."""
    if set(fields) == {"owner_id"}:
        return ownership.set_owner(plan, "task", task_id, fields["owner_id"])
    return edit_row(plan, ReleaseTask, task_id, "owners", "release-path task", TASK_FIELDS, fields)


def delete_task(plan: Plan, task_id: int) -> Changes:
    """Delete a release-path task."""
    return delete_row(plan, ReleaseTask, task_id, "owners", "release-path task")


def _milestone_kind(kind: Any) -> str:
    word = str(kind).strip().casefold() if isinstance(kind, str) else None
    if word in RELEASE_DATE_WORDS:
        which = "target date" if RELEASE_DATE_WORDS[word] == LAUNCH else "backup date"
        raise ValidationError(f"There is exactly one {which}: it belongs to the release. Change the release's "
                              f"{which} instead" + (" (that moves the finish line)." if which == "target date"
                                                    else "."))
    return validate.choice(kind, MilestoneKind, "milestone")


def set_milestone(plan: Plan, release_id: int, kind: Any, day: Any) -> Changes:
    """Date a milestone. The freeze must come before the go/no-go, which must come before launch.

    A past day or a weekend is allowed (``rules.dates.move_warnings`` says so); the launch and the backup
    date are the release's own dates and are refused here with a pointer to them.
    """
    kind_value = _milestone_kind(kind)
    when = validate.day(day, f"{kind_value} date")

    def work(tx: Tx) -> None:
        release = tx.get(Release, release_id, "release")
        dates = milestone_dates(tx, release_id)
        current = {k: m.date for k, m in dates.items()}
        problems = new_problems(milestone_problems(release.start_date, release.target_date, current),
                                milestone_problems(release.start_date, release.target_date,
                                                   current | {kind_value: when}))
        if problems:
            raise ValidationError(" ".join(problems))
        if kind_value in dates:
            tx.update(dates[kind_value], date=when)
        else:
            tx.add(Milestone(release_id=release_id, kind=kind_value, date=when))

    return change(plan, "dates", "move milestone", work, release_id=release_id,
                  summary=f"{kind_value.capitalize()} on {when:%a %d %b}")


def move_milestone(plan: Plan, release_id: int, key: str, day: Any, *, reason: str = "") -> Changes:
    """Move any of the timeline's five milestones (one undo step, one change-log row).

    ``key`` is a milestone kind, ``"launch"`` (the target date: moving it moves the finish line and
    needs ``reason``) or ``"backup date"``.
    """
    if key == LAUNCH:
        return set_dates(plan, release_id, target=day, reason=reason)
    if key == BACKUP:
        return set_dates(plan, release_id, backup=day)
    return set_milestone(plan, release_id, key, day)


def record_check_in(plan: Plan, release_id: int, day: Any, *, shipped: str = "", blocks: str = "",
                    done_days: Any = None) -> Changes:
    """Write (or rewrite) one day's check-in: what shipped yesterday, what blocks today."""
    when = validate.day(day, "check-in day")
    shipped_text = validate.text(shipped, "“shipped yesterday”", limit=4000)
    blocks_text = validate.text(blocks, "“blocks today”", limit=4000)
    done = validate.number(done_days, "days done", optional=True, high=100_000)

    def work(tx: Tx) -> int:
        existing = tx.first(CheckIn, "release_id = ? AND day = ?", (release_id, when))
        if existing:
            tx.update(existing, shipped=shipped_text, blocks=blocks_text, done_days=done)
            return existing.id
        return tx.add(CheckIn(release_id=release_id, day=when, shipped=shipped_text, blocks=blocks_text,
                              done_days=done)).id

    return change(plan, "check-in", "check in", work, release_id=release_id, summary=f"Check-in for {when:%a %d %b}")


def add_blocker(plan: Plan, release_id: int, text: str, *, remover_id: Any, raised_on: Any,
                category: Any = BlockerCategory.PROCESS_GAP.value, check_in_id: int | None = None) -> Changes:
    """A blocker needs the one named person who removes it before the day ends."""
    if remover_id is None:
        raise ValidationError("Name the one person who removes this blocker before the day ends.")
    return add_row(plan, Blocker, release_id, "check-in", "blocker", BLOCKER_FIELDS,
                   {"text": text, "remover_id": remover_id, "raised_on": raised_on, "category": category,
                    "check_in_id": check_in_id}, str(text).strip())


def update_blocker(plan: Plan, blocker_id: int, **fields: Any) -> Changes:
    """Edit a blocker's fields, each checked first."""
    return edit_row(plan, Blocker, blocker_id, "check-in", "blocker", BLOCKER_FIELDS, fields)


def link_same_blocker(plan: Plan, blocker_id: int, same_as_id: int | None) -> Changes:
    """Mark a blocker as the same as an earlier one (a recurrence is a property of the system)."""

    def work(tx: Tx) -> None:
        blocker = tx.get(Blocker, blocker_id, "blocker")
        if same_as_id is not None:
            tx.get(Blocker, same_as_id, "blocker")
            if same_as_id == blocker_id:
                raise ValidationError("A blocker cannot be the same as itself.")
        tx.update(blocker, same_as_id=same_as_id)

    return change(plan, "check-in", "link blocker", work, release_id=release_of(plan, Blocker, blocker_id),
                  summary="Link recurring blocker")


def delete_blocker(plan: Plan, blocker_id: int) -> Changes:
    """Delete a blocker; blockers marked "same as" it lose that link in the same step."""

    def work(tx: Tx) -> None:
        blocker = tx.get(Blocker, blocker_id, "blocker")
        for linked in tx.find(Blocker, "same_as_id = ?", (blocker_id,)):
            tx.update(linked, same_as_id=None)
        tx.delete(blocker)

    return change(plan, "check-in", "delete blocker", work, release_id=release_of(plan, Blocker, blocker_id),
                  summary="Delete blocker")
