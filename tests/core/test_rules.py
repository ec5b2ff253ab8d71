"""Pure rules: statement check, team labels, working days and fit, roles, dates, the three checks."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import hypothesis.strategies as st
import pytest
from hypothesis import given

from cockpit.rules.dates import date_problems, date_warnings, four_week_dates, monday_on_or_after, working_day_before
from cockpit.rules.ownership import overloaded, role_warnings
from cockpit.rules.people import team_label_problem
from cockpit.rules.scope import CHECKS, failed_checks, fit, rescue_warning, working_days
from cockpit.rules.statement import check_statement
from cockpit.settings import TEAM_LABELS_DEFAULT

MON = dt.date(2026, 11, 16)


def day(offset: int) -> dt.date:
    return MON + dt.timedelta(days=offset)


# -- the problem statement ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Customers on the Team plan can pay an invoice by card.",
    "Anders can sign in with a card on file",
    "When a card is declined, the customer can retry it.",  # one comma is grammar, not a list
    "Team plan customers pay invoices by card!",
])
def test_one_short_sentence_passes(text: str) -> None:
    result = check_statement(text)
    assert result.ok, result.problems
    assert result.problems == ()


@pytest.mark.parametrize(("text", "flag"), [
    ("Customers can pay invoices and export reports.", "“and”"),
    ("Customers can pay invoices plus export reports.", "“plus”"),
    ("Fix several billing bugs for the Team plan.", "“several”"),
    ("Billing improvements for the Team plan.", "“improvements”"),
    ("Dashboard cleanup before the launch.", "“cleanup”"),
    ("Clean up the billing page before launch.", "“clean up”"),
])
def test_list_words_are_flagged(text: str, flag: str) -> None:
    result = check_statement(text)
    assert not result.ok
    [problem] = result.problems
    assert problem.startswith("Reads like a list (") and flag in problem
    assert problem.endswith("a list means scope is still too wide.")


def test_commas_joining_jobs_are_flagged() -> None:
    result = check_statement("Customers pay invoices by card, export reports, sign in with SSO.")
    assert result.problems == ("Commas join several jobs: name the one job a customer must finish.",)


def test_two_sentences_are_flagged() -> None:
    result = check_statement("Customers can pay by card. Reports come later.")
    assert result.problems == ("More than one sentence: say it in one.",)


def test_long_statement_is_flagged_at_31_words() -> None:
    thirty = " ".join(["word"] * 29 + ["end."])
    assert check_statement(thirty).ok and check_statement(thirty).words == 30
    result = check_statement("extra " + thirty)
    assert result.words == 31
    assert result.problems == ("31 words: keep it to 30 or fewer.",)
    assert check_statement(thirty, max_words=20).problems == ("30 words: keep it to 20 or fewer.",)


def test_empty_statement_asks_for_one() -> None:
    assert check_statement("   ").problems == ("Write the problem this release fixes, in one sentence.",)


def test_the_example_statement_reads_like_a_list() -> None:
    result = check_statement("Customers on the Team plan can pay invoices by card and export reports, "
                             "plus sign in with SSO.")
    assert not result.ok
    assert "“and”" in result.problems[0] and "“plus”" in result.problems[0]


@given(st.lists(st.sampled_from(["pay", "invoices", "by", "card", "export", "reports", "customers"]),
                min_size=1, max_size=6), st.lists(st.sampled_from(["sign", "in", "with", "SSO"]), min_size=1,
                                                  max_size=4))
def test_any_statement_joined_by_and_is_flagged(left: list[str], right: list[str]) -> None:
    result = check_statement(" ".join(left) + " and " + " ".join(right))
    assert any("“and”" in problem for problem in result.problems)


# -- team labels are not people -------------------------------------------------------------------------

LABELS = tuple(label.strip() for label in TEAM_LABELS_DEFAULT.split(",") if label.strip())


@st.composite
def disguised_labels(draw: st.DrawFn) -> str:
    """A default team label in any case, with any spacing (and the usual "the … team" wrappers)."""
    label = draw(st.sampled_from(LABELS))
    words = label.split()
    wrap = draw(st.sampled_from(["{}", "the {}", "{} team", "the {} team"]))
    words = wrap.format(" ".join(words)).split()
    seps = draw(st.lists(st.sampled_from([" ", "  ", "\t", " \t ", "-", "_", "."]),
                         min_size=len(words) - 1, max_size=len(words) - 1))
    text = words[0] + "".join(sep + word for sep, word in zip(seps, words[1:], strict=True))
    cases = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    text = "".join(ch.upper() if up else ch.lower() for ch, up in zip(text, cases, strict=True))
    return draw(st.sampled_from(["", " ", "\t"])) + text + draw(st.sampled_from(["", " ", "  \n"]))


@given(disguised_labels())
def test_any_team_label_in_any_case_or_spacing_is_refused(name: str) -> None:
    problem = team_label_problem(name, LABELS)
    assert problem is not None
    assert "not a person" in problem or "not a name" in problem or "is a team" in problem


@pytest.mark.parametrize("name", ["Maya Chen", "Anders", "Q. Li", "Tom Okafor", "Priya Natarajan", "Ana Ruiz",
                                  "Teamo Suzuki", "Dev Patel", "Sandra O'Neil", "Jean-Luc Picard", "Zoë Ål",
                                  "Or Cohen"])
def test_ordinary_names_are_people(name: str) -> None:
    assert team_label_problem(name, LABELS) is None


@pytest.mark.parametrize(("name", "words"), [
    ("Maya / Tom", "more than one person"), ("Maya or Tom", "more than one person"),
    ("Maya & Tom", "more than one person"), ("Payments team", "is a team"), ("", "Type a person's name"),
])
def test_other_refusals(name: str, words: str) -> None:
    problem = team_label_problem(name, LABELS)
    assert problem is not None and words in problem


# -- working days and fit -------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end", "expected"), [
    (day(0), day(4), 5), (day(0), day(7), 6), (day(5), day(6), 0), (day(0), day(0), 1), (day(5), day(5), 0),
    (day(4), day(7), 2), (day(0), day(24), 19), (day(3), day(0), 0),
    (dt.date(2026, 1, 1), dt.date(2026, 12, 31), 261),
])
def test_working_days_known_numbers(start: dt.date, end: dt.date, expected: int) -> None:
    assert working_days(start, end) == expected


@given(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)), st.integers(0, 120))
def test_working_days_counts_mondays_to_fridays(start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    brute = sum(1 for n in range(length + 1) if (start + dt.timedelta(days=n)).weekday() < 5)
    assert working_days(start, end) == brute


def test_fit_over_capacity_says_how_much_to_cut() -> None:
    result = fit([4, 3], [5, 5], today=day(0), start=day(0), target=day(4), focus=0.6)
    assert (result.open_days, result.capacity_days, result.fits) == (7, 6.0, False)
    assert result.message() == "The plan does not fit: cut 1 day."


@pytest.mark.parametrize(("open_days", "message"), [
    ([2.5], "The plan fits with 3.5 days to spare."), ([6], "The plan fits with 0 days to spare."),
    ([6.3], "The plan does not fit: cut 0.5 days."), ([9], "The plan does not fit: cut 3 days."),
])
def test_fit_messages(open_days: list[float], message: str) -> None:
    assert fit(open_days, [5, 5], today=day(0), start=day(0), target=day(4), focus=0.6).message() == message


def test_fit_counts_from_today_and_the_example_team() -> None:
    assert fit([], [5, 5], today=day(2), start=day(0), target=day(4), focus=0.6).capacity_days == 3.6
    assert fit([], [5, 5], today=day(7), start=day(0), target=day(4), focus=0.6).capacity_days == 0
    example = fit([5, 2, 1.5], [4, 5, 5, 3, 5], today=day(0), start=day(0), target=day(24), focus=0.6)
    assert example.capacity_days == 50.16 and example.open_days == 8.5 and example.fits


# -- roles ----------------------------------------------------------------------------------------------

FULL = {"scope owner": ["Maya Chen"], "delivery owner": ["Tom Okafor"], "readiness owner": ["Ana Ruiz"],
        "stop authority": ["Maya Chen"], "rollback caller": ["Tom Okafor"], "rollback runner": ["Lars Berg"],
        "verifier": ["Ana Ruiz", "Priya Natarajan"]}


def test_every_empty_role_is_warned() -> None:
    assert role_warnings({}) == [
        "No scope owner: put one name on it.", "No delivery owner: put one name on it.",
        "No readiness owner: put one name on it.", "No stop authority: put one name on it.",
        "No rollback caller: put one name on it.", "No rollback runner: put one name on it.",
        "No verifier: name at least one person who checks health and data after launch."]
    assert role_warnings(FULL | {"rollback runner": []}) == ["No rollback runner: put one name on it."]


def test_all_three_owner_roles_on_one_person_is_warned() -> None:
    one = FULL | {"delivery owner": ["Maya Chen"], "readiness owner": ["Maya Chen"]}
    assert role_warnings(one) == [
        "Maya Chen owns scope, delivery and readiness: one person holding all three hides risk."]


def test_two_people_covering_the_three_owner_roles_is_fine() -> None:
    assert role_warnings(FULL) == []
    assert role_warnings(FULL | {"delivery owner": ["Maya Chen"]}) == []


def test_overloaded_names_the_days_over() -> None:
    assert overloaded({"Tom": 12.0, "Ana": 3.0}, {"Tom": 9.5, "Ana": 10.0}) == {"Tom": 2.5}


# -- dates ----------------------------------------------------------------------------------------------

def test_date_problems() -> None:
    assert date_problems(day(0), day(24), day(31)) == []
    assert date_problems(day(0), day(-1), day(5)) == ["The target date (Sun 15 Nov) is before the start (Mon 16 Nov)."]
    same = ["The backup date (Thu 10 Dec) must be after the target date (Thu 10 Dec)."]
    assert date_problems(day(0), day(24), day(24)) == same
    assert date_problems(day(0), day(24), day(23)) == [
        "The backup date (Wed 09 Dec) must be after the target date (Thu 10 Dec)."]
    assert len(date_problems(day(0), day(-3), day(-4))) == 2


def test_date_warnings() -> None:
    assert date_warnings(day(0), day(24), day(31), today=day(0)) == []
    assert date_warnings(day(1), day(24), day(31), today=day(0)) == [
        "The start date is a Tuesday; week 1 usually starts on a Monday."]
    assert date_warnings(day(0), day(26), day(31), today=day(0)) == [
        "The target date falls on a Saturday: nobody is online to watch the launch."]
    assert date_warnings(day(0), day(24), day(31), today=day(25)) == ["The target date is in the past."]
    assert date_warnings(day(0), day(42), day(49), today=day(0)) == ["The plan runs 6 weeks; the reset rhythm is four."]
    assert date_warnings(day(0), day(35), day(42), today=day(0)) == []


def test_calendar_helpers() -> None:
    assert four_week_dates(day(0)) == (day(24), day(31))
    assert day(24).weekday() == 3  # Thursday of week 4, Friday left to watch
    assert monday_on_or_after(day(0)) == day(0) and monday_on_or_after(day(1)) == day(7)
    assert working_day_before(day(7)) == day(4) and working_day_before(day(2)) == day(1)


# -- the three checks -----------------------------------------------------------------------------------

@pytest.mark.parametrize("flags", [(a, b, c) for a in (True, False) for b in (True, False) for c in (True, False)])
def test_failed_checks_names_each_failed_check_in_order(flags: tuple[bool, bool, bool]) -> None:
    item = SimpleNamespace(**{attr: flag for (attr, _), flag in zip(CHECKS, flags, strict=True)})
    assert failed_checks(item) == [reason for (_, reason), flag in zip(CHECKS, flags, strict=True) if not flag]


def test_rescue_warning() -> None:
    for kind in ("refactor", "side work", "polish"):
        assert rescue_warning(kind) == f"A {kind} inside a rescue release: this is not the place for it."
    for kind in ("feature", "fix", "edge case", "infrastructure"):
        assert rescue_warning(kind) is None
