"""The one read model: a cycle of a plan as plain, immutable records.

``cockpit.reader`` turns an open connection into a ``Cycle``; every report (each view's numbers,
the brief, the notes, the export, ``cockpit check``) is a pure function of (``Cycle``, today).
The records mirror the plan file's tables (``cockpit.model``) column for column, but they are
frozen dataclasses with no database behind them: safe to hold in a view, to pass between
threads, and to compare. Standard library only, so reading a plan never loads SQLAlchemy.

The services write through the same records (``cockpit.services.core.Tx``): a record made in
code has the model's defaults, and ``id`` 0 means "not in the file yet".

Values have the types the model declares: ``date`` and UTC ``datetime`` values, ``bool`` flags,
``float`` estimates; JSON columns (laps, answers, whys) stay text and are parsed by the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from cockpit.rules import thresholds


@dataclass(frozen=True, slots=True, kw_only=True)
class Release:
    """One release cycle (``release`` table)."""

    id: int = 0
    cycle: int = 1
    name: str
    problem: str = ""
    start_date: dt.date
    target_date: dt.date
    backup_date: dt.date
    phase: str = "planning"
    frozen_at: dt.datetime | None = None
    path_tested_at: dt.date | None = None
    path_tested_note: str = ""
    outcome: str | None = None
    outcome_date: dt.date | None = None
    outcome_trigger_id: int | None = None
    restore_minutes: float | None = None
    created_at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """A person with a weekly capacity (``person`` table); people belong to the plan, not a cycle."""

    id: int = 0
    name: str
    days_per_week: float = 5.0


@dataclass(frozen=True, slots=True, kw_only=True)
class RoleAssignment:
    """One name holding one release role (``role_assignment``)."""

    id: int = 0
    release_id: int
    role: str
    person_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ScopeItem:
    """A card on the scope board (``scope_item``)."""

    id: int = 0
    release_id: int
    title: str
    description: str = ""
    kind: str = "feature"
    asked_by: str = ""
    estimate_days: float = 0.0
    owner_id: int | None = None
    status: str = "todo"
    lane: str = "parked"
    position: int = 0
    risk_areas: str = ""
    check_usable: bool = True
    check_owner_can_finish: bool = True
    check_testable: bool = True
    cut_reason: str = ""
    late_addition: bool = False
    late_reason: str = ""
    added_at: dt.datetime
    external_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReleaseTask:
    """A moving part of the release path (``release_task``)."""

    id: int = 0
    release_id: int
    title: str
    area: str = "other"
    owner_id: int | None = None
    status: str = "todo"
    estimate_days: float = 0.0
    position: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Milestone:
    """A dated milestone (``milestone``); launch and backup are the release's own dates."""

    id: int = 0
    release_id: int
    kind: str
    date: dt.date


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckIn:
    """One day's check-in (``check_in``)."""

    id: int = 0
    release_id: int
    day: dt.date
    shipped: str = ""
    blocks: str = ""
    done_days: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Blocker:
    """A blocker raised at a check-in (``blocker``)."""

    id: int = 0
    release_id: int
    check_in_id: int | None = None
    text: str
    category: str = "process gap"
    remover_id: int | None = None
    raised_on: dt.date
    cleared_on: dt.date | None = None
    same_as_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RollbackTrigger:
    """A condition that makes the rollback call (``rollback_trigger``)."""

    id: int = 0
    release_id: int
    condition: str
    threshold: float | None = None
    unit: str = ""
    window_minutes: int | None = None
    position: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class StableKit:
    """The last stable version, ready to restore (``stable_kit``)."""

    id: int = 0
    release_id: int
    build_id: str = ""
    config_version: str = ""
    migration_notes: str = ""
    flag_state: str = ""
    db_change_blocks_rollback: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class RunbookStep:
    """One step of the rollback runbook (``runbook_step``)."""

    id: int = 0
    release_id: int
    position: int = 0
    text: str
    runner_id: int | None = None
    expected_minutes: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RollbackDrill:
    """A timed rollback drill (``rollback_drill``); ``laps`` is JSON text."""

    id: int = 0
    release_id: int
    started_at: dt.datetime
    stopped_at: dt.datetime | None = None
    environment: str = "staging"
    duration_seconds: float | None = None
    notes: str = ""
    laps: str = "[]"


