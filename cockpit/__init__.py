"""Release Cockpit's core: the plan file, the domain rules, the services and the reports.

Never imports Qt or ``ui`` (an import-linter contract in pyproject.toml holds this).
"""

from __future__ import annotations

APP_NAME = "Release Cockpit"


def __getattr__(name: str) -> str:
    # The version is looked up on first use: importlib.metadata costs ~40 ms at start-up.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("release-cockpit")
        except PackageNotFoundError:  # a copy without package metadata (the bundle carries it)
            return "unknown"
    raise AttributeError(name)
