"""The layout audit: every view and dialog × {normal, presentation} × {example, stress plan} on the
screen this runs on (Xvfb at 1280×720 or 1024×768), checked by ``layout_checks.audit``.

    python tests/e2e/layout_audit.py OUT.json [--shots DIR] [--modes presentation] [--plans example]

needs ``DISPLAY`` (the test starts Xvfb for it). ``--xvfb 1280x720`` starts a private Xvfb of that
size first. ``python tests/e2e/layout_audit.py --readme`` refreshes the README's screenshots: every view
and dialog of the example plan at 1280×720 in presentation mode, in resources/screenshots/projector/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

README_SHOTS = ROOT / "resources" / "screenshots" / "projector"
EXAMPLE_DAY = dt.date(2026, 11, 18)  # Wednesday of week 1: check-ins, blockers and a drill exist
#: twelve people, long and not Latin (the issue's own examples among them)
STRESS_PEOPLE = ("Maximiliane Oberhollenzer-Wittgenstein", "李明", "Zoë Müller", "Bartholomew Fitzgerald-Ashworth",
                 "Oluwaseun Adebayo-Okonkwo", "Анастасия Ковальчук", "Jean-Baptiste Delacroix-Moreau",
                 "Siobhán Ní Bhriain", "Krzysztof Brzęczyszczykiewicz", "Thanh Nguyễn Văn", "佐藤 花子",
                 "Ana María Rodríguez de la Fuente")
STRESS_TITLE = "Customer can export every invoice as a PDF"  # 42 characters, a realistic long title


def make_plans(folder: Path) -> dict[str, Path]:
    """The example plan, and the stress plan: the example with 30 cards a lane, 40-character titles,
    twelve people holding roles, cards, tasks and runbook steps."""
    from cockpit.example import create_example
    from cockpit.kinds import Lane, Role
    from cockpit.reader import read_live
    from cockpit.services import people, rollback, scope, timeline

    example = folder / "example.cockpit"
    create_example(example, today=EXAMPLE_DAY).close()
    stress = folder / "stress.cockpit"
    plan = create_example(stress, today=EXAMPLE_DAY)
    try:
        release_id = plan.live_release_id()
        ids = [people.add_person(plan, name, 4.5).result for name in STRESS_PEOPLE]
        for role, who in ((Role.SCOPE_OWNER, 0), (Role.STOP_AUTHORITY, 0), (Role.ROLLBACK_CALLER, 1),
                          (Role.ROLLBACK_RUNNER, 3), (Role.VERIFIER, 5), (Role.VERIFIER, 8)):
            people.assign_role(plan, release_id, role.value, ids[who])
        items = read_live(plan).items
        lanes = {lane: len([i for i in items if i.lane == lane]) for lane in Lane}
        for lane in Lane:
            for n in range(lanes[lane], 30):
                title = f"{STRESS_TITLE[:38]} {n:02d}"
                item = scope.add_item(plan, release_id, title, lane=Lane.PARKED.value, owner_id=ids[n % 12],
                                      estimate_days=1.5, asked_by=STRESS_PEOPLE[(n + 5) % 12]).result
                if lane != Lane.PARKED:
                    scope.move_items(plan, [item], lane.value, reason="Stress: the room asked for it")
        for n, person in enumerate(ids):
            timeline.add_task(plan, release_id, f"Readiness task for {STRESS_PEOPLE[n]}", area="other",
                              owner_id=person, estimate_days=1)
            rollback.add_step(plan, release_id, f"{STRESS_TITLE} — step {n}", runner_id=person,
                              expected_minutes=3)
    finally:
        plan.close()
    return {"example": example, "stress": stress}


def settle(app, rounds: int = 4) -> None:
    from PySide6.QtTest import QTest

    for _ in range(rounds):
        app.processEvents()
        QTest.qWait(20)


def states(window, plan: str) -> Iterator[tuple[str, Callable[[], object | None]]]:
    """(name, show) for every view and dialog; ``show`` returns a dialog to audit instead of the window."""
    from ui.models.sections import SECTIONS

    for row, section in enumerate(SECTIONS):
        yield section.key, lambda row=row: window.go_to(row)
    yield "scope-card", lambda: _select_card(window)
    yield "owners-checkin", lambda: _start_check_in(window)
    yield "plan-rules", lambda: _dialog(window, "ui.plan_rules:PlanRulesDialog")
    yield "import", lambda: _import_dialog(window)
    yield "reason", lambda: _reason(window)
    yield "record-drill", lambda: _record_drill(window)
    yield "rollback-drill", lambda: _run_drill(window)
    yield "session-scope", lambda: _session_step(window, "scope")
    yield "session-close", lambda: _session_step(window, "close")
    yield "progress-note", lambda: _view_dialog(window, "timeline", "show_progress_note")
    yield "track-record", lambda: _view_dialog(window, "retro", "show_track_record")
    yield "start", lambda: window.show_start()


def _view_dialog(window, section: str, opener: str):
    """A dialog a view opens (its own button), audited on its own."""
    window.go_to(window.sections.row_of(section))
    return getattr(window.views[section], opener)()


def _session_step(window, key: str) -> None:
    """The reset session's panel on a step (the close step with a topic in its parking lot)."""
    from cockpit.services.session import park_topic

    window.run_session()
    if key == "close":
        release_id = window.hub.release_id
        window.hub.run(lambda plan: park_topic(plan, release_id, "Audit log for admins: who changed what, when"))
    window.session_panel().go(key)
    if key == "scope":  # the board as the step opens it: nothing selected, its page at the top
        from PySide6.QtWidgets import QScrollArea

        board = window.views["scope"]
        for column in board.columns.values():
            column.view.clearSelection()
        for area in board.findChildren(QScrollArea):
            area.verticalScrollBar().setValue(0)


