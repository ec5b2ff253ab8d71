"""Release Cockpit is used offline: nothing in the app or the command line opens a network connection.

Two proofs for every command: it succeeds in a network namespace with no interfaces
(``unshare -n``, when this machine allows it), and a Python audit hook sees no internet socket,
connect or name lookup while it runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: runs ``ui.main`` with an audit hook that records network activity into $COCKPIT_AUDIT_LOG
AUDITED = """
import json, os, socket, sys
log = open(os.environ["COCKPIT_AUDIT_LOG"], "a")
def hook(event, args):
    if event == "socket.__new__" and args[1] in (socket.AF_INET, socket.AF_INET6):
        log.write(json.dumps([event, int(args[1])]) + "\\n"); log.flush()
    elif event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
        log.write(json.dumps([event, repr(args)[:200]]) + "\\n"); log.flush()
sys.addaudithook(hook)
sys.argv = ["cockpit", *sys.argv[1:]]
from ui.main import main
raise SystemExit(main())
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    env.update(QT_QPA_PLATFORM="offscreen", COCKPIT_HOME=str(tmp_path / "home"), COCKPIT_STARTUP_PROBE="exit",
               COCKPIT_AUDIT_LOG=str(tmp_path / "audit.log"), PYTHONPATH=str(ROOT))
    return env


def _commands(tmp_path: Path) -> list[list[str]]:
    plan = tmp_path / "x.cockpit"
    return [["new", str(plan), "--example"], ["export", str(plan), "--json", str(tmp_path / "x.json")],
            ["check", str(plan)], ["brief", str(plan), "-o", str(tmp_path / "x.pdf")], ["open", str(plan)]]


def test_no_internet_socket_is_ever_opened(tmp_path: Path):
    env = _env(tmp_path)
    for args in _commands(tmp_path):
        done = subprocess.run([sys.executable, "-c", AUDITED, *args], env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode in (0, 1), f"{args}: {done.stderr[-1500:]}"  # check: 1 is No-go
    log = tmp_path / "audit.log"
    events = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    assert events == []
    assert (tmp_path / "x.pdf").exists() and (tmp_path / "x.json").exists()


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="unshare -n is not permitted here (needs root or user namespaces)")
def test_every_command_works_with_no_network_at_all(tmp_path: Path):
    env = _env(tmp_path)
    cockpit = str(Path(sys.executable).with_name("cockpit"))
    for args in _commands(tmp_path):
        done = subprocess.run(["unshare", "-n", cockpit, *args], env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode in (0, 1), f"{args}: {done.stderr[-1500:]}"
    ip = subprocess.run(["unshare", "-n", sys.executable, "-c",
                         "import socket; s = socket.socket(); s.settimeout(2); s.connect(('192.0.2.1', 80))"],
                        capture_output=True, text=True)
    assert ip.returncode != 0 and "unreachable" in ip.stderr.lower()  # the namespace really has no network
