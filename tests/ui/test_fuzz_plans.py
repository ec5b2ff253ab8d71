"""Fuzz: for damaged and odd plan files, every command works or exits 2 with one clear line.

Never a traceback, never a hang (each command under 5 s), never a change to the file or beside it.
Hypothesis draws byte mutations of a valid plan (truncate, flip, splice pages, header fields, schema
edits by another tool); the damaged files in ``tests/data/damaged/`` (``tests/data/make_damaged.py``)
run every time. The suite draws ``COCKPIT_FUZZ_EXAMPLES`` files (default 12); a longer run:
``COCKPIT_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/ui/test_fuzz_plans.py``.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import tempfile
import time
from pathlib import Path

import damage
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_kinds import folder_state

from ui.main import main

ROOT = Path(__file__).resolve().parents[2]
DAMAGED = ROOT / "tests" / "data" / "damaged"
JIRA = ROOT / "tests" / "data" / "import" / "jira.csv"
LIMIT_SECONDS = 5
EXAMPLES = int(os.environ.get("COCKPIT_FUZZ_EXAMPLES", "12"))
COMMANDS = (
    ("check", "{plan}"),
    ("brief", "{plan}", "-o", "{out}/brief.pdf"),
    ("brief", "{plan}", "-o", "{out}/brief.md"),
    ("progress", "{plan}", "-o", "{out}/progress.md"),
    ("record", "{plan}", "-o", "{out}/record.md"),
    ("export", "{plan}", "--json", "{out}/plan.json"),
    ("calendar", "{plan}", "-o", "{out}/plan.ics"),
    ("import", "--dry-run", "{plan}", str(JIRA)),
)


class Hung(Exception):
    """A command took longer than ``LIMIT_SECONDS``."""


def _alarm(signum: int, frame: object) -> None:
    raise Hung


def run_every_command(data: bytes) -> list[str]:
    """Each command on a plan file holding ``data``; the broken promises, as readable lines."""
    broken = []
    with tempfile.TemporaryDirectory(prefix="cockpit-fuzz-") as folder:
        plans, out = Path(folder) / "plans", Path(folder) / "out"
        plans.mkdir()
        out.mkdir()
        plan = plans / "plan.cockpit"
        plan.write_bytes(data)
        for command in COMMANDS:
            argv = [arg.format(plan=plan, out=out) for arg in command]
            before = folder_state(plans)
            stderr, stdout = io.StringIO(), io.StringIO()
            previous = signal.signal(signal.SIGALRM, _alarm)
            signal.alarm(LIMIT_SECONDS)
            started = time.monotonic()
            try:
                with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
                    status = main(argv)
            except Hung:
                broken.append(f"{command[0]}: still running after {LIMIT_SECONDS} s")
                continue
            except BaseException as exc:
                broken.append(f"{command[0]}: raised {type(exc).__name__}: {exc}")
                continue
            finally:
                signal.alarm(0)
                signal.signal(signal.SIGALRM, previous)
            took = time.monotonic() - started
            lines = stderr.getvalue().strip().splitlines()
            if status == 2:
                if len(lines) != 1 or not lines[0].startswith("cockpit: "):
                    broken.append(f"{command[0]}: exit 2 with {len(lines)} lines on stderr: {lines[:3]}")
            elif status not in (0, 1):
                broken.append(f"{command[0]}: exit {status}")
            elif status == 1 and command[0] != "check":
                broken.append(f"{command[0]}: exit 1 ({lines[:2]})")
            if "Traceback" in stderr.getvalue():
                broken.append(f"{command[0]}: a traceback on stderr")
            if took > LIMIT_SECONDS:
                broken.append(f"{command[0]}: took {took:.1f} s")
            if folder_state(plans) != before:
                broken.append(f"{command[0]}: changed the plan's folder")
    return broken


def _valid(example_master: Path) -> bytes:
    return example_master.read_bytes()


def test_the_valid_plan_passes_every_command(qapp, example_master: Path) -> None:
    assert run_every_command(_valid(example_master)) == []


@pytest.mark.parametrize("name", sorted(p.name for p in DAMAGED.glob("*.cockpit")))
def test_kept_damaged_files_get_a_clear_answer(qapp, name: str) -> None:
    assert run_every_command((DAMAGED / name).read_bytes()) == []


def test_the_kept_damaged_files_are_there() -> None:
    assert len(list(DAMAGED.glob("*.cockpit"))) >= 34


_mutations = st.one_of(
    st.tuples(st.just("truncate"), st.integers(0, 300_000)),
    st.tuples(st.just("flip"), st.integers(0, 300_000), st.integers(1, 255)),
    st.tuples(st.just("flip-header"), st.integers(0, 99), st.integers(1, 255)),
    st.tuples(st.just("splice"), st.integers(0, 80), st.integers(0, 80)),
    st.tuples(st.just("header"), st.integers(0, 99), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("schema"), st.sampled_from(sorted(damage.SCHEMA_EDITS))),
)


def mutate(data: bytes, steps: list[tuple]) -> bytes:
    """``data`` after each mutation in ``steps``, in order."""
    for step in steps:
        kind, *args = step
        if kind == "truncate":
            data = damage.truncate(data, args[0])
        elif kind in ("flip", "flip-header"):
            data = damage.flip(data, args[0], args[1])
        elif kind == "splice":
            data = damage.splice_pages(data, args[0], args[1])
        elif kind == "header":
            data = damage.set_header(data, args[0], args[1])
        else:
            try:
                data = damage.edit_schema(data, args[0])
            except Exception:
                pass
    return data


@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 12,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(_mutations, min_size=1, max_size=3))
def test_random_damage_gets_a_clear_answer(qapp, example_master: Path, steps: list[tuple]) -> None:
    broken = run_every_command(mutate(_valid(example_master), steps))
    assert broken == [], f"{steps}: {broken}"
