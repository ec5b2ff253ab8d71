"""Smoke test of the PyInstaller bundle: build it with packaging/build.sh, then run the bundled binary
with an empty environment (no Python, no virtualenv, no PYTHONPATH) and check what a user would see.

The build goes to a temporary folder (COCKPIT_DIST / COCKPIT_BUILD), never to dist/ or build/. It takes
about a minute. Skipped only when PyInstaller is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tarfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
MAX_BUNDLE_BYTES = 150 * 1024 * 1024  # targets from the packaging issue
MAX_TARBALL_BYTES = 65 * 1024 * 1024


@dataclass(frozen=True)
class Bundle:
    folder: Path
    exe: Path
    tarball: Path
    build_seconds: float


def folder_bytes(folder: Path) -> int:
    """Unpacked size: every regular file once, links not followed."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    """What a laptop with no Python gives the program: no PYTHON*, no virtualenv, nothing on PATH but the system."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "COCKPIT_HOME": str(tmp / "home"), **extra}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (it is in the dev dependency group)")
    if not sys.platform.startswith("linux"):
        pytest.skip("the smoke test drives the Linux bundle")
    out = tmp_path_factory.mktemp("bundle")
    env = {**os.environ, "PYTHON": sys.executable,
           "COCKPIT_DIST": str(out / "dist"), "COCKPIT_BUILD": str(out / "build")}
    start = time.monotonic()
    proc = subprocess.run(["sh", str(ROOT / "packaging" / "build.sh")], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=1200)
    seconds = time.monotonic() - start
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    tarballs = sorted((out / "dist").glob("release-cockpit-*-linux-*.tar.gz"))
    assert [t.name for t in tarballs] == [f"release-cockpit-{VERSION}-linux-{os.uname().machine}.tar.gz"]
    folder = out / "dist" / "cockpit"
    return Bundle(folder=folder, exe=folder / "cockpit", tarball=tarballs[0], build_seconds=seconds)


def run(bundle: Bundle, tmp: Path, *args: str, timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bundle.exe), *args], env=clean_env(tmp, **env), cwd=tmp,
                          capture_output=True, text=True, timeout=timeout)


def test_subcommands_run_without_python(bundle: Bundle, tmp_path: Path) -> None:
    made = run(bundle, tmp_path, "new", "x.cockpit", "--example")
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "x.cockpit").read_bytes()[68:72] == b"RCKP"  # the plan file's application_id

    exported = run(bundle, tmp_path, "export", "x.cockpit", "--json", "-")
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["app_version"] == VERSION
    assert [cycle["release"]["name"] for cycle in data["cycles"]] == ["Invoices, reports and SSO", "Team plan billing"]
    assert {p["name"] for p in data["people"]} and data["cycles"][0]["scope_items"]

    brief = run(bundle, tmp_path, "brief", "x.cockpit", "-o", "x.pdf")  # Qt offscreen, the bundled font
    assert brief.returncode == 0, brief.stderr
    pages = subprocess.run(["pdfinfo", str(tmp_path / "x.pdf")], capture_output=True, text=True, check=True)
    assert "Pages:           1" in pages.stdout
    text = subprocess.run(["pdftotext", str(tmp_path / "x.pdf"), "-"], capture_output=True, text=True, check=True)
    assert "Team plan billing" in text.stdout and "Maya Chen" in text.stdout
    for command, out in (("record", "r.pdf"), ("progress", "p.pdf")):  # QPainter charts, the note's page
        made = run(bundle, tmp_path, command, "x.cockpit", "-o", out)
        assert made.returncode == 0, made.stderr
        assert "Pages:           1" in subprocess.run(["pdfinfo", str(tmp_path / out)], capture_output=True,
                                                      text=True, check=True).stdout
    check = run(bundle, tmp_path, "check", "x.cockpit")
    assert check.returncode == 1 and "Verdict: NO-GO" in check.stdout, check.stderr

    version = run(bundle, tmp_path, "--version")
    assert (version.returncode, version.stdout.strip()) == (0, f"Release Cockpit {VERSION}")

    refused = run(bundle, tmp_path, "new", "x.cockpit")  # one-line error, exit 2, no traceback
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr and "already exists" in refused.stderr


def test_gui_paints_offscreen_and_exits(bundle: Bundle, tmp_path: Path) -> None:
    assert run(bundle, tmp_path, "new", "x.cockpit", "--example").returncode == 0
    proc = run(bundle, tmp_path, "open", "x.cockpit", timeout=120,
               QT_QPA_PLATFORM="offscreen", COCKPIT_STARTUP_PROBE="exit")
    assert proc.returncode == 0, proc.stderr
    marks = dict(line.split() for line in proc.stderr.splitlines()
                 if line.startswith(("first-paint ", "plan-visible ")))
    assert set(marks) == {"first-paint", "plan-visible"}, proc.stderr
    assert float(marks["first-paint"]) <= float(marks["plan-visible"])
    assert "Traceback" not in proc.stderr
    assert "Could not find the Qt platform plugin" not in proc.stderr


def test_first_run_creates_the_example_plan(bundle: Bundle, tmp_path: Path) -> None:
    proc = run(bundle, tmp_path, timeout=120, QT_QPA_PLATFORM="offscreen", COCKPIT_STARTUP_PROBE="exit")
    assert proc.returncode == 0, proc.stderr
    assert "plan-visible " in proc.stderr
    assert (tmp_path / "home" / "data" / "plan.cockpit").is_file()


def test_size_targets(bundle: Bundle) -> None:
    unpacked = folder_bytes(bundle.folder)
    assert unpacked <= MAX_BUNDLE_BYTES, f"bundle is {unpacked / 2**20:.1f} MB unpacked"
    packed = bundle.tarball.stat().st_size
    assert packed <= MAX_TARBALL_BYTES, f"tarball is {packed / 2**20:.1f} MB"


