"""PyInstaller's entry script for the bundled ``cockpit`` command (the same ``ui.main:main`` as the console script)."""

import sys

from ui.main import main

if __name__ == "__main__":
    sys.exit(main())
