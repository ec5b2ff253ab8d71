"""The remediation note for a release that went wrong: own the miss, name the remedy and the plan.

Blame-free: no person is named for what went wrong; names appear only on the actions they own.
A pure function of the cycle's snapshot (and its retrospective, when already at hand).
"""

from __future__ import annotations

from cockpit.kinds import Outcome, Role
from cockpit.reports.retro import Retro, retro
from cockpit.snapshot import Cycle


def draft_remediation(cycle: Cycle, facts: Retro | None = None) -> str:
    """The note as the app drafts it from the plan.

    Args:
        cycle: the snapshot of the cycle the note is about.
        facts: the cycle's retrospective, if already read (``retro(cycle)`` otherwise).

    Returns:
        The note's text, ending with a newline.
    """
    facts = facts if facts is not None else retro(cycle)
    roles = {a.role: cycle.name(a.person_id, "?") for a in cycle.roles if a.role != Role.VERIFIER.value}
    lines = [f"Subject: {facts.name}: what happened and what we are changing", ""]
    lines += _what_happened(facts)
    lines += ["", "What we learned"]
    patterns = _patterns(facts)
    lines += [f"- {p}" for p in patterns] or ["- We are still looking for the pattern; the retrospective is open."]
    lines += ["", "What we are changing"]
    actions = [w for w in facts.worksheets if w.action]
    for sheet in actions:
        owner = f" (owner: {sheet.action_owner})" if sheet.action_owner else " (owner to be named)"
        cause = f" Root cause: {sheet.root_cause}." if sheet.root_cause else ""
        lines.append(f"- {sheet.action}{owner}.{cause}")
    if not actions:
        lines.append("- Actions come out of the five-whys worksheets; each will have one named owner.")
    lines += ["", "The plan", "- One release at a time, cut to one job a customer can finish end to end.",
              "- A four-week cycle with one target date and one backup date, and a go/no-go the day before.",
              "- Rollback triggers written before launch, and a rollback drill timed in the week before."]
    owners = [f"{role}: {roles[role]}" for role in (Role.SCOPE_OWNER.value, Role.DELIVERY_OWNER.value,
                                                    Role.READINESS_OWNER.value, Role.STOP_AUTHORITY.value)
              if role in roles]
    if owners:
        lines.append("- Who owns what: " + "; ".join(owners) + ".")
    if facts.outcome in (Outcome.ROLLED_BACK.value, Outcome.SLIPPED.value):
        lines += ["", "We own this miss. You will hear from us at each milestone of the next cycle."]
    else:
        lines += ["", "You will hear from us at each milestone of the next cycle."]
    return "\n".join(lines) + "\n"


def _what_happened(facts: Retro) -> list[str]:
    target = f"{facts.target:%A %d %B}"
    if facts.outcome == Outcome.ROLLED_BACK.value:
        when = f" on {facts.outcome_date:%A %d %B}" if facts.outcome_date else ""
        why = f" when “{facts.trigger}” fired" if facts.trigger else ""
        took = f"; users were back on the stable version in {facts.restore_minutes:g} minutes" \
            if facts.restore_minutes is not None else ""
        return [f"We shipped {facts.name} and rolled it back{when}{why}{took}. That is on us, not on you."]
    if facts.outcome == Outcome.SLIPPED.value:
        new = f" to {facts.outcome_date:%A %d %B}" if facts.outcome_date else ""
        return [f"We missed the date we gave you for {facts.name} ({target}); it has moved{new}. "
                "That is our miss, and we are not going to explain it away."]
    if facts.outcome == Outcome.SHIPPED.value:
        return [f"{facts.name} shipped" + (f" on {facts.outcome_date:%A %d %B}" if facts.outcome_date else "")
                + f" against a target of {target}."]
    return [f"{facts.name} has no recorded outcome yet (target {target})."]


def _patterns(facts: Retro) -> list[str]:
    found = []
    for group in facts.recurring:
        found.append(f"The same blocker came back {len(group)} times (“{group[0].text}”): it is part of how we "
                     "work, not bad luck, and we are fixing the system.")
    if facts.moves:
        found.append(f"We moved the finish line {len(facts.moves)} time{'s' if len(facts.moves) != 1 else ''}.")
    if facts.growth:
        found.append(f"{len(facts.growth)} item{'s' if len(facts.growth) != 1 else ''} joined the release after "
                     "the plan was set.")
    slow = [minutes for _, minutes in facts.drills if minutes > facts.drill_target]
    if slow:
        found.append(f"Our rollback drills ran over the {facts.drill_target:g}-minute target.")
    return found