def _end_session(window) -> None:
    """The audit's session ends, so the next plan opened shows the views with their navigation."""
    window.session_panel().end_session()
    window.message_bar.hide()


def _run_drill(window) -> None:
    """A drill running: the stopwatch, its steps and its buttons (undone after the audit)."""
    window.go_to(4)
    window.views["rollback"].drills.start_drill()


def _select_card(window) -> None:
    window.go_to(1)
    board = window.views["scope"]
    cards = [i for i in window.hub.cycle().items if i.lane == "in release"]
    longest = max(cards, key=lambda c: len(c.title))
    board.select("in release", [longest.id])


def _start_check_in(window) -> None:
    window.go_to(2)
    window.views["owners"].check_in_button.setChecked(True)  # the panel shows and its clock runs


def _dialog(window, where: str):
    import importlib

    module, name = where.split(":")
    dialog = getattr(importlib.import_module(module), name)(window.hub, window)
    dialog.show()
    return dialog


def _import_dialog(window):
    dialog = _dialog(window, "ui.importer.dialog:ImportDialog")
    dialog.load(ROOT / "tests/data/exports/jira-cloud-several-projects.csv")
    return dialog


def _reason(window):
    from cockpit.errors import NeedsReason
    from ui.hub import reason_dialog

    question = NeedsReason("Moving the target date after the scope freeze is a finish-line move. Why does the "
                           "date move? The reason goes into the stakeholder note and the retrospective.",
                           title="Why does the date move?", hint="Say what changed, not who is to blame.",
                           choices=("The payment provider's review is late", "A blocker took three days"))
    dialog = reason_dialog(window, question)
    dialog.show()
    return dialog


def _record_drill(window):
    from ui.rollback.drills import RecordDrillDialog

    window.go_to(4)
    dialog = RecordDrillDialog(window)
    dialog.show()
    return dialog


