#!/usr/bin/env bash
# README command 2: installs what the tests need, builds, and runs the whole suite against SQLite and a
# PostgreSQL server of its own, inside a D-Bus session with an unlocked throwaway keyring.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
cd "$root"

scripts/deps.sh test

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONSOLE_WERROR=ON ${CMAKE_EXTRA_ARGS:-}
cmake --build "$build" -j"$(nproc)"

work=$(mktemp -d /tmp/haier-console-test.XXXXXX)
chmod 755 "$work"
cleanup() {
    "$root/scripts/pg-test-server.sh" stop "$work/pg" || true
    rm -rf "$work"
}
trap cleanup EXIT

CONSOLE_TEST_PG_URL=$("$root/scripts/pg-test-server.sh" start "$work/pg")
export CONSOLE_TEST_PG_URL
echo "PostgreSQL for tests: $CONSOLE_TEST_PG_URL"

# A throwaway home so the keyring, settings and logs of the tests never touch the user's own.
mkdir -p "$work/home"
export HOME=$work/home XDG_DATA_HOME=$work/home/.local/share XDG_CONFIG_HOME=$work/home/.config \
    XDG_CACHE_HOME=$work/home/.cache XDG_RUNTIME_DIR=$work/runtime
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export QT_QPA_PLATFORM=offscreen
export CONSOLE_TEST_BUILD_DIR=$build

dbus-run-session -- sh -c '
    printf testpw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    cd "$CONSOLE_TEST_BUILD_DIR" && ctest --output-on-failure -j2 '"${CTEST_ARGS:-}"'
'
