"""Held-out real exports (see tests/data/exports/SOURCES.md): none of these was looked at while the readers
were written, so nothing here is tuned to them. Each must import without a traceback, with counts that
add up, with every status decided by a whole known value (or listed as not recognised, once), and a
second import of the same file must add nothing."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from _support import DATA_DIR, count

from cockpit.importers import read_backlog_file, statuses
from cockpit.services.importing import NothingToImport, import_backlog, preview_backlog

EXPORTS = DATA_DIR / "exports"
HELD_OUT = ("jira-cloud-several-projects.csv", "jira-current-fields.csv", "jira-cloud-codearts.csv",
            "trello-feature-lists.json")
ALL = (*HELD_OUT, "jira-cloud-plane-migration.csv", "jira-cloud-repeated-labels.csv", "github-rest-several-repos.json",
       "github-rest-rails-first-4.json", "github-rest-one-line.json", "trello-japanese-lists.json",
       "linear-shortcut-repl.csv")
ACTIONS = ("create", "update", "unchanged", "skip", "done at source", "pull request")
#: what a status can come from that is not a status value (an archive flag, a completed due date)
FLAGS = {"archived card", "archived list", "archived", "due date marked complete"}
KNOWN = {**statuses.BOARD, **statuses.JIRA_NAMES, **statuses.LINEAR_NAMES, **statuses.GITHUB_STATES}


def whole_words_known(value: str) -> bool:
    """Whether a run of whole words of ``value`` is a known status name (the test's own, simple check)."""
    words = statuses.fold(value).split()
    return any(" ".join(words[i:j]) in KNOWN for i in range(len(words)) for j in range(i + 1, len(words) + 1))


def jira_categories(name: str) -> dict[str, str]:
    """Issue key → Status Category, read with the csv module, for the Jira exports that have one."""
    records = list(csv.reader(io.StringIO((EXPORTS / name).read_text(encoding="utf-8-sig"), newline="")))
    header = records[0]
    if "Status Category" not in header:
        return {}
    at, key = header.index("Status Category"), header.index("Issue key")
    return {record[key]: record[at] for record in records[1:] if len(record) > at}


@pytest.mark.parametrize("name", ALL)
def test_a_real_export_imports_sanely(plan, release_id, name):
    result = read_backlog_file(EXPORTS / name)
    assert result.rows
    planned = preview_backlog(plan, release_id, result.rows)
    assert sum(planned.count(action) for action in ACTIONS) == len(result.rows)
    categories = jira_categories(name) if name.startswith("jira") else {}
    for row in result.rows:
        if row.status is None or row.status_source in FLAGS:
            continue
        by_category = statuses.JIRA_CATEGORIES.get(statuses.fold(categories.get(row.external_key or "", "")))
        assert by_category or whole_words_known(row.status_source), (row.where, row.status_source, row.status)
    unrecognised = Counter(row.status_source for row in result.rows if row.status is None and row.status_source)
    assert {note.value: note.count for note in planned.statuses} == dict(unrecognised)
    assert len(planned.lines(result.noun)) == len(set(planned.lines(result.noun)))


@pytest.mark.parametrize("name", HELD_OUT)
def test_a_held_out_export_imported_twice_adds_nothing_the_second_time(plan, release_id, name):
    rows = read_backlog_file(EXPORTS / name).rows
    before = count(plan, "scope_item")
    try:
        first = import_backlog(plan, release_id, rows).result
    except NothingToImport as nothing:  # every issue done at source: nothing new
        first = nothing.planned
    added = count(plan, "scope_item") - before
    assert added == first.count("create")
    again = preview_backlog(plan, release_id, rows)
    assert again.count("create") == 0 and again.count("update") == 0
    assert again.count("unchanged") == added
