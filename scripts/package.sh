#!/usr/bin/env bash
# Builds this platform's packages into dist/: on Debian/Ubuntu a .deb (CPack DEB, Depends from
# dpkg-shlibdeps), on Windows an NSIS installer, on macOS a .dmg. A Release build of its own in
# build-package/ (PACKAGE_BUILD_DIR and DIST_DIR choose other folders).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${PACKAGE_BUILD_DIR:-$root/build-package}
dist=${DIST_DIR:-$root/dist}
cd "$root"

case "$(uname -s)" in
Linux)
    if command -v apt-get >/dev/null; then
        scripts/deps.sh package
    fi
    ;;
esac

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCONSOLE_BUILD_TESTS=OFF -DCONSOLE_BUILD_BENCH=OFF ${CMAKE_EXTRA_ARGS:-}
cmake --build "$build" --config Release -j"$(nproc 2>/dev/null || echo 2)"
mkdir -p "$dist"
(cd "$build" && cpack -C Release -B "$dist")
rm -rf "$dist/_CPack_Packages"
echo "Packages in $dist:"
ls -1 "$dist"
