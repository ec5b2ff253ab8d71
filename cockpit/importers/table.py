"""CSV as a table: the header (repeated columns kept), each record with the line it starts on."""

from __future__ import annotations

import csv
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from cockpit.importers.mapping import fold
from cockpit.importers.rows import ImportCancelled, ImportRow, Progress, UnreadableFile

DELIMITERS = (",", ";", "\t")
PROGRESS_EVERY = 500
BATCH = 1000
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


_OTHER_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_CHUNK = 1 << 20


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings (``\\n`` or ``\\r\\n``; a file of bare ``\\r`` splits on those).

    Split a megabyte at a time: ``str.splitlines`` is fast but also breaks at form feeds and other
    separators a CSV may hold inside a field, so a chunk holding one is split on line ends by hand.
    """
    end_of_line = "\n" if "\n" in text or "\r" not in text else "\r"
    find, start, size = text.find, 0, len(text)
    while start < size:
        stop = find(end_of_line, min(start + _CHUNK, size) - 1)
        stop = size if stop < 0 else stop + 1
        chunk = text[start:stop]
        if (end_of_line == "\n" and chunk.count("\r") == chunk.count("\r\n")
                and not any(mark in chunk for mark in _OTHER_BREAKS)):
            yield from chunk.splitlines(keepends=True)
        else:
            at = 0
            while at < len(chunk):
                end = chunk.find(end_of_line, at)
                end = len(chunk) if end < 0 else end + 1
                yield chunk[at:end]
                at = end
        start = stop


def read_table(text: str, delimiter: str) -> tuple[Header, Iterator[tuple[int, list[str]]]]:
    """The header and an iterator of (start line, cells) for every non-blank record."""
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)
    # Lines are slices of the text: an io.StringIO would hold a second, four-bytes-a-character copy of it.
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=False)
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
            if any(map(str.strip, cells)):
                yield start, cells
            start = reader.line_num + 1

    return header, records()


def read_rows(text: str, records: Iterator[tuple[int, list[str]]], build: Callable[[int, int, list[str]], ImportRow],
              progress: Progress | None, counted: tuple[tuple[int, ...], ...] = ()
              ) -> tuple[tuple[ImportRow, ...], list[int]]:
    """Build one ImportRow per record, reporting progress by share of the text read.

    ``counted`` are groups of column positions (a name's repeated columns) whose non-empty rows are
    counted on the way (the columns the import does not use); their counts are returned too.
    """
    rows: list[ImportRow] = []
    counts = [0] * len(counted)
    singles = [(at, group[0]) for at, group in enumerate(counted) if len(group) == 1]
    repeats = [(at, group) for at, group in enumerate(counted) if len(group) > 1]
    # Most unused columns appear once: their cells are gathered a thousand rows at a time and
    # counted column by column in C, which is ten times faster than a test per cell.
    pick = operator.itemgetter(*(i for _, i in singles)) if singles else None
    widest = max((i for _, i in singles), default=-1)
    batch: list[Any] = []

    def count_batch() -> None:
        for (at, _), column in zip(singles, zip(*batch, strict=True), strict=True):
            counts[at] += sum(map(bool, map(str.strip, column)))
        batch.clear()

    total = len(text)
    lines_total = max(1, text.count("\n") + 1)
    for number, (line, cells) in enumerate(records, start=1):
        rows.append(build(line, number, cells))
        if pick is not None:
            if len(cells) > widest:
                batch.append(pick(cells) if len(singles) > 1 else (pick(cells),))
            else:  # a short row (a ragged export): what it lacks is empty
                batch.append(tuple(cells[i] if i < len(cells) else "" for _, i in singles))
            if len(batch) >= BATCH:
                count_batch()
        for at, group in repeats:
            if any(cells[i].strip() for i in group if i < len(cells)):
                counts[at] += 1
        if progress is not None and number % PROGRESS_EVERY == 0 and not progress(
                min(total, total * line // lines_total), total):
            raise ImportCancelled("Import stopped: nothing was imported.")
    if batch:
        count_batch()
    return tuple(rows), counts
