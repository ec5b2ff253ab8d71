"""The plan's rules (``cockpit.rules.thresholds``): checked before they are stored, one undoable step,
and read by the reports that use them."""

from __future__ import annotations

import datetime as dt

import pytest
from _support import count, dump

from cockpit import settings
from cockpit.errors import ValidationError
from cockpit.reader import change_log, read_live
from cockpit.reports.owners import ownership
from cockpit.reports.rollback import rollback_facts
from cockpit.rules.progress import burn_up, churn, progress, stability
from cockpit.rules.thresholds import BY_KEY, DEFAULTS, THRESHOLDS
from cockpit.services.core import redo, undo
from cockpit.services.review import clean_setting, set_setting, set_settings

MON = dt.date(2026, 11, 16)
TARGET = dt.date(2026, 12, 10)


@pytest.mark.parametrize(("key", "typed", "stored"), [
    ("drill_target_minutes", "2,5", "2.5"),  # a decimal comma is a number, stored the way it is read back
    ("drill_target_minutes", " 20 ", "20"),
    ("runbook_max_steps", "12.0", "12"),
    ("behind_tolerance_days", "0", "0"),
    ("checkin_minutes", 10, "10"),
    ("focus_factor", "0.6666667", "0.6666667"),  # every digit typed is kept
    ("behind_tolerance_days", "-0", "0"),
    ("team_labels", "QA\nOps, design\n\n", "QA, Ops, design"),  # one per line works too
    ("freeze_override_hint", "  Only fixes for paying customers.  ", "Only fixes for paying customers."),
])
def test_values_are_stored_as_they_are_read(key: str, typed: object, stored: str) -> None:
    assert clean_setting(key, typed) == stored
    if BY_KEY[key].kind != "text":
        assert float(stored) == settings.number(stored, key)


@pytest.mark.parametrize(("key", "typed", "message"), [
    ("runbook_max_steps", "12.5", "must be a whole number, not 12.5"),
    ("focus_factor", "1.5", "cannot be above 1"),
    ("statement_max_words", "2", "cannot be below 5"),
    ("drill_target_minutes", "soon", "must be a number, not “soon”"),
    ("checkin_minutes", "", "missing"),
    ("team_labels", "   ", "cannot be empty"),
    ("colour", "blue", "“colour” is not a setting"),
])
def test_bad_values_are_refused_with_the_reason(key: str, typed: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        clean_setting(key, typed)


def test_every_default_passes_its_own_check() -> None:
    for threshold in THRESHOLDS:
        assert clean_setting(threshold.key, threshold.default) == threshold.default
    assert set(DEFAULTS) == {t.key for t in THRESHOLDS}


def test_several_rules_change_in_one_undoable_step(plan, release_id) -> None:
    before = dump(plan)
    logged = count(plan, "change_log")
    changes = set_settings(plan, {"drill_target_minutes": "20", "checkin_minutes": "10", "runbook_max_steps": "8"})
    assert count(plan, "change_log") == logged + 1
    facts = rollback_facts(read_live(plan, release_id))
    assert (facts.target_minutes, facts.max_steps) == (20, 8)
    assert facts.readiness.item("quick").label == "Restores within 20 minutes"
    assert ownership(read_live(plan, release_id), MON).checkin_minutes == 10
    undo(plan, changes)
    assert dump(plan) == before
    redo(plan, changes)
    assert rollback_facts(read_live(plan, release_id)).target_minutes == 20


def test_a_refused_value_changes_nothing(plan) -> None:
    before = dump(plan)
    with pytest.raises(ValidationError):
        set_settings(plan, {"drill_target_minutes": "20", "runbook_max_steps": "many"})
    with pytest.raises(ValidationError, match="No setting"):
        set_settings(plan, {})
    assert dump(plan) == before


def test_behind_tolerance_decides_when_the_release_is_behind(plan, release_id) -> None:
    today = MON + dt.timedelta(days=2)
    trailing = [(today, 3.0)]  # planned 4 by Wednesday morning: one day behind
    assert burn_up(MON, TARGET, 36, trailing, today).warning is not None
    assert burn_up(MON, TARGET, 36, trailing, today, tolerance=1.5).warning is None
    assert "by 1.5 days or more" in burn_up(MON, TARGET, 36, trailing, today, tolerance=1.5).definition
    with pytest.raises(ValidationError, match="cannot be above 10"):
        set_setting(plan, "behind_tolerance_days", "40")
    set_setting(plan, "behind_tolerance_days", "10")
    cycle = read_live(plan, release_id)
    facts = progress(cycle, cycle.release.target_date)
    assert facts.tolerance == 10 and "by 10 days or more" in facts.definition


def test_churn_warning_follows_the_setting(plan, release_id, monkeypatch: pytest.MonkeyPatch) -> None:
    from cockpit import clock
    from cockpit.services import scope

    def warnings() -> tuple[str, ...]:
        return stability(read_live(plan, release_id), change_log(plan.raw)).warnings

    moment = dt.datetime.combine(MON + dt.timedelta(days=8), dt.time(10), tzinfo=dt.UTC)
    rows = [(moment, "scope", False)] * 6
    assert churn(MON, rows).warnings == ()
    assert churn(MON, rows, warn_at=6).warnings[0].startswith("Week 2: 6 changes")
    monkeypatch.setattr(clock, "now", lambda: moment)  # three edits in week 2
    for n in range(3):
        scope.update_item(plan, 1, title=f"Pay an invoice by card ({n})")
    assert not [w for w in warnings() if w.startswith("Week 2")]
    set_setting(plan, "churn_warning_per_week", "3")  # logged as "settings": not a change to the plan itself
    assert [w for w in warnings() if w.startswith("Week 2: 3 changes")]
