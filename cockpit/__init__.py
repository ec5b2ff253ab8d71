"""Release Cockpit's core: the plan file, the domain rules, the services and the reports.

Never imports Qt or ``ui`` (an import-linter contract in pyproject.toml holds this).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("release-cockpit")
except PackageNotFoundError:  # a copy without package metadata (the bundle carries it)
    __version__ = "unknown"

APP_NAME = "Release Cockpit"
