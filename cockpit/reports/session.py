"""The reset session's facts: its record (for the session panel, the retrospective and the brief) and
what is still open in each step.

"Still open" is not a second copy of any rule: each step lists what the view it needs already says,
from the same report — the Overview's statement check and date lines, the board's candidates, fit and
rescue warnings, the ownership matrix's warnings, the rollback checklist's missing lines, the
timeline's warnings, and the go/no-go questions that do not pass yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from cockpit.kinds import Lane
from cockpit.reports.board import board_frame, board_lanes, candidates_warning, unsafe_warning
from cockpit.reports.overview import Attention, overview
from cockpit.rules import session as rules
from cockpit.snapshot import ChangeLogEntry, Cycle, ParkingEntry, ResetSession
from cockpit.text import shown

#: checklist lines the room does not have to settle in the session (a drill can wait for week 3)
NOT_IN_THE_ROOM = frozenset({"rehearsed", "quick"})


@dataclass(frozen=True)
class StepTime:
    """Time spent on one step against its timebox, in seconds."""

    key: str
    title: str
    spent: float
    timebox: float

    @property
    def over(self) -> bool:
        """Did the step take longer than its timebox?"""
        return self.spent > self.timebox


@dataclass(frozen=True)
class SessionRecord:
    """One reset session as the plan records it (the saved clock: no time is added for "now")."""

    id: int
    started_at: dt.datetime
    ended_at: dt.datetime | None
    #: the step on screen (or the last one, once ended)
    step: str
    steps: tuple[StepTime, ...]
    #: the moment the running clock was last saved (None: paused or ended)
    clock_saved_at: dt.datetime | None
    #: topics of its parking lot: still open, made parked items, kept as notes
    open_topics: tuple[ParkingEntry, ...] = ()
    parked_items: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ended(self) -> bool:
        """Has the session ended?"""
        return self.ended_at is not None

    @property
    def total(self) -> float:
        """Seconds spent on the steps (pauses not counted)."""
        return sum(s.spent for s in self.steps)

    @property
    def skipped(self) -> tuple[str, ...]:
        """Titles of the steps the session spent no time on (``rules.session.skipped``)."""
        seconds = {s.key: s.spent for s in self.steps}
        return tuple(rules.step(key).title for key in rules.skipped(seconds))

    def spent(self, key: str) -> StepTime:
        """The time of step ``key``."""
        return next(s for s in self.steps if s.key == key)

    def line(self) -> str:
        """"Reset session 1 December, 2 h 40 min": the brief's line (the brief is often printed on the
        Close step, before the session ends: the time is what the steps took until then)."""
        day = self.started_at.astimezone()
        return f"Reset session {day.day} {day:%B}, {rules.duration_text(self.total)}"


def describe(rec: SessionRecord) -> tuple[str, ...]:
    """The record in plain lines, as the retrospective shows it."""
    start = rec.started_at.astimezone()
    when = f"{start:%a} {start.day} {start:%B %H:%M}"
    if rec.ended_at is not None:
        when += f"–{rec.ended_at.astimezone():%H:%M}"
        head = f"Reset session {when}: {rules.duration_text(rec.total)} on the steps."
    else:
        head = (f"Reset session {when}, not ended: {rules.duration_text(rec.total)} on the steps so far "
                f"(now at {rules.step(rec.step).title if rec.step in rules.BY_KEY else rec.step}).")
    steps = " · ".join(f"{s.title} {rules.duration_text(s.spent)}{' (over ' if s.over else ' (of '}"
                       f"{rules.duration_text(s.timebox)})" for s in rec.steps if rules.visited(s.spent))
    lines = [head]
    if steps:
        lines.append(steps)
    if rec.skipped:
        lines.append("Skipped: " + ", ".join(rec.skipped) + ".")
    if rec.parked_items:
        lines.append("Parking lot, now parked items: " + "; ".join(map(shown, rec.parked_items)) + ".")
    if rec.notes:
        lines.append("Parking lot, kept as notes: " + "; ".join(map(shown, rec.notes)) + ".")
    if rec.open_topics:
        lines.append("Parking lot, not dealt with: " + "; ".join(shown(p.text) for p in rec.open_topics) + ".")
    return tuple(lines)


def timebox(cycle: Cycle, key: str) -> float:
    """The plan's timebox of step ``key``, in seconds."""
    return rules.timebox_seconds(cycle.number(rules.step(key).timebox_key))


