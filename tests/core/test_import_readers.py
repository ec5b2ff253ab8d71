"""Backlog readers: each tool's real export layout, delimiters, encodings, and clear refusals."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from _support import DATA_DIR

from cockpit.importers import UnreadableFile, read_backlog, read_backlog_file
from cockpit.importers.mapping import kind_for, risk_areas_for, status_for

SAMPLES = DATA_DIR / "import"


def by_key(result):
    return {row.external_key: row for row in result.rows}


def test_jira_export_with_repeated_columns_and_custom_fields():
    result = read_backlog_file(SAMPLES / "jira.csv")
    assert (result.format, result.encoding, result.delimiter) == ("jira", "UTF-8", ",")
    assert result.columns.count("Labels") == 3 and result.columns.count("Sprint") == 2
    rows = by_key(result)
    assert len(result.rows) == 8
    pay = rows["PAY-101"]
    assert pay.title == "Pay an invoice by card"
    assert (pay.kind, pay.status, pay.assignee, pay.estimate_points) == ("feature", "doing", "Zoë Brandt", 5.0)
    # Labels gathered from every Labels column (and components), quoted multi-line description kept.
    assert pay.labels == ("billing", "customer-facing", "Checkout")
    assert pay.description.startswith("As a customer") and "- receipt by mail" in pay.description
    assert pay.line == 2
    assert rows["PAY-102"].line == 7  # the previous record spans five lines
    assert rows["PAY-102"].kind == "fix"
    # Team-managed projects: "Story point estimate"; no points: Original Estimate in seconds (8-hour days).
    assert rows["PAY-103"].estimate_points == 8.0
    assert rows["PAY-104"].estimate_points is None and rows["PAY-104"].estimate_days == 2.0
    assert rows["PAY-104"].kind == "polish"
    assert rows["PAY-107"].kind == "refactor" and rows["PAY-107"].status == "done"
    assert (rows["PAY-108"].kind, rows["PAY-108"].status) == ("side work", "todo")
    assert rows["PAY-105"].title == "" and rows["PAY-105"].problems[0] == "No title: row skipped."
    assert rows["PAY-106"].estimate_points is None
    assert "“three” is not a number" in rows["PAY-106"].problems[0]


def test_excel_semicolon_cp1252_crlf_reads_the_same_as_the_original():
    original = read_backlog_file(SAMPLES / "jira.csv")
    excel = read_backlog_file(SAMPLES / "jira-excel-semicolon-cp1252.csv")
    assert (excel.format, excel.encoding, excel.delimiter) == ("jira", "cp1252", ";")
    assert [(r.external_key, r.title, r.assignee, r.description.replace("\r\n", "\n"), r.labels, r.line)
            for r in excel.rows] == [(r.external_key, r.title, r.assignee, r.description, r.labels, r.line)
                                     for r in original.rows]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_delimiter_and_encoding_are_detected(delimiter: str, encoding: str):
    text = delimiter.join(["Summary", "Issue key", "Issue Type", "Assignee"]) + "\r\n" + \
        delimiter.join(["Crème brûlée checkout", "X-1", "Bug", "Zoë"]) + "\r\n"
    result = read_backlog(text.encode(encoding))
    assert result.delimiter == delimiter
    assert result.encoding == {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp1252": "cp1252"}[encoding]
    assert [(r.title, r.assignee, r.kind) for r in result.rows] == [("Crème brûlée checkout", "Zoë", "fix")]


def test_utf16_with_bom_from_excel_unicode_text():
    text = "Summary\tIssue key\nÜbersicht\tX-2\n"
    result = read_backlog(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert (result.encoding, result.delimiter, result.rows[0].title) == ("UTF-16 LE", "\t", "Übersicht")


def test_linear_export():
    result = read_backlog_file(SAMPLES / "linear.csv")
    assert (result.format, result.encoding) == ("linear", "UTF-8 with BOM")
    rows = by_key(result)
    vat = rows["ENG-42"]
    assert (vat.kind, vat.status, vat.estimate_points, vat.assignee) == ("fix", "doing", 3.0, "Zoë Brandt")
    assert vat.labels == ("Bug", "Billing")
    assert rows["ENG-43"].kind == "feature" and rows["ENG-44"].kind == "refactor"
    assert rows["ENG-44"].status == "todo" and rows["ENG-44"].assignee is None
    assert rows["ENG-46"].status == "done"  # Canceled


def test_github_issues_json_with_line_numbers():
    result = read_backlog_file(SAMPLES / "github-issues.json")
    assert result.format == "github" and result.delimiter is None
    rows = by_key(result)
    bug = rows["acme/shop#311"]
    assert (bug.kind, bug.status, bug.assignee, bug.line) == ("fix", "todo", "Zoë Brandt", 2)
    assert bug.description.startswith("Checkout fails")
    assert rows["acme/shop#312"].kind == "feature" and rows["acme/shop#312"].assignee is None
    redis = rows["acme/shop#313"]
    # Issue 17, finding 8: labels never decide a GitHub status ("in progress" label or not): open is to do.
    assert redis.status == "todo" and redis.assignee == "tokafor"
    assert "2 assignees" in redis.problems[0]
    assert rows["acme/shop#314"].status == "done"
    assert rows["acme/shop#315"].problems == ("No title: row skipped.",) and rows["acme/shop#315"].line == 88
    assert rows["acme/shop#315"].where == "issue 5 (acme/shop#315), line 88"


def test_github_compact_json_without_urls_keys_by_number():
    data = json.dumps([{"number": 7, "title": "Fix login", "state": "OPEN", "labels": [{"name": "bug"}],
                        "assignees": [{"login": "ana", "name": "Ana Lima"}]}]).encode()
    (row,) = read_backlog(data).rows
    # Issue 17, finding 12: a one-line export names the record, not "line 1".
    assert (row.external_key, row.kind, row.assignee, row.line) == ("#7", "fix", "Ana Lima", 0)
    assert row.where == "issue 1 (#7)"


def test_trello_board_export():
    result = read_backlog_file(SAMPLES / "trello-board.json")
    assert result.format == "trello"
    rows = by_key(result)
    refund = rows["trello:Rf1aBc2D"]
    assert (refund.title, refund.estimate_points, refund.status, refund.assignee) == (
        "Refund a payment", 3.0, "todo", "Ana Lima")
    assert refund.line == 19  # the card, not the earlier action that mentions its id
    login = rows["trello:Xy9zWv8U"]
    assert (login.kind, login.status, login.labels) == ("fix", "doing", ("Bug",))
    assert "2 members" in login.problems[0]
    # Issue 17, finding 9: an archived card is done at source (left out of a first import, marks a match done).
    archived = rows["trello:Qq1Ww2Ee"]
    assert (archived.status, archived.status_source, archived.problems) == ("done", "archived card", ())
    assert rows["trello:Zz3Xx4Cc"].status == "done"


def test_generic_tab_separated_csv_guesses_the_columns():
    result = read_backlog_file(SAMPLES / "generic-tab.tsv")
    assert (result.format, result.delimiter) == ("csv", "\t")
    assert result.mapping == {"title": "Name", "key": "Ticket", "type": "Kind", "status": "State",
                              "assignee": "Owner", "days": "Days", "labels": "Tags"}
    rows = by_key(result)
    assert rows["T-2"].estimate_days == 0.5 and rows["T-2"].kind == "fix" and rows["T-2"].status == "doing"
    assert rows["T-3"].kind == "side work" and rows["T-3"].status == "blocked"
    assert "“lots” is not a number" in " ".join(rows["T-4"].problems)
    # Issue 17, finding 12: an unknown type is said once per type by the import, not once per row.
    assert (rows["T-4"].kind, rows["T-4"].kind_source) == (None, "performance")
    assert not any("performance" in problem for problem in rows["T-4"].problems)


def test_generic_csv_needs_a_mapping_then_reads_with_it():
    path = SAMPLES / "generic-unmapped-semicolon.csv"
    unmapped = read_backlog_file(path)
    assert (unmapped.format, unmapped.encoding, unmapped.delimiter) == ("csv", "cp1252", ";")
    assert unmapped.rows == () and "title" in unmapped.notes[0]
    assert unmapped.columns == ("Was", "Wer", "Aufwand (Tage)", "Zustand")
    mapped = read_backlog_file(path, mapping={"title": "Was", "assignee": "Wer", "days": "Aufwand (Tage)",
                                              "status": "Zustand"})
    assert [(r.title, r.assignee, r.estimate_days) for r in mapped.rows] == [
        ("Rechnung als PDF für Österreich", "Maya Chen", 2.0), ("Mahnung per Mail", "Tom Okafor", 1.0)]
    # Issue 17, finding 8: German status words are known whole words ("offen", "erledigt").
    assert [(r.status, r.problems) for r in mapped.rows] == [("todo", ()), ("done", ())]
    with pytest.raises(UnreadableFile, match="no column “Titel”"):
        read_backlog_file(path, mapping={"title": "Titel"})


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text export"),
    (b'[{"title": "x", "number": 1', "not valid JSON"),
    (b'{"name": "a board", "cards": 3}', "neither GitHub"),
    (b"[" * 100_000, "not valid JSON|nested too deeply"),
    (codecs.BOM_UTF8 + b"Summary\n\xff\xfe", "says it is UTF-8"),
])
def test_unreadable_files_are_refused_with_a_reason(data: bytes, message: str):
    with pytest.raises(UnreadableFile, match=message):
        read_backlog(data)


def test_forced_format_that_does_not_fit_is_refused(tmp_path: Path):
    with pytest.raises(UnreadableFile, match="no Summary column"):
        read_backlog_file(SAMPLES / "linear.csv", format="jira")
    with pytest.raises(UnreadableFile, match="not a GitHub issues"):
        read_backlog(b"a,b\n1,2\n", format="github")
    with pytest.raises(UnreadableFile, match="list of issues"):
        read_backlog_file(SAMPLES / "trello-board.json", format="github")
    with pytest.raises(UnreadableFile, match="not a Trello"):
        read_backlog(b"Summary\nx\n", format="trello")
    with pytest.raises(UnreadableFile, match="no file"):
        read_backlog_file(tmp_path / "missing.csv")
    with pytest.raises(UnreadableFile, match="folder"):
        read_backlog_file(tmp_path)


def test_mapping_words():
    assert kind_for("Bug") == "fix" and kind_for("User Story") == "feature" and kind_for("Sub-task") == "feature"
    assert kind_for("Technical debt") == "refactor" and kind_for("Epic") == "feature" and kind_for("Gizmo") is None
    assert status_for("Selected for Development") == "todo" and status_for("In Review") == "doing"
    assert status_for("Won't Do") == "done" and status_for("On hold") == "blocked" and status_for("Zzz") is None
    assert risk_areas_for(("payments", "db-migration", "lesson-plan", "auth")) == (
        "permissions", "billing/payments", "data migration")
    assert risk_areas_for(("cross-service",)) == ("several services",)


def test_long_titles_and_late_nul_characters_are_cleaned():
    long = "x" * 500
    with pytest.raises(UnreadableFile, match="binary"):  # a NUL near the start: a binary file
        read_backlog(f"Summary,Issue key,Description\n{long},K-1,\"a\x00b\"\n".encode())
    padding = "".join(f"Filler {n},F-{n},\n" for n in range(400))
    data = f"Summary,Issue key,Description\n{padding}{long},K-1,\"a\x00b\"\n".encode()
    row = read_backlog(data).rows[-1]
    assert len(row.title) == 200 and row.title.endswith("…")
    assert row.description == "ab\n\nSource: Jira K-1"  # issue 17, finding 11: the link back is kept
    assert "Title shortened" in row.problems[0]


def test_progress_is_reported_and_can_stop_the_read():
    from cockpit.importers import ImportCancelled

    data = ("Summary,Issue key\n" + "".join(f"Item {n},K-{n}\n" for n in range(2000))).encode()
    seen: list[tuple[int, int]] = []
    result = read_backlog(data, progress=lambda done, total: seen.append((done, total)) or True)
    assert len(result.rows) == 2000
    assert len(seen) == 4 and all(total == len(data) for _, total in seen)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen) and seen[-1][0] <= len(data)
    with pytest.raises(ImportCancelled, match="nothing was imported"):
        read_backlog(data, progress=lambda done, total: False)
