"""The Owners view standalone: matrix model, clicking and keys, people, roles, filters, check-in, undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from cockpit.store import open_plan
from ui.hub import Hub
from ui.models.owners import FIXED_COLUMNS, OWNER_MARK, OwnerMatrixModel
from ui.owners import dialogs
from ui.owners.checkin import mm_ss
from ui.owners.view import OwnersView

TODAY = dt.date(2026, 11, 18)
MAYA, TOM, PRIYA, LARS, ANA = 1, 2, 3, 4, 5


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def view(app, qtbot, example_path: Path, clock: Clock):
    hub = Hub()
    problems: list[str] = []
    hub.problem.connect(problems.append)
    owners = OwnersView(hub, clock=clock)
    owners.today = TODAY
    owners.problems = problems  # type: ignore[attr-defined]
    qtbot.addWidget(owners)
    # A fixed minimum, as the main window has: offscreen Qt warns when a top-level's size hints change.
    owners.setMinimumSize(1000, 600)
    hub.attach(open_plan(example_path))
    owners.resize(1366, 768)
    owners.show()
    qtbot.waitExposed(owners)
    yield owners
    hub.detach()


def owner_in_file(view: OwnersView, table: str, row_id: int) -> int | None:
    return view.hub.plan.raw.execute(f"SELECT owner_id FROM {table} WHERE id=?", (row_id,)).fetchone()[0]


def cell(view: OwnersView, key: tuple[str, int], person_id: int):
    return view.model.index(view.model.row_of(key), view.model.column_of(person_id))


def click(qtbot, view: OwnersView, index) -> None:
    view.table.scrollTo(index)
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_matrix_model_passes_qtmodeltester(view, qtmodeltester):
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 14 and view.model.columnCount() == FIXED_COLUMNS + 5
    for mode in ("unowned", "overloaded", "all"):
        view.model.set_view(filter_mode=mode)
        qtmodeltester.check(view.model)
    empty = OwnerMatrixModel()
    qtmodeltester.check(empty)


def test_clicking_a_cell_makes_that_person_the_one_owner(view, qtbot):
    key = ("item", 6)  # "Expired card: clear message and retry", no owner
    assert owner_in_file(view, "scope_item", 6) is None
    assert view.model.headerData(view.model.row_of(key), Qt.Orientation.Vertical).startswith("⚠")
    click(qtbot, view, cell(view, key, ANA))
    assert owner_in_file(view, "scope_item", 6) == ANA
    row = view.model.row_of(key)
    marks = [view.model.index(row, c).data() for c in range(FIXED_COLUMNS, view.model.columnCount())]
    assert marks.count(OWNER_MARK) == 1
    assert view.model.index(row, 0).data() == "Ana Ruiz"
    ana = view.model.person(view.model.column_of(ANA))
    assert ana.assigned == 3  # 2 days before + 1
    # Clicking another person moves the row: still one owner.
    click(qtbot, view, cell(view, key, PRIYA))
    assert owner_in_file(view, "scope_item", 6) == PRIYA
    marks = [view.model.index(row, c).data() for c in range(FIXED_COLUMNS, view.model.columnCount())]
    assert marks.count(OWNER_MARK) == 1 and cell(view, key, PRIYA).data() == OWNER_MARK
    view.hub.undo_stack.undo()
    view.hub.undo_stack.undo()
    assert owner_in_file(view, "scope_item", 6) is None
    assert view.model.index(view.model.row_of(key), 0).data() == "⚠ no owner"


def test_keys_on_the_focused_cell(view, qtbot):
    key = ("task", 4)  # go-live approval, no owner
    index = cell(view, key, MAYA)
    view.focus_cell(index.row(), index.column())
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Space)
    assert owner_in_file(view, "release_task", 4) == MAYA
    qtbot.keyClick(view.table, Qt.Key.Key_Right)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert owner_in_file(view, "release_task", 4) == view.model.person(index.column() + 1).id
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert owner_in_file(view, "release_task", 4) is None
    assert view.hub.undo_stack.count() == 3
    qtbot.keyClick(view.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)  # delete the task
    assert view.hub.plan.raw.execute("SELECT count(*) FROM release_task WHERE id=4").fetchone() == (0,)
    assert view.model.row_of(key) == -1
    view.hub.undo_stack.undo()
    assert view.model.row_of(key) >= 0


def test_assigning_patches_without_reading_the_plan(view, qtbot, monkeypatch):
    import cockpit.reports.owners as owners_report

    calls = []
    real = owners_report.ownership
    monkeypatch.setattr(owners_report, "ownership", lambda *a, **k: calls.append(1) or real(*a, **k))
    click(qtbot, view, cell(view, ("item", 1), MAYA))
    assert calls == [] and owner_in_file(view, "scope_item", 1) == MAYA
    tom = view.model.person(view.model.column_of(TOM))
    assert tom.assigned == 8 and not tom.overloaded  # 16 − 8 ≤ 10.2
    assert "Tom Okafor" not in view.warnings.text()


def test_add_person_refuses_team_labels_with_the_core_message(view):
    view.person_name.setText("QA")
    view.person_name.returnPressed.emit()
    assert view.problems == ["“QA” is a team or a placeholder, not a person: pick one name."]
    assert view.hub.plan.raw.execute("SELECT count(*) FROM person").fetchone() == (5,)
    assert view.person_name.text() == "QA"  # kept to fix
    view.person_name.setText("Nora Holm")
    view.person_days.setValue(2.5)
    view.person_name.returnPressed.emit()
    assert view.hub.plan.raw.execute("SELECT days_per_week FROM person WHERE name='Nora Holm'").fetchone() == (2.5,)
    assert view.model.columnCount() == FIXED_COLUMNS + 6 and view.person_name.text() == ""


def test_rename_capacity_and_team_labels(view, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_name", lambda parent, person: "Lars B. Berg")
    monkeypatch.setattr(dialogs, "ask_capacity", lambda parent, person: 4.0)
    column = view.model.column_of(LARS)
    view.focus_cell(0, column)
    view.table.setFocus()
    view.table.actions()[4].trigger()  # Rename (F2)
    assert view.hub.plan.raw.execute("SELECT name FROM person WHERE id=?", (LARS,)).fetchone() == ("Lars B. Berg",)
    view._person_action(view.set_capacity, view.model.column_of(LARS))
    assert view.model.person(view.model.column_of(LARS)).days_per_week == 4.0
    monkeypatch.setattr(dialogs, "ask_name", lambda parent, person: "backend team")
    view._person_action(view.rename_person, view.model.column_of(LARS))
    assert view.problems[-1].startswith("“backend team” is a team")
    monkeypatch.setattr(dialogs, "ask_team_labels", lambda parent, labels: ", ".join(labels) + ", Lars B. Berg")
    view.edit_team_labels()
    lars = view.model.person(view.model.column_of(LARS))
    assert lars.team_label and view.model.headerData(view.model.column_of(LARS), Qt.Orientation.Horizontal
                                                     ).startswith("⚠")
    assert "“Payment provider webhooks in staging” (Lars B. Berg)" not in view.warnings.text()  # Tom's
    assert "“Deploy steps for the invoice migration” (Lars B. Berg)" in view.warnings.text()


def test_remove_person_asks_where_the_work_goes_in_one_step(view, monkeypatch):
    asked = {}

    def heir(parent, person, owned, others):
        asked.update(owned)
        return True, PRIYA

    monkeypatch.setattr(dialogs, "ask_heir", heir)
    before = view.hub.plan.raw.execute("SELECT id, owner_id FROM scope_item ORDER BY id").fetchall()
    view._person_action(view.remove_person, view.model.column_of(TOM))
    assert asked == {"scope items": 3, "release-path tasks": 1, "roles": 1}
    assert view.model.column_of(TOM) == -1
    assert view.hub.plan.raw.execute("SELECT count(*) FROM scope_item WHERE owner_id=?", (TOM,)).fetchone() == (0,)
    assert view.roles.combos["rollback caller"].currentText() == "Priya Natarajan"
    assert view.hub.undo_stack.count() == 1
    view.hub.undo_stack.undo()
    assert view.hub.plan.raw.execute("SELECT id, owner_id FROM scope_item ORDER BY id").fetchall() == before
    assert view.model.column_of(TOM) >= 0
    monkeypatch.setattr(dialogs, "ask_heir", lambda *a: (False, None))  # cancelled: nothing happens
    view._person_action(view.remove_person, view.model.column_of(TOM))
    assert view.model.column_of(TOM) >= 0 and view.hub.undo_stack.count() == 1


def test_roles_one_name_each_and_verifiers(view):
    roles = view.roles
    assert roles.labels["rollback runner"].property("class") == "bad"
    combo = roles.combos["rollback runner"]
    combo.activated.emit(combo.findData(LARS))
    rows = view.hub.plan.raw.execute("SELECT person_id FROM role_assignment WHERE role='rollback runner'").fetchall()
    assert rows == [(LARS,)]
    assert roles.labels["rollback runner"].property("class") == ""
    assert "No rollback runner" not in view.warnings.text()
    combo = roles.combos["scope owner"]
    combo.activated.emit(combo.findData(None))
    assert "No scope owner: put one name on it." in view.warnings.text()
    lars = next(a for a in roles.verifier_menu.actions() if a.text() == "Lars Berg")
    lars.trigger()
    verifiers = view.hub.plan.raw.execute("SELECT person_id FROM role_assignment WHERE role='verifier' "
                                          "ORDER BY id").fetchall()
    assert verifiers == [(ANA,), (PRIYA,), (LARS,)]
    assert roles.verifier_names.text() == "Ana Ruiz, Lars Berg, Priya Natarajan"
    view.hub.undo_stack.undo()
    assert roles.verifier_names.text() == "Ana Ruiz, Priya Natarajan"


def test_three_owner_roles_on_one_person_is_warned(view):
    combo = view.roles.combos["readiness owner"]
    combo.activated.emit(combo.findData(MAYA))
    assert "Maya Chen owns scope, delivery and readiness" in view.warnings.text()


def test_filters_and_orders(view):
    def choose(combo, key):
        combo.setCurrentIndex(combo.findData(key))
        combo.activated.emit(combo.currentIndex())

    choose(view.filter, "unowned")
    assert [view.model.work(r).key for r in range(view.model.rowCount())] == [("item", 6), ("task", 4)]
    assert view.summary.text().startswith("2 of 14 open")
    # Walking down the unowned rows: after assigning, the row leaves the filter and the next is focused.
    view.focus_cell(0, view.model.column_of(ANA))
    view.assign_current()
    assert view.model.rowCount() == 1 and view.table.currentIndex().row() == 0
    choose(view.filter, "person")
    assert view.filter_person.isVisible()
    view.filter_person.setCurrentIndex(view.filter_person.findData(LARS))
    view.filter_person.activated.emit(view.filter_person.currentIndex())
    assert {view.model.work(r).owner_id for r in range(view.model.rowCount())} == {LARS}
    choose(view.filter, "overloaded")
    assert {view.model.work(r).owner_id for r in range(view.model.rowCount())} == {LARS, TOM}
    choose(view.filter, "all")
    choose(view.sort, "unowned")
    assert view.model.work(0).key == ("task", 4)
    choose(view.sort, "days")
    assert view.model.work(0).estimate == 10
    choose(view.columns, "load")
    assert [view.model.person(c).name for c in (2, 3)] == ["Lars Berg", "Tom Okafor"]


def test_add_a_release_path_task(view):
    view.task_title.setText("Feature flag for card payments")
    view.task_area.setCurrentIndex(view.task_area.findData("deploy steps"))
    view.task_days.setValue(0.5)
    view.task_title.returnPressed.emit()
    row = view.hub.plan.raw.execute("SELECT id, area, estimate_days, owner_id FROM release_task "
                                    "ORDER BY id DESC LIMIT 1").fetchone()
    assert row[1:] == ("deploy steps", 0.5, None)
    assert view.model.row_of(("task", row[0])) == view.table.currentIndex().row()
    view.task_title.setText("   ")
    view.add_task()
    assert view.problems[-1] == "The title cannot be empty."


def test_check_in_walks_the_questions_with_a_countdown(view, clock):
    view.set_check_in(True)
    panel = view.check_in
    assert view.check_in_area.isVisible() and not view.warnings.isVisible()
    assert panel.countdown.text() == "15:00"
    assert panel.answers["scope owner"] == (True, "Maya Chen")
    assert panel.answers["unowned"][0] is False
    clock.now += 13 * 60 + 30
    panel.tick()
    assert panel.countdown.text() == "1:30" and "Two minutes" in panel.status.text()
    assert panel.countdown.property("class") == "tileValue warn"
    # Live answers: naming the two missing owners turns the answer green.
    view.assign(view.model.row_of(("item", 6)), view.model.column_of(ANA))
    view.assign(view.model.row_of(("task", 4)), view.model.column_of(MAYA))
    assert panel.answers["unowned"] == (True, "None: every open task has one name.")
    clock.now += 120
    panel.tick()
    assert panel.countdown.text() == "0:00" and not panel.timer.isActive()
    assert panel.countdown.property("class") == "tileValue bad"
    panel.end.click()
    assert not view.check_in_area.isVisible() and not view.check_in_button.isChecked()
    assert mm_ss(899.2) == "15:00" and mm_ss(0.4) == "0:01" and mm_ss(-3) == "0:00"


def test_presentation_mode_scales_rows(view, app):
    from ui import style

    normal, header = view.table.rowHeight(0), view.table.horizontalHeader().height()
    style.apply(app, presentation=True)
    try:
        assert view.table.rowHeight(0) > normal and view.table.horizontalHeader().height() > header
        assert view.table.horizontalHeader().height() > view.table.fontMetrics().lineSpacing() * 2
    finally:
        style.apply(app, presentation=False)


def test_header_menu_and_closing(view, monkeypatch):
    header = view.table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(FIXED_COLUMNS) + 5, 5)
    assert view.model.person(header.logicalIndexAt(pos)) is not None
    view.hub.detach()
    assert view.model.rowCount() == 0 and not view.isEnabled()


def test_unowned_rows_are_the_one_rule_and_the_report_is_held_once(view):
    """Finding 3: the view's unowned count is ``rules.work.unowned_work`` of the hub's snapshot (tasks included);
    the report lives in the matrix model only."""
    from cockpit.rules.work import unowned_work

    unowned = unowned_work(view.hub.cycle())
    assert ("task", 4) in {(p.kind, p.id) for p in unowned}
    assert f"· {len(unowned)} without an owner ·" in view.summary.text()
    assert view.report is view.model.report and view.roles.report is view.model.report
    assert "report" not in vars(view) and "report" not in vars(view.roles)


# -- projector-grade: a crowded plan in large type -------------------------------------------------------
#: twelve people with long and non-Latin names (issue 18's stress plan), on top of the example's five
LONG_NAMES = ("Maximiliane Oberhollenzer-Wittgenstein", "李明", "Zoë Müller", "Bartholomew Fitzgerald-Ashworth",
              "Oluwaseun Adebayo-Okonkwo", "Анастасия Ковальчук", "Jean-Baptiste Delacroix-Moreau",
              "Siobhán Ní Bhriain", "Krzysztof Brzęczyszczykiewicz", "Thanh Nguyễn Văn", "佐藤 花子",
              "Ana María Rodríguez de la Fuente")
#: the room the Owners view has in the main window on a 1024×768 projector (less the navigation and bars)
PROJECTOR = (820, 680)


@pytest.fixture
def crowded_path(example_path: Path) -> Path:
    """The example with twelve more people (scope owner and stop authority the longest name) and 32 more
    open tasks with long titles: 46 open rows, 17 people."""
    from cockpit.services import people, timeline

    plan = open_plan(example_path)
    try:
        release = plan.live_release_id()
        ids = [people.add_person(plan, name, 4.5).result for name in LONG_NAMES]
        for role in ("scope owner", "stop authority"):
            people.assign_role(plan, release, role, ids[0])
        for n in range(32):
            timeline.add_task(plan, release, f"Customer can export every invoice as a PDF {n:02d}", area="other",
                              owner_id=ids[n % len(ids)], estimate_days=1)
    finally:
        plan.close()
    return example_path


def crowded_view(qtbot, path: Path, size: tuple[int, int]) -> OwnersView:
    hub = Hub()
    view = OwnersView(hub)
    view.today = TODAY
    qtbot.addWidget(view)
    view.setFixedSize(*size)  # fixed, as in the main window: offscreen Qt warns when a top-level's hints change
    hub.attach(open_plan(path))
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def presentation(app):
    from ui import style

    style.apply(app, presentation=True)
    yield
    style.apply(app, presentation=False)


def header_needs(table) -> list[str]:
    """Sections whose text needs more than they have (what the layout audit asks the headers)."""
    found = []
    for header in (table.horizontalHeader(), table.verticalHeader()):
        across = header.orientation() == Qt.Orientation.Horizontal
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            need = header.sectionSizeFromContents(section)
            wide, deep = (need.width(), need.height()) if across else (need.height(), need.width())
            thick = header.height() if across else header.width()
            if wide > header.sectionSize(section) or deep > thick:
                found.append(f"{header.orientation().name} {section}: needs {wide}×{deep}, has "
                             f"{header.sectionSize(section)}×{thick}")
    return found


def test_a_crowded_matrix_shows_every_name_whole_and_never_scrolls_sideways_on_a_1024_projector(
        app, qtbot, crowded_path, presentation):
    view = crowded_view(qtbot, crowded_path, PROJECTOR)
    table, model = view.table, view.model
    assert model.columnCount() == FIXED_COLUMNS + 17 and model.rowCount() == 46
    assert table.horizontalScrollBar().maximum() == 0
    assert header_needs(table) == []
    header = table.horizontalHeader()
    shown_text = {header.text(c) for c in range(FIXED_COLUMNS, model.columnCount())}  # what the header paints
    for name in LONG_NAMES:
        assert any(name in text for text in shown_text), name
    # Nothing of the page is wider than the page: its body never scrolls sideways either.
    assert view.page.horizontalScrollBar().maximum() == 0
    assert view.minimumSizeHint().width() <= PROJECTOR[0]
    # Rows get real height: at least seven tenths of the screen of them under the names.
    assert table.viewport().height() >= view.page.viewport().height() * 7 // 10 - 2


def test_role_combos_are_wide_enough_for_the_longest_name(app, qtbot, crowded_path, presentation):
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    view = crowded_view(qtbot, crowded_path, PROJECTOR)
    combo = view.roles.combos["scope owner"]
    assert combo.currentText() == LONG_NAMES[0]
    for combo in view.roles.combos.values():
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        room = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, combo).width()
        widest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
        assert widest <= room + 1, (combo.accessibleName(), widest, room)
    names = view.roles.verifier_names
    assert names.heightForWidth(names.width()) <= names.height()  # the verifiers' names wrap, never cut


def test_overload_is_said_in_words_in_the_person_header(view):
    over = view.model.person(view.model.column_of(LARS))
    assert over.overloaded
    column = view.model.column_of(LARS)
    for role in (Qt.ItemDataRole.DisplayRole, OwnerMatrixModel.NameRole):
        text = view.model.headerData(column, Qt.Orientation.Horizontal, role)
        assert text.startswith("⚠ Lars Berg") and "over" in text
    calm = view.model.headerData(view.model.column_of(ANA), Qt.Orientation.Horizontal,
                                 OwnerMatrixModel.NameRole)
    assert calm == "Ana Ruiz"


def test_a_refresh_after_a_change_keeps_the_matrix_scroll_position_and_selection(app, qtbot, crowded_path):
    from cockpit.services.people import rename_person

    view = crowded_view(qtbot, crowded_path, (1000, 700))
    table, page = view.table, view.page
    bar = table.verticalScrollBar()
    assert bar.maximum() > 0, "the matrix must scroll for this test to mean anything"
    page.verticalScrollBar().setValue(page.verticalScrollBar().maximum())
    view.focus_cell(30, view.model.column_of(TOM))
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(10)
    before = (bar.value(), page.verticalScrollBar().value(), table.currentIndex().row(),
              table.currentIndex().column(), [(i.row(), i.column()) for i in table.selectedIndexes()])
    place = table.mapTo(view, table.rect().topLeft())
    # A change made elsewhere (a person renamed): the view reads the plan again.
    view.hub.run(lambda plan, **extra: rename_person(plan, ANA, "Ana Ruiz-Ortega", **extra))
    qtbot.wait(10)
    after = (bar.value(), page.verticalScrollBar().value(), table.currentIndex().row(),
             table.currentIndex().column(), [(i.row(), i.column()) for i in table.selectedIndexes()])
    assert after == before
    assert table.mapTo(view, table.rect().topLeft()) == place
    assert view.model.person(table.currentIndex().column()).id == TOM
    # The same after an owner changes in another row (the patch path).
    row = view.model.row_of(("item", 6))
    view.assign(row, view.model.column_of(ANA))
    qtbot.wait(10)
    assert (bar.value(), page.verticalScrollBar().value(), table.currentIndex().row()) == before[:3]


def test_the_owner_or_days_cell_stays_focused_after_a_refresh(view):
    view.focus_cell(3, 0)
    view.reload()
    assert (view.table.currentIndex().row(), view.table.currentIndex().column()) == (3, 0)
    view.focus_cell(5, 1)
    view.reload()
    assert (view.table.currentIndex().row(), view.table.currentIndex().column()) == (5, 1)


def test_warnings_growing_above_the_matrix_do_not_move_it_on_screen(app, qtbot, crowded_path):
    from cockpit.services.people import unassign_role

    view = crowded_view(qtbot, crowded_path, (1000, 700))
    page = view.page.verticalScrollBar()
    page.setValue(view.table.y())  # working in the matrix
    qtbot.wait(10)
    on_screen = view.table.y() - page.value()
    lines = view.warnings.text().count("\n")
    release = view.report.release_id
    view.hub.run(lambda plan, **extra: unassign_role(plan, release, "delivery owner", **extra))
    qtbot.wait(10)
    assert view.warnings.text().count("\n") > lines  # "No delivery owner" came above the matrix
    assert view.table.y() - page.value() == on_screen


def test_a_control_reached_by_its_key_is_scrolled_into_view(app, qtbot, crowded_path):
    view = crowded_view(qtbot, crowded_path, (1000, 700))
    page = view.page
    assert page.verticalScrollBar().value() == 0
    view.task_title.setFocus()  # Alt+T: the release-path task's title, below the matrix
    qtbot.wait(10)
    top = view.task_title.mapTo(page.viewport(), view.task_title.rect().topLeft()).y()
    assert top >= 0 and top + view.task_title.height() <= page.viewport().height()
    view.table.setFocus()  # Alt+W: the matrix, with its focused cell in sight
    view.focus_cell(40, FIXED_COLUMNS)
    qtbot.wait(10)
    cell = view.table.visualRect(view.table.currentIndex())
    centre = view.table.viewport().mapTo(page.viewport(), cell.center()).y()
    assert 0 <= centre <= page.viewport().height()


def test_the_check_in_clock_stays_in_sight_above_the_matrix(view, clock):
    view.set_check_in(True)
    assert view.clock_label.isVisible() and view.clock_label.text() == "Check-in: 15:00 left (Esc ends it)"
    clock.now += 14 * 60
    view.check_in.tick()
    assert view.clock_label.text() == "Check-in: 1:00 left (Esc ends it)"
    assert view.clock_label.property("class") == "warn"
    view.set_check_in(False)
    assert not view.clock_label.isVisible()


class FixedMeasure:
    """Every character 10 px wide, lines 20 px: the plan's arithmetic without a font."""

    line = 20

    def size(self, text: str, width: int) -> tuple[int, int]:
        lines, current, longest = 1, 0, 0
        for word in text.split(" "):
            w = 10 * len(word)
            if current and current + 10 + w > width:
                lines, longest, current = lines + 1, max(longest, current), w
            else:
                current = current + 10 + w if current else w
        return max(longest, current), lines * self.line

    def one_line(self, text: str) -> int:
        return 10 * len(text)

    def longest_word(self, text: str) -> int:
        return max(10 * len(word) for word in text.split(" "))


