"""Team plans in the window: opening one (and the dialog's one-line problems), live changes from another
window, a refused conflict that reloads, a read-only role, a lost server and its return, publishing a
file and saving a copy of a team plan. Runs against the test command's PostgreSQL (``COCKPIT_TEST_PG``)."""

from __future__ import annotations

import time

import pytest
from pg_support import admin, plan_name
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from cockpit.services.scope import update_item
from ui.team import lock
from ui.team.live import LOST, READ_ONLY

# the offscreen platform, as the team-plan dialog is sized and its problem line shown
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

PAY = 1  # "Pay an invoice by card", in release in the example plan
DARK = 14  # "Dark mode for the dashboard", parked


def _window(qtbot, author: str):
    """A window like the ``window`` fixture's, with nothing open yet; its changes are made as ``author``."""
    from ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)

    def unexpected(*args: object) -> object:
        raise AssertionError(f"an unexpected question: {args[1:]}")

    win.hub.confirm = unexpected  # type: ignore[method-assign]
    win.hub.tell = unexpected  # type: ignore[method-assign]
    win.team.ask_password = unexpected  # type: ignore[method-assign]
    win.team.author = author
    win.show()
    return win


@pytest.fixture
def windows(app, qtbot):
    """Make windows on demand; each is closed (its plan and listener too) at the end."""
    made = []

    def make(author: str = "Ana Lopez"):
        win = _window(qtbot, author)
        made.append(win)
        return win

    yield make
    for win in made:
        win.close()
        win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def open_team(win, address: str) -> None:
    problem = win.team.open_team(address)
    assert problem is None, problem
    assert win.hub.plan is not None and win.hub.plan.engine == "team"


def board_titles(win) -> dict[int, str]:
    win.go_to(1)
    board = win.views["scope"]
    return {card.id: card.title for lane in board.models.values() for card in lane.cards()}


# -- opening ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("address", "said"), [
    ("", "Say where the plan is"),
    ("just some words", "That is not a PostgreSQL address"),
    ("host=127.0.0.1 port=1 dbname=plans plan=atlas", "Cannot open atlas on plans at 127.0.0.1"),
    ("{dsn} plan=nosuchplan", "There is no team plan called nosuchplan in this database"),
])
def test_the_open_dialog_says_what_is_wrong_in_one_line_and_stays(window, pg_dsn, address, said) -> None:
    before = window.hub.plan
    dialog = window.team.open_dialog()
    dialog.uri.setText(address.format(dsn=pg_dsn))
    dialog.go.click()
    assert dialog.isVisible()
    assert dialog.problem.isVisible() and dialog.problem.text().startswith(said), dialog.problem.text()
    assert "\n" not in dialog.problem.text()
    assert window.hub.plan is before  # the plan on screen stays open
    dialog.reject()


def test_the_dialog_builds_the_address_from_its_fields_and_lists_the_plans(window, pg_dsn, team_address) -> None:
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(pg_dsn)
    dialog = window.team.open_dialog()
    dialog.uri.clear()
    dialog.host.setText(params["host"])
    dialog.port.setText(str(params["port"]))
    dialog.database.setText(params["dbname"])
    dialog.user.setText(params["user"])
    name = team_address.rsplit("plan=", 1)[1]
    assert name in dialog.list_plans()
    dialog.plan.setEditText(name)
    dialog.go.click()
    assert not dialog.isVisible(), dialog.problem.text()
    assert window.hub.plan.engine == "team" and window.hub.plan.address.plan == name


def test_a_team_plan_shows_its_label_not_a_path_and_is_remembered_without_password(window, team_address,
                                                                                   monkeypatch) -> None:
    from cockpit.errors import NeedsPassword
    from cockpit.team import store
    from ui.team.recent import team_recent

    real = store.open_team_plan
    given: list[str | None] = []

    def asks_once(text, *, password=None, **kw):  # the dev server trusts every local login: play one that asks
        given.append(password)
        if password is None:
            raise NeedsPassword("The server of atlas asks for a password.")
        return real(text, **kw)

    monkeypatch.setattr(store, "open_team_plan", asks_once)
    window.team.ask_password = lambda message: "s3cret-pw"  # type: ignore[method-assign]
    with_password = team_address.replace(" plan=", " password=s3cret-pw plan=")
    assert window.team.open_team(with_password) is None
    assert given == [None, "s3cret-pw"]
    plan = window.hub.plan
    assert plan.path.name in window.windowTitle() and " on " in plan.path.name
    assert ".cockpit" not in window.path_label.text() and plan.address.plan in window.path_label.text()
    assert team_recent()[0] == plan.address.shown
    from cockpit import paths

    for kept in ("window.ini", "recent.json"):  # the window's settings and the recent plans
        if (paths.config_dir() / kept).exists():
            written = (paths.config_dir() / kept).read_text(encoding="utf-8")
            assert "s3cret" not in written and "password" not in written
    assert (paths.config_dir() / "recent.json").exists()
    assert "s3cret" not in window.path_label.text()
    menu = window.recent_menu
    window._fill_recent()
    entries = [a for a in menu.actions() if "team plan" in a.text()]
    assert entries and plan.address.plan in entries[0].text()


