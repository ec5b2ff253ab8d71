"""The end-to-end rig's pieces (imported by conftest and by the tests)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

COCKPIT = Path(sys.executable).with_name("cockpit")
#: the tools the end-to-end tests drive the app with, and the Debian packages that have them
PACKAGES = {"Xvfb": "xvfb", "xdotool": "xdotool", "import": "imagemagick"}


def missing_tools() -> list[str]:
    return [tool for tool in PACKAGES if shutil.which(tool) is None]


def need_tools() -> None:
    """Fail with the packages to install (or skip, when COCKPIT_SKIP_E2E=1 says so)."""
    import pytest

    missing = missing_tools()
    if missing:
        if os.environ.get("COCKPIT_SKIP_E2E") == "1":
            pytest.skip("COCKPIT_SKIP_E2E=1 and the e2e tools are missing")
        pytest.fail("End-to-end tests need " + ", ".join(missing) + ": apt-get install "
                    + " ".join(PACKAGES[t] for t in missing) + " (or set COCKPIT_SKIP_E2E=1)")


@contextmanager
def xvfb_display(size: str = "1366x768") -> Iterator[str]:
    """A private X server of ``size`` (WIDTHxHEIGHT); yields its display (":N"), stops it at the end.

    -displayfd: the server picks a free display itself and says which, so two servers started at
    once (parallel runs, the audit) never collide. -noreset: by default the server resets when its
    last client leaves, and an app starting in that moment cannot connect.
    """
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24", "-nolisten", "tcp",
                               "-noreset"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write,))
    os.close(write)
    try:
        with os.fdopen(read) as answer:
            number = answer.readline().strip()
        if not number:
            raise RuntimeError(f"Xvfb did not start ({size})")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


class App:
    """One running ``cockpit`` under Xvfb, driven like a person would."""

    def __init__(self, args: list[str], display: str, home: Path, shots: Path) -> None:
        self.home = home
        self.display = display
        self.shots = shots
        self.probe_file = home / "e2e-probe.json"
        self.env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        self.env.update(DISPLAY=display, COCKPIT_HOME=str(home), COCKPIT_E2E_PROBE=str(self.probe_file))
        self.log = home / "app.log"
        with self.log.open("w") as out:
            self.proc = subprocess.Popen([str(COCKPIT), *args], env=self.env, stdout=out, stderr=subprocess.STDOUT)
        self.window = ""

    # -- xdotool ---------------------------------------------------------------------------------
    def xdo(self, *args: str, timeout: float = 20) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {done.stderr.strip()}\n{self.output()}")
        return done.stdout.strip()

    def wait_window(self, title: str = "Release Cockpit", timeout: float = 30) -> str:
        """Wait until a window whose title contains ``title`` is mapped, then focus it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"cockpit exited with {self.proc.returncode}:\n{self.output()}")
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title], env=self.env,
                                   capture_output=True, text=True)
            if found.returncode == 0 and found.stdout.strip():
                self.window = found.stdout.split()[-1]
                self.focus()
                return self.window
            time.sleep(0.2)
        raise AssertionError(f"no window titled {title!r} within {timeout} s\n{self.output()}")

    def focus(self) -> None:
        # No window manager runs on Xvfb, so focus the window directly (windowactivate needs a WM).
        self.xdo("windowfocus", "--sync", self.window)
        time.sleep(0.2)

    def key(self, *keys: str) -> None:
        self.xdo("key", "--clearmodifiers", "--delay", "60", *keys)
        time.sleep(0.25)

    def type(self, text: str) -> None:
        self.xdo("type", "--delay", "25", text)
        time.sleep(0.2)

    def move_to(self, x: int, y: int) -> None:
        """Move the pointer and wait until it is there (``--sync`` waits for a motion that never
        comes, about 15 s, when the pointer is already at the spot)."""
        here = dict(line.split("=", 1) for line in self.xdo("getmouselocation", "--shell").splitlines() if "=" in line)
        if (here.get("X"), here.get("Y")) != (str(x), str(y)):
            self.xdo("mousemove", "--sync", str(x), str(y))

    def click(self, x: int, y: int) -> None:
        self.move_to(x, y)
        self.xdo("click", "1")
        time.sleep(0.3)

    def drag(self, start: tuple[int, int], end: tuple[int, int], steps: int = 12) -> None:
        """A real drag: press, move in small steps (Qt needs motion to start a drag), release."""
        self.move_to(*start)
        self.xdo("mousedown", "1")
        time.sleep(0.2)
        for n in range(1, steps + 1):
            x = start[0] + (end[0] - start[0]) * n // steps
            y = start[1] + (end[1] - start[1]) * n // steps
            self.xdo("mousemove", str(x), str(y))
            time.sleep(0.05)
        time.sleep(0.3)
        self.xdo("mouseup", "1")
        time.sleep(0.5)

    # -- where things are ------------------------------------------------------------------------
    def where(self, timeout: float = 10) -> dict[str, list[int]]:
        """The app's map of widget and item rectangles (see ui/e2e_probe.py)."""
        request = self.probe_file.with_name(self.probe_file.name + ".request")
        self.probe_file.unlink(missing_ok=True)
        request.touch()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.probe_file.exists() and not request.exists():
                return json.loads(self.probe_file.read_text())
            time.sleep(0.1)
        raise AssertionError(f"the app did not answer the probe\n{self.output()}")

    def centre(self, name: str) -> tuple[int, int]:
        places = self.where()
        matches = [k for k in places if k == name] or [k for k in places if k.endswith(name)]
        if not matches:
            raise AssertionError(f"{name!r} is not on screen; visible: {sorted(places)[:60]}")
        x, y, w, h = places[matches[0]]
        return x + w // 2, y + h // 2

    # -- the process -----------------------------------------------------------------------------
    def screenshot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True, timeout=30)
        extra = os.environ.get("COCKPIT_SCREENSHOTS")
        if extra:
            Path(extra).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(extra) / path.name)
        return path

    def quit(self, timeout: float = 20) -> int:
        self.key("ctrl+q")
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(f"cockpit did not quit\n{self.output()}") from exc

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


def read_plan(path: Path, sql: str, args: tuple = ()) -> list[tuple]:
    """Query a plan with plain sqlite3 — on a copy when the app still holds the file."""
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def read_while_open(path: Path, sql: str, tmp: Path, args: tuple = ()) -> list[tuple]:
    """Committed data is in the main file (rollback journal): read a byte copy while the app runs."""
    copy = tmp / f"copy-{time.monotonic_ns()}.cockpit"
    shutil.copy(path, copy)
    return read_plan(copy, sql, args)


def wait_for(check, timeout: float = 15):
    """Poll ``check()`` until it returns something truthy (or the time is up); return its last value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    return check()
