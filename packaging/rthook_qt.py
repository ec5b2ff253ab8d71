"""PyInstaller runtime hook for Qt. cockpit.spec uses it instead of PyInstaller's own ``pyi_rth_pyside6``.

PyInstaller's hook imports PySide6.QtCore before the program starts, to register a qt.conf for Qt builds that
lack one. The PySide6 wheels register their own, so that import only costs time: about 0.1 s on every
``cockpit --version`` or ``cockpit export``, which by design never load Qt. This hook does the rest of
what PyInstaller's does for this app, without importing anything:

- points Qt at the bundled plugins;
- in a Wayland session, picks the X11 platform plugin (XWayland). The bundle ships xcb but not Wayland
  (see KEEP_PLUGINS in cockpit.spec); Qt would otherwise print that "wayland" is missing and then fall
  back to xcb. A QT_QPA_PLATFORM the user set is left alone.
"""

import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6") if sys.platform == "win32" else os.path.join(sys._MEIPASS, "PySide6", "Qt")
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")

if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM") and os.environ.get("DISPLAY")
        and (os.environ.get("WAYLAND_DISPLAY") or os.environ.get("XDG_SESSION_TYPE") == "wayland")):
    os.environ["QT_QPA_PLATFORM"] = "xcb"
