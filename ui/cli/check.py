"""``cockpit check PATH``: the five go/no-go questions for a release pipeline.

Exit status 0 for Go, 1 for No-go, 2 for a file that cannot be used (one line on stderr).
The plan is only read: nothing is saved, not even the review.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ui.cli.common import EXIT_USAGE, PLAN_HELP, plan_argument, read_live_cycle

if TYPE_CHECKING:
    from cockpit.reports.gonogo import GoNoGo

EXIT_GO, EXIT_NO_GO = 0, 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="go/no-go: five answers and the verdict (exit 0 go, 1 no-go)",
                       description="Answer the five go/no-go questions for the plan's current release and print "
                                   "the verdict. Exit status: 0 Go, 1 No-go, 2 the plan cannot be used.")
    p.add_argument("path", metavar="PLAN", type=plan_argument, help=PLAN_HELP)
    p.add_argument("--json", action="store_true", help="print the answers as JSON for machines")
    p.set_defaults(run=run)


def _text(review: GoNoGo) -> str:
    lines = [f"{review.release_name}: go/no-go"]
    for n, answer in enumerate(review.answers, 1):
        lines.append(f"  [{'pass' if answer.passed else 'FAIL'}] {n}. {answer.question}")
        lines.append(f"         {answer.evidence}")
        lines += [f"         - {detail}" for detail in answer.details if not answer.passed]
    lines.append(f"Verdict: {review.verdict_text()}")
    return "\n".join(lines) + "\n"


def _json(review: GoNoGo) -> str:
    import json

    from cockpit import clock

    return json.dumps({
        "release": review.release_name, "verdict": review.verdict, "go": review.go,
        "stop_authority": review.stop_authority, "passed": review.passed, "questions": len(review.answers),
        "go_no_go_date": review.review_day.isoformat() if review.review_day else None,
        "checked_at": clock.now().isoformat(timespec="seconds"),
        "answers": review.records(),
    }, ensure_ascii=False, indent=1) + "\n"


def run(args: argparse.Namespace) -> int:
    import sys

    from cockpit.reports.gonogo import go_no_go

    review = read_live_cycle(args.path, go_no_go)
    if review is None:
        return EXIT_USAGE
    sys.stdout.write(_json(review) if args.json else _text(review))
    sys.stdout.flush()
    return EXIT_GO if review.go else EXIT_NO_GO
