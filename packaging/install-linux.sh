#!/bin/sh
# Install the Release Cockpit bundle for the current user (no root, no network):
#   the bundle      -> ~/.local/opt/release-cockpit/
#   the command     -> ~/.local/bin/cockpit (a link)
#   menu entry      -> ~/.local/share/applications/release-cockpit.desktop
#   icons           -> ~/.local/share/icons/hicolor/*/apps/release-cockpit.{png,svg}
#   *.cockpit type  -> ~/.local/share/mime/packages/release-cockpit.xml (double-click opens the plan)
#
# Usage, from the unpacked tarball:   sh cockpit/install-linux.sh
#        from a source checkout:      sh packaging/install-linux.sh [dist/cockpit]
#        to remove it again:          sh ~/.local/opt/release-cockpit/install-linux.sh --uninstall
# Honours XDG_DATA_HOME. Installing again replaces the previous version; plans and settings are not touched.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix="$HOME/.local"
data_home="${XDG_DATA_HOME:-$prefix/share}"
opt="$prefix/opt/release-cockpit"
bin="$prefix/bin"
sizes="16 24 32 48 64 128 256 512"

refresh() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$data_home/applications" || true
    fi
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$data_home/mime" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data_home/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$data_home/icons/hicolor" || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    if [ -L "$bin/cockpit" ] && [ "$(readlink "$bin/cockpit")" = "$opt/cockpit" ]; then
        rm -f "$bin/cockpit"
    fi
    rm -f "$data_home/applications/release-cockpit.desktop" "$data_home/mime/packages/release-cockpit.xml" \
          "$data_home/icons/hicolor/scalable/apps/release-cockpit.svg"
    for size in $sizes; do
        rm -f "$data_home/icons/hicolor/${size}x${size}/apps/release-cockpit.png"
    done
    rm -rf "$opt"
    refresh
    echo "Release Cockpit removed. Your plans and settings were left where they are."
    exit 0
fi

# Find the bundle: an argument, the folder this script is in (tarball), or dist/cockpit (source checkout).
if [ $# -gt 0 ]; then
    bundle=$(cd "$1" && pwd)
elif [ -x "$here/cockpit" ] && [ -d "$here/_internal" ]; then
    bundle="$here"
else
    bundle=$(cd "$here/../dist/cockpit" 2>/dev/null && pwd) || {
        echo "install-linux.sh: no bundle found; build one with 'sh packaging/build.sh' or pass its folder." >&2
        exit 2
    }
fi
if [ ! -x "$bundle/cockpit" ] || [ ! -d "$bundle/share" ]; then
    echo "install-linux.sh: $bundle is not a Release Cockpit bundle (no cockpit executable or share/)." >&2
    exit 2
fi

# Copy to a temporary name first, then swap, so a failed copy never leaves half an installation.
mkdir -p "$prefix/opt" "$bin"
if [ "$bundle" != "$opt" ]; then
    rm -rf "$opt.new"
    cp -R "$bundle" "$opt.new"
    rm -rf "$opt"
    mv "$opt.new" "$opt"
fi
ln -sfn "$opt/cockpit" "$bin/cockpit"

# Desktop entry: absolute paths, since ~/.local/bin is not always on the desktop session's PATH.
mkdir -p "$data_home/applications"
sed -e "s|^Exec=cockpit-desktop|Exec=$opt/cockpit-desktop|" -e "s|^TryExec=cockpit-desktop|TryExec=$opt/cockpit-desktop|" \
    "$opt/share/applications/release-cockpit.desktop" > "$data_home/applications/release-cockpit.desktop"

mkdir -p "$data_home/mime/packages" "$data_home/icons/hicolor/scalable/apps"
cp "$opt/share/mime/packages/release-cockpit.xml" "$data_home/mime/packages/"
cp "$opt/share/icons/hicolor/scalable/apps/release-cockpit.svg" "$data_home/icons/hicolor/scalable/apps/"
for size in $sizes; do
    src="$opt/share/icons/hicolor/${size}x${size}/apps/release-cockpit.png"
    if [ -f "$src" ]; then
        mkdir -p "$data_home/icons/hicolor/${size}x${size}/apps"
        cp "$src" "$data_home/icons/hicolor/${size}x${size}/apps/"
    fi
done
refresh

echo "Release Cockpit $("$opt/cockpit" --version | sed 's/^Release Cockpit //') installed in $opt"
case ":$PATH:" in
    *":$bin:"*) echo "Run it with: cockpit   (or from the applications menu)" ;;
    *) echo "Run it with: $bin/cockpit   (add $bin to your PATH to type just 'cockpit')" ;;
esac
