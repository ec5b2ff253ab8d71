"""The weekly progress note: keep the team's edit of a week's draft, and when it was sent."""

from __future__ import annotations

from typing import Any

from cockpit.errors import ValidationError
from cockpit.services import validate
from cockpit.services.core import Changes, Tx, change
from cockpit.snapshot import ProgressNote
from cockpit.store import Plan


def _week(value: Any) -> int:
    week = validate.number(value, "week", low=1, high=52)
    assert week is not None
    if week != int(week):
        raise ValidationError("The week must be a whole number (1 for the first week of the cycle).")
    return int(week)


def set_progress_note(plan: Plan, release_id: int, week: Any, body: str) -> Changes:
    """Keep the week's note as the team wrote it; empty text (and not sent) goes back to the app's draft."""
    number = _week(week)
    text = validate.text(body, "progress note", limit=50_000)

    def work(tx: Tx) -> None:
        note = tx.first(ProgressNote, "release_id = ? AND week = ?", (release_id, number))
        if note is None:
            if text:
                tx.add(ProgressNote(release_id=release_id, week=number, body=text))
        elif not text and note.sent_on is None:
            tx.delete(note)
        elif note.body != text:
            tx.update(note, body=text)

    return change(plan, "note", "edit progress note", work, release_id=release_id,
                  summary=f"Edit the progress note of week {number}")


def mark_progress_sent(plan: Plan, release_id: int, week: Any, on: Any, body: str) -> Changes:
    """Record that the week's note (``body``: the text as sent) went out on ``on``; None clears the date."""
    number = _week(week)
    when = None if on is None else validate.day(on, "date sent")
    text = validate.text(body, "progress note", limit=50_000)
    if when is not None and not text:
        raise ValidationError("Write the progress note before marking it sent.")

    def work(tx: Tx) -> None:
        note = tx.first(ProgressNote, "release_id = ? AND week = ?", (release_id, number))
        if note is None:
            tx.add(ProgressNote(release_id=release_id, week=number, body=text, sent_on=when))
        else:
            tx.update(note, body=text or note.body, sent_on=when)

    summary = f"Progress note of week {number} sent {when:%a %d %b}" if when else \
        f"Progress note of week {number} not sent"
    return change(plan, "note", "mark progress note sent", work, release_id=release_id, summary=summary)