def plan_for(width: int, count: int, name: str = "Ann Bo") -> object:
    from ui.owners.fitting import Room, plan_matrix

    room = Room(width=width, days=40, owner=200, title_least=150, title_wanted=300, title_floor=80,
                header_goal=200, pad=4, pad_across=2, cell_wanted=100)
    names = [f"{name} {n}" for n in range(count)]
    return plan_matrix(room, names, [f"{n} · 1/2 d" for n in names], FixedMeasure())


def test_the_matrix_plan_shares_the_width_without_going_over_it():
    roomy = plan_for(1400, 5)  # five short names on a wide screen: upright, loads, the Owner column
    assert roomy.upright and roomy.loads_shown and roomy.owner_shown
    crowded = plan_for(900, 17, "Maximiliane Oberhollenzer Wittgenstein")
    assert not crowded.upright and not crowded.owner_shown
    for plan in (roomy, crowded):
        used = 40 + (200 if plan.owner_shown else 0) + sum(plan.widths) + plan.title
        assert used <= (1400 if plan is roomy else 900)
        assert plan.title >= 150
    # Too many people even on one line each: the titles are squeezed, but no lower than their floor.
    packed = plan_for(700, 30, "Maximiliane Oberhollenzer Wittgenstein")
    assert packed.title == 80 and all(width == 24 for width in packed.widths)


