"""A team plan's tables on PostgreSQL: the plan file's schema (``cockpit.migrations.schema``), translated.

One PostgreSQL schema per plan, so one database holds many plans. The tables, columns, keys, references
and indexes are the file's, object for object; only the column types are PostgreSQL's:

* whole numbers are ``bigint`` (SQLite's integers are 64-bit), flags ``smallint`` 0/1 as in the file;
* dates are ``date`` and moments ``timestamp`` (UTC, as the file stores them);
* text is ``text COLLATE "C"``, so rows sort by code point as they do in a file whatever the server's
  locale, and both engines list people, items and changes in the same order.

The schema's comment says it is a Release Cockpit plan and which format it has (what a plan file keeps in
its header): ``Release Cockpit plan, format 4``.
"""

from __future__ import annotations

import re

from cockpit.migrations import LATEST
from cockpit.migrations import schema as file_schema

COMMENT = "Release Cockpit plan, format {format}"
_COMMENT = re.compile(r"^Release Cockpit plan, format (\d+)$")
_TYPES = {"INTEGER": "bigint", "VARCHAR": 'text COLLATE "C"', "TEXT": 'text COLLATE "C"', "DATE": "date",
          "DATETIME": "timestamp", "FLOAT": "double precision", "BOOLEAN": "smallint"}
_COLUMN = re.compile(r"^(\s+\"?\w+\"?) (INTEGER|VARCHAR|TEXT|DATETIME|DATE|FLOAT|BOOLEAN)\b", re.M)
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")

#: format N → the statements that make a team plan of format N into N+1. Format 4 is the first format a
#: team plan can have; a later format adds its step here, as ``cockpit.migrations.STEPS`` does for files.
STEPS: dict[int, tuple[str, ...]] = {}
#: the first format a team plan can have
FIRST = 4


def ddl(sql: str) -> str:
    """One ``CREATE TABLE`` or ``CREATE INDEX`` of the plan file, in PostgreSQL's types."""
    return _COLUMN.sub(lambda m: f"{m.group(1)} {_TYPES[m.group(2)]}", sql)


def objects() -> tuple[tuple[str, str, str], ...]:
    """(type, name, PostgreSQL DDL) of every table, in creation order, then every index."""
    return tuple((kind, name, ddl(sql)) for kind, name, sql in file_schema.OBJECTS)


def comment(format_: int = LATEST) -> str:
    """The schema comment that marks a team plan of ``format_``."""
    return COMMENT.format(format=format_)


def format_of(text: str | None) -> int | None:
    """The format a schema comment names, or None when the schema is not a Release Cockpit plan."""
    match = _COMMENT.match(text or "")
    return int(match.group(1)) if match else None


def valid_name(name: str) -> bool:
    """Whether ``name`` can name a team plan (its PostgreSQL schema): lower-case letters, digits, ``_``."""
    return bool(_NAME.match(name)) and not name.startswith("pg_")


def table_check_constraints() -> tuple[str, ...]:
    """Flags hold 0 or 1, as in a plan file: one ``ALTER TABLE`` per flag column."""
    out = []
    for _kind, name, sql in file_schema.OBJECTS:
        for column in re.findall(r"^\s+\"?(\w+)\"? BOOLEAN\b", sql, re.M):
            out.append(f'ALTER TABLE "{name}" ADD CONSTRAINT "{name}_{column}_flag" CHECK ("{column}" IN (0, 1))')
    return tuple(out)
