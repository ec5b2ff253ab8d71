"""How a tool's words become the plan's: issue types to kinds, statuses, labels to risk areas, numbers."""

from __future__ import annotations

import functools
import math
import re

from cockpit.importers import statuses
from cockpit.kinds import ItemKind, RiskArea, Status
from cockpit.text import shown

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


def status_for(source: str) -> str | None:
    """The status a generic status value (or list, or column) names by whole words, or None when unclear."""
    text = fold(source)
    if text in (s.value for s in Status):
        return text
    return statuses.board(source) if text else None


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
    value = text if type(text) is str else ("" if text is None else str(text))
    if "\x00" in value:
        value = value.replace("\x00", "")
    value = value.strip()
    return value[:limit] if len(value) > limit else value


def title_text(text: object, problems: list[str]) -> str:
    """An item title on one line, shortened (and the shortening noted) when too long."""
    value = " ".join(clean(text, 100_000).split())
    if len(value) > MAX_TITLE:
        problems.append(f"Title shortened to {MAX_TITLE} characters.")
        value = shown(value, MAX_TITLE)
    return value


def description_text(text: object, problems: list[str], source: str = "") -> str:
    """An item description, shortened (and the shortening noted) when too long.

    ``source`` (a URL or key) is kept as the last line, "Source: …", so the item always links back
    to the tracker it came from; the description is shortened to leave room for it.
    """
    value = clean(text, 10 * MAX_DESCRIPTION)
    tail = f"Source: {clean(source, 500)}" if source else ""
    room = MAX_DESCRIPTION - (len(tail) + 2 if tail else 0)
    if len(value) > room:
        problems.append(f"Description shortened to {room:,} characters.")
        value = shown(value, room)
    if not tail:
        return value
    return f"{value}\n\n{tail}" if value else tail


def split_labels(cells: list[str]) -> tuple[str, ...]:
    """Labels from one or more cells, each possibly holding several ("a, b", "a;b", "a|b")."""
    out: list[str] = []
    for cell in cells:
        for part in re.split(r"[,;|]", cell):
            label = clean(part, 200)
            if label and label not in out:
                out.append(label)
    return tuple(out)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def person_name(text: str) -> str:
    """An assignee as a person's name: an e-mail address becomes the name it is made of.

    ``maya.chen@acme.test`` → "Maya Chen" (the part before the @ and before any ``+tag``, split at
    dots, dashes and underscores, each part capitalised); anything else is returned as it is,
    spaces tidied.
    """
    name = " ".join(text.split())
    if not _EMAIL.match(name):
        return name
    parts = [part for part in re.split(r"[._\-]+", name.split("@", 1)[0].split("+", 1)[0]) if part]
    return " ".join(part[:1].upper() + part[1:] for part in parts) or name

