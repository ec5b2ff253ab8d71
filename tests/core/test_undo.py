"""Undo and redo are exact: same primary keys, the change-log row comes and goes, conflicts write nothing."""

from __future__ import annotations

from _support import PRIYA, TOM, count, dump, refused

from cockpit.errors import ValidationError
from cockpit.services import people, scope
from cockpit.services.core import redo, undo


def _row(plan, table: str, key: int) -> tuple | None:
    return plan.raw.execute(f"SELECT * FROM {table} WHERE id=?", (key,)).fetchone()


def test_delete_then_undo_restores_the_same_primary_key(plan) -> None:
    original = _row(plan, "scope_item", 5)
    before = dump(plan)
    changes = scope.delete_item(plan, 5)
    assert _row(plan, "scope_item", 5) is None
    [log_id] = changes.ids("change_log")
    logged = _row(plan, "change_log", log_id)
    assert logged is not None and logged[4:6] == ("delete item", "Delete “Migrate old invoices to the new table”")

    undo(plan, changes)
    assert _row(plan, "scope_item", 5) == original
    assert _row(plan, "change_log", log_id) is None, "undo removes the change's own log row"
    assert dump(plan) == before

    redo(plan, changes)
    assert _row(plan, "scope_item", 5) is None
    assert _row(plan, "change_log", log_id) == logged, "redo brings the log row back exactly"


def test_undo_and_redo_of_an_add_keep_the_new_id(plan, release_id) -> None:
    changes = scope.add_item(plan, release_id, "Retry failed webhooks", estimate_days=1, owner_id=TOM)
    added = _row(plan, "scope_item", changes.result)
    undo(plan, changes)
    assert _row(plan, "scope_item", changes.result) is None
    redo(plan, changes)
    assert _row(plan, "scope_item", changes.result) == added


def test_undo_of_a_multi_row_change_is_one_step(plan) -> None:
    before = dump(plan)
    changes = people.remove_person(plan, TOM, reassign_to=PRIYA)
    after = dump(plan)
    assert len(changes.tables) >= 4
    undo(plan, changes)
    assert dump(plan) == before
    redo(plan, changes)
    assert dump(plan) == after


def test_undo_after_a_conflicting_change_writes_nothing(plan) -> None:
    first = scope.update_item(plan, 1, title="Pay by card")
    scope.update_item(plan, 1, title="Pay an invoice by card, now")
    log_rows = count(plan, "change_log")
    error = refused(plan, ValidationError, "Cannot undo: the scope item was changed since",
                    lambda: undo(plan, first))
    assert "Nothing was changed" in str(error)
    assert count(plan, "change_log") == log_rows
    assert _row(plan, "scope_item", 1)[2] == "Pay an invoice by card, now"


def test_undo_of_a_delete_after_the_id_was_reused_writes_nothing(plan, release_id) -> None:
    deleted = scope.delete_item(plan, 16)  # the highest id: SQLite hands it out again
    reused = scope.add_item(plan, release_id, "Takes the free id").result
    if plan.engine == "team":  # a team plan never hands a key out twice: the undo has nothing in its way
        assert reused > 16
        undo(plan, deleted)
        assert _row(plan, "scope_item", 16)[2] != "Takes the free id"
        return
    assert reused == 16
    refused(plan, ValidationError, "Cannot undo", lambda: undo(plan, deleted))
    assert _row(plan, "scope_item", 16)[2] == "Takes the free id"


def test_undo_twice_and_redo_twice_are_refused(plan) -> None:
    changes = scope.update_item(plan, 2, estimate_days=3)
    undo(plan, changes)
    refused(plan, ValidationError, "Cannot undo", lambda: undo(plan, changes))
    redo(plan, changes)
    refused(plan, ValidationError, "Cannot redo", lambda: redo(plan, changes))
    assert _row(plan, "scope_item", 2)[6] == 3.0


def test_inverse_changes_swap_before_and_after(plan) -> None:
    changes = scope.update_item(plan, 2, estimate_days=4)
    inverse = changes.inverse()
    assert inverse.summary == f"Undo {changes.summary}"
    assert [(r.table, r.key) for r in inverse.rows] == [(r.table, r.key) for r in reversed(changes.rows)]
    assert all(i.before == c.after and i.after == c.before for i, c in zip(inverse.rows, reversed(changes.rows),
                                                                             strict=True))
    redo(plan, inverse)  # applying the inverse forward is an undo
    assert _row(plan, "scope_item", 2)[6] == 2.0
