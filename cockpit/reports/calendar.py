"""The release's milestones as an iCalendar file (RFC 5545), so every owner has the dates.

Written by hand (no dependency): a VCALENDAR with one all-day VEVENT per milestone. Each event has a
UID that stays the same across exports of the same release (re-importing updates the event instead
of adding a copy), a DTSTAMP, DTSTART;VALUE=DATE and DTEND the next day. Text values are escaped
(backslash, semicolon, comma, newline) and lines are folded at 75 octets without splitting a UTF-8
character; lines end in CRLF. A pure function of a cycle's snapshot and the moment of the export.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cockpit.rules.dates import BACKUP, LAUNCH, MILESTONE_ORDER
from cockpit.snapshot import Cycle

PRODID = "-//Release Cockpit//Release Cockpit//EN"
#: who each milestone matters to most, by release role (shown in the event's description)
ROLES_FOR = {
    "scope freeze": ("scope owner", "delivery owner"),
    "rollback rehearsal": ("rollback caller", "rollback runner", "verifier", "readiness owner"),
    "go/no-go review": ("stop authority", "scope owner", "delivery owner", "readiness owner"),
    LAUNCH: ("stop authority", "rollback caller", "rollback runner", "verifier", "delivery owner"),
    BACKUP: ("scope owner", "delivery owner"),
}
WHAT = {
    "scope freeze": "Scope freezes: testing starts; adding to the release needs an override with a reason.",
    "rollback rehearsal": "Rehearse the rollback from the runbook and time it.",
    "go/no-go review": "Go/no-go review: five questions, go only when all five pass.",
    LAUNCH: "Launch (the target date). Owners on duty through day one; watch errors.",
    BACKUP: "Backup date: the one fallback date if the target slips.",
}
TITLES = {"scope freeze": "Scope freeze", "rollback rehearsal": "Rollback rehearsal",
          "go/no-go review": "Go/no-go review", LAUNCH: "Launch", BACKUP: "Backup date"}


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One all-day event."""

    uid: str
    day: dt.date
    summary: str
    description: str = ""


def escape_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon and comma escaped; every line break becomes ``\\n``."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    # Other control characters are not allowed in TEXT; they carry no meaning in a calendar.
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", value)


def fold(line: str) -> str:
    """Fold one content line at 75 octets (continuations start with a space), never inside a character."""
    out: list[str] = []
    chunk, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(chunk)
            chunk, size, limit = " ", 1, 75
        chunk += char
        size += width
    out.append(chunk)
    return "\r\n".join(out)


def ics_text(events: Iterable[CalendarEvent], *, calendar_name: str, stamp: dt.datetime) -> str:
    """A whole VCALENDAR holding ``events`` as all-day events."""
    stamp_text = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape_text(calendar_name)}"]
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{stamp_text}",
                  f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{event.day + dt.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{escape_text(event.summary)}"]
        if event.description:
            lines.append(f"DESCRIPTION:{escape_text(event.description)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def milestone_events(cycle: Cycle) -> list[CalendarEvent]:
    """The cycle's five milestones as events, in the order they happen."""
    release = cycle.release
    dated = {**cycle.dated, LAUNCH: release.target_date, BACKUP: release.backup_date}
    holders = cycle.holder_names
    # Stable across exports of this release, distinct between plans (the release's creation moment).
    created = release.created_at.replace(tzinfo=None).strftime("%Y%m%dT%H%M%S%f")
    events = []
    for key in MILESTONE_ORDER:
        day = dated.get(key)
        if day is None:
            continue
        people = [f"{role.capitalize()}: {', '.join(holders[role])}" for role in ROLES_FOR[key] if holders.get(role)]
        description = "\n".join([WHAT[key], f"Release: {release.name}",
                                 *([f"Problem: {release.problem}"] if release.problem else []), *people])
        events.append(CalendarEvent(f"{created}-{release.id}-{_slug(key)}@release-cockpit", day,
                                    f"{release.name}: {TITLES[key]}", description))
    return sorted(events, key=lambda e: e.day)


def release_calendar(cycle: Cycle, *, stamp: dt.datetime) -> str:
    """The .ics text for the cycle's milestones; ``stamp`` is the DTSTAMP (the moment of the export)."""
    return ics_text(milestone_events(cycle), calendar_name=cycle.release.name, stamp=stamp)
