"""The brief as Markdown, for mail and chat (no Qt).

Same content and order as the printed page. Every user string is escaped, so a title such as
``<img src=x>`` or ``**x**`` shows as typed instead of turning into markup.
"""

from __future__ import annotations

import re

from cockpit.reports.brief import Brief, Entry, Listing

#: list lines the Markdown keeps in all (a chat message, not a database dump)
BUDGET = 60
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape(text: str) -> str:
    """Backslash-escape what Markdown (and the HTML it allows) would interpret, on one line.

    Every escaped string is placed after a fixed prefix ("- ", "# ", a label), so line-start
    syntax (headings, lists) cannot arise; newlines are folded into spaces.
    """
    text = _SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    return " ".join(text.split())


def _owner(entry: Entry) -> str:
    """" (owner: Tom Okafor)", or who is missing: nobody yet while unfinished, nobody named once done."""
    if entry.detail:
        return f" (owner: {escape(entry.detail)})"
    return " (owner: nobody named)" if entry.mark == "done" else " (owner: nobody yet)"


def _listing(listing: Listing, with_mark: bool = False) -> list[str]:
    lines = [f"## {listing.title}", "", f"_{escape(listing.summary)}_", ""]
    if not listing.total:
        return [*lines, listing.empty, ""]
    for entry in listing.entries:
        detail = f": {escape(entry.detail)}" if entry.detail else ""
        if listing.key in ("items", "tasks"):
            detail = _owner(entry)
        what = f" — {escape(entry.what)}" if entry.what else ""
        mark = f" [{entry.mark}]" if with_mark and entry.mark else ""
        lines.append(f"- {escape(entry.text)}{what}{detail}{mark}")
    if listing.more:
        lines.append(f"- {listing.more_text}")
    return [*lines, ""]


def brief_markdown(brief: Brief, budget: int | None = BUDGET) -> str:
    """The brief as Markdown; lists longer than ``budget`` lines in all are summarised (``Brief.trimmed``:
    readiness tasks and parked items yield first)."""
    b = brief.trimmed(budget)
    out = [f"# {escape(b.release)}", ""]
    if b.problem.strip():
        out += [f"**The problem:** {escape(b.problem)}", ""]
    out += ["## Dates", ""]
    out += [f"- {label}: {day:%a %d %b %Y}" if day else f"- {label}: not set" for label, day in b.dates]
    out += ["", "## Owners", ""]
    out += [f"- {label}: {escape(names) if names else 'nobody yet'}" for label, names in b.roles]
    out += [""]
    out += _listing(b.items, with_mark=True)
    out += _listing(b.unowned)
    out += _listing(b.tasks, with_mark=True)
    out += _listing(b.cut)
    if b.parked.total:  # as on the page: an empty Parked lane says nothing worth a heading
        out += _listing(b.parked)
    out += _listing(b.triggers)
    out += [f"Rollback caller: {escape(b.caller) or 'nobody yet'} · runner: {escape(b.runner) or 'nobody yet'} · "
            f"last drill: {b.last_drill}", "", "## Go/no-go", ""]
    out += [f"- {'✓' if passed else '✗'} {label}: {escape(evidence)}" for label, passed, evidence in b.gonogo.answers]
    who = escape(b.gonogo.stop_authority) if b.gonogo.stop_authority else "nobody named"
    out += ["", f"**Verdict: {b.gonogo.verdict.upper()}** · stop authority: {who} · {b.gonogo.last_review}", "",
            f"_Cycle {b.cycle} · phase {b.phase} · " + (f"{escape(b.session)} · " if b.session else "")
            + f"printed {b.printed_on:%a %d %b %Y}"
            + (f" from {escape(b.source)}" if b.source else "") + "_", ""]
    return "\n".join(out)
