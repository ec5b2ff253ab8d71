"""Stateful property: any run of service calls, undone in reverse, gives back the starting plan row for row.

Each run starts from a fresh copy of the example plan. Rules call services with generated arguments,
valid or not: a refused call must raise a ``ValidationError`` (or subclass) and leave every table as it
was; an accepted one adds exactly one change-log row. Every accepted ``Changes`` is kept with the dump
taken before it, so each undo is checked against the exact state it must restore.
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import hypothesis.strategies as st
import pytest
from _support import START, dump
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from cockpit.errors import ValidationError
from cockpit.services import people, release, review, rollback, scope, timeline
from cockpit.services.core import Changes, redo, undo
from cockpit.store import open_plan

TEAM_LABELS = ["backend team", "QA", "TBD", "?", "the team", "Everyone"]
NAMES = st.one_of(st.sampled_from(["Nora Holm", "Ravi Iyer", "Q. Li", "Anders", "maya chen", "Tom Okafor", "",
                                   "  ", *TEAM_LABELS]), st.text(max_size=12))
# Mostly valid values (so changes pile up), with the invalid ones mixed in.
TITLES = st.one_of(st.sampled_from(["Retry failed webhooks", "Fix: refund rounding", "Checkout fails"]),
                   st.text(min_size=1, max_size=30), st.sampled_from(["", "   ", "nul\x00", "x" * 201]))
NUMBERS = st.one_of(st.integers(0, 8), st.integers(0, 8).map(lambda n: n / 2), st.integers(-3, 40),
                    st.floats(allow_nan=True, allow_infinity=True, width=32),
                    st.sampled_from(["2,5", "abc", "", "nan", None, True]))
#: an int picks the n-th existing row (n past the end: an id that does not exist); text is passed as is
PERSON = st.one_of(st.integers(0, 5), st.integers(0, 7),
                   st.sampled_from([None, "Maya Chen", "ana ruiz", "Nobody Here", *TEAM_LABELS]))
ROW = st.integers(0, 20)
LANES = st.sampled_from([None, "in release", "cut", "parked", "done"])
REASONS = st.sampled_from(["", "  ", "Not needed to pay an invoice", "Production outage"])
DAYS = st.integers(-10, 60)
ROLES = st.sampled_from(["scope owner", "delivery owner", "readiness owner", "stop authority", "rollback caller",
                         "rollback runner", "verifier", "boss"])
UPDATES = st.one_of(
    st.tuples(st.just("title"), TITLES),
    st.tuples(st.just("estimate_days"), NUMBERS),
    st.tuples(st.just("owner_id"), PERSON),
    st.tuples(st.just("status"), st.sampled_from(["todo", "doing", "blocked", "done", "finished"])),
    st.tuples(st.just("kind"), st.sampled_from(["feature", "polish", "refactor", "epic"])),
    st.tuples(st.just("check_usable"), st.sampled_from([True, False, "no"])),
    st.tuples(st.just("risk_areas"), st.sampled_from([[], ["permissions"], ["billing/payments", "data migration"],
                                                      ["security"]])),
)


class UndoMachine(RuleBasedStateMachine):
    template: ClassVar[Path]
    workdir: ClassVar[Path]
    runs: ClassVar[itertools.count]

    def __init__(self) -> None:
        super().__init__()
        path = self.workdir / f"run-{next(self.runs)}.cockpit"
        shutil.copyfile(self.template, path)
        self.plan = open_plan(path)
        self.rid = self.plan.live_release_id()
        self.start = dump(self.plan)
        self.history: list[tuple[Changes, dict]] = []

    # -- helpers --------------------------------------------------------------------------------------
    def _ids(self, table: str) -> list[int]:
        return [row[0] for row in self.plan.raw.execute(f"SELECT id FROM {table} ORDER BY id")]

    def _row(self, table: str, n: int) -> int:
        ids = self._ids(table)
        return ids[n] if n < len(ids) else 900 + n

    def _person(self, ref: Any) -> Any:
        return self._row("person", ref) if isinstance(ref, int) and not isinstance(ref, bool) else ref

    def _do(self, call: Callable[[], Changes]) -> None:
        before = dump(self.plan)
        try:
            changes = call()
        except ValidationError:
            assert dump(self.plan) == before, "a refused change wrote something"
            return
        after = dump(self.plan)
        assert isinstance(changes, Changes)
        assert len(after["change_log"]) == len(before["change_log"]) + 1
        assert after != before
        self.history.append((changes, before))

    # -- scope ----------------------------------------------------------------------------------------
    @rule(title=TITLES, lane=LANES, estimate=NUMBERS, owner=PERSON, override=REASONS)
    def add_item(self, title: Any, lane: Any, estimate: Any, owner: Any, override: str) -> None:
        self._do(lambda: scope.add_item(self.plan, self.rid, title, lane=lane, override_reason=override,
                                        estimate_days=estimate, owner_id=self._person(owner)))

    @rule(n=ROW, update=UPDATES)
    def update_item(self, n: int, update: tuple[str, Any]) -> None:
        field, value = update
        value = self._person(value) if field == "owner_id" else value
        self._do(lambda: scope.update_item(self.plan, self._row("scope_item", n), **{field: value}))

    @rule(rows=st.lists(ROW, min_size=0, max_size=3), lane=LANES, index=st.none() | st.integers(0, 12),
          reason=REASONS, override=REASONS)
    def move_items(self, rows: list[int], lane: Any, index: int | None, reason: str, override: str) -> None:
        ids = [self._row("scope_item", n) for n in rows]
        self._do(lambda: scope.move_items(self.plan, ids, lane, index, reason=reason, override_reason=override))

    @rule(n=ROW)
    def delete_item(self, n: int) -> None:
        self._do(lambda: scope.delete_item(self.plan, self._row("scope_item", n)))

    @rule()
    def cut_candidates(self) -> None:
        self._do(lambda: scope.cut_candidates(self.plan, self.rid))

    # -- people and roles -----------------------------------------------------------------------------
    @rule(name=NAMES, capacity=NUMBERS)
    def add_person(self, name: Any, capacity: Any) -> None:
        self._do(lambda: people.add_person(self.plan, name, capacity))

    @rule(n=ROW, name=NAMES)
    def rename_person(self, n: int, name: Any) -> None:
        self._do(lambda: people.rename_person(self.plan, self._row("person", n), name))

    @rule(n=ROW, heir=PERSON)
    def remove_person(self, n: int, heir: Any) -> None:
        self._do(lambda: people.remove_person(self.plan, self._row("person", n), self._person(heir)))

    @rule(role=ROLES, who=PERSON)
    def assign_role(self, role: str, who: Any) -> None:
        self._do(lambda: people.assign_role(self.plan, self.rid, role, self._person(who)))

    @rule(role=ROLES, who=st.none() | st.integers(0, 7))
    def unassign_role(self, role: str, who: int | None) -> None:
        self._do(lambda: people.unassign_role(self.plan, self.rid, role, self._person(who)))

    # -- timeline, rollback, dates --------------------------------------------------------------------
    @rule(kind=st.sampled_from(["scope freeze", "rollback rehearsal", "go/no-go review", "launch party"]), day=DAYS)
    def set_milestone(self, kind: str, day: int) -> None:
        self._do(lambda: timeline.set_milestone(self.plan, self.rid, kind, START + dt.timedelta(days=day)))

    @rule(day=DAYS, shipped=TITLES, done=NUMBERS)
    def check_in(self, day: int, shipped: Any, done: Any) -> None:
        self._do(lambda: timeline.record_check_in(self.plan, self.rid, START + dt.timedelta(days=day),
                                                  shipped=shipped, blocks="", done_days=done))

    @rule(condition=TITLES, threshold=NUMBERS, window=st.sampled_from([None, 5, 15, -1, "ten"]))
    def add_trigger(self, condition: Any, threshold: Any, window: Any) -> None:
        self._do(lambda: rollback.add_trigger(self.plan, self.rid, condition, threshold=threshold,
                                              window_minutes=window))

    @rule(text=TITLES, runner=PERSON, minutes=NUMBERS)
    def add_step(self, text: Any, runner: Any, minutes: Any) -> None:
        self._do(lambda: rollback.add_step(self.plan, self.rid, text, runner_id=self._person(runner),
                                           expected_minutes=minutes))

    @rule(target_day=st.none() | DAYS, backup_day=st.none() | DAYS, reason=REASONS)
    def set_dates(self, target_day: int | None, backup_day: int | None, reason: str) -> None:
        def day(offset: int | None) -> dt.date | None:
            return None if offset is None else START + dt.timedelta(days=offset)

        self._do(lambda: release.set_dates(self.plan, self.rid, target=day(target_day), backup=day(backup_day),
                                           reason=reason))

    @rule(phase=st.sampled_from(["planning", "building", "testing", "shipping", "shipped", "rolled back", "gone"]))
    def set_phase(self, phase: str, confirmed=True) -> None:
        self._do(lambda: release.set_phase(self.plan, self.rid, phase, confirmed=True))

    @rule(body=st.sampled_from(["", "  ", "We own the miss.", "We own the miss. Plan: one job per release."]))
    def set_remediation(self, body: str) -> None:
        self._do(lambda: review.set_remediation(self.plan, self.rid, body))

    @rule(values=st.dictionaries(st.sampled_from(["drill_target_minutes", "checkin_minutes", "focus_factor"]),
                                 st.sampled_from(["20", "10", "0.5", "2,5", "many"]), max_size=3))
    def set_settings(self, values: dict[str, str]) -> None:
        self._do(lambda: review.set_settings(self.plan, values))

    # -- undo and redo ----------------------------------------------------------------------------------
    @rule()
    def undo_and_redo_last(self) -> None:
        if not self.history:
            return
        changes, before = self.history[-1]
        current = dump(self.plan)
        undo(self.plan, changes)
        assert dump(self.plan) == before
        redo(self.plan, changes)
        assert dump(self.plan) == current

    @rule()
    def undo_last(self) -> None:
        if not self.history:
            return
        changes, before = self.history.pop()
        undo(self.plan, changes)
        assert dump(self.plan) == before

    def teardown(self) -> None:
        try:
            for changes, before in reversed(self.history):
                undo(self.plan, changes)
                assert dump(self.plan) == before
            assert dump(self.plan) == self.start
        finally:
            self.plan.close()


def test_undoing_everything_restores_the_plan(example_template: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(UndoMachine, "template", example_template, raising=False)
    monkeypatch.setattr(UndoMachine, "workdir", tmp_path, raising=False)
    monkeypatch.setattr(UndoMachine, "runs", itertools.count(), raising=False)
    run_state_machine_as_test(UndoMachine, settings=settings(
        max_examples=25, stateful_step_count=20, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
    runs = sorted(tmp_path.glob("run-*.cockpit"))
    assert len(runs) >= 25
    assert all(not p.with_name(p.name + "-journal").exists() for p in runs)
