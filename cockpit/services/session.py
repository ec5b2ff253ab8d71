"""The reset session: start it, move between steps, pause and resume its clock, end it; the parking lot.

The session's clock and where it stands are kept with ``core.keep_record`` (recorded, not changes to
undo: Next is not something to take back). What the room decides during the session goes through the
ordinary services, one undo step each. The parking lot's topics are ordinary changes too: jotting one
and turning topics into parked items or notes can each be undone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from cockpit import clock
from cockpit.errors import NotFound, ValidationError
from cockpit.kinds import Lane
from cockpit.rules import session as rules
from cockpit.services import validate
from cockpit.services.core import Changes, Tx, change, keep_record
from cockpit.services.scope import GAP, _end_of_lane
from cockpit.snapshot import ParkingEntry, ResetSession, ScopeItem
from cockpit.store import Plan

#: the cut reason given to an item made from a parking-lot topic (it is parked, not cut: shown as its origin)
FROM_PARKING = "Raised in the reset session's parking lot"


def _open_session(tx: Tx, release_id: int) -> ResetSession | None:
    return tx.first(ResetSession, "release_id = ? AND ended_at IS NULL", (release_id,), "started_at DESC, id DESC")


def _settled(session: ResetSession, now: dt.datetime, *, count_gap: bool = True) -> dict[str, float]:
    """The session's seconds per step with the running clock's unsaved time added to the current step
    (unless ``count_gap`` is False: the clock was not running on anyone's screen since it was saved)."""
    seconds = rules.parse_seconds(session.step_seconds)
    extra = rules.unsaved(session.clock_saved_at, now) if count_gap else 0.0
    if extra:
        seconds[session.step] = seconds.get(session.step, 0.0) + extra
    return seconds


def end_open_sessions(tx: Tx, release_id: int, now: dt.datetime) -> None:
    """End every session still open in a cycle (the next cycle starts: this one becomes read-only)."""
    for session in tx.find(ResetSession, "release_id = ? AND ended_at IS NULL", (release_id,)):
        tx.update(session, step_seconds=rules.dump_seconds(_settled(session, now)), ended_at=now,
                  clock_saved_at=None)


def start_session(plan: Plan, release_id: int, *, now: dt.datetime | None = None) -> Changes:
    """Start a reset session on the first step, its clock running. Refused while one is open (resume it)."""
    moment = now or clock.now()

    def work(tx: Tx) -> int:
        if _open_session(tx, release_id) is not None:
            raise ValidationError("A reset session is already open for this release: resume it from Session.")
        return tx.add(ResetSession(release_id=release_id, started_at=moment, step=rules.KEYS[0],
                                   step_seconds="{}", clock_saved_at=moment)).id

    return keep_record(plan, "session", work, release_id=release_id, summary="Start the reset session")


def _session(tx: Tx, session_id: int) -> ResetSession:
    session = tx.get(ResetSession, session_id, "reset session")
    if session.ended_at is not None:
        raise ValidationError("That reset session has ended; its record is kept in the retrospective.")
    return session


def set_clock(plan: Plan, session_id: int, *, running: bool, step: str | None = None,
              now: dt.datetime | None = None, count_gap: bool = True) -> Changes:
    """Save the session's clock: the time since it was last saved goes to the step on screen, then
    the session moves to ``step`` (if given) and the clock runs on or stays paused (``running``).

    Next, Back, a jump from the agenda, pause, resume and the regular save are all this one call.
    ``count_gap`` False: the clock was not running on anyone's screen since it was saved (a session
    opened after a crash and shown paused), so that time is not counted however short it was.
    """
    moment = now or clock.now()
    if step is not None and step not in rules.BY_KEY:
        raise ValidationError(f"There is no step called “{step}” in the reset session.")

    def work(tx: Tx) -> str:
        session = _session(tx, session_id)
        seconds = _settled(session, moment, count_gap=count_gap)
        tx.update(session, step_seconds=rules.dump_seconds(seconds), step=step or session.step,
                  clock_saved_at=moment if running else None)
        return step or session.step

    release_id = _release_of(plan, session_id)
    title = rules.step(step).title if step else ""
    summary = f"Reset session: {title}" if title else ("Resume the reset session" if running
                                                      else "Pause the reset session")
    return keep_record(plan, "session", work, release_id=release_id, summary=summary)


def end_session(plan: Plan, session_id: int, *, now: dt.datetime | None = None) -> Changes:
    """End the session: the last step's time is saved and the session's record is complete."""
    moment = now or clock.now()

    def work(tx: Tx) -> int:
        session = _session(tx, session_id)
        tx.update(session, step_seconds=rules.dump_seconds(_settled(session, moment)), ended_at=moment,
                  clock_saved_at=None)
        return session.id

    return keep_record(plan, "session", work, release_id=_release_of(plan, session_id),
                       summary="End the reset session")


def _release_of(plan: Plan, session_id: int) -> int:
    row = plan.raw.execute("SELECT release_id FROM reset_session WHERE id = ?", (session_id,)).fetchone()
    if row is None:
        raise NotFound("That reset session no longer exists.")
    return int(row[0])


# -- the parking lot --------------------------------------------------------------------------------

def park_topic(plan: Plan, release_id: int, text: str, *, now: dt.datetime | None = None) -> Changes:
    """Jot a topic that came up and is not for now; it waits on the session's closing step."""
    topic = validate.title(text, "topic")
    moment = now or clock.now()

    def work(tx: Tx) -> int:
        session = _open_session(tx, release_id)
        return tx.add(ParkingEntry(release_id=release_id, session_id=session.id if session else None,
                                   text=topic, added_at=moment)).id

    return change(plan, "session", "park topic", work, release_id=release_id,
                  summary=f"Park “{topic}” for later")


def _open_topics(tx: Tx, entry_ids: Sequence[int]) -> list[ParkingEntry]:
    if not entry_ids:
        raise ValidationError("Choose one or more topics of the parking lot first.")
    topics = [tx.get(ParkingEntry, entry_id, "parking-lot topic") for entry_id in dict.fromkeys(entry_ids)]
    done = [t for t in topics if t.outcome]
    if done:
        became = "a parked item" if done[0].outcome == rules.PARKED_AS_ITEM else "kept as a note"
        raise ValidationError(f"“{done[0].text}” was already dealt with ({became}).")
    return topics


def topics_to_items(plan: Plan, release_id: int, entry_ids: Sequence[int]) -> Changes:
    """Turn parking-lot topics into items in the Parked lane (next cycle's backlog), one undo step."""

    def work(tx: Tx) -> int:
        topics = _open_topics(tx, entry_ids)
        position = _end_of_lane(tx, release_id, Lane.PARKED.value)
        for topic in topics:
            if topic.release_id != release_id:
                raise NotFound("That parking-lot topic belongs to another cycle.")
            tx.add(ScopeItem(release_id=release_id, title=topic.text, lane=Lane.PARKED.value, position=position,
                             cut_reason=FROM_PARKING, added_at=clock.now()))
            tx.update(topic, outcome=rules.PARKED_AS_ITEM)
            position += GAP
        return len(topics)

    return change(plan, "scope", "park items", work, release_id=release_id,
                  summary=lambda n: f"Park {n} topic{'s' if n != 1 else ''} of the parking lot as items")


def topics_to_notes(plan: Plan, release_id: int, entry_ids: Sequence[int]) -> Changes:
    """Keep parking-lot topics as notes: they stay in the session's record (the retrospective shows them)."""

    def work(tx: Tx) -> int:
        topics = _open_topics(tx, entry_ids)
        for topic in topics:
            tx.update(topic, outcome=rules.KEPT_AS_NOTE)
        return len(topics)

    return change(plan, "session", "keep notes", work, release_id=release_id,
                  summary=lambda n: f"Keep {n} topic{'s' if n != 1 else ''} of the parking lot as notes")
