"""Issue 17, findings 6–13 on real exports (tests/data/exports, see SOURCES.md): keys, pull requests,
statuses, done at source, what was not used, notes that name the record, repeated columns, Linear."""

from __future__ import annotations

import csv
import io
from collections import Counter

from _support import DATA_DIR

from cockpit.importers import read_backlog, read_backlog_file
from cockpit.services.importing import import_backlog, preview_backlog

EXPORTS = DATA_DIR / "exports"


def by_key(result):
    return {row.external_key: row for row in result.rows}


def test_github_keys_are_owner_repo_number_so_issues_from_several_repos_never_collide(plan, release_id):
    result = read_backlog_file(EXPORTS / "github-rest-several-repos.json")
    keys = [row.external_key for row in result.rows]
    assert len(keys) == 24 and len(set(keys)) == 24  # #1, #2 and #16 each appear in three repositories
    assert {"d3fc/d3fc-series#16", "d3fc/d3fc-shape#16", "d3fc/d3fc-label-layout#16"} <= set(keys)
    assert len({key.split("#")[0] for key in keys}) == 11
    planned = preview_backlog(plan, release_id, result.rows, include_pull_requests=True)
    assert not any("Same key" in problem for row in planned.rows for problem in row.problems)
    assert planned.count("create") == 24


def test_github_keys_come_from_repository_url_when_the_export_has_no_web_address():
    data = (b'[{"number": 12, "title": "A", "state": "open", "repository_url": "https://api.github.com/repos/'
            b'acme/shop"}, {"number": 12, "title": "B", "state": "open", "url": "https://api.github.com/repos/'
            b'acme/app/issues/12"}]')
    assert [row.external_key for row in read_backlog(data).rows] == ["acme/shop#12", "acme/app#12"]


def test_github_pull_requests_are_skipped_and_counted_unless_asked_for(plan, release_id):
    rows = read_backlog_file(EXPORTS / "github-rest-several-repos.json").rows
    assert sum(row.pull_request for row in rows) == 7
    changes = import_backlog(plan, release_id, rows)
    planned = changes.result
    assert (planned.count("create"), planned.count("pull request")) == (17, 7)
    assert "7 pull requests skipped (not backlog items)." in planned.lines("issues")
    imported = {key for (key,) in plan.raw.execute("SELECT external_key FROM scope_item "
                                                   "WHERE external_key LIKE 'd3fc/%'")}
    assert "d3fc/d3fc-series#16" not in imported and "d3fc/d3fc-series#11" in imported  # #16 is a pull request
    again = preview_backlog(plan, release_id, rows, include_pull_requests=True)
    assert (again.count("create"), again.count("pull request"), again.count("unchanged")) == (7, 0, 17)


def test_old_api_pull_request_fields_with_no_address_are_issues():
    data = (b'[{"number": 7589, "title": "bytea escaping", "state": "open", "html_url": "https://github.com/'
            b'rails/rails/issues/7589", "pull_request": {"html_url": null, "diff_url": null, "patch_url": null}}]')
    (row,) = read_backlog(data).rows
    assert not row.pull_request and row.external_key == "rails/rails#7589"


def test_github_labels_never_decide_status_and_closed_issues_are_done_at_source(plan, release_id):
    result = read_backlog_file(EXPORTS / "github-rest-rails-first-4.json")
    rows = by_key(result)
    pr = rows["rails/rails#48978"]  # labels activerecord, actionpack… on an open pull request
    assert "activerecord" in pr.labels and pr.status == "todo" and pr.pull_request
    assert rows["rails/rails#48981"].status == "done"  # closed as not planned
    planned = preview_backlog(plan, release_id, result.rows)
    assert [(row.external_key, row.action) for row in planned.rows] == [
        ("rails/rails#48981", "done at source"), ("rails/rails#48980", "pull request"),
        ("rails/rails#48979", "create"), ("rails/rails#48978", "pull request")]
    assert planned.lines("issues")[:2] == ["1 already done at source, not imported.",
                                           "2 pull requests skipped (not backlog items)."]


def test_notes_of_a_one_line_json_export_name_the_record_not_line_1():
    result = read_backlog_file(EXPORTS / "github-rest-one-line.json")
    assert [row.where for row in result.rows] == ["issue 1 (swilliams/issuetest#2)", "issue 2 (swilliams/issuetest#1)"]
    bad = read_backlog(b'[{"number": 3, "title": "", "state": "open", "html_url": "https://github.com/a/b/issues/3"}]')
    assert bad.rows[0].where == "issue 1 (a/b#3)" and bad.rows[0].problems == ("No title: row skipped.",)


def test_jira_status_category_decides_and_done_issues_are_not_new_backlog(plan, release_id):
    result = read_backlog_file(EXPORTS / "jira-cloud-plane-migration.csv")
    statuses = Counter((row.status_source, row.status) for row in result.rows)
    assert statuses == Counter({("To Do", "todo"): 9, ("In Progress", "doing"): 3, ("Done", "done"): 10})
    changes = import_backlog(plan, release_id, result.rows)
    assert (changes.result.count("create"), changes.result.count("done at source")) == (12, 10)
    assert "10 already done at source, not imported." in changes.result.lines("issues")
    assert plan.raw.execute("SELECT count(*) FROM scope_item WHERE external_key LIKE 'TES-%'").fetchone() == (12,)


