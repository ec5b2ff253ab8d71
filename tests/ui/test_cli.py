"""The ``cockpit`` command: subcommands, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import cockpit
from cockpit.store import open_plan

COCKPIT = Path(sys.executable).with_name("cockpit")


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(COCKPIT), *args], capture_output=True, text=True, timeout=timeout, env=env)


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_version_and_help():
    assert run("--version").stdout.strip() == f"Release Cockpit {cockpit.__version__}"
    help_text = run("--help").stdout
    for command in ("open", "new", "export"):
        assert command in help_text
    assert "--example" in run("new", "--help").stdout
    assert "--json" in run("export", "--help").stdout


def test_new_example_then_export_to_stdout(tmp_path: Path):
    plan = tmp_path / "x.cockpit"
    created = run("new", str(plan), "--example")
    assert created.returncode == 0, created.stderr
    exported = run("export", str(plan), "--json", "-")
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["format"] == "release-cockpit-export"
    assert [c["release"]["name"] for c in data["cycles"]] == ["Invoices, reports and SSO", "Team plan billing"]
    cycle = data["cycles"][-1]  # the example's live cycle, after the one before the reset
    assert {item["title"] for item in cycle["scope_items"]} >= {"SSO with Okta", "Pay an invoice by card"}
    assert [p["name"] for p in data["people"]][:2] == ["Maya Chen", "Tom Okafor"]


def test_export_to_a_file(tmp_path: Path):
    plan = tmp_path / "x.cockpit"
    assert run("new", str(plan)).returncode == 0
    out = tmp_path / "plan.json"
    assert run("export", str(plan), "--json", str(out)).returncode == 0
    assert json.loads(out.read_text())["cycles"][0]["release"]["name"] == "New release"


def test_new_refuses_to_overwrite(tmp_path: Path):
    plan = tmp_path / "x.cockpit"
    plan.write_bytes(b"precious")
    assert "already exists" in one_line_error(run("new", str(plan)))
    assert plan.read_bytes() == b"precious"


@pytest.mark.parametrize("args, expected", [
    (("export", "{missing}", "--json", "-"), "No plan file"),
    (("open", "{missing}"), "No plan file"),
    (("export", "{text}", "--json", "-"), "not an SQLite file"),
    (("open", "{foreign}"), "another program"),
    (("export", "{folder}", "--json", "-"), "folder"),
    (("new", "{nofolder}"), "does not exist"),
    (("frobnicate",), "neither a command nor a plan file"),
    (("export", "{missing}"), "required"),
    (("new", "{wrong_suffix}"), ".cockpit"),
])
def test_bad_input_exits_2_with_one_line(tmp_path: Path, args, expected):
    text = tmp_path / "notes.cockpit"
    text.write_text("hello")
    foreign = tmp_path / "other.cockpit"
    conn = sqlite3.connect(foreign)
    conn.execute("create table t(x)")
    conn.commit()
    conn.close()
    names = {"missing": tmp_path / "nope.cockpit", "text": text, "foreign": foreign, "folder": tmp_path,
             "nofolder": tmp_path / "no" / "x.cockpit", "wrong_suffix": tmp_path / "plan.txt"}
    before = {p: p.read_bytes() for p in (text, foreign)}
    line = one_line_error(run(*(a.format(**names) for a in args)))
    assert expected in line
    assert {p: p.read_bytes() for p in (text, foreign)} == before


def test_open_of_a_plan_in_use_says_so(tmp_path: Path):
    plan_path = tmp_path / "x.cockpit"
    assert run("new", str(plan_path)).returncode == 0
    with open_plan(plan_path):
        assert "already open" in one_line_error(run("open", str(plan_path)))
        assert "already open" in one_line_error(run("export", str(plan_path), "--json", "-"))


def test_export_to_a_pipe_writes_through_it(tmp_path: Path):
    """Writing to a pipe or device (like /dev/null) must not replace it with a plain file."""
    import threading

    plan = tmp_path / "x.cockpit"
    assert run("new", str(plan)).returncode == 0
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    assert run("export", str(plan), "--json", str(pipe)).returncode == 0
    reader.join(30)
    assert pipe.is_fifo()
    assert json.loads(received[0])["cycles"][0]["release"]["name"] == "New release"


def test_no_display_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["COCKPIT_HOME"] = str(tmp_path / "home")
    for extra in ({}, {"DISPLAY": ":97"}):  # none at all, and one that does not answer
        result = subprocess.run([str(COCKPIT)], capture_output=True, text=True, timeout=60, env={**env, **extra})
        line = one_line_error(result)
        assert "the app needs a desktop session" in line and "check, brief, progress, record, export, calendar" in line
    assert not (tmp_path / "home").exists()  # nothing was created on the way to that line


def test_no_display_is_decided_from_the_environment() -> None:
    from ui.main import no_display

    assert no_display({}) is not None
    assert no_display({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert no_display({"WAYLAND_DISPLAY": "wayland-0"}) is None


def test_a_plan_alone_means_open_it(tmp_path: Path) -> None:
    """``cockpit PLAN`` is ``cockpit open PLAN``, as a file manager calls a desktop app."""
    from ui.main import _as_desktop_apps_do

    plan = tmp_path / "team.cockpit"
    assert _as_desktop_apps_do([str(plan)]) == ["open", str(plan)]
    assert _as_desktop_apps_do(["open", str(plan)]) == ["open", str(plan)]
    assert _as_desktop_apps_do(["check", str(plan)]) == ["check", str(plan)]
    assert _as_desktop_apps_do([]) == []
    # the window needs a display: the plan path took the open path (not "invalid choice")
    result = subprocess.run([str(COCKPIT), str(plan)], capture_output=True, text=True, timeout=60,
                            env={k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM",
                                                                                  "WAYLAND_DISPLAY")})
    assert "the app needs a desktop session" in one_line_error(result)


@pytest.mark.parametrize(("args", "expected"), [
    (("brife", "p.cockpit", "-o", "x.md"), "Did you mean: cockpit brief p.cockpit -o x.md?"),
    (("chek", "p.cockpit"), "Did you mean: cockpit check p.cockpit?"),
    (("frobnicate",), "'frobnicate' is neither a command nor a plan file"),
    (("p.cockpit", "--json"), "to open p.cockpit, give it alone"),
])
def test_a_near_miss_gets_the_right_command(args: tuple[str, ...], expected: str) -> None:
    assert expected in one_line_error(run(*args))


def test_the_brief_to_standard_output(tmp_path: Path) -> None:
    plan = tmp_path / "x.cockpit"
    assert run("new", str(plan), "--example").returncode == 0
    markdown = run("brief", str(plan), "-o", "-")
    assert markdown.returncode == 0, markdown.stderr
    assert markdown.stdout.startswith("# Team plan billing")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    pdf = subprocess.run([str(COCKPIT), "brief", str(plan), "-o", "-", "--format", "pdf"], capture_output=True,
                         timeout=60, env=env)
    assert pdf.returncode == 0, pdf.stderr
    assert pdf.stdout.startswith(b"%PDF-") and pdf.stdout.rstrip().endswith(b"%%EOF")
    assert list(tmp_path.iterdir()) == [plan], "nothing was left beside the plan"


def test_the_brief_explains_a_wrong_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "x.cockpit"
    assert run("new", str(plan), "--example").returncode == 0
    assert "or to standard output with -o -" in one_line_error(run("brief", str(plan), "-o", str(tmp_path / "x.txt")))
    assert "make them agree" in one_line_error(run("brief", str(plan), "-o", "x.pdf", "--format", "md"))
    from ui.main import main

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["brief", str(plan), "-o", "-", "--format", "pdf"]) == 2
    assert "a PDF is not for the terminal" in capsys.readouterr().err