def record(cycle: Cycle, session: ResetSession) -> SessionRecord:
    """The record of ``session`` (one of ``cycle.sessions``)."""
    seconds = rules.parse_seconds(session.step_seconds)
    steps = tuple(StepTime(s.key, s.title, seconds.get(s.key, 0.0), timebox(cycle, s.key)) for s in rules.STEPS)
    topics = [p for p in cycle.parking if p.session_id == session.id]
    return SessionRecord(
        session.id, session.started_at, session.ended_at, session.step, steps, session.clock_saved_at,
        open_topics=tuple(p for p in topics if not p.outcome),
        parked_items=tuple(p.text for p in topics if p.outcome == rules.PARKED_AS_ITEM),
        notes=tuple(p.text for p in topics if p.outcome == rules.KEPT_AS_NOTE))


def records(cycle: Cycle) -> tuple[SessionRecord, ...]:
    """Every reset session of the cycle, oldest first."""
    return tuple(record(cycle, s) for s in cycle.sessions)


def open_session(cycle: Cycle) -> SessionRecord | None:
    """The session under way (started and not ended), if any: the newest such."""
    under_way = [s for s in cycle.sessions if s.ended_at is None]
    return record(cycle, under_way[-1]) if under_way else None


def brief_line(cycle: Cycle) -> str | None:
    """The brief's one line about the newest reset session of the cycle, or None when there was none."""
    return record(cycle, cycle.sessions[-1]).line() if cycle.sessions else None


def open_topics(cycle: Cycle) -> tuple[ParkingEntry, ...]:
    """Parking-lot topics of the cycle not dealt with yet, oldest first."""
    return tuple(p for p in cycle.parking if not p.outcome)


def still_open(cycle: Cycle, key: str, today: dt.date,
               log: Iterable[ChangeLogEntry] | None = None) -> tuple[Attention, ...]:
    """What is still open in step ``key``: the lines the step's view shows about it, each with the view
    (section) and the thing there that settles it. ``log``: the plan's whole change log, as the timeline
    view reads it (plan-wide changes count in plan stability)."""
    # The other views' reports load when a step asks, not when the Overview shows the session's line
    # at start-up (the Overview already has its own and the board's).
    from cockpit.reports.gonogo import go_no_go
    from cockpit.reports.owners import ownership
    from cockpit.reports.readiness import rollback_readiness
    from cockpit.reports.timeline import timeline

    match key:
        case "problem":
            facts = overview(cycle, today)
            lines = [Attention(p, "overview", "problem") for p in facts.statement.problems]
            return tuple(lines + [a for a in facts.attention if a.section == "overview"])
        case "scope":
            lanes = board_lanes(cycle.items)
            facts_in = lanes[Lane.IN_RELEASE.value].facts
            out = []
            if not lanes[Lane.IN_RELEASE.value].items:
                out.append(Attention("Nothing is in the release yet: add the items the room calls out.", "scope", ""))
            if (candidates := candidates_warning(facts_in)) is not None:
                out.append(Attention(candidates, "scope", "candidates"))
            fit = board_frame(cycle).fit_days([facts_in.open_days], today)
            if not fit.fits:
                out.append(Attention(fit.message(), "scope", "fit"))
            if (unsafe := unsafe_warning(facts_in)) is not None:
                out.append(Attention(unsafe, "scope", ""))
            return tuple(out)
        case "names":
            return tuple(Attention(text, "owners", "") for text in ownership(cycle, today).warnings())
        case "rollback":
            return tuple(Attention(f"{item.label}: {item.detail}", "rollback", item.key)
                         for item in rollback_readiness(cycle).missing if item.key not in NOT_IN_THE_ROOM)
        case "weeks":
            return tuple(Attention(text, "timeline", "") for text in timeline(cycle, today, log).warnings)
        case "close":
            out = [Attention(f"{a.label}: {a.evidence}", a.fix_section or "gonogo", a.key)
                   for a in go_no_go(cycle).answers if not a.passed]
            if topics := open_topics(cycle):
                n = len(topics)
                out.append(Attention(f"{n} topic{'s' if n != 1 else ''} in the parking lot: make "
                                     f"{'them' if n != 1 else 'it'} parked items or keep "
                                     f"{'them' if n != 1 else 'it'} as notes.", "session", "parking"))
            return tuple(out)
    raise KeyError(key)
