"""Format 3 → 4: the change log says who made each change and which rows it wrote (``change_log.author``,
``change_log.touched``), for team plans that several people edit at once.

Frozen: this is what format 4 changed, whatever the model says later. SQLite cannot add a NOT NULL column
in place and keep the table's SQL equal to what the model's ``create_all`` writes, so the table is rebuilt
under the same name, rows and indexes; every older change keeps an empty author and no rows (one laptop
made it, and it can no longer conflict with anything).
"""

from __future__ import annotations

import sqlite3


def add_change_author(raw: sqlite3.Connection) -> None:
    """Format 3 to 4: rebuild ``change_log`` with ``author`` and ``touched``."""
    raw.execute("""CREATE TABLE change_log_format_4 (
        id INTEGER NOT NULL,
        at DATETIME NOT NULL,
        release_id INTEGER,
        area VARCHAR NOT NULL,
        action VARCHAR NOT NULL,
        summary VARCHAR NOT NULL,
        finish_line_move BOOLEAN NOT NULL,
        author VARCHAR NOT NULL,
        touched VARCHAR NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(release_id) REFERENCES release (id)
    )""")
    raw.execute("INSERT INTO change_log_format_4 (id, at, release_id, area, action, summary, finish_line_move, "
                "author, touched) SELECT id, at, release_id, area, action, summary, finish_line_move, '', '' "
                "FROM change_log")
    raw.execute("DROP TABLE change_log")
    raw.execute("ALTER TABLE change_log_format_4 RENAME TO change_log")
    raw.execute("CREATE INDEX ix_change_log_at ON change_log (at)")
    raw.execute("CREATE INDEX ix_change_log_release_id ON change_log (release_id)")
