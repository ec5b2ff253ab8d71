"""The real app under Xvfb: a real mouse click on a cell of the ownership matrix makes that person the owner
of an unowned row, and the plan file says so after Ctrl+Q.

The Owners view is one page that scrolls up and down (roles first, the matrix below): Alt+W, the matrix's
own key, brings the matrix into view, as a person at the keyboard would reach it.

The matrix paints its cells, but it is an item view: the probe lists each visible cell as
"<matrix name>/<row>,<column>". The row and column of the cell come from the core's own report of the
matrix (the same rows in plan order, the same people by name, after the two fixed columns the view shows).
"""

from __future__ import annotations

from pathlib import Path

from rig import read_plan

MATRIX = "Ownership matrix: open work by person"
ROW_TITLE = "Expired card: clear message and retry"  # no owner in the example
PERSON = "Ana Ruiz"
PAGE = "Owners page"  # the view's scrolling page (its visible part)
FIXED_COLUMNS = 2  # owner, days (ui/models/owners.py)
OWNER = ("SELECT person.name FROM scope_item LEFT JOIN person ON person.id = scope_item.owner_id "
         "WHERE scope_item.title = ?")


def _cell(plan_path: Path) -> tuple[int, int]:
    """(row, column) of ROW_TITLE × PERSON in the matrix as the view first shows it."""
    import datetime as dt

    from cockpit.reader import read_live
    from cockpit.reports.owners import ownership
    from cockpit.store import open_plan

    plan = open_plan(plan_path)
    try:
        report = ownership(read_live(plan, 1), dt.date.today())
    finally:
        plan.close()
    row = next(n for n, work in enumerate(report.rows) if work.title == ROW_TITLE)
    column = FIXED_COLUMNS + next(n for n, person in enumerate(report.people) if person.name == PERSON)
    return row, column


def test_clicking_a_cell_makes_that_person_the_owner(cockpit, example_plan: Path):
    assert read_plan(example_plan, OWNER, (ROW_TITLE,)) == [(None,)]
    row, column = _cell(example_plan)
    app = cockpit("open", example_plan)
    app.wait_window("Team plan billing")
    app.key("ctrl+3")
    app.key("alt+w")  # to the matrix: the page scrolls it into view
    x, y = app.centre(f"{MATRIX}/{row},{column}")
    left, top, width, height = app.where()[PAGE]
    assert left <= x < left + width and top <= y < top + height, "the cell is not in the visible part of the page"
    app.click(x, y)
    app.screenshot("owners-after-click")
    assert app.quit() == 0
    assert read_plan(example_plan, OWNER, (ROW_TITLE,)) == [(PERSON,)]
    log = read_plan(example_plan, "SELECT area, summary FROM change_log ORDER BY id DESC LIMIT 1")
    assert log == [("owners", f"{PERSON} owns “{ROW_TITLE}”")]
