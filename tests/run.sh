#!/bin/sh
# The whole test suite, from a fresh clone: installs what it needs, then runs
# import contracts, lint, types, dead code, the core tests (in a process where Qt is never imported),
# then the widget, command-line, end-to-end and packaging tests. The core tests run twice over: on a plan
# file and on a team plan in a PostgreSQL server started here (Debian's postgresql package).
set -eu
cd "$(dirname "$0")/.."
sh packaging/setup.sh --test
export PYTHONDONTWRITEBYTECODE=1
# A throw-away PostgreSQL for the team-plan tests: a temporary folder, a free port, stopped at the end.
PG_DIR=$(mktemp -d /tmp/cockpit-test-pg.XXXXXX)
trap '.venv/bin/python tests/pg/cluster.py stop "$PG_DIR"' EXIT
trap 'exit 130' INT TERM
COCKPIT_TEST_PG=$(.venv/bin/python tests/pg/cluster.py start "$PG_DIR")
export COCKPIT_TEST_PG
.venv/bin/lint-imports
.venv/bin/ruff check cockpit ui tests packaging
.venv/bin/mypy cockpit ui
.venv/bin/vulture
.venv/bin/python -m pytest -p no:pytest-qt tests/core
.venv/bin/python -m pytest tests/ui tests/e2e tests/packaging
