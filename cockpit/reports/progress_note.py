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
from cockpit.rules.progress import planned_by_morning, progress
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
    """The facts of week ``week`` (1-based) as of ``today``; ``ValueError`` for a week not started yet.

    Planned and done are the burn-up's (``rules.progress``), read at the check-ins that recorded days done:
    "to date" at the latest such check-in in the week (the one the behind warning reads); "this week" is
    that less the last record before the week (nothing before week 1: zero). A week with no recorded days
    says "not recorded" rather than mixing in items marked done since.
    """
    release = cycle.release
    if week > week_of(cycle, today):
        raise ValueError(f"week {week} has not started yet (this is week {week_of(cycle, today)})")
    first = release.start_date + dt.timedelta(days=7 * (week - 1))
    last = first + dt.timedelta(days=6)
    as_of_day = min(today, last + dt.timedelta(days=1))
    facts = progress(cycle, as_of_day)
    records = [(d.day, d.done) for d in facts.days if d.done is not None and d.day <= as_of_day]
    inside = [(day, done) for day, done in records if first < day <= last + dt.timedelta(days=1)]
    earlier = [(day, done) for day, done in records if day <= first]
    end_day = inside[-1][0] if inside else None
    planned_end = planned_by_morning(release.start_date, release.target_date, facts.scope_days,
                                     end_day or as_of_day)
    planned_start = planned_by_morning(release.start_date, release.target_date, facts.scope_days, first)
    done_end = inside[-1][1] if inside else None
    done_start = earlier[-1][1] if earlier else (0.0 if week == 1 else None)
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
        planned_to_date=planned_end, done_to_date=done_end, as_of=end_day, behind=facts.warning,
        shipped=shipped, blockers=blockers, changes=changes, next_goal=goal, target=release.target_date,
        sent_on=edited.sent_on if edited else None, edited=edited.body if edited else "")


def _pair(done: float | None, planned: float) -> str:
    if done is None:
        return f"{_days(planned)} planned; the days done were not recorded at a check-in"
    return f"{_days(done)} done of {_days(planned)} planned"


def _days(value: float | None) -> str:
    return "not recorded" if value is None else f"{value:g} day{'' if value == 1 else 's'}"


#: a change-log summary of an item added (``services.scope.add_item``): many a week, so they share a line
_ADDED = "Add “"
ADDED_LISTED = 5
#: other changes listed one a line before the rest are counted
CHANGES_LISTED = 12


def _changes(changes: tuple[tuple[dt.datetime, str], ...]) -> list[str]:
    """The week's changes: the items added on one line (titles, then how many more), then each other change
    on its own line with its day (a cut carries its reason, a moved finish line its reason)."""
    added = [text[len(_ADDED):].rstrip("”") for _, text in changes if text.startswith(_ADDED)]
    lines = []
    if added:
        more = len(added) - ADDED_LISTED
        titles = ", ".join(shown(t) for t in added[:ADDED_LISTED]) + (f" and {more} more" if more > 0 else "")
        lines.append(f"- {len(added)} item{'s' if len(added) != 1 else ''} added: {titles}.")
    others = [f"- {at.astimezone():%a %d %b}: {shown(text)}" for at, text in changes if not text.startswith(_ADDED)]
    if len(others) > CHANGES_LISTED:  # a busy reset week: the note stays one page, the plan has them all
        rest = len(others) - CHANGES_LISTED + 1
        others = [*others[:CHANGES_LISTED - 1], f"- and {rest} more changes (the plan's change log has each one)"]
    return lines + others


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
    lines += [f"Next week's goal: {facts.next_goal}", ""]
    lines += ["Planned vs done" + when,
              f"- This week: {_pair(facts.done_week, facts.planned_week)}.",
              f"- To date: {_pair(facts.done_to_date, facts.planned_to_date)}.", ""]
    lines.append("What shipped this week")
    lines += [f"- {day:%a %d %b}: {shown(text)}" for day, text in facts.shipped] or \
        ["- Nothing was recorded as shipped at this week's check-ins."]
    lines += ["", "Blockers and who is clearing them"]
    lines += [f"- {shown(text)}: {shown(who)}, " + (f"cleared {cleared:%a %d %b}" if cleared else "still open")
              for text, who, cleared in facts.blockers] or ["- No blocker was raised this week."]
    lines += ["", "Changes to scope and dates"]
    lines += _changes(facts.changes) or ["- None: the plan held this week."]
    lines += ["", "Questions are welcome; the plan and every number above come from the same file.", ""]
    return "\n".join(lines)


def note_text(facts: ProgressFacts) -> str:
    """The note as it stands: the team's edit, else the draft."""
    return facts.edited or draft(facts)