@dataclass(frozen=True, slots=True, kw_only=True)
class GoNoGoReview:
    """A recorded go/no-go verdict (``go_no_go_review``); ``answers`` is JSON text."""

    id: int = 0
    release_id: int
    reviewed_at: dt.datetime
    verdict: str
    stop_authority: str = ""
    answers: str = "[]"


@dataclass(frozen=True, slots=True, kw_only=True)
class StakeholderNote:
    """The note to the founders as edited and sent (``stakeholder_note``)."""

    id: int = 0
    release_id: int
    body: str = ""
    sent_on: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RemediationNote:
    """The remediation note as the team wrote it (``remediation_note``)."""

    id: int = 0
    release_id: int
    body: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RetroEntry:
    """A five-whys worksheet or an answer of the retrospective (``retro_entry``); ``whys`` is JSON text."""

    id: int = 0
    release_id: int
    kind: str = "five whys"
    problem: str = ""
    whys: str = "[]"
    root_cause: str = ""
    action: str = ""
    action_owner_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeLogEntry:
    """One logged change (``change_log``)."""

    id: int = 0
    at: dt.datetime
    release_id: int | None = None
    area: str
    action: str
    summary: str
    finish_line_move: bool = False
    #: who made it: a team plan's person (empty in a plan file, which one laptop edits)
    author: str = ""
    #: the rows it wrote as ``table:key`` words (a team plan checks a change against them)
    touched: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResetSession:
    """A guided reset session (``reset_session``); ``step_seconds`` is JSON, read by ``rules.session``."""

    id: int = 0
    release_id: int
    started_at: dt.datetime
    ended_at: dt.datetime | None = None
    step: str = "problem"
    step_seconds: str = "{}"
    clock_saved_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ParkingEntry:
    """A topic in a reset session's parking lot (``parking_entry``)."""

    id: int = 0
    release_id: int
    session_id: int | None = None
    text: str
    added_at: dt.datetime
    outcome: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class FreezeCommitment:
    """An item in the release when scope froze (``freeze_commitment``)."""

    id: int = 0
    release_id: int
    item_id: int
    title: str
    estimate_days: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressNote:
    """A week's progress note as edited, and when it was sent (``progress_note``)."""

    id: int = 0
    release_id: int
    week: int
    body: str = ""
    sent_on: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Setting:
    """One of the plan's rule values (``setting``); its key is the primary key."""

    key: str
    value: str


#: table name → record type
RECORDS: dict[str, type] = {
    "release": Release, "person": Person, "role_assignment": RoleAssignment, "scope_item": ScopeItem,
    "release_task": ReleaseTask, "milestone": Milestone, "check_in": CheckIn, "blocker": Blocker,
    "rollback_trigger": RollbackTrigger, "stable_kit": StableKit, "runbook_step": RunbookStep,
    "rollback_drill": RollbackDrill, "go_no_go_review": GoNoGoReview, "stakeholder_note": StakeholderNote,
    "remediation_note": RemediationNote, "retro_entry": RetroEntry, "reset_session": ResetSession,
    "parking_entry": ParkingEntry, "freeze_commitment": FreezeCommitment, "progress_note": ProgressNote,
    "change_log": ChangeLogEntry,
    "setting": Setting,
}
#: table → its one-column primary key (every table but ``setting`` is keyed by ``id``)
PRIMARY_KEY: dict[str, str] = {table: "key" if table == "setting" else "id" for table in RECORDS}


