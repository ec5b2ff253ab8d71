"""The plan file's tables: the whole domain of DOMAIN.md as SQLModel classes.

This module *is* the file format. Every change to it needs a schema step in
``cockpit/migrations`` and a fixture file for the released version in
``tests/data``, and ``cockpit/migrations/schema.sql`` rewritten (a test says when).
Enumerations (``cockpit.kinds``) are stored as plain text (their ``value``) so a
file stays readable with any SQLite tool; the services validate them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from cockpit.kinds import (  # noqa: F401  (re-exported: the model is where callers look)
    BlockerCategory,
    Environment,
    ItemKind,
    Lane,
    MilestoneKind,
    Outcome,
    Phase,
    RetroKind,
    RiskArea,
    Role,
    Status,
    TaskArea,
)


class Release(SQLModel, table=True):
    """One release cycle. A plan file holds one or more cycles; the newest is live."""

    __tablename__ = "release"

    id: int | None = Field(default=None, primary_key=True)
    cycle: int = Field(default=1, ge=1)
    name: str
    problem: str = ""
    start_date: dt.date
    target_date: dt.date
    backup_date: dt.date
    phase: str = Phase.PLANNING.value
    frozen_at: dt.datetime | None = None
    path_tested_at: dt.date | None = None
    path_tested_note: str = ""
    outcome: str | None = None
    outcome_date: dt.date | None = None
    # Which trigger fired, for a rollback; a plain id (rollback_trigger points back at release).
    outcome_trigger_id: int | None = None
    restore_minutes: float | None = None
    created_at: dt.datetime


class Person(SQLModel, table=True):
    """A person with a name and weekly capacity; people carry over between cycles."""

    __tablename__ = "person"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column_kwargs={"unique": True})
    days_per_week: float = 5.0


class RoleAssignment(SQLModel, table=True):
    """One person holding one release role in one cycle."""

    __tablename__ = "role_assignment"
    __table_args__ = (UniqueConstraint("release_id", "role", "person_id", name="uq_role_person"),)

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    role: str
    person_id: int = Field(foreign_key="person.id", index=True)


class ScopeItem(SQLModel, table=True):
    """A card on the scope board."""

    __tablename__ = "scope_item"
    __table_args__ = (Index("ix_scope_item_lane", "release_id", "lane", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id")
    title: str
    description: str = ""
    kind: str = ItemKind.FEATURE.value
    asked_by: str = ""
    estimate_days: float = 0.0
    owner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    status: str = Status.TODO.value
    lane: str = Lane.PARKED.value
    position: int = 0
    # Comma-separated RiskArea values, in RiskArea order.
    risk_areas: str = ""
    check_usable: bool = True
    check_owner_can_finish: bool = True
    check_testable: bool = True
    cut_reason: str = ""
    late_addition: bool = False
    late_reason: str = ""
    added_at: dt.datetime
    external_key: str | None = None


class ReleaseTask(SQLModel, table=True):
    """A moving part of the release path: code, test data, deploy steps, approvals, rollback."""

    __tablename__ = "release_task"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    title: str
    area: str = TaskArea.OTHER.value
    owner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    status: str = Status.TODO.value
    estimate_days: float = 0.0
    position: int = 0


class Milestone(SQLModel, table=True):
    """A dated milestone of a release: scope freeze, rollback rehearsal or go/no-go review."""

    __tablename__ = "milestone"
    __table_args__ = (UniqueConstraint("release_id", "kind", name="uq_milestone_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id")
    kind: str
    date: dt.date


class CheckIn(SQLModel, table=True):
    """The daily check-in: what shipped yesterday, what blocks today."""

    __tablename__ = "check_in"
    __table_args__ = (UniqueConstraint("release_id", "day", name="uq_check_in_day"),)

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id")
    day: dt.date
    shipped: str = ""
    blocks: str = ""
    done_days: float | None = None


class Blocker(SQLModel, table=True):
    """A blocker named at a check-in, with the one person who removes it."""

    __tablename__ = "blocker"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    check_in_id: int | None = Field(default=None, foreign_key="check_in.id", index=True)
    text: str
    category: str = BlockerCategory.PROCESS_GAP.value
    remover_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    raised_on: dt.date
    cleared_on: dt.date | None = None
    same_as_id: int | None = Field(default=None, foreign_key="blocker.id")


class RollbackTrigger(SQLModel, table=True):
    """A condition that calls for a rollback, with its threshold and time window."""

    __tablename__ = "rollback_trigger"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    condition: str
    threshold: float | None = None
    unit: str = ""
    window_minutes: int | None = None
    position: int = 0


class StableKit(SQLModel, table=True):
    """The last stable version, ready to restore."""

    __tablename__ = "stable_kit"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", sa_column_kwargs={"unique": True})
    build_id: str = ""
    config_version: str = ""
    migration_notes: str = ""
    flag_state: str = ""
    db_change_blocks_rollback: bool = False


class RunbookStep(SQLModel, table=True):
    """One step of the rollback runbook, with who runs it and how long it should take."""

    __tablename__ = "runbook_step"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    position: int = 0
    text: str
    runner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    expected_minutes: float | None = None


class RollbackDrill(SQLModel, table=True):
    """A timed rehearsal. ``started_at`` is written when the clock starts, so a crash loses nothing."""

    __tablename__ = "rollback_drill"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    started_at: dt.datetime
    stopped_at: dt.datetime | None = None
    environment: str = Environment.STAGING.value
    duration_seconds: float | None = None
    notes: str = ""
    # JSON list of {"step": text, "seconds": float}
    laps: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))


class GoNoGoReview(SQLModel, table=True):
    """One saved go/no-go review; the history of reviews is kept."""

    __tablename__ = "go_no_go_review"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    reviewed_at: dt.datetime
    verdict: str
    stop_authority: str = ""
    # JSON list of {"question": text, "passed": bool, "evidence": text}
    answers: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))


class StakeholderNote(SQLModel, table=True):
    """The release's note to stakeholders, and when it was sent."""

    __tablename__ = "stakeholder_note"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", sa_column_kwargs={"unique": True})
    body: str = ""
    sent_on: dt.date | None = None


