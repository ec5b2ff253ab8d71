#!/bin/sh
# Build the self-contained Release Cockpit bundle with PyInstaller (packaging/cockpit.spec).
#
#   sh packaging/build.sh
#
# Linux:  dist/cockpit/  and  dist/release-cockpit-<version>-linux-<arch>.tar.gz  (unpacks to cockpit/)
# macOS:  dist/Release Cockpit.app  and  dist/release-cockpit-<version>-macos-<arch>.zip
# (Windows: run `.venv\Scripts\pyinstaller --noconfirm packaging\cockpit.spec`; gives dist\cockpit\.)
#
# Needs the project's virtualenv (`uv sync` or packaging/setup.sh) with the dev group, which has PyInstaller;
# no network. Takes about a minute. Overridable for tests and CI:
#   PYTHON         interpreter with PyInstaller and the project installed  (default .venv/bin/python)
#   COCKPIT_DIST   output folder                                          (default dist)
#   COCKPIT_BUILD  PyInstaller's work folder                              (default build)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python=${PYTHON:-$root/.venv/bin/python}
dist=${COCKPIT_DIST:-$root/dist}
work=${COCKPIT_BUILD:-$root/build}
start=$(date +%s)

if ! "$python" -c "import PyInstaller" 2>/dev/null; then
    echo "build.sh: PyInstaller is not installed for $python (it is in the dev dependency group: uv sync)." >&2
    exit 2
fi

"$python" -m PyInstaller --noconfirm --log-level "${COCKPIT_PYI_LOG:-WARN}" \
    --distpath "$dist" --workpath "$work" packaging/cockpit.spec

version=$("$python" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(uname -m)
case "$(uname -s)" in
    Linux)
        archive="$dist/release-cockpit-$version-linux-$arch.tar.gz"
        # Owner-neutral, name-sorted: the same bundle gives the same tarball listing on any machine.
        tar -C "$dist" --sort=name --owner=0 --group=0 --numeric-owner -cf - cockpit | gzip -6 > "$archive.part"
        mv "$archive.part" "$archive"
        bundle="$dist/cockpit"
        ;;
    Darwin)
        archive="$dist/release-cockpit-$version-macos-$arch.zip"
        rm -f "$archive"
        ditto -c -k --keepParent "$dist/Release Cockpit.app" "$archive"
        bundle="$dist/Release Cockpit.app"
        ;;
    *)
        archive=""
        bundle="$dist/cockpit"
        ;;
esac

echo "Built $bundle ($(du -sh "$bundle" | cut -f1)) in $(( $(date +%s) - start ))s"
[ -n "$archive" ] && echo "Archive $archive ($(du -h "$archive" | cut -f1))"
exit 0
