"""Release Cockpit's core: the plan file, the domain rules, the services and the reports.

Never imports Qt or ``ui`` (an import-linter contract in pyproject.toml holds this).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("release-cockpit")
except PackageNotFoundError:  # running from a PyInstaller bundle without metadata
    __version__ = "0.1.0"

APP_NAME = "Release Cockpit"
