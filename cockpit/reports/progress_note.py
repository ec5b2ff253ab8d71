"""The weekly progress note (issue 21), drafted from the check-ins and the plan, a pure function of the
snapshot. Plain, blame-free voice; the team edits it (``ProgressNote``) and marks it sent.

For week N of the cycle (week 1 starts on the release's start date):

* planned vs done this week and to date, from the burn-up (``rules.progress``): the same numbers and
  the same "behind plan" warning the timeline shows, as of the morning after the week (or today);
* what shipped: each check-in's "shipped yesterday" in the week, one line each (the small increments);
* blockers raised in the week and who is clearing them (cleared, or still open);
* changes to scope and dates in the week, as the change log says them (a cut carries its reason, a moved
  finish line its reason);
* the next week's goal (DOMAIN.md "Four-week timeline").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cockpit.reports.timeline import WEEK_GOALS
from cockpit.rules.progress import progress
from cockpit.snapshot import Cycle
from cockpit.text import shown

#: the change-log areas a stakeholder hears about: what is in the release, and when it lands
NOTE_AREAS = ("scope", "dates")
AFTER_WEEK_FOUR = "Launch, watch errors with the owners on duty, then the retrospective."


@dataclass(frozen=True)
class ProgressFacts:
    """Everything one week's note says, as plain values."""

    release: str
    week: int
    first: dt.date
    last: dt.date
    planned_week: float
    done_week: float | None
    planned_to_date: float
    done_to_date: float | None
    #: the morning the "to date" numbers are read (the latest check-in that recorded days done), if any
    as_of: dt.date | None
    behind: str | None
    shipped: tuple[tuple[dt.date, str], ...]
    blockers: tuple[tuple[str, str, dt.date | None], ...]
    changes: tuple[tuple[dt.datetime, str], ...]
    next_goal: str
    target: dt.date
    sent_on: dt.date | None = None
    #: the note as the team edited it ("" : the draft stands)
    edited: str = ""


def weeks_of(cycle: Cycle) -> int:
    """How many weeks the note can be written for: the cycle's weeks up to its backup date."""
    release = cycle.release
    return max(1, (release.backup_date - release.start_date).days // 7 + 1)


def week_of(cycle: Cycle, today: dt.date) -> int:
    """The week of the cycle ``today`` falls in (1 before the start; the last one after the end)."""
    release = cycle.release
    return min(weeks_of(cycle), max(1, (today - release.start_date).days // 7 + 1))


def progress_facts(cycle: Cycle, week: int, today: dt.date) -> ProgressFacts:
    """The facts of week ``week`` (1-based) as of ``today`` (never later than the morning after the week)."""
    release = cycle.release
    first = release.start_date + dt.timedelta(days=7 * (week - 1))
    last = first + dt.timedelta(days=6)
    as_of = min(today, last + dt.timedelta(days=1))
    facts = progress(cycle, as_of)
    before = progress(cycle, first) if week > 1 else None
    by_week = {w.week: w for w in facts.weeks}
    this = by_week.get(week)
    # "To date" is as of the latest record (the check-in the burn-up and its warning read), so the
    # numbers agree with the warning; a week that is over ends at its last planned day.
    planned_end = facts.planned_then if facts.as_of is not None else (this.planned if this else 0.0)
    planned_start = before.planned_then if before else 0.0
    done_end = facts.done_then
    done_start = before.done_then if before else 0.0
    done_week = None if done_end is None or done_start is None else round(done_end - done_start, 2)
    shipped = tuple((c.day, c.shipped.strip()) for c in cycle.check_ins
                    if first <= c.day <= last and c.day <= today and c.shipped.strip())
    blockers = tuple((b.text, cycle.name(b.remover_id, "nobody named"), b.cleared_on) for b in cycle.blockers
                     if first <= b.raised_on <= last and b.raised_on <= today)
    changes = tuple((e.at, e.summary) for e in cycle.changes
                    if e.area in NOTE_AREAS and first <= e.at.astimezone().date() <= last)
    goal = WEEK_GOALS[week] if week < len(WEEK_GOALS) else AFTER_WEEK_FOUR
    edited = next((n for n in cycle.progress_notes if n.week == week), None)
    return ProgressFacts(
        release=release.name, week=week, first=first, last=last,
        planned_week=round(planned_end - planned_start, 2), done_week=done_week,
        planned_to_date=planned_end, done_to_date=done_end, as_of=facts.as_of, behind=facts.warning,
        shipped=shipped, blockers=blockers, changes=changes, next_goal=goal, target=release.target_date,
        sent_on=edited.sent_on if edited else None, edited=edited.body if edited else "")


def _days(value: float | None) -> str:
    return "not recorded yet" if value is None else f"{value:g} day{'' if value == 1 else 's'}"


#: a change-log summary of an item added (``services.scope.add_item``): many a week, so they share a line
_ADDED = "Add “"
ADDED_LISTED = 5


def _changes(changes: tuple[tuple[dt.datetime, str], ...]) -> list[str]:
    """The week's changes: the items added on one line (titles, then how many more), then each other change
    on its own line with its day (a cut carries its reason, a moved finish line its reason)."""
    added = [text[len(_ADDED):].rstrip("”") for _, text in changes if text.startswith(_ADDED)]
    lines = []
    if added:
        more = len(added) - ADDED_LISTED
        titles = ", ".join(shown(t) for t in added[:ADDED_LISTED]) + (f" and {more} more" if more > 0 else "")
        lines.append(f"- {len(added)} item{'s' if len(added) != 1 else ''} added: {titles}.")
    lines += [f"- {at.astimezone():%a %d %b}: {shown(text)}" for at, text in changes if not text.startswith(_ADDED)]
    return lines


def draft(facts: ProgressFacts) -> str:
    """The week's note as the app drafts it: plain text, one page."""
    lines = [f"Subject: {shown(facts.release)}: week {facts.week} progress "
             f"({facts.first:%a %d %b} – {facts.last:%a %d %b})", "", "Hello,", "",
             f"Here is where the release stands at the end of week {facts.week}. The target is still "
             f"{facts.target:%A %d %B}." if facts.behind is None else
             f"Here is where the release stands at the end of week {facts.week}. We are behind the plan, "
             f"and we say so now rather than later.", ""]
    if facts.behind:
        lines += [f"BEHIND PLAN: {facts.behind}", ""]
    when = f" (as of {facts.as_of:%a %d %b})" if facts.as_of else ""
    lines += ["Planned vs done" + when,
              f"- This week: {_days(facts.done_week)} done of {_days(facts.planned_week)} planned.",
              f"- To date: {_days(facts.done_to_date)} done of {_days(facts.planned_to_date)} planned.", ""]
    lines.append("What shipped this week")
    lines += [f"- {day:%a %d %b}: {shown(text)}" for day, text in facts.shipped] or \
        ["- Nothing was recorded as shipped at this week's check-ins."]
    lines += ["", "Blockers and who is clearing them"]
    lines += [f"- {shown(text)}: {shown(who)}, " + (f"cleared {cleared:%a %d %b}" if cleared else "still open")
              for text, who, cleared in facts.blockers] or ["- No blocker was raised this week."]
    lines += ["", "Changes to scope and dates"]
    lines += _changes(facts.changes) or ["- None: the plan held this week."]
    lines += ["", f"Next week's goal: {facts.next_goal}", "",
              "Questions are welcome; the plan and every number above come from the same file.", ""]
    return "\n".join(lines)


def note_text(facts: ProgressFacts) -> str:
    """The note as it stands: the team's edit, else the draft."""
    return facts.edited or draft(facts)
