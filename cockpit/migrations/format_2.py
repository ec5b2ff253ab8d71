"""Format 1 → 2: the remediation note the team edited is kept in the plan (table ``remediation_note``).

Frozen: this is what format 2 added, whatever the model says later. The SQL is what the model's
``create_all`` writes (up to whitespace), so a migrated file passes the same schema check as a new one.
"""

from __future__ import annotations

import sqlite3


def add_remediation_note(raw: sqlite3.Connection) -> None:
    """Format 1 to 2: add the table for the remediation note of a release that went wrong."""
    raw.execute("""CREATE TABLE remediation_note (
        id INTEGER NOT NULL,
        release_id INTEGER NOT NULL,
        body VARCHAR NOT NULL,
        PRIMARY KEY (id),
        UNIQUE (release_id),
        FOREIGN KEY(release_id) REFERENCES release (id)
    )""")
