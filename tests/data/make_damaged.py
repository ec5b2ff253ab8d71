"""Write the damaged plan files kept in ``tests/data/damaged/`` (run from the repository root;
name some of them to write only those).

Each is the example plan (``cockpit.example.create_example`` on a fixed day) damaged one way
(``tests/ui/damage.py``). The fuzz test runs every command on each of them; a file hypothesis once
found a problem with belongs here too (copy it in under a name that says what it is).
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "ui")]

import damage  # noqa: E402

from cockpit.example import create_example  # noqa: E402

OUT = ROOT / "tests" / "data" / "damaged"


def main(only: set[str] | None = None) -> None:
    """Write the damaged files (``only``: just these names, so the others keep their bytes)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "example.cockpit"
        create_example(path, today=dt.date(2026, 11, 18)).close()
        good = path.read_bytes()
    size = damage.page_size(good)
    made = {
        "truncated-half": damage.truncate(good, len(good) // 2),
        "truncated-mid-page": damage.truncate(good, size * 3 + 100),
        "header-only": damage.truncate(good, 100),
        "page-size-odd": damage.set_header(good, 16, b"\x03\x00"),
        "text-encoding-utf16": damage.set_header(good, 56, b"\x00\x00\x00\x02"),
        "schema-format-9": damage.set_header(good, 44, b"\x00\x00\x00\x09"),
        "page-count-huge": damage.set_header(good, 28, b"\x7f\xff\xff\xff"),
        "first-page-flipped": damage.flip(good, 200, 0xFF),
        "btree-page-flipped": damage.flip(good, size * 5 + 8, 0x5A),
        "pages-spliced": damage.splice_pages(good, 2, 7),
        # found by the fuzz test: quick_check answered in 51 lines
        "largest-root-page-flipped": damage.flip(good, 52, 1),
        # found by the fuzz test: SQLite quoted schema text with a line break in its error
        "schema-text-with-a-line-break": damage.flip(good, 68128, 60),
        # found by the fuzz test: a spliced page left a number where a person's name is
        "name-stored-as-a-number": damage.splice_pages(good, 7, 52),
    }
    for edit in damage.SCHEMA_EDITS:
        made[f"edited-{edit}"] = damage.edit_schema(good, edit)
    OUT.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, data in made.items():
        if only and name not in only:
            continue
        (OUT / f"{name}.cockpit").write_bytes(data)
        written += 1
    print(f"wrote {written} damaged plans to {OUT}")


if __name__ == "__main__":
    main(set(sys.argv[1:]) or None)