# -- several windows ------------------------------------------------------------------------------------

def test_a_change_in_one_window_shows_in_the_other_within_a_second_with_who(windows, team_address, qtbot) -> None:
    ana, ben = windows("Ana Lopez"), windows("Ben Okafor")
    open_team(ana, team_address)
    open_team(ben, team_address)
    board_titles(ben)
    board = ben.views["scope"]
    # Ben has a card selected and the board scrolled: a refresh must not move them
    board._show(("parked", [DARK]))
    assert board.selected() == ("parked", [DARK])
    qtbot.wait(300)  # both listeners are up
    started = time.monotonic()
    changed = ana.hub.run(lambda plan: update_item(plan, PAY, title="Pay an invoice by card or bank"))
    assert changed is not None
    qtbot.waitUntil(lambda: board_titles(ben)[PAY] == "Pay an invoice by card or bank", timeout=1000)
    took = time.monotonic() - started
    assert took <= 1.0
    assert ben.statusBar().currentMessage() == "Ana Lopez: Edit “Pay an invoice by card or bank”: title"
    assert board.selected() == ("parked", [DARK])
    assert ana.statusBar().currentMessage() == ""  # one's own change is not news


def test_a_conflicting_change_is_refused_naming_who_and_the_window_shows_theirs(windows, team_address,
                                                                              qtbot) -> None:
    ana, ben = windows("Ana Lopez"), windows("Ben Okafor")
    open_team(ana, team_address)
    open_team(ben, team_address)
    board_titles(ben)
    ben.team.link.detach()  # Ben's screen stays as it was: he has not seen Ana's change
    assert ana.hub.run(lambda plan: update_item(plan, PAY, title="Pay by card")) is not None
    refused = ben.hub.run(lambda plan: update_item(plan, PAY, estimate_days=3))
    assert refused is None
    said = ben.message_bar.text()
    assert said.startswith("Ana Lopez changed this at ") and "“Edit “Pay by card”: title”" in said, said
    assert "Your change was not saved" in said
    assert board_titles(ben)[PAY] == "Pay by card"  # reloaded: his screen shows her change
    assert ben.hub.undo_stack.count() == 0
    # now based on what he sees, his change goes through
    assert ben.hub.run(lambda plan: update_item(plan, PAY, estimate_days=3)) is not None


def test_undoing_what_someone_has_since_changed_is_refused_with_who(windows, team_address, qtbot) -> None:
    ana, ben = windows("Ana Lopez"), windows("Ben Okafor")
    open_team(ana, team_address)
    open_team(ben, team_address)
    assert ana.hub.run(lambda plan: update_item(plan, DARK, title="Dark mode")) is not None
    qtbot.waitUntil(lambda: board_titles(ben)[DARK] == "Dark mode", timeout=2000)
    assert ben.hub.run(lambda plan: update_item(plan, DARK, title="Dark mode, later")) is not None
    qtbot.waitUntil(lambda: board_titles(ana)[DARK] == "Dark mode, later", timeout=2000)
    ana.undo()
    said = ana.message_bar.text()
    assert "Cannot undo" in said and "by Ben Okafor" in said, said
    assert board_titles(ana)[DARK] == "Dark mode, later"


# -- roles and the connection ---------------------------------------------------------------------------------

