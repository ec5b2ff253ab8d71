"""The schema ladder: ``user_version`` N is raised to N+1 by ``STEPS[N]``.

Format 1 is the first released format; a new plan is created at ``LATEST``
directly from the model. Each future step is a function taking the raw
connection inside the migration transaction (foreign keys are off during it
and checked before commit). Keep a fixture file of every released format in
``tests/data`` and migrate it in the tests.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from cockpit.errors import DamagedPlanFile
from cockpit.migrations.format_2 import add_remediation_note
from cockpit.migrations.format_3 import add_reset_session
from cockpit.migrations.format_4 import add_change_author

Step = Callable[[sqlite3.Connection], None]

#: user_version N -> the step that makes it N+1
STEPS: dict[int, Step] = {1: add_remediation_note, 2: add_reset_session, 3: add_change_author}
LATEST = 4


def migrate(raw: sqlite3.Connection, version: int, steps: dict[int, Step] | None = None,
            latest: int | None = None, verify: Callable[[], None] | None = None) -> int:
    """Run every step from ``version`` to the latest in one transaction; all or nothing.

    ``verify`` runs inside the transaction after the last step (it raises to refuse the
    result), so a migration that produces the wrong structure is never committed.
    """
    steps = STEPS if steps is None else steps
    latest = LATEST if latest is None else latest
    if version < 1:
        raise DamagedPlanFile("This plan file has no format number; it was not made by Release Cockpit.")
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("BEGIN IMMEDIATE")
    try:
        while version < latest:
            steps[version](raw)
            version += 1
        problems = raw.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise DamagedPlanFile(f"Upgrading the plan broke {len(problems)} references; nothing was changed.")
        raw.execute(f"PRAGMA user_version={version}")
        if verify is not None:
            verify()
        raw.execute("COMMIT")
    except BaseException:
        raw.execute("ROLLBACK")
        raise
    finally:
        raw.execute("PRAGMA foreign_keys=ON")
    return version
