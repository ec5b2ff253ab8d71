#!/bin/sh
# The whole test suite, from a fresh clone: installs what it needs, then runs
# import contracts, lint, types, dead code, the core tests (in a process where Qt is never imported),
# then the widget, command-line, end-to-end and packaging tests.
set -eu
cd "$(dirname "$0")/.."
sh packaging/setup.sh --test
export PYTHONDONTWRITEBYTECODE=1
.venv/bin/lint-imports
.venv/bin/ruff check cockpit ui tests packaging
.venv/bin/mypy cockpit ui
.venv/bin/vulture
.venv/bin/python -m pytest -p no:pytest-qt tests/core
.venv/bin/python -m pytest tests/ui tests/e2e tests/packaging
