"""Issue 17, finding 8: a status is decided by whole, known values per tracker — never by a substring."""

from __future__ import annotations

import pytest

from cockpit.importers import read_backlog, statuses
from cockpit.importers.mapping import person_name, status_for


@pytest.mark.parametrize("value, expected", [
    # the three the issue names
    ("activerecord", None), ("Ready to merge", "doing"), ("Verified by QA", None),
    # whole words, decorations and numbers around them do not count
    ("Done ✅", "done"), ("Sprint 4 – Done", "done"), ("  IN PROGRESS  ", "doing"), ("to-do", "todo"),
    ("Backlog/Future Work/Ideas", "todo"), ("Up Next", "todo"), ("Ready for QA", "doing"), ("QA", "doing"),
    ("Not started", "todo"), ("On hold", "blocked"), ("Won't Do", "done"),
    # phrases that disagree, qualifying words, product areas: not recognised
    ("Waiting for review", None), ("Needs review", None), ("Hotel Stories", None),
    ("Documentation/Release Notes", None),
    ("Pipelines as Code (temporary column)", None), ("Reviewed-by", None), ("Donezo", None), ("undone", None),
])
def test_board_lists_are_matched_by_whole_words_not_substrings(value: str, expected: str | None) -> None:
    assert statuses.board(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("Zu erledigen", "todo"), ("In Bearbeitung", "doing"), ("Erledigt", "done"), ("Blockiert", "blocked"),
    ("À faire", "todo"), ("En cours", "doing"), ("Terminé", "done"),
    ("COSAS POR HACER", "todo"), ("HACIENDO", "doing"), ("PRUEBAS", "doing"), ("BLOQUEO", "blocked"),
    ("Finalizado", "done"), ("Visto Bueno Maria Ximena", None),
    ("A fazer", "todo"), ("Em andamento", "doing"), ("Concluído", "done"),
    ("Te doen", "todo"), ("Mee bezig", "doing"), ("Klaar", "done"),
    ("やること", "todo"), ("作業中", "doing"), ("完了", "done"), ("クローズ", "done"), ("やりたいこと", None),
    ("进行中", "doing"), ("완료", "done"),
])
def test_board_lists_in_the_common_other_languages(value: str, expected: str | None) -> None:
    assert statuses.board(value) == expected


def test_jira_status_category_decides_and_whole_names_stand_in_without_it() -> None:
    assert statuses.jira("Verified by QA", "In Progress") == "doing"  # the category, not the name
    assert statuses.jira("Verified by QA") is None  # no category, not a known name: not guessed
    assert statuses.jira("Analyzing", "indeterminate") == "doing"  # the category's key
    assert statuses.jira("Custom", "3") == "done" and statuses.jira("Custom", "2") == "todo"  # the category's id
    assert statuses.jira("Blocked", "In Progress") == "blocked"  # categories know no blocked
    assert statuses.jira("Blocked", "Done") == "done"
    assert statuses.jira("Selected for Development") == "todo" and statuses.jira("Erledigt") == "done"
    assert statuses.jira("Waiting for Review") is None and statuses.jira("In Review Soon") is None
    assert statuses.jira("In Progress", "No Category") == "doing"  # no category: the name decides


def test_linear_state_type_decides_and_default_state_names_stand_in() -> None:
    assert statuses.linear("QA", "started") == "doing" and statuses.linear("Shipped", "completed") == "done"
    assert statuses.linear("Triage") == "todo" and statuses.linear("Duplicate") == "done"
    assert statuses.linear("Canceled") == "done" and statuses.linear("In Review") == "doing"
    assert statuses.linear("Ready for Design Review") is None


def test_github_state_alone_decides_and_labels_never_do() -> None:
    data = (b'[{"number": 1, "title": "Query cache", "state": "open", "labels": [{"name": "activerecord"}, '
            b'{"name": "in progress"}]}, {"number": 2, "title": "Old", "state": "closed", "labels": '
            b'[{"name": "todo"}]}]')
    first, second = read_backlog(data).rows
    assert (first.status, first.status_source) == ("todo", "open")
    assert (second.status, second.status_source) == ("done", "closed")


def test_generic_status_values_are_whole_words_too() -> None:
    assert status_for("todo") == "todo" and status_for("blocked") == "blocked"
    assert status_for("Selected for Development") == "todo" and status_for("Zzz") is None
    assert status_for("in progressive enhancement") is None


def test_the_person_says_what_a_status_means_with_these_words() -> None:
    assert [statuses.choice(word) for word in ("todo", "To Do", "doing", "DONE", " blocked ", "maybe")] == [
        "todo", "todo", "doing", "done", "blocked", None]


def test_email_assignees_become_names_made_of_the_address() -> None:
    assert person_name("maya.chen@acme.test") == "Maya Chen"
    assert person_name("lars_berg+jira@acme.test") == "Lars Berg"
    assert person_name("testingthisproduct101@gmail.com") == "Testingthisproduct101"
    assert person_name("  Zoë   Brandt ") == "Zoë Brandt" and person_name("not an @address") == "not an @address"
