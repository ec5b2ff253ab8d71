#!/bin/sh
# Install what Release Cockpit needs on Debian/Ubuntu, then the Python packages from uv.lock.
#   sh packaging/setup.sh          # what the app needs
#   sh packaging/setup.sh --test   # plus what the test suite needs (Xvfb, xdotool, poppler, ...)
# As root it installs the system packages itself; otherwise it names the missing ones and stops.
set -eu
cd "$(dirname "$0")/.."

APP_PACKAGES="libegl1 libgl1 libfontconfig1 fonts-dejavu-core libxkbcommon0 libglib2.0-0 libdbus-1-3
libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
libxkbcommon-x11-0"
# postgresql, openssl: the tests start a throw-away server of their own, with TLS, for the team-plan tests
# (tests/pg/cluster.py)
TEST_PACKAGES="xvfb xauth xdotool poppler-utils imagemagick x11-utils util-linux binutils postgresql openssl"
BOOTSTRAP_PACKAGES="python3 python3-venv ca-certificates"

wanted="$APP_PACKAGES"
[ "${1:-}" = "--test" ] && wanted="$wanted $TEST_PACKAGES"

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in $wanted; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        case "$status" in *"ok installed"*) ;; *) missing="$missing $pkg" ;; esac
    done
    command -v python3 >/dev/null 2>&1 || missing="$missing $BOOTSTRAP_PACKAGES"
fi
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "Installing system packages:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "Missing system packages:$missing" >&2
        echo "Install them with:  sudo apt-get install$missing" >&2
        exit 1
    fi
fi

# uv: use one on PATH, else the one installed for python3, else put it in a private venv.
if command -v uv >/dev/null 2>&1; then
    UV="uv"
elif python3 -m uv --version >/dev/null 2>&1; then
    UV="python3 -m uv"
else
    echo "Installing uv into .tools/ ..."
    python3 -m venv .tools
    .tools/bin/python -m pip install --quiet --disable-pip-version-check uv
    UV=".tools/bin/uv"
fi

# Python >= 3.12 (PySide6 6.12 aborts on 3.11). Debian 12 and Ubuntu 22.04 ship older ones: uv then
# downloads its own CPython 3.12 when the machine is online; offline it cannot, so say so plainly.
if ! $UV python find '>=3.12' >/dev/null 2>&1; then
    echo "This machine has no Python 3.12 or newer (Debian 12 has 3.11). uv will now try to download one;"
    echo "if this machine is offline, install python3.12 first, or use the bundle (see README: no Python needed)."
fi
# Python >= 3.12 from the lock file; compile bytecode so the app starts fast.
$UV sync --locked --compile-bytecode --quiet
