"""Format 2 → 3: the guided reset session and its parking lot (tables ``reset_session``, ``parking_entry``).

Frozen: this is what format 3 added, whatever the model says later. The SQL is what the model's
``create_all`` writes (up to whitespace), so a migrated file passes the same schema check as a new one.
"""

from __future__ import annotations

import sqlite3


def add_reset_session(raw: sqlite3.Connection) -> None:
    """Format 2 to 3: add the reset session's record and its parking lot."""
    raw.execute("""CREATE TABLE reset_session (
        id INTEGER NOT NULL,
        release_id INTEGER NOT NULL,
        started_at DATETIME NOT NULL,
        ended_at DATETIME,
        step VARCHAR NOT NULL,
        step_seconds TEXT NOT NULL,
        clock_saved_at DATETIME,
        PRIMARY KEY (id),
        FOREIGN KEY(release_id) REFERENCES release (id)
    )""")
    raw.execute("CREATE INDEX ix_reset_session_release_id ON reset_session (release_id)")
    raw.execute("""CREATE TABLE parking_entry (
        id INTEGER NOT NULL,
        release_id INTEGER NOT NULL,
        session_id INTEGER,
        text VARCHAR NOT NULL,
        added_at DATETIME NOT NULL,
        outcome VARCHAR NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(release_id) REFERENCES release (id),
        FOREIGN KEY(session_id) REFERENCES reset_session (id)
    )""")
    raw.execute("CREATE INDEX ix_parking_entry_release_id ON parking_entry (release_id)")
    raw.execute("CREATE INDEX ix_parking_entry_session_id ON parking_entry (session_id)")
