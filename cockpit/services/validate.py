"""Field checks shared by the services. Each raises ``ValidationError`` with a message a person can act on."""

from __future__ import annotations

import datetime as dt
import math
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from cockpit import settings
from cockpit.errors import NotAPerson, ValidationError
from cockpit.rules.people import team_label_problem
from cockpit.snapshot import Person

if TYPE_CHECKING:
    from cockpit.services.core import Tx

E = TypeVar("E", bound=StrEnum)
MAX_TITLE = 200
MAX_TEXT = 20_000


def text(value: Any, what: str, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    """Trimmed text (``None`` is empty); refused when required and empty, or longer than ``limit``."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"The {what} must be text.")
    value = value.strip()
    if required and not value:
        raise ValidationError(f"The {what} cannot be empty.")
    if len(value) > limit:
        raise ValidationError(f"The {what} is too long ({len(value)} characters; at most {limit}).")
    if "\x00" in value:
        raise ValidationError(f"The {what} contains a NUL character.")
    return value


def title(value: Any, what: str = "title") -> str:
    """A non-empty title of at most ``MAX_TITLE`` characters."""
    return text(value, what, required=True, limit=MAX_TITLE)


def number(value: Any, what: str, *, low: float = 0.0, high: float = 10_000.0,
           optional: bool = False) -> float | None:
    """A finite number in [low, high]; accepts numeric text such as "2.5" or "2,5"."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise ValidationError(f"The {what} is missing: type a number.")
    if isinstance(value, bool):
        raise ValidationError(f"The {what} must be a number.")
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", "."))
        except ValueError:
            raise ValidationError(f"The {what} must be a number, not “{value.strip()}”.") from None
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"The {what} must be a number.") from None
    if not math.isfinite(result):
        raise ValidationError(f"The {what} must be a finite number.")
    if result < low:
        raise ValidationError(f"The {what} cannot be below {low:g}.")
    if result > high:
        raise ValidationError(f"The {what} cannot be above {high:g}.")
    return result


def estimate(value: Any) -> float:
    """An estimate in days (0 to 1,000)."""
    result = number(value, "estimate (person-days)", low=0.0, high=1000.0)
    assert result is not None
    return result


def choice(value: Any, enum: type[E], what: str) -> str:
    """One of ``enum``'s values (an enum member or its text); refused with the choices otherwise."""
    try:
        return enum(value).value
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValidationError(f"“{value}” is not a {what}; use one of: {allowed}.") from None


def day(value: Any, what: str) -> dt.date:
    """A date (a ``date`` or ISO text ``YYYY-MM-DD``)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(f"The {what} “{value}” is not a date; write it as YYYY-MM-DD.") from None
    raise ValidationError(f"The {what} must be a date.")


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def find_person(tx: Tx, name: str) -> Person | None:
    """The person with this name, ignoring case (any script) and extra spaces."""
    wanted = _fold(name)
    return next((p for p in tx.find(Person) if _fold(p.name) == wanted), None)


def person_name(tx: Tx, name: Any, *, exclude_id: int | None = None) -> str:
    """A new or changed person's name: a real person, and not already in the plan."""
    value = text(name, "name", required=True, limit=80)
    problem = team_label_problem(value, settings.team_labels(tx))
    if problem:
        raise NotAPerson(problem)
    clash = find_person(tx, value)
    if clash is not None and clash.id != exclude_id:
        raise ValidationError(f"{clash.name} is already in the plan: use a different name.")
    return value


def owner(tx: Tx, person_id: Any) -> int | None:
    """An owner reference: ``None`` (nobody yet) or an existing person's id.

    A name given as text is refused with the team-label message when it is a team,
    and otherwise told to add the person first.
    """
    if person_id is None:
        return None
    if isinstance(person_id, str):
        problem = team_label_problem(person_id, settings.team_labels(tx))
        if problem:
            raise NotAPerson(problem)
        found = find_person(tx, person_id)
        if found is None:
            raise ValidationError(f"{person_id.strip()} is not in the plan yet: add them under Owners first.")
        return found.id
    if (isinstance(person_id, bool) or not isinstance(person_id, int)
            or tx.first(Person, "id = ?", (person_id,)) is None):
        raise ValidationError("That person is no longer in the plan.")
    return person_id
