#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the console needs. Usage: scripts/deps.sh [runtime|package|test]
set -euo pipefail

mode=${1:-runtime}
packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql
    qtkeychain-qt6-dev libsecret-1-0
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n libgl-dev
    fonts-noto-cjk qt6-qpa-plugins gnome-keyring dbus dbus-x11
)
# Building the .deb: the man page, Depends from shlibdeps, and the validators the package passes.
package_tools=(help2man dpkg-dev file desktop-file-utils appstream)
if [[ $mode == package ]]; then
    packages+=("${package_tools[@]}")
fi
if [[ $mode == test ]]; then
    packages+=(postgresql postgresql-client xvfb xauth imagemagick clang libclang-rt-14-dev procps
               python3-pyatspi at-spi2-core xdotool "${package_tools[@]}" g++-mingw-w64-x86-64-posix
               systemd postgresql-contrib) # systemd-analyze verifies the receiver's unit; pgbench for bench.sh
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if ((${#missing[@]} == 0)); then
    exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    sudo=(sudo)
fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
