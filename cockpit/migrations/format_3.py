"""Format 2 → 3: the guided reset session and its parking lot (``reset_session``, ``parking_entry``), what
was committed at the freeze (``freeze_commitment``) and the weekly progress notes (``progress_note``).

Frozen: this is what format 3 added, whatever the model says later. The SQL is what the model's
``create_all`` writes (up to whitespace), so a migrated file passes the same schema check as a new one.
"""

from __future__ import annotations

import sqlite3


def add_reset_session(raw: sqlite3.Connection) -> None:
    """Format 2 to 3: add the reset session's record and its parking lot, the freeze commitment and the
    weekly progress notes."""
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
    raw.execute("""CREATE TABLE freeze_commitment (
        id INTEGER NOT NULL,
        release_id INTEGER NOT NULL,
        item_id INTEGER NOT NULL,
        title VARCHAR NOT NULL,
        estimate_days FLOAT NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(release_id) REFERENCES release (id)
    )""")
    raw.execute("CREATE INDEX ix_freeze_commitment_release_id ON freeze_commitment (release_id)")
    raw.execute("""CREATE TABLE progress_note (
        id INTEGER NOT NULL,
        release_id INTEGER NOT NULL,
        week INTEGER NOT NULL,
        body VARCHAR NOT NULL,
        sent_on DATE,
        PRIMARY KEY (id),
        CONSTRAINT uq_progress_note_week UNIQUE (release_id, week),
        FOREIGN KEY(release_id) REFERENCES release (id)
    )""")
