"""Read a backlog from another tool's export: Jira, Linear, GitHub issues, Trello, or any CSV.

Readers are pure: bytes in, an ``ImportResult`` out (or ``UnreadableFile`` with a
message a person can act on). Nothing here touches a plan; ``services/importing.py``
turns the rows into scope items in one transaction.
"""

from __future__ import annotations

from pathlib import Path

from cockpit.importers import columns as _columns
from cockpit.importers import detect, generic, github, jira, jsonfile, linear, table, trello, unused
from cockpit.importers.decoding import decode
from cockpit.importers.rows import (
    FIELDS,
    FORMAT_LABELS,
    FORMATS,
    ImportCancelled,
    ImportResult,
    ImportRow,
    Progress,
    UnreadableFile,
    collector_paused,
)

__all__ = ["FIELDS", "FORMATS", "FORMAT_LABELS", "ImportCancelled", "ImportResult", "ImportRow", "UnreadableFile",
           "read_backlog", "read_backlog_file"]


def read_backlog_file(path: Path | str, **options) -> ImportResult:
    """``read_backlog`` on a file's bytes; a missing or unreadable file raises ``UnreadableFile``."""
    path = Path(path)
    try:
        # Decoded at once, so the file's bytes are freed before the rows are read.
        text, encoding = decode(path.read_bytes())
    except FileNotFoundError:
        raise UnreadableFile(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise UnreadableFile(f"{path} is a folder: pick the export file.") from None
    except OSError as exc:
        raise UnreadableFile(f"{path.name} cannot be read: {exc.strerror or exc}.") from None
    return _read_text(text, encoding, **options)


def read_backlog(data: bytes, *, format: str | None = None, mapping: dict[str, str] | None = None,
                 delimiter: str | None = None, progress: Progress | None = None) -> ImportResult:
    """Read an export. ``format`` (one of ``FORMATS``) and ``delimiter`` are detected when None.

    For ``csv`` (any other CSV), ``mapping`` says which column holds each field of ``FIELDS``;
    when None, common column names are guessed. Without a title column the result has no rows
    and a note asking for one.
    """
    return _read_text(*decode(data), format=format, mapping=mapping, delimiter=delimiter, progress=progress)


def _read_text(text: str, encoding: str, *, format: str | None = None, mapping: dict[str, str] | None = None,
               delimiter: str | None = None, progress: Progress | None = None) -> ImportResult:
    if format is not None and format not in FORMATS:
        raise UnreadableFile(f"“{format}” is not a format this can read; use one of: {', '.join(FORMATS)}.")
    if not text or text.isspace():
        raise UnreadableFile("The file is empty.")
    if format in ("github", "trello") and not detect.looks_like_json(text):
        raise UnreadableFile(f"This is not a {FORMAT_LABELS[format]} file: it is not JSON.")
    with collector_paused():
        if format in ("github", "trello") or (format is None and detect.looks_like_json(text)):
            return _read_json(text, encoding, format)
        return _read_csv(text, encoding, format, mapping, delimiter, progress)


def _read_json(text: str, encoding: str, wanted: str | None) -> ImportResult:
    data = jsonfile.load(text)
    found = detect.json_format(data)
    kind = wanted or found
    if kind is None:
        raise UnreadableFile("This JSON is neither GitHub issues (gh issue list --json …) nor a Trello board "
                             "export.")
    if kind == "github":
        lines = jsonfile.array_item_lines(text)
        # A one-line export puts every issue on line 1: the record's number and key say more.
        rows = github.read(data, lines if len(set(lines)) > 1 else [])
        left = github.unused_fields(data)
    else:
        where = jsonfile.key_lines(text, "cards", trello.card_ids(data))
        rows = trello.read(data, where if len(set(where.values())) > 1 else {})
        left = trello.unused_fields(data)
    return ImportResult(format=kind, encoding=encoding, rows=rows, unused=unused.ordered(left))


def _read_csv(text: str, encoding: str, wanted: str | None, chosen: dict[str, str] | None,
              delimiter: str | None, progress: Progress | None) -> ImportResult:
    if wanted in ("github", "trello"):
        raise UnreadableFile(f"This is not a {FORMAT_LABELS[wanted]} file.")
    delimiter = delimiter or table.sniff_delimiter(text)
    if delimiter not in table.DELIMITERS:
        raise UnreadableFile("The delimiter must be a comma, a semicolon or a tab.")
    header, records = table.read_table(text, delimiter)
    kind = wanted or detect.csv_format(header)
    notes: list[str] = []
    used: dict[str, str]
    if kind == "jira":
        if not header.positions("Summary"):
            raise UnreadableFile("This is not a Jira CSV export: there is no Summary column.")
        cols, used = jira.columns(header), {}
    elif kind == "linear":
        if not header.positions("Title"):
            raise UnreadableFile("This is not a Linear CSV export: there is no Title column.")
        cols, used = linear.columns(header), {}
    else:
        used = dict(generic.guess_mapping(header) if chosen is None else chosen)
        unknown = sorted(column for column in used.values() if column and not header.positions(column))
        if unknown:
            raise UnreadableFile(f"There is no column “{unknown[0]}” in this file; its columns are: "
                                 f"{', '.join(c for c in header.columns if c)}.")
        if not used.get("title"):
            notes.append("Pick the column that holds each item's title.")
            return ImportResult(format=kind, encoding=encoding, delimiter=delimiter, columns=header.columns,
                                mapping=used, notes=tuple(notes))
        cols = generic.columns(header, used)
    names, groups = unused.column_groups(header, cols.used)
    rows, counts = table.read_rows(text, records, _columns.builder(cols), progress, groups)
    return ImportResult(format=kind, encoding=encoding, delimiter=delimiter, columns=header.columns,
                        mapping=used, rows=rows, notes=tuple(notes), unused=unused.ordered(zip(names, counts,
                                                                                              strict=True)))