#: record type → its table
TABLE_OF: dict[type, str] = {record: table for table, record in RECORDS.items()}


@dataclass(frozen=True)
class Cycle:
    """Everything a report may read about one cycle of a plan, plus what the plan shares across cycles.

    Rows of this cycle only, unless the name says otherwise (``cycles``, ``people``, ``every_blocker``).
    """

    release: Release
    #: every cycle of the plan, oldest first (this one included)
    cycles: tuple[Release, ...]
    #: every person in the plan, by name
    people: tuple[Person, ...]
    #: the plan's stored rule values (``setting`` rows); see ``setting`` and ``number``
    settings: Mapping[str, str]
    roles: tuple[RoleAssignment, ...]
    #: by position, then id
    items: tuple[ScopeItem, ...]
    #: by position, then id
    tasks: tuple[ReleaseTask, ...]
    milestones: tuple[Milestone, ...]
    #: by day
    check_ins: tuple[CheckIn, ...]
    #: by day raised, then id
    blockers: tuple[Blocker, ...]
    #: every cycle's blockers, by day raised, then id (recurrence looks across cycles)
    every_blocker: tuple[Blocker, ...]
    #: by position, then id
    triggers: tuple[RollbackTrigger, ...]
    kit: StableKit | None
    #: by position, then id
    steps: tuple[RunbookStep, ...]
    #: oldest first
    drills: tuple[RollbackDrill, ...]
    #: newest first
    reviews: tuple[GoNoGoReview, ...]
    note: StakeholderNote | None
    remediation: RemediationNote | None
    retro_entries: tuple[RetroEntry, ...]
    #: this cycle's change log, oldest first
    changes: tuple[ChangeLogEntry, ...]
    #: this cycle's reset sessions, oldest first
    sessions: tuple[ResetSession, ...] = ()
    #: the parking lot of this cycle's sessions, oldest first
    parking: tuple[ParkingEntry, ...] = ()
    #: the items in the release when scope froze (empty: not frozen, or frozen before format 3)
    commitment: tuple[FreezeCommitment, ...] = ()
    #: the weekly progress notes as edited, by week
    progress_notes: tuple[ProgressNote, ...] = ()
    #: the plan file's name, for page footers ("" when unknown)
    source: str = ""

    # -- looking things up --------------------------------------------------------------------
    @property
    def release_id(self) -> int:
        """The id of this cycle's release."""
        return self.release.id

    @cached_property
    def names(self) -> Mapping[int, str]:
        """Person id → name, for everyone in the plan."""
        return {p.id: p.name for p in self.people}

    def name(self, person_id: int | None, missing: str = "") -> str:
        """The name of ``person_id`` (``missing`` for no one or a person who is gone)."""
        return self.names.get(person_id, missing) if person_id is not None else missing

    @cached_property
    def dated(self) -> Mapping[str, dt.date]:
        """Milestone kind → date, for the milestones that have one."""
        return {m.kind: m.date for m in self.milestones}

    def holders(self, role: str) -> list[str]:
        """Names holding ``role``, in the order they were given it."""
        return [self.names.get(a.person_id, "?") for a in self.roles if a.role == role]

    @cached_property
    def holder_names(self) -> Mapping[str, list[str]]:
        """Role → the names holding it (roles nobody holds are absent)."""
        out: dict[str, list[str]] = {}
        for a in self.roles:
            out.setdefault(a.role, []).append(self.names.get(a.person_id, "?"))
        return out

    def setting(self, key: str) -> str:
        """The plan's value of a rule threshold as stored (the default when unset)."""
        return thresholds.value(self.settings, key)

    def number(self, key: str) -> float:
        """The plan's value of a numeric rule threshold (the default when unset or unreadable)."""
        return thresholds.number(self.settings.get(key), key)

    @property
    def is_live(self) -> bool:
        """Is this the newest cycle (the only one that can change)?"""
        return self.cycles[-1].id == self.release.id if self.cycles else True