def test_enter_in_the_days_field_adds_the_person_and_the_task(view, qtbot):
    """Enter in any field of a small form submits it, not only in the name."""
    view.person_name.setText("Nora Holm")
    view.person_days.setValue(3)
    qtbot.keyClick(view.person_days.lineEdit(), Qt.Key.Key_Return)
    assert view.hub.plan.raw.execute("SELECT days_per_week FROM person WHERE name='Nora Holm'").fetchone() == (3.0,)
    view.task_title.setText("Restore drill data set")
    view.task_days.setValue(2)
    qtbot.keyClick(view.task_days.lineEdit(), Qt.Key.Key_Enter)
    assert view.hub.plan.raw.execute("SELECT estimate_days FROM release_task WHERE title = ?",
                                     ("Restore drill data set",)).fetchone() == (2.0,)


@pytest.mark.qt_log_ignore("This plugin does not support")  # a popup menu on the offscreen platform
def test_the_verifiers_menu_stays_open_while_you_tick(view, qtbot):
    roles = view.roles
    menu = roles.verifier_menu
    menu.popup(roles.verifiers.mapToGlobal(roles.verifiers.rect().bottomLeft()))
    qtbot.waitUntil(menu.isVisible)
    lars = next(a for a in menu.actions() if a.text() == "Lars Berg")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(lars).center())
    assert menu.isVisible(), "the menu closed after one tick"
    maya = next(a for a in menu.actions() if a.text() == "Maya Chen")
    menu.setActiveAction(maya)
    qtbot.keyClick(menu, Qt.Key.Key_Space)
    assert menu.isVisible()
    chosen = view.hub.plan.raw.execute("SELECT person_id FROM role_assignment WHERE role='verifier'").fetchall()
    assert {LARS, MAYA} <= {row[0] for row in chosen}
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    assert not menu.isVisible()
