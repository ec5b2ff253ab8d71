"""Ways a plan file gets damaged or made odd, as plain functions of its bytes (or of a copy SQLite edits).

Used by the fuzz test (``test_fuzz_plans``: hypothesis draws the arguments) and by
``tests/data/make_damaged.py``, which writes a fixed set of damaged files to ``tests/data/damaged/``.
"""

from __future__ import annotations

import sqlite3
import struct
import tempfile
from pathlib import Path

#: SQL another tool might have run on a plan (each one changes its structure or its values)
SCHEMA_EDITS = {
    "extra-table": "CREATE TABLE notes_by_someone_else (x TEXT)",
    "trigger": "CREATE TRIGGER sneaky AFTER INSERT ON scope_item BEGIN DELETE FROM person; END",
    "view": "CREATE VIEW everything AS SELECT * FROM scope_item",
    "extra-index": "CREATE INDEX odd_index ON scope_item(title)",
    "dropped-table": "DROP TABLE retro_entry",
    "added-column": "ALTER TABLE scope_item ADD COLUMN colour TEXT",
    "user-version-0": "PRAGMA user_version = 0",
    "user-version-1": "PRAGMA user_version = 1",
    "user-version-99": "PRAGMA user_version = 99",
    "user-version-negative": "PRAGMA user_version = -5",
    "wal-mode": "PRAGMA journal_mode = WAL",
    "date-not-a-date": "UPDATE release SET target_date = 'next Friday'",
    "number-not-a-number": "UPDATE scope_item SET estimate_days = 'lots'",
    "empty-title": "UPDATE scope_item SET title = '' WHERE id = 1",
    "orphan-owner": "UPDATE scope_item SET owner_id = 999 WHERE id = 1",
    "no-release": "DELETE FROM release",
    "bad-utf8": "UPDATE person SET name = CAST(x'4dff61' AS TEXT) || id",
    "huge-title": "UPDATE scope_item SET title = printf('%.*c', 1000000, 'x') WHERE id = 2",
    "blob-title": "UPDATE scope_item SET title = x'00ff00ff' WHERE id = 3",
    "negative-estimate": "UPDATE scope_item SET estimate_days = -1e308",
    "json-lists-broken": "UPDATE go_no_go_review SET answers = '{not json'",
}


def page_size(data: bytes) -> int:
    """The page size in the SQLite header (4096 when the header is too short to say)."""
    if len(data) < 18:
        return 4096
    (size,) = struct.unpack(">H", data[16:18])
    return 65536 if size == 1 else size or 4096


def truncate(data: bytes, at: int) -> bytes:
    """The first ``at`` bytes: a copy interrupted, a download cut short."""
    return data[: max(0, min(at, len(data)))]


def flip(data: bytes, offset: int, mask: int) -> bytes:
    """One byte XOR ``mask`` (1..255): a bad sector, a bit flipped in transit."""
    if not data:
        return data
    offset %= len(data)
    return data[:offset] + bytes([data[offset] ^ (mask or 1)]) + data[offset + 1:]


def splice_pages(data: bytes, source: int, target: int) -> bytes:
    """Page ``source`` copied over page ``target``: a file pieced together from two versions."""
    size = page_size(data)
    pages = max(1, len(data) // size)
    source, target = source % pages, target % pages
    page = data[source * size:(source + 1) * size]
    return data[: target * size] + page + data[(target + 1) * size:]


def set_header(data: bytes, offset: int, value: bytes) -> bytes:
    """Header bytes at ``offset`` (< 100) replaced: page size, versions, encoding, user_version, ids."""
    offset %= 100
    value = value[: 100 - offset]
    return data[:offset] + value + data[offset + len(value):]


def edit_schema(data: bytes, edit: str) -> bytes:
    """The plan's bytes after another tool ran ``SCHEMA_EDITS[edit]`` on it (SQLite, no safety switches)."""
    with tempfile.TemporaryDirectory(prefix="cockpit-damage-") as folder:
        path = Path(folder) / "plan.cockpit"
        path.write_bytes(data)
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute(SCHEMA_EDITS[edit])
            if edit != "wal-mode":
                conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
        return path.read_bytes()