class RemediationNote(SQLModel, table=True):
    """The remediation note of a release that went wrong, as the team edited it (format 2).

    No row: the note is still the draft the app writes from the plan.
    """

    __tablename__ = "remediation_note"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", sa_column_kwargs={"unique": True})
    body: str = ""


class RetroEntry(SQLModel, table=True):
    """A five-whys worksheet or one of the retrospective's one-sentence answers."""

    __tablename__ = "retro_entry"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    kind: str = RetroKind.FIVE_WHYS.value
    problem: str = ""
    # JSON list of up to five strings
    whys: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    root_cause: str = ""
    action: str = ""
    action_owner_id: int | None = Field(default=None, foreign_key="person.id")


class ResetSession(SQLModel, table=True):
    """A guided reset session (format 3): when it ran, where it stands and the time spent on each step."""

    __tablename__ = "reset_session"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    #: the step on screen (a key of ``cockpit.rules.session.STEPS``)
    step: str = "problem"
    # JSON object: step key -> seconds spent on it, as last saved
    step_seconds: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    #: the clock was running when it was last saved, at this moment; None while paused
    clock_saved_at: dt.datetime | None = None


class ParkingEntry(SQLModel, table=True):
    """A topic jotted in a reset session's parking lot (format 3), and what became of it."""

    __tablename__ = "parking_entry"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    session_id: int | None = Field(default=None, foreign_key="reset_session.id", index=True)
    text: str
    added_at: dt.datetime
    #: "" while open, "item" once it became a parked scope item, "note" once kept as a note
    outcome: str = ""


class FreezeCommitment(SQLModel, table=True):
    """An item in the release at the moment scope froze (format 3): what the team committed to.

    ``item_id`` is a plain id (the item may be deleted later; the commitment stays as it was made).
    """

    __tablename__ = "freeze_commitment"

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    item_id: int
    title: str
    estimate_days: float = 0.0


class ProgressNote(SQLModel, table=True):
    """The weekly progress note of one week of a cycle, as the team edited it, and when it was sent (format 3).

    No row: the week's note is still the draft the app writes from the plan.
    """

    __tablename__ = "progress_note"
    __table_args__ = (UniqueConstraint("release_id", "week", name="uq_progress_note_week"),)

    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id")
    week: int
    body: str = ""
    sent_on: dt.date | None = None


class ChangeLogEntry(SQLModel, table=True):
    """One row per change, written in the change's own transaction."""

    __tablename__ = "change_log"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(index=True)
    release_id: int | None = Field(default=None, foreign_key="release.id", index=True)
    area: str
    action: str
    summary: str
    finish_line_move: bool = False
    #: who made the change (a team plan's person or role; empty in a plan file, which one laptop edits)
    author: str = ""
    #: the rows it wrote, ``table:key`` separated by spaces (what a conflicting change is checked against)
    touched: str = ""


class Setting(SQLModel, table=True):
    """Thresholds from DOMAIN.md, stored per plan so a file carries its own rules."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


TABLES: tuple[type[SQLModel], ...] = (
    Release,
    Person,
    RoleAssignment,
    ScopeItem,
    ReleaseTask,
    Milestone,
    CheckIn,
    Blocker,
    RollbackTrigger,
    StableKit,
    RunbookStep,
    RollbackDrill,
    GoNoGoReview,
    StakeholderNote,
    RemediationNote,
    RetroEntry,
    ResetSession,
    ParkingEntry,
    FreezeCommitment,
    ProgressNote,
    ChangeLogEntry,
    Setting,
)