@pytest.fixture
def role(pg_dsn):
    """A login role made for one test (dropped after it): (name, a connection string for it, its rights)."""
    name = f"r_{plan_name()}"
    with admin(pg_dsn) as conn:
        conn.execute(f'CREATE ROLE "{name}" LOGIN')
    granted: list[str] = []

    def grant(schema: str, tables: str) -> None:
        with admin(pg_dsn) as conn:
            conn.execute(f'GRANT USAGE ON SCHEMA "{schema}" TO "{name}"')
            conn.execute(f'GRANT {tables} ON ALL TABLES IN SCHEMA "{schema}" TO "{name}"')
            if tables != "SELECT":
                conn.execute(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{name}"')
        granted.append(schema)

    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(pg_dsn)
    params["user"] = name
    yield name, make_conninfo("", **params), grant
    with admin(pg_dsn) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (name,))
        for schema in granted:
            conn.execute(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM "{name}"')
            conn.execute(f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA "{schema}" FROM "{name}"')
            conn.execute(f'REVOKE ALL ON SCHEMA "{schema}" FROM "{name}"')
        conn.execute(f'DROP ROLE "{name}"')


def test_a_read_only_role_opens_the_plan_read_only_and_says_so(window, team_address, role, qtbot) -> None:
    _name, conninfo, grant = role
    plan = team_address.rsplit("plan=", 1)[1]
    grant(plan, "SELECT")
    assert window.team.open_team(f"{conninfo} plan={plan}") is None
    assert window.hub.plan.read_only
    assert window.team_banner.isVisible() and window.team_banner.text() == READ_ONLY
    assert window.saved_label.text() == "Read-only"
    window.go_to(1)
    board = window.views["scope"]
    assert board.quick_add.isReadOnly()  # locked as it is built and shown
    qtbot.wait(1)  # and again after it has filled itself
    assert board.quick_add.isReadOnly() and not board.cut_all.isEnabled()
    assert not board.finder.isReadOnly()  # finding a card is reading
    assert not window.import_action.isEnabled() and not window.rules_action.isEnabled()
    assert not window.run_session_action.isEnabled()
    assert window.hub.run(lambda p: update_item(p, PAY, title="Not allowed")) is None
    assert window.message_bar.text() == f"{READ_ONLY} Nothing was changed."
    assert board_titles(window)[PAY] == "Pay an invoice by card"
    window.go_to(3)  # a view built after the plan opened is locked as well
    qtbot.wait(1)
    timeline = window.views["timeline"]
    assert any(lock.is_locked(w) for w in timeline.findChildren(type(board.cut_all)))


def _kill(pg_dsn: str, pids: list[int]) -> None:
    with admin(pg_dsn) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
                     "'release-cockpit' AND pid = ANY(%s)", (pids,))


def test_losing_the_server_shows_the_plan_read_only_and_comes_back(window, team_address, role, pg_dsn,
                                                                   qtbot) -> None:
    name, conninfo, grant = role
    plan = team_address.rsplit("plan=", 1)[1]
    grant(plan, "SELECT, INSERT, UPDATE, DELETE")
    assert window.team.open_team(f"{conninfo} plan={plan}") is None
    assert not window.hub.plan.read_only and not window.team_banner.isVisible()
    window.go_to(1)
    board = window.views["scope"]
    qtbot.waitUntil(lambda: window.team.link.listener_pid is not None, timeout=2000)
    with admin(pg_dsn) as conn:  # the server refuses the role meanwhile: the window cannot reconnect
        conn.execute(f'ALTER ROLE "{name}" NOLOGIN')
    _kill(pg_dsn, [window.hub.plan.team.pg.info.backend_pid, window.team.link.listener_pid])
    qtbot.waitUntil(lambda: window.team_banner.text() == LOST, timeout=1000)
    assert board.quick_add.isReadOnly() and not board.cut_all.isEnabled()
    assert window.saved_label.text() == "Read-only"
    assert window.hub.run(lambda p: update_item(p, PAY, title="While lost")) is None  # refused, not queued
    qtbot.wait(2500)  # retries fail while the role may not log in
    assert window.team_banner.text() == LOST
    with admin(pg_dsn) as conn:
        conn.execute(f'ALTER ROLE "{name}" LOGIN')
    with admin(pg_dsn) as conn:  # someone else changes the plan while this window is away
        conn.execute(f'UPDATE "{plan}".scope_item SET title = %s WHERE id = %s', ("Changed while away", DARK))
    qtbot.waitUntil(lambda: not window.team_banner.isVisible(), timeout=6000)
    assert not board.quick_add.isReadOnly() and board.cut_all.isEnabled()
    assert window.saved_label.text() != "Read-only"
    assert board_titles(window)[DARK] == "Changed while away"  # reloaded as the server has it
    assert board_titles(window)[PAY] == "Pay an invoice by card"  # nothing was queued
    assert window.hub.run(lambda p: update_item(p, PAY, title="After")) is not None
    assert "connection to the server is back" in window.statusBar().currentMessage()


def test_a_change_that_finds_the_connection_lost_shows_the_banner(window, team_address, pg_dsn, qtbot) -> None:
    open_team(window, team_address)
    window.team.link.detach()  # only the plan's own connection: the change finds it gone
    window.team.link.plan = window.hub.plan
    _kill(pg_dsn, [window.hub.plan.team.pg.info.backend_pid])
    assert window.hub.run(lambda p: update_item(p, PAY, title="Lost")) is None
    assert "connection to the team plan's server is lost" in window.message_bar.text()
    qtbot.waitUntil(lambda: window.team_banner.text() == LOST, timeout=1000)


# -- moving between a file and a team plan ---------------------------------------------------------------

def test_publish_then_open_then_save_a_copy_of_the_team_plan(window, pg_dsn, example_path, tmp_path,
                                                             qtbot) -> None:
    from cockpit.reading import read_plan
    from cockpit.team.store import differences

    name = plan_name()
    asked: list[str] = []
    window.hub.confirm = lambda parent, message: asked.append(message) or True  # type: ignore[method-assign]
    assert window.team.publish_action.isEnabled()
    dialog = window.team.publish_dialog()
    assert dialog.plan.currentText() == "example"
    dialog.uri.setText(pg_dsn)
    dialog.plan.setEditText(name)
    try:
        dialog.go.click()
        assert not dialog.isVisible(), dialog.problem.text()
        assert asked and "Open the team plan now?" in asked[0] and "not kept in step" in asked[0]
        plan = window.hub.plan
        assert plan.engine == "team" and plan.address.plan == name
        assert not window.team.publish_action.isEnabled()  # a team plan is published already
        copy = tmp_path / "copy.cockpit"
        assert window.files.write_copy(copy)
        note = window.written_note.label.text()
        assert "snapshot of the team plan" in note and "never merged back" in note
        with read_plan(copy) as got, read_plan(example_path) as original:
            assert differences(got.raw, original.raw) == []
    finally:
        window.hub.detach()
        with admin(pg_dsn) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


def test_publishing_over_an_existing_plan_is_refused_in_the_dialog(window, pg_dsn, team_address) -> None:
    dialog = window.team.publish_dialog()
    dialog.uri.setText(pg_dsn)
    dialog.plan.setEditText(team_address.rsplit("plan=", 1)[1])
    dialog.go.click()
    assert dialog.isVisible() and "already has a schema called" in dialog.problem.text()
    assert window.hub.plan.engine == "file"
    dialog.reject()


def test_cockpit_open_takes_a_uri_as_it_is_written(monkeypatch) -> None:
    from ui import app, main

    started: list[tuple] = []
    monkeypatch.setattr(app, "run_gui", lambda path, **kw: started.append((path, kw)) or 0)
    monkeypatch.setattr(main, "no_display", lambda: None)
    uri = "postgresql://db.example.com/plans?plan=atlas"
    assert main.main([uri]) == 0
    assert main.main(["open", "host=db dbname=plans plan=atlas"]) == 0
    assert started == [(None, {"team": uri}), (None, {"team": "host=db dbname=plans plan=atlas"})]


def test_cockpit_open_refuses_an_unreadable_address_in_one_line(capsys) -> None:
    from ui import main

    assert main.main(["open", "postgresql://db/plans?colour=red"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a PostgreSQL address" in err


def test_lock_gives_back_exactly_what_it_took(window) -> None:
    window.go_to(1)
    board = window.views["scope"]
    board.cut_all.setEnabled(False)  # disabled for its own reason: stays disabled after the lock
    lock.lock([board])
    assert board.quick_add.isReadOnly() and not board.finder.isReadOnly()
    lock.unlock([board])
    assert not board.quick_add.isReadOnly() and not board.cut_all.isEnabled()
    assert not any(lock.is_locked(w) for w in board.findChildren(type(board)))


def test_selecting_a_card_on_a_read_only_plan_keeps_its_editor_locked(window, team_address, role, qtbot) -> None:
    _name, conninfo, grant = role
    plan = team_address.rsplit("plan=", 1)[1]
    grant(plan, "SELECT")
    assert window.team.open_team(f"{conninfo} plan={plan}") is None
    window.go_to(1)
    board = window.views["scope"]
    qtbot.wait(1)
    board.select("in release", [PAY])
    editor = board.editor
    assert editor.card is not None and editor.card.id == PAY
    assert not editor.status.isEnabled() and not editor.owner.isEnabled() and editor.title.isReadOnly()
    assert not any(box.isEnabled() for box in editor.risks.values())


def test_a_refused_undo_leaves_the_stack_and_redo_never_shows_stale_rows(windows, team_address, qtbot) -> None:
    ana, ben = windows("Ana Lopez"), windows("Ben Okafor")
    open_team(ana, team_address)
    open_team(ben, team_address)
    assert ana.hub.run(lambda plan: update_item(plan, DARK, title="Dark mode")) is not None
    qtbot.waitUntil(lambda: board_titles(ben)[DARK] == "Dark mode", timeout=2000)
    assert ben.hub.run(lambda plan: update_item(plan, DARK, title="Dark mode, later")) is not None
    qtbot.waitUntil(lambda: board_titles(ana)[DARK] == "Dark mode, later", timeout=2000)
    stack = ana.hub.undo_stack
    ana.undo()
    assert "Cannot undo" in ana.message_bar.text()
    assert not stack.canRedo() and stack.count() == 0  # the step that cannot be undone is gone, not "undone"
    ana.redo()
    assert board_titles(ana)[DARK] == "Dark mode, later"


def test_diagnostics_name_a_team_plans_format_and_server(window, team_address) -> None:
    from ui.help import diagnostics

    assert window.team.open_team(team_address) is None
    said = diagnostics(None, False, window.hub.plan)
    assert "Open plan: a team plan, format 4, PostgreSQL 15." in said and "password" not in said


def test_a_password_given_to_list_the_plans_is_not_asked_again_to_open_one(window, team_address,
                                                                           monkeypatch) -> None:
    from cockpit.errors import NeedsPassword
    from cockpit.team import store

    real = store.connect

    def asks(address, password=None, **kw):  # the test server trusts local logins: play one that asks
        if password is None:
            raise NeedsPassword(f"The server of {address.label()} asks for a password.")
        return real(address, None, **kw)

    monkeypatch.setattr(store, "connect", asks)
    asked: list[str] = []
    window.team.ask_password = lambda message: asked.append(message) or "pw"  # type: ignore[method-assign]
    dialog = window.team.open_dialog()
    dialog._ask_password = window.team.ask_password
    dialog.uri.setText(team_address.rsplit(" plan=", 1)[0])
    assert dialog.list_plans()
    dialog.plan.setEditText(team_address.rsplit("plan=", 1)[1])
    dialog.go.click()
    assert len(asked) == 1 and not dialog.isVisible(), dialog.problem.text()
    assert window.hub.plan is not None and window.hub.plan.engine == "team"


def test_cockpit_without_arguments_reopens_a_team_plan_when_it_was_the_last_plan(window, team_address,
                                                                                monkeypatch) -> None:
    import ui.app
    import ui.main

    assert window.team.open_team(team_address) is None
    shown = window.hub.plan.address.shown
    started: list[object] = []
    monkeypatch.setattr(ui.app, "run_gui", lambda path, **kw: started.append((path, kw)) or 0)
    monkeypatch.setattr(ui.main, "no_display", lambda: None)
    assert ui.main.main([]) == 0
    assert started == [(None, {"team": shown})]


def test_an_undo_refused_for_now_keeps_its_step_for_later(window, team_address, qtbot, monkeypatch) -> None:
    from cockpit.errors import CannotSave
    from cockpit.services import core

    assert window.team.open_team(team_address) is None
    assert window.hub.run(lambda plan: update_item(plan, DARK, title="Dark mode, mine")) is not None
    stack = window.hub.undo_stack
    real = core.undo

    def busy(plan, changes):
        raise CannotSave("Someone else's change to this team plan has taken over 10 seconds", "Try again in a moment.")

    monkeypatch.setattr(core, "undo", busy)
    window.undo()
    assert "Try again in a moment" in window.message_bar.text()
    qtbot.waitUntil(lambda: stack.index() == 1, timeout=1000)  # the step is back where it was
    assert stack.count() == 1 and stack.canUndo() and not stack.canRedo()
    monkeypatch.setattr(core, "undo", real)
    window.undo()
    assert board_titles(window)[DARK] != "Dark mode, mine" and stack.index() == 0 and stack.canRedo()


def test_a_lost_server_while_a_dialog_is_open_is_said_on_top_of_the_dialog(window, team_address, qtbot,
                                                                           monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    assert window.team.open_team(team_address) is None
    told: list[tuple[object, str]] = []
    window.hub.tell = lambda parent, title, message: told.append((parent, message))  # type: ignore[method-assign]
    dialog = QDialog(window)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is dialog, timeout=1000)
    window.hub.plan.break_connection()  # no call waiting: nothing broken yet
    window.hub.plan.team.pg.close()  # the line goes while the dialog is open
    assert window.hub.run(lambda plan: update_item(plan, DARK, title="Not saved")) is None
    assert told and told[0][0] is dialog and "connection to the team plan's server is lost" in told[0][1]
    dialog.close()
