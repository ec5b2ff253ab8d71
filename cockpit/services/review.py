"""Go/no-go reviews, the stakeholder note, retrospective entries and plan settings."""

from __future__ import annotations

import json
from typing import Any

from cockpit import clock
from cockpit.errors import ValidationError
from cockpit.kinds import RetroKind
from cockpit.rules import thresholds
from cockpit.services import validate
from cockpit.services.core import Changes, Tx, change
from cockpit.services.records import Cleaners, add_row, delete_row, edit_row
from cockpit.snapshot import GoNoGoReview, RemediationNote, RetroEntry, Setting, StakeholderNote
from cockpit.store import Plan


def _whys(tx: Tx, value: Any) -> str:
    """Up to five whys, given as a list of text (or one text, or a JSON list as text)."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip().startswith("[") else [value]
        except ValueError:
            raise ValidationError("The whys must be a list of sentences.") from None
    if not isinstance(value, (list, tuple)):
        raise ValidationError("The whys must be a list of sentences.")
    whys = [validate.text(v, "why", limit=500) for v in value]
    if len(whys) > 5:
        raise ValidationError("Five whys at most: stop at the root cause.")
    return json.dumps(whys)


RETRO_FIELDS: Cleaners = {
    "kind": lambda tx, v: validate.choice(v, RetroKind, "retrospective entry"),
    "problem": lambda tx, v: validate.text(v, "problem", limit=1000),
    "whys": _whys,
    "root_cause": lambda tx, v: validate.text(v, "root cause", limit=1000),
    "action": lambda tx, v: validate.text(v, "action", limit=1000),
    "action_owner_id": validate.owner,
}


def save_review(plan: Plan, release_id: int, verdict: str, answers: list[dict[str, Any]],
                stop_authority: str = "") -> Changes:
    """Keep one go/no-go review (verdict and evidence) with its time."""
    if verdict not in ("go", "no-go"):
        raise ValidationError("The verdict is either go or no-go.")

    def work(tx: Tx) -> int:
        return tx.add(GoNoGoReview(release_id=release_id, reviewed_at=clock.now(), verdict=verdict,
                                   stop_authority=stop_authority, answers=json.dumps(answers))).id

    return change(plan, "readiness", "go/no-go review", work, release_id=release_id,
                  summary=f"Go/no-go review: {verdict.upper()}")


def _note(tx: Tx, release_id: int) -> StakeholderNote:
    note = tx.first(StakeholderNote, "release_id = ?", (release_id,))
    return note or tx.add(StakeholderNote(release_id=release_id))


def set_note(plan: Plan, release_id: int, body: str) -> Changes:
    """Replace the text of the release's stakeholder note."""
    text = validate.text(body, "stakeholder note", limit=50_000)

    def work(tx: Tx) -> None:
        tx.update(_note(tx, release_id), body=text)

    return change(plan, "note", "edit note", work, release_id=release_id, summary="Edit the stakeholder note")


def set_remediation(plan: Plan, release_id: int, body: str) -> Changes:
    """Keep the remediation note as the team wrote it; empty text goes back to the app's draft."""
    text = validate.text(body, "remediation note", limit=50_000)

    def work(tx: Tx) -> None:
        note = tx.first(RemediationNote, "release_id = ?", (release_id,))
        if not text:
            if note is not None:
                tx.delete(note)
        elif note is None:
            tx.add(RemediationNote(release_id=release_id, body=text))
        elif note.body != text:
            tx.update(note, body=text)

    return change(plan, "retro", "edit remediation note", work, release_id=release_id,
                  summary="Edit the remediation note" if text else "Remediation note back to the draft")


def mark_note_sent(plan: Plan, release_id: int, on: Any = None) -> Changes:
    """Record that the stakeholders were told what was cut and why (None clears it)."""
    when = None if on is None else validate.day(on, "date sent")

    def work(tx: Tx) -> None:
        note = _note(tx, release_id)
        if when is not None and not note.body.strip():
            raise ValidationError("Write the stakeholder note before marking it sent.")
        tx.update(note, sent_on=when)

    return change(plan, "note", "mark note sent", work, release_id=release_id,
                  summary=f"Stakeholder note sent {when:%a %d %b}" if when else "Stakeholder note not sent")


def add_retro_entry(plan: Plan, release_id: int, **fields: Any) -> Changes:
    """Add a retro entry (what happened, its category, the action and its owner)."""
    return add_row(plan, RetroEntry, release_id, "retro", "retrospective entry", RETRO_FIELDS, fields,
                   str(fields.get("problem") or fields.get("kind") or "entry"))


def update_retro_entry(plan: Plan, entry_id: int, **fields: Any) -> Changes:
    """Edit a retro entry's fields, each checked first."""
    return edit_row(plan, RetroEntry, entry_id, "retro", "retrospective entry", RETRO_FIELDS, fields)


def delete_retro_entry(plan: Plan, entry_id: int) -> Changes:
    """Delete a retro entry."""
    return delete_row(plan, RetroEntry, entry_id, "retro", "retrospective entry")


def clean_setting(key: str, value: Any) -> str:
    """The text to store for one of the plan's rules, or ``ValidationError`` naming the problem."""
    threshold = thresholds.BY_KEY.get(key)
    if threshold is None:
        raise ValidationError(f"“{key}” is not a setting.")
    what = threshold.name
    if threshold.kind == "text":
        text = validate.text(value, what, required=True, limit=4000)
        if threshold.key == "team_labels":  # one per line or comma-separated: stored comma-separated
            return ", ".join(label.strip() for label in text.replace("\n", ",").split(",") if label.strip())
        return text
    number = validate.number(value, what, low=threshold.low, high=threshold.high)
    assert number is not None
    if threshold.kind == "whole":
        if number != int(number):
            raise ValidationError(f"The {what} must be a whole number, not {number:g}.")
        return str(int(number))
    return format(number + 0.0, ".15g")  # every digit typed (up to 15); -0 is 0


def set_settings(plan: Plan, values: dict[str, Any]) -> Changes:
    """Change some of the plan's rules (``cockpit.rules.thresholds``) in one step; all or nothing."""
    if not values:
        raise ValidationError("No setting to change.")
    cleaned = {key: clean_setting(key, value) for key, value in values.items()}

    def work(tx: Tx) -> None:
        for key, text in cleaned.items():
            row = tx.first(Setting, "key = ?", (key,), "key")
            if row is None:
                tx.add(Setting(key=key, value=text))
            elif row.value != text:
                tx.update(row, value=text)

    if len(cleaned) == 1:
        key, text = next(iter(cleaned.items()))
        rule = thresholds.BY_KEY[key]
        shown = f"{text} {rule.unit}".rstrip() if rule.kind != "text" else "changed"
        summary = f"{rule.name[0].upper()}{rule.name[1:]}: {shown}"
    else:
        summary = f"Plan rules: {len(cleaned)} settings changed"
    return change(plan, "settings", "change setting", work, release_id=None, summary=summary)


def set_setting(plan: Plan, key: str, value: Any) -> Changes:
    """Change one of the plan's rules (see ``cockpit.rules.thresholds``)."""
    return set_settings(plan, {key: value})
