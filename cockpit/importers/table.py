"""CSV as a table: the header (repeated columns kept), each record with the line it starts on."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cockpit.importers.mapping import fold
from cockpit.importers.rows import ImportCancelled, ImportRow, Progress, UnreadableFile

DELIMITERS = (",", ";", "\t")
PROGRESS_EVERY = 500
# Jira descriptions can be long; the csv module's default cap (128 KiB a field) would refuse them.
FIELD_LIMIT = 16 * 1024 * 1024


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever splits the header line (outside quotes) most often."""
    header = text.split("\n", 1)[0]
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass(frozen=True)
class Header:
    """The header row. Exports repeat some columns (Jira: ``Labels``, ``Sprint``, ``Watchers``)."""

    columns: tuple[str, ...]

    def positions(self, name: str) -> tuple[int, ...]:
        """Every column with this name (exports repeat some), ignoring case and accents."""
        wanted = fold(name)
        return tuple(i for i, column in enumerate(self.columns) if fold(column) == wanted)

    def positions_where(self, test: Callable[[str], bool]) -> tuple[int, ...]:
        """Every column whose folded name passes ``test``."""
        return tuple(i for i, column in enumerate(self.columns) if test(fold(column)))

    def has(self, *names: str) -> bool:
        """Whether the header has a column for each of ``names``."""
        folded = {fold(column) for column in self.columns}
        return all(fold(name) in folded for name in names)


def first(cells: list[str], positions: tuple[int, ...]) -> str:
    """The first non-empty value among repeated columns."""
    for i in positions:
        if i < len(cells) and cells[i].strip():
            return cells[i]
    return ""


def every(cells: list[str], positions: tuple[int, ...]) -> list[str]:
    """Every non-empty value among repeated columns (e.g. Jira's many ``Labels``)."""
    return [cells[i] for i in positions if i < len(cells) and cells[i].strip()]


def read_table(text: str, delimiter: str) -> tuple[Header, Iterator[tuple[int, list[str]]]]:
    """The header and an iterator of (start line, cells) for every non-blank record."""
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header_cells = next(reader, None)
        while header_cells is not None and not any(cell.strip() for cell in header_cells):
            header_cells = next(reader, None)
    except csv.Error as exc:
        raise UnreadableFile(f"The header line cannot be read as CSV: {exc}.") from None
    if header_cells is None:
        raise UnreadableFile("The file is empty: there is no header line and no rows.")
    header = Header(tuple(cell.replace("\ufeff", "").strip() for cell in header_cells))

    def records() -> Iterator[tuple[int, list[str]]]:
        start = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise UnreadableFile(f"Line {start}: the file cannot be read as CSV ({exc}).") from None
            if any(cell.strip() for cell in cells):
                yield start, cells
            start = reader.line_num + 1

    return header, records()


def read_rows(text: str, records: Iterator[tuple[int, list[str]]], build: Callable[[int, int, list[str]], ImportRow],
              progress: Progress | None) -> tuple[ImportRow, ...]:
    """Build one ImportRow per record, reporting progress by share of the text read."""
    rows: list[ImportRow] = []
    total = len(text)
    lines_total = max(1, text.count("\n") + 1)
    for number, (line, cells) in enumerate(records, start=1):
        rows.append(build(line, number, cells))
        if progress is not None and number % PROGRESS_EVERY == 0 and not progress(
                min(total, total * line // lines_total), total):
            raise ImportCancelled("Import stopped: nothing was imported.")
    return tuple(rows)