def test_every_column_of_a_repeated_name_is_read(plan, release_id):
    result = read_backlog_file(EXPORTS / "jira-cloud-repeated-labels.csv")
    assert result.columns.count("Labels") == 5
    rows = by_key(result)
    assert rows["CS4483-54"].labels == ("deliverable-d2", "documentation", "iteration", "rubric", "testing")
    assert rows["CS4483-64"].labels == ("collaboration", "documentation", "writing")
    assert rows["CS4483-48"].labels == ("deliverable-d2", "progression", "rewards", "rubric")


def _filled(path, name: str) -> int:
    """Rows with a value in any column called ``name``, counted with the csv module (the test's own count)."""
    records = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))
    positions = [i for i, column in enumerate(records[0]) if column == name]
    return sum(1 for record in records[1:] if any(record[i].strip() for i in positions))


def test_unused_columns_are_said_once_each_with_their_row_count():
    path = EXPORTS / "jira-cloud-plane-migration.csv"
    unused = dict(read_backlog_file(path).unused)
    for name in ("Sprint", "Due date", "Comment", "Priority", "Resolution", "Watchers", "Attachment"):
        assert unused[name] == _filled(path, name), name
    assert unused["Sprint"] == 18 and unused["Comment"] == 9  # three Comment columns, counted once a row
    assert "Summary" not in unused and "Status Category" not in unused and "Labels" not in unused
    names = [name for name, _ in read_backlog_file(path).unused]
    assert len(names) == len(set(names))


def test_unused_trello_and_github_fields_are_counted():
    assert dict(read_backlog_file(EXPORTS / "github-rest-several-repos.json").unused) == {"Comments": 6}
    assert dict(read_backlog_file(DATA_DIR / "import" / "trello-board.json").unused) == {"Due date": 1}


def test_each_item_keeps_its_link_to_the_source(plan, release_id):
    for name, key, link in (("jira-cloud-plane-migration.csv", "TES-25", "Source: Jira TES-25"),
                            ("linear-shortcut-repl.csv", "CLA-6", "Source: Linear CLA-6"),
                            ("github-rest-one-line.json", "swilliams/issuetest#2",
                             "Source: https://github.com/swilliams/issuetest/issues/2"),
                            ("trello-japanese-lists.json", "trello:CWGXZaXd", "Source: https://trello.com/c/CWGXZaXd")):
        import_backlog(plan, release_id, read_backlog_file(EXPORTS / name).rows)
        description = plan.raw.execute("SELECT description FROM scope_item WHERE external_key = ?", (key,)).fetchone()
        assert description is not None and description[0].endswith(link), (name, description)


def test_linear_real_export_columns(plan, release_id):
    result = read_backlog_file(EXPORTS / "linear-shortcut-repl.csv")
    assert result.format == "linear"
    rows = by_key(result)
    assert [(key, row.status) for key, row in rows.items()] == [
        ("CLA-1", "doing"), ("CLA-2", "done"), ("CLA-3", "todo"), ("CLA-4", "todo"), ("CLA-5", "todo"),
        ("CLA-6", "todo"), ("CLA-7", "todo"), ("CLA-8", "done"), ("CLA-9", "done"), ("CLA-10", "done")]
    assert rows["CLA-8"].status_source == "archived"  # archived in Linear: not on the team's board any more
    assert (rows["CLA-5"].estimate_points, rows["CLA-6"].kind, rows["CLA-1"].labels) == (8.0, "fix", ("Feature",))
    assert rows["CLA-1"].assignee == "Testingthisproduct101"  # the e-mail address, as a name
    assert dict(result.unused)["Due Date"] == 2 and "Cycle Name" in dict(result.unused)
    changes = import_backlog(plan, release_id, result.rows, points_per_day=1)
    assert (changes.result.count("create"), changes.result.count("done at source")) == (6, 4)
    assert changes.result.new_people == ("Testingthisproduct101",)


def test_trello_lists_in_japanese_and_the_one_not_recognised(plan, release_id):
    result = read_backlog_file(EXPORTS / "trello-japanese-lists.json")
    assert Counter((row.status_source, row.status) for row in result.rows) == Counter({
        ("やりたいこと", None): 3, ("archived card", "done"): 1, ("やること", "todo"): 2, ("作業中", "doing"): 2,
        ("クローズ", "done"): 3})
    planned = preview_backlog(plan, release_id, result.rows)
    assert "Status “やりたいこと” (3 cards) → to do: not recognised." in planned.lines("cards")
    assert planned.count("done at source") == 4 and planned.count("create") == 7
    chosen = preview_backlog(plan, release_id, result.rows, statuses={"やりたいこと": "todo"})
    assert not chosen.statuses and {row.status for row in chosen.rows if row.action == "create"} == {"todo", "doing"}