def test_tarball_unpacks_to_the_folder(bundle: Bundle) -> None:
    with tarfile.open(bundle.tarball) as tar:
        names = set(tar.getnames())
        exe = tar.getmember("cockpit/cockpit")
    assert {name.split("/")[0] for name in names} == {"cockpit"}
    assert exe.mode & 0o111
    assert {"cockpit/install-linux.sh", "cockpit/cockpit-desktop", "cockpit/README.md",
            "cockpit/share/applications/release-cockpit.desktop",
            "cockpit/share/mime/packages/release-cockpit.xml",
            "cockpit/share/icons/hicolor/scalable/apps/release-cockpit.svg",
            "cockpit/share/icons/hicolor/256x256/apps/release-cockpit.png"} <= names


def test_every_resource_is_bundled(bundle: Bundle) -> None:
    shipped = bundle.folder / "_internal" / "resources"
    for name in ("icons/cockpit.svg", "style.qss", "fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf",
                 "example_plan.json"):
        assert (shipped / name).read_bytes() == (ROOT / "resources" / name).read_bytes(), name


def test_no_orm_in_the_bundle(bundle: Bundle) -> None:
    """The app reads and writes with sqlite3 alone (issue 16): SQLAlchemy, SQLModel and pydantic stay out."""
    internal = bundle.folder / "_internal"
    files = [p.relative_to(internal).as_posix() for p in internal.rglob("*")]
    assert any(f.startswith("cockpit/services/core") for f in files)  # the app's own modules are loose files
    offenders = [f for f in files if f.split("/")[0] in ("sqlalchemy", "sqlmodel", "pydantic", "pydantic_core")
                 or f.startswith(("cockpit/orm", "cockpit/model."))]
    assert offenders == []


def test_unused_qt_is_left_out(bundle: Bundle) -> None:
    """The slimming holds: no QML/Quick, WebEngine, Pdf, Network, Wayland/EGLFS/VNC, GTK or translations."""
    internal = bundle.folder / "_internal"
    files = [p.relative_to(internal).as_posix() for p in internal.rglob("*") if p.is_file() or p.is_symlink()]
    forbidden = ("Qt6Qml", "Qt6Quick", "Qt6WebEngine", "Qt6Pdf", "Qt6Network", "Qt6Wayland", "Qt6EglFS",
                 "Qt6OpenGL", "qtvirtualkeyboard", "libqwayland", "libqeglfs", "libqvnc", "libqlinuxfb",
                 "libqpdf", "libqgtk3", "libgtk", "/qml/", "wayland-", "translations/", "hypothesis/", "pytest")
    offenders = [f for f in files if any(word in f for word in forbidden)]
    assert offenders == []
    plugins = {f.split("/", 4)[3] for f in files if f.startswith("PySide6/Qt/plugins/")}
    assert plugins == {"platforms", "platformthemes", "platforminputcontexts", "imageformats", "iconengines",
                       "printsupport"}
    platforms = sorted(Path(f).name for f in files if f.startswith("PySide6/Qt/plugins/platforms/"))
    assert platforms == ["libqminimal.so", "libqoffscreen.so", "libqxcb.so"]
    dangling = [f for f in files if (internal / f).is_symlink() and not (internal / f).exists()]
    assert dangling == []


def test_install_linux_for_the_user(bundle: Bundle, tmp_path: Path) -> None:
    home = tmp_path / "user"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
    proc = subprocess.run(["sh", str(bundle.folder / "install-linux.sh")], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    opt = home / ".local" / "opt" / "release-cockpit"
    link = home / ".local" / "bin" / "cockpit"
    assert link.is_symlink() and link.resolve() == (opt / "cockpit").resolve()
    version = subprocess.run([str(link), "--version"], env={**env, "COCKPIT_HOME": str(tmp_path / "c")},
                             capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"Release Cockpit {VERSION}"

    share = home / ".local" / "share"
    desktop = (share / "applications" / "release-cockpit.desktop").read_text(encoding="utf-8")
    assert f"Exec={opt}/cockpit-desktop %f" in desktop.splitlines()
    assert "MimeType=application/x-release-cockpit;" in desktop.splitlines()
    assert (share / "mime" / "packages" / "release-cockpit.xml").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "release-cockpit.svg").is_file()
    assert (share / "icons" / "hicolor" / "48x48" / "apps" / "release-cockpit.png").is_file()
    if any(Path(d, "update-mime-database").exists() for d in ("/usr/bin", "/bin")):
        assert (share / "mime" / "application" / "x-release-cockpit.xml").is_file()  # the database was updated

    # The launcher the menu entry runs opens a file when given one.
    plan = tmp_path / "from-file-manager.cockpit"
    made = subprocess.run([str(link), "new", str(plan), "--example"], env={**env, "COCKPIT_HOME": str(tmp_path / "c")},
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    opened = subprocess.run([str(opt / "cockpit-desktop"), str(plan)], capture_output=True, text=True, timeout=120,
                            env={**env, "COCKPIT_HOME": str(tmp_path / "c"), "QT_QPA_PLATFORM": "offscreen",
                                 "COCKPIT_STARTUP_PROBE": "exit"})
    assert opened.returncode == 0, opened.stderr
    assert "plan-visible " in opened.stderr

    removed = subprocess.run(["sh", str(opt / "install-linux.sh"), "--uninstall"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert removed.returncode == 0, removed.stderr
    assert not opt.exists() and not link.exists() and not link.is_symlink()
    assert not (share / "applications" / "release-cockpit.desktop").exists()
