"""The plan's fixed vocabularies (phases, lanes, roles…), stored as plain text (their ``value``).

Standard library only, so the parts of the core that read a plan without SQLAlchemy
(``cockpit.reading``, the brief, the go/no-go review) share them with the model.
"""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    """Where a release is. Entering ``testing`` is the scope freeze."""

    PLANNING = "planning"
    BUILDING = "building"
    TESTING = "testing"
    SHIPPING = "shipping"
    SHIPPED = "shipped"
    ROLLED_BACK = "rolled back"


class ItemKind(StrEnum):
    """What a scope item is: a feature, a fix, polish, a request…"""

    FEATURE = "feature"
    FIX = "fix"
    EDGE_CASE = "edge case"
    POLISH = "polish"
    SIDE_WORK = "side work"
    REFACTOR = "refactor"
    INFRASTRUCTURE = "infrastructure"
    REQUEST = "request"


class Status(StrEnum):
    """How far work on a scope item has got."""

    TODO = "todo"
    DOING = "doing"
    BLOCKED = "blocked"
    DONE = "done"


class Lane(StrEnum):
    """Where a scope item sits on the board: in the release, cut, or parked for later."""

    IN_RELEASE = "in release"
    CUT = "cut"
    PARKED = "parked"


class RiskArea(StrEnum):
    """Areas that make a scope item risky to ship."""

    PERMISSIONS = "permissions"
    BILLING = "billing/payments"
    DATA_MIGRATION = "data migration"
    SEVERAL_SERVICES = "several services"


class Role(StrEnum):
    """Release roles. Every role but ``verifier`` holds exactly one name."""

    SCOPE_OWNER = "scope owner"
    DELIVERY_OWNER = "delivery owner"
    READINESS_OWNER = "readiness owner"
    STOP_AUTHORITY = "stop authority"
    ROLLBACK_CALLER = "rollback caller"
    ROLLBACK_RUNNER = "rollback runner"
    VERIFIER = "verifier"


class TaskArea(StrEnum):
    """The moving parts of the release path that need an owner (week 1)."""

    CODE = "code"
    TEST_DATA = "test data"
    DEPLOY = "deploy steps"
    APPROVAL = "approval"
    ROLLBACK = "rollback"
    OTHER = "other"


class MilestoneKind(StrEnum):
    """Dated milestones besides the release's own target and backup dates."""

    SCOPE_FREEZE = "scope freeze"
    ROLLBACK_REHEARSAL = "rollback rehearsal"
    GO_NO_GO = "go/no-go review"


class BlockerCategory(StrEnum):
    """What kind of trouble a blocker is, for the retrospective."""

    FRAGILE_CODE = "fragile code"
    PROCESS_GAP = "process gap"
    HANDOFF = "handoff"


class Environment(StrEnum):
    """Where a rollback drill ran."""

    STAGING = "staging"
    PRODUCTION = "production"


class Outcome(StrEnum):
    """How a release ended."""

    SHIPPED = "shipped"
    SLIPPED = "slipped"
    ROLLED_BACK = "rolled back"


class RetroKind(StrEnum):
    """The kinds of retrospective entry: a five-whys worksheet or a one-sentence answer."""

    FIVE_WHYS = "five whys"
    WHAT_CHANGED = "what changed"
    WHY_IT_WORKED = "why it worked"
