"""How a tool's words become the plan's: issue types to kinds, statuses, labels to risk areas, numbers."""

from __future__ import annotations

import functools
import math
import re

from cockpit.kinds import ItemKind, RiskArea, Status

MAX_TITLE = 200
MAX_DESCRIPTION = 20_000
HOURS_PER_DAY = 8.0

_SPACES = re.compile(r"[\s_\-]+")


def fold(text: str) -> str:
    """Lower case, runs of spaces, dashes and underscores as one space."""
    return _SPACES.sub(" ", text.strip().lower()).strip()


KINDS: dict[str, str] = {
    **dict.fromkeys(("bug", "defect", "incident", "problem", "hotfix", "fix", "bugfix", "regression", "error",
                     "crash", "type: bug", "kind/bug", "kind: bug"), ItemKind.FIX.value),
    **dict.fromkeys(("story", "user story", "feature", "new feature", "epic", "enhancement", "task", "sub task",
                     "subtask", "feature request", "type: feature", "kind/feature", "type: enhancement"),
                    ItemKind.FEATURE.value),
    **dict.fromkeys(("improvement", "polish", "ui polish", "ux", "cosmetic", "design polish"), ItemKind.POLISH.value),
    **dict.fromkeys(("tech debt", "technical debt", "refactor", "refactoring", "cleanup", "clean up", "debt"),
                    ItemKind.REFACTOR.value),
    **dict.fromkeys(("chore", "spike", "research", "investigation", "side work", "maintenance", "documentation",
                     "docs"), ItemKind.SIDE_WORK.value),
    **dict.fromkeys(("infrastructure", "infra", "devops", "ops", "ci", "build", "deployment", "platform"),
                    ItemKind.INFRASTRUCTURE.value),
    **dict.fromkeys(("request", "change request", "service request", "support", "customer request",
                     "support request", "question"), ItemKind.REQUEST.value),
    **dict.fromkeys(("edge case", "edgecase", "corner case"), ItemKind.EDGE_CASE.value),
}
KINDS.update({kind.value: kind.value for kind in ItemKind})

# Names that would otherwise be caught by a word of another status ("development" reads as doing).
STATUS_NAMES: dict[str, str] = {
    "selected for development": Status.TODO.value,
    "ready for development": Status.TODO.value,
    "ready for dev": Status.TODO.value,
    "waiting for customer": Status.BLOCKED.value,
    "not started": Status.TODO.value,
}

STATUS_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (Status.BLOCKED.value, ("block", "on hold", "hold", "imped", "stuck")),
    (Status.DONE.value, ("done", "closed", "resolved", "complete", "shipped", "released", "fixed", "cancel",
                         "won't", "wont", "duplicate", "finished", "merged", "deployed", "archived")),
    (Status.DOING.value, ("progress", "doing", "review", "test", "qa", "started", "develop", "active",
                          "verif", "staging", "wip", "working")),
    (Status.TODO.value, ("to do", "todo", "open", "backlog", "new", "selected", "ready", "triage", "planned",
                         "next", "icebox", "reopened", "unstarted", "idea", "inbox")),
)

RISKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (RiskArea.PERMISSIONS.value, ("permission", "auth", "acl", "rbac", "role", "access control", "sso", "login",
                                  "security")),
    (RiskArea.BILLING.value, ("billing", "payment", "checkout", "invoice", "stripe", "pricing", "subscription",
                              "refund", "paypal")),
    (RiskArea.DATA_MIGRATION.value, ("migration", "migrate", "schema", "backfill", "data model", "database")),
    (RiskArea.SEVERAL_SERVICES.value, ("several services", "cross service", "multi service", "microservice",
                                       "integration", "several-services", "cross team")),
)

# A label matches an area when one of its words starts with one of the area's words ("payments", not "lesson").
_RISK_PATTERNS = tuple((area, re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + ")")) for area, words in RISKS)


@functools.lru_cache(maxsize=4096)
def kind_for(source: str) -> str | None:
    """The scope kind an issue type (or label) names, or None when it names none."""
    return KINDS.get(fold(source)) if source else None


def kind_from_labels(labels: tuple[str, ...]) -> str | None:
    """The item kind named by the first label that names one, or None."""
    return next((kind for kind in map(kind_for, labels) if kind), None)


@functools.lru_cache(maxsize=4096)
def status_for(source: str) -> str | None:
    """The status a tool's status (or list, or column) name means, or None when unclear."""
    text = fold(source)
    if not text:
        return None
    if text in (s.value for s in Status):
        return text
    if text in STATUS_NAMES:
        return STATUS_NAMES[text]
    for status, words in STATUS_WORDS:
        if any(word in text for word in words):
            return status
    return None


@functools.lru_cache(maxsize=4096)
def risk_areas_for(labels: tuple[str, ...]) -> tuple[str, ...]:
    """The risk areas the labels point at, in RiskArea order."""
    folded = [fold(label) for label in labels]
    return tuple(area for area, pattern in _RISK_PATTERNS if any(pattern.search(label) for label in folded))


def number(text: str) -> float | None:
    """A finite, non-negative number from export text ("3", "2.5", "2,5"); None if there is none.

    Raises ValueError with the offending text when the cell holds something else.
    """
    value = text.strip()
    if not value:
        return None
    try:
        result = float(value.replace(",", ".") if value.count(",") == 1 and "." not in value else value)
    except ValueError:
        raise ValueError(value) from None
    if not math.isfinite(result) or result < 0:
        raise ValueError(value)
    return result


def clean(text: object, limit: int = MAX_DESCRIPTION) -> str:
    """Text as the plan stores it: a string, no NUL characters, stripped, at most ``limit`` characters."""
    value = ("" if text is None else str(text)).replace("\x00", "").strip()
    return value[:limit]


def title_text(text: object, problems: list[str]) -> str:
    """An item title on one line, shortened (and the shortening noted) when too long."""
    value = " ".join(clean(text, 100_000).split())
    if len(value) > MAX_TITLE:
        problems.append(f"Title shortened to {MAX_TITLE} characters.")
        value = value[: MAX_TITLE - 1].rstrip() + "…"
    return value


def description_text(text: object, problems: list[str]) -> str:
    """An item description, shortened (and the shortening noted) when too long."""
    value = clean(text, 10 * MAX_DESCRIPTION)
    if len(value) > MAX_DESCRIPTION:
        problems.append(f"Description shortened to {MAX_DESCRIPTION:,} characters.")
        value = value[: MAX_DESCRIPTION - 1].rstrip() + "…"
    return value


def split_labels(cells: list[str]) -> tuple[str, ...]:
    """Labels from one or more cells, each possibly holding several ("a, b", "a;b", "a|b")."""
    out: list[str] = []
    for cell in cells:
        for part in re.split(r"[,;|]", cell):
            label = clean(part, 200)
            if label and label not in out:
                out.append(label)
    return tuple(out)
