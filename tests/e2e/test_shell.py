"""The real app under Xvfb: rename with the keyboard, undo with the shortcut, quit, read the file."""

from __future__ import annotations

from pathlib import Path

from rig import read_plan, read_while_open, wait_for

NAME = "SELECT name FROM release ORDER BY cycle DESC LIMIT 1"


def test_rename_with_the_keyboard_then_undo(cockpit, example_plan: Path, tmp_path: Path):
    app = cockpit("open", example_plan)
    app.wait_window("Team plan billing")
    app.key("alt+n")  # "Release &name"
    app.key("ctrl+a")
    app.type("Renamed by keyboard")
    app.key("Return")
    assert wait_for(lambda: read_while_open(example_plan, NAME, tmp_path) == [("Renamed by keyboard",)])
    app.screenshot("renamed")
    app.key("ctrl+z")
    assert wait_for(lambda: read_while_open(example_plan, NAME, tmp_path) == [("Team plan billing",)])
    assert app.quit() == 0
    assert not Path(f"{example_plan}-journal").exists()
    assert not Path(f"{example_plan}-wal").exists()
    assert read_plan(example_plan, NAME) == [("Team plan billing",)]
    assert read_plan(example_plan, "PRAGMA integrity_check") == [("ok",)]


def test_a_second_open_is_told_the_plan_is_in_use(cockpit, example_plan: Path):
    first = cockpit("open", example_plan)
    first.wait_window("Team plan billing")
    second = cockpit("open", example_plan)
    assert second.proc.wait(30) == 2
    lines = second.output().strip().splitlines()
    assert len(lines) == 1 and "already open" in lines[0] and "Traceback" not in lines[0]
    assert first.proc.poll() is None
    assert first.quit() == 0


def test_logging_out_closes_the_plan_properly(cockpit, example_plan: Path):
    """SIGTERM (a logout) closes the window like Ctrl+Q: exit 0 and one self-contained file."""
    import signal

    app = cockpit("open", example_plan)
    app.wait_window("Team plan billing")
    app.key("alt+n")  # focusing by mnemonic selects the whole name
    app.key("End")
    app.type(" v2")
    app.proc.send_signal(signal.SIGTERM)
    assert app.proc.wait(20) == 0
    assert not Path(f"{example_plan}-journal").exists()
    assert read_plan(example_plan, NAME) == [("Team plan billing v2",)]  # the text being typed was saved


def test_plan_rules_from_the_keyboard(cockpit, example_plan: Path, tmp_path: Path):
    """Ctrl+, opens Plan Rules; type a value, Enter saves it in the file; Ctrl+Z takes it back."""
    rule = "SELECT value FROM setting WHERE key = 'statement_max_words'"
    app = cockpit("open", example_plan)
    main = app.wait_window("Team plan billing")
    app.key("ctrl+comma")
    app.wait_window("Plan Rules")
    app.key("ctrl+a")  # the first field (the problem statement's word limit) has the focus
    app.type("40")
    app.screenshot("plan-rules")
    app.key("Return")
    assert wait_for(lambda: read_while_open(example_plan, rule, tmp_path) == [("40",)])
    app.window = main
    app.focus()
    app.key("ctrl+z")
    assert wait_for(lambda: read_while_open(example_plan, rule, tmp_path) == [])
    assert app.quit() == 0
