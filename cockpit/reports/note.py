"""The stakeholder note, drafted from the plan (DOMAIN.md "Stakeholder note").

What was cut and why, what was parked for the next cycle, the date being protected, the backup
date, who owns what (the roles and each readiness task of the release path), the rollback
rehearsal's date, and the remediation: in a plain voice that owns the miss and blames nobody.
The lead edits it freely. A pure function of a cycle's snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cockpit.kinds import Lane, MilestoneKind, Role
from cockpit.reports.brief import parked_for_next_cycle
from cockpit.rules.work import DONE
from cockpit.snapshot import Cycle
from cockpit.text import SHOWN_LONG, shown

#: how many shipping, cut, parked items and readiness tasks the draft names before "and N more"
SHIPPING_LIMIT = 8
CUT_LIMIT = 15
PARKED_LIMIT = 10
TASK_LIMIT = 12

_ROLE_LINES = (
    ("scope owner", "Scope (what stays, what goes)"),
    ("delivery owner", "Delivery (daily progress, blockers)"),
    ("readiness owner", "Readiness (tests, migrations, rollout and rollback steps)"),
    ("stop authority", "May pause the launch"),
    ("rollback caller", "Calls a rollback"),
    ("rollback runner", "Runs the rollback"),
)


@dataclass(frozen=True)
class NoteTask:
    """A readiness task of the release path as the note names it ("" owner: nobody named yet)."""

    title: str
    area: str
    owner: str
    done: bool


@dataclass(frozen=True)
class NoteFacts:
    """Everything the draft says, as plain values."""

    release: str
    problem: str
    target: dt.date
    backup: dt.date
    review_day: dt.date | None
    shipping: tuple[str, ...]
    cut: tuple[tuple[str, str], ...]
    roles: tuple[tuple[str, str], ...]
    verifiers: tuple[str, ...]
    triggers: int
    drill_target_minutes: float
    #: (title, why it waits; "" when no reason was given): the next cycle's backlog
    parked: tuple[tuple[str, str], ...] = ()
    tasks: tuple[NoteTask, ...] = ()
    rehearsal_day: dt.date | None = None


def _day(day: dt.date) -> str:
    return f"{day:%A %d %B %Y}"


def _more(listed: int, total: int, what: str) -> list[str]:
    return [f"- and {total - listed} more {what} (the full list is in the plan)"] if total > listed else []


def compose(facts: NoteFacts) -> str:
    """The draft text: plain, blame-free, with a concrete remediation plan."""
    lines = [f"Subject: {facts.release}: what ships on {facts.target:%a %d %b}, what moves, and why", "",
             "Hello,", "",
             "We have missed our recent release dates. That is on us as a team, and an apology alone does not "
             "fix it, so here is what we changed."]
    if facts.problem.strip():
        lines += ["", "This release fixes one problem:", f"  {facts.problem.strip()}"]
    lines += ["", f"The date we are protecting: {_day(facts.target)}."]
    if facts.shipping:
        lines += ["", "What ships on that date:"]
        lines += [f"- {title}" for title in facts.shipping[:SHIPPING_LIMIT]]
        lines += _more(min(len(facts.shipping), SHIPPING_LIMIT), len(facts.shipping), "items")
    if facts.cut:
        lines += ["", "What we cut from this release, and why:"]
        lines += [f"- {title}: {reason or 'cut to protect the date'}" for title, reason in facts.cut[:CUT_LIMIT]]
        lines += _more(min(len(facts.cut), CUT_LIMIT), len(facts.cut), "items")
        # Only Parked carries over to the next cycle (``services.cycles``): a cut item stays behind, on record.
        lines += ["Cut items stay in the plan with these reasons: out of this release, not forgotten."]
    else:
        lines += ["", "Nothing has been cut from this release."]
    if facts.parked:
        # The next cycle gets its dates only when it is started, after this one's target: say no more than that.
        lines += ["", f"Parked for the next cycle, which starts after this release's target date "
                      f"({facts.target:%a %d %b}); these become its backlog:"]
        lines += [f"- {title}: {reason}" if reason else f"- {title}" for title, reason in facts.parked[:PARKED_LIMIT]]
        lines += _more(min(len(facts.parked), PARKED_LIMIT), len(facts.parked), "items")
    lines += ["", f"Backup date: {_day(facts.backup)}. If we are not ready on the target date, we ship on the "
                  "backup date rather than moving the line again."]
    named = [(label, name) for label, name in facts.roles if name]
    if named or facts.verifiers:
        lines += ["", "Who owns what (one name each):"]
        lines += [f"- {label}: {name}" for label, name in named]
        if facts.verifiers:
            lines += [f"- Checks health and data after launch: {', '.join(facts.verifiers)}"]
    if facts.tasks:
        lines += ["", "Getting the release out safely, one owner per step:"]
        lines += [f"- {t.title} ({t.area}): {t.owner or 'no owner yet'}{' (done)' if t.done else ''}"
                  for t in facts.tasks[:TASK_LIMIT]]
        lines += _more(min(len(facts.tasks), TASK_LIMIT), len(facts.tasks), "steps")
    lines += ["", "How we make sure this date holds:",
              "- A short daily check-in: what shipped, what blocks, and the one person who removes each "
              "blocker that day.",
              "- No new work enters the release after the scope freeze; new requests go to the next cycle."]
    rollback = (f"{facts.triggers} rollback trigger{'s' if facts.triggers != 1 else ''} written down"
                if facts.triggers else "Rollback triggers written down")
    rehearsed = f"rehearsed on {facts.rehearsal_day:%a %d %b}" if facts.rehearsal_day else "rehearsed"
    lines += [f"- {rollback} before launch, the last stable version ready to restore, and the rollback {rehearsed} "
              f"and timed (target: {facts.drill_target_minutes:g} minutes)."]
    review = f" on {facts.review_day:%a %d %b}" if facts.review_day else " the day before launch"
    lines += [f"- A go/no-go review{review}: we launch only if all five of its questions pass.", "",
              "We will write again after the go/no-go review.", ""]
    signer = next((name for label, name in facts.roles[:2] if name), "")
    lines += ["Thank you,", f"{signer}, for the team" if signer else "The team"]
    return "\n".join(lines) + "\n"


def note_facts(cycle: Cycle) -> NoteFacts:
    """What the draft says about one cycle."""
    release = cycle.release
    listed = [i for i in cycle.items if i.lane != Lane.PARKED.value]
    holders = cycle.holder_names
    return NoteFacts(  # every text clipped (``cockpit.text``): a field from a foreign file may be a megabyte
        release=shown(release.name), problem=shown(release.problem, SHOWN_LONG), target=release.target_date,
        backup=release.backup_date, review_day=cycle.dated.get(MilestoneKind.GO_NO_GO.value),
        shipping=tuple(shown(i.title) for i in listed if i.lane == Lane.IN_RELEASE.value),
        cut=tuple((shown(i.title), shown(i.cut_reason)) for i in listed if i.lane == Lane.CUT.value),
        roles=tuple((label, shown((holders.get(role) or [""])[0])) for role, label in _ROLE_LINES),
        verifiers=tuple(shown(name) for name in holders.get(Role.VERIFIER.value, [])), triggers=len(cycle.triggers),
        drill_target_minutes=cycle.number("drill_target_minutes"),
        parked=tuple((shown(i.title), shown(i.cut_reason)) for i in parked_for_next_cycle(cycle)),
        tasks=tuple(NoteTask(shown(t.title), shown(t.area), shown(cycle.name(t.owner_id)), t.status == DONE)
                    for t in cycle.tasks),
        rehearsal_day=cycle.dated.get(MilestoneKind.ROLLBACK_REHEARSAL.value))


def draft_note(cycle: Cycle) -> str:
    """A fresh draft of the stakeholder note from the cycle as it is now."""
    return compose(note_facts(cycle))