def refresh(window, app) -> list[str]:
    """Scroll the view half-way down, then reload it as a change made elsewhere would: nothing may
    move, scroll back or lose its selection."""
    from layout_checks import layout_state, refresh_problems
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QHeaderView

    page = window.stack.currentWidget()
    for view in page.findChildren(QAbstractItemView):  # something selected in each list, if nothing is
        model, chosen = view.model(), view.selectionModel()
        if (view.isVisible() and not isinstance(view, QHeaderView) and model is not None and chosen is not None
                and not chosen.hasSelection() and model.rowCount(view.rootIndex()) > 1
                and view.selectionMode() != QAbstractItemView.SelectionMode.NoSelection):
            index = model.index(model.rowCount(view.rootIndex()) // 2, 0, view.rootIndex())
            chosen.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    for area in page.findChildren(QAbstractScrollArea):
        bar = area.verticalScrollBar()
        if area.isVisible() and bar.maximum() > 0:
            bar.setValue(bar.maximum() // 2)
    settle(app, 2)
    before = layout_state(page)
    page.reload()
    settle(app, 2)
    return refresh_problems(before, layout_state(page))


def run(out: Path, shots: Path | None, modes: list[str], plans: list[str], only: list[str], *,
        short_names: bool = False) -> int:
    from layout_checks import audit
    from PySide6.QtWidgets import QApplication

    from ui.app import make_app
    from ui.main_window import MainWindow

    os.environ.setdefault("COCKPIT_HOME", tempfile.mkdtemp(prefix="cockpit-audit-home-"))
    app = make_app()
    screen = app.primaryScreen().availableGeometry()
    size = f"{screen.width()}x{screen.height()}"
    results = []
    with tempfile.TemporaryDirectory(prefix="cockpit-audit-") as tmp:
        files = make_plans(Path(tmp))
        window = MainWindow()
        window.hub.confirm = lambda parent, message: False  # nothing in the audit may change the plan
        window.hub.tell = lambda parent, title, message: None
        window.setGeometry(screen)
        window.show()
        settle(app)
        for mode in modes:
            window.set_presentation(mode == "presentation")
            for plan in plans:
                already = window.hub.plan is not None and window.hub.plan.path == files[plan]
                if not already and not window.open_path(files[plan]):
                    raise SystemExit(f"could not open the {plan} plan: {window.message_bar.text()}")
                for state, show in states(window, plan):
                    if only and state not in only:
                        continue
                    dialog = show()
                    settle(app)
                    top = dialog if dialog is not None else window
                    if shots is not None:  # before the refresh check scrolls the page
                        shots.mkdir(parents=True, exist_ok=True)
                        name = state if short_names else f"{state}-{mode}-{plan}-{size}"
                        top.grab().save(str(shots / f"{name}.png"))
                    problems = audit(top, screen, presentation=mode == "presentation")
                    if dialog is None:
                        problems += refresh(window, app)
                    results.append(dict(size=size, mode=mode, plan=plan, state=state, problems=problems))
                    if dialog is not None:
                        dialog.close()
                        dialog.deleteLater()
                    if state == "owners-checkin":
                        window.views["owners"].check_in_button.setChecked(False)
                    if state == "rollback-drill":
                        window.undo()  # the drill was started for the audit: take it back
                    if state == "session-close":
                        _end_session(window)
                    settle(app, 1)
        window.close()
    QApplication.processEvents()
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


def under_xvfb(size: str, argv: list[str]) -> int:
    """Run this script again on a private Xvfb screen of ``size`` (WIDTHxHEIGHT)."""
    from rig import xvfb_display

    with xvfb_display(size) as display:
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        env["DISPLAY"] = display
        return subprocess.run([sys.executable, __file__, *argv], env=env).returncode


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, nargs="?", help="the findings, as JSON")
    parser.add_argument("--shots", type=Path, help="save a screenshot of every state here")
    parser.add_argument("--modes", default="normal,presentation")
    parser.add_argument("--plans", default="example,stress")
    parser.add_argument("--only", default="", help="states to audit (default: all)")
    parser.add_argument("--xvfb", metavar="WxH", help="start a private Xvfb of this size and run there")
    parser.add_argument("--readme", action="store_true", help=f"refresh the README's screenshots in {README_SHOTS}")
    parser.add_argument("--short-names", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.readme:
        return under_xvfb("1280x720", [os.devnull, "--modes", "presentation", "--plans", "example",
                                       "--shots", str(README_SHOTS), "--short-names"])
    if args.out is None:
        parser.error("name the file for the findings (or use --readme)")
    if args.xvfb:
        rest = [a for a in argv if a not in ("--xvfb", args.xvfb) and not a.startswith("--xvfb=")]
        return under_xvfb(args.xvfb, rest)
    return run(args.out, args.shots, args.modes.split(","), args.plans.split(","),
               [s for s in args.only.split(",") if s], short_names=args.short_names)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
