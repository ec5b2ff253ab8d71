"""Typed errors. Each message is meant for a person: it names the problem and what to do."""

from __future__ import annotations


class CockpitError(Exception):
    """Base of every error the core raises on purpose."""


class PlanFileError(CockpitError):
    """A plan file cannot be opened or written."""


class NotAPlanFile(PlanFileError):
    """The file is not SQLite at all, or is another program's SQLite file."""


class NewerPlanFile(PlanFileError):
    """The file was written by a newer Release Cockpit."""


class DamagedPlanFile(PlanFileError):
    """The file is truncated, corrupt, or its schema is not what we expect."""


class PlanInUse(PlanFileError):
    """Another window or process has the file open."""


class NeedsRecovery(PlanFileError):
    """The plan must be written to before it can be read (a crash journal, WAL mode): ask first.

    ``store.open_plan(path, recover=True)`` recovers it, keeping the file as it was beside it.
    """

    def __init__(self, why: str) -> None:
        super().__init__(f"{why} Open it in the app to recover it (the file as it was is kept beside it).")
        #: what has to be done to the file, in a sentence
        self.why = why


class CannotSave(PlanFileError):
    """A change could not be written to the plan's disk: nothing of it was applied.

    ``problem`` is what went wrong ("The disk is full"), ``advice`` what to do; ``saying(done)`` words it
    for the action ("nothing was imported").
    """

    def __init__(self, problem: str, advice: str, done: str = "changed") -> None:
        super().__init__(f"{problem}: nothing was {done}. {advice}")
        self.problem = problem
        self.advice = advice

    def saying(self, done: str) -> str:
        """The message for an action: "The disk is full: nothing was imported. Free some space and try again."."""
        return f"{self.problem}: nothing was {done}. {self.advice}"


class ValidationError(CockpitError):
    """A change was refused before anything was written."""


class NotAPerson(ValidationError):
    """A team, a function or "TBD" was given where one person's name is needed."""


class NeedsReason(ValidationError):
    """The change is valid but a rule asks for a reason first: ask the person, then call again with it.

    Raised only after every other check passed, so a reason typed in answer is never wasted on a
    change that is then refused for something else. ``field`` names the keyword argument that takes
    the reason; ``hint`` is what the prompt should remind people of. An ``optional`` reason may be left
    out: the call is made again with ``""``.
    """

    def __init__(self, message: str, *, field: str = "reason", hint: str = "", choices: tuple[str, ...] = (),
                 title: str = "A reason is needed", optional: bool = False) -> None:
        super().__init__(message)
        self.optional = optional
        self.field = field
        self.hint = hint
        #: what the question is about, in a few words (a dialog's title)
        self.title = title
        #: reasons to offer (the first is the default); the person may still write their own
        self.choices = choices


class NeedsConfirmation(ValidationError):
    """The change is valid but a rule asks the person to confirm it: ask, then call again with ``confirmed=True``."""

    def __init__(self, message: str, *, field: str = "confirmed") -> None:
        super().__init__(message)
        self.field = field


class ScopeFrozen(NeedsReason):
    """Scope is frozen and the change needs an explicit override with a reason."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message, field="override_reason", hint=hint, title="Scope is frozen")


class ReadOnlyCycle(ValidationError):
    """An earlier cycle is kept for the record and cannot be changed."""


class NotFound(ValidationError):
    """The thing to change no longer exists (deleted elsewhere, or undone)."""


class Conflict(ValidationError):
    """Someone else changed what this change is based on since this window last showed it (a team plan).

    Nothing of the change was saved; the window reloads to show their change.
    """


class NeedsPassword(PlanFileError):
    """The team plan's server wants a password that libpq (``PGPASSWORD``, ``.pgpass``) does not have."""
