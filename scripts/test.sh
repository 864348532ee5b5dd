#!/usr/bin/env bash
# README command 2: installs what the tests need, builds, and runs the whole suite against SQLite and a
# PostgreSQL server of its own, inside a D-Bus session with an unlocked throwaway keyring.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
cd "$root"

scripts/deps.sh test

# The platform layer's Windows branch needs no Qt: compile it with mingw-w64 as a check that it builds.
mingw_out=$(mktemp -d /tmp/haier-console-mingw.XXXXXX)
x86_64-w64-mingw32-g++-posix -std=c++17 -Wall -Wextra -Wpedantic -Wshadow -Werror -I"$root" \
    -c platform/platform.cpp -o "$mingw_out/platform.o"
rm -rf "$mingw_out"
echo "platform layer: the Win32 branch compiles (mingw-w64)"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONSOLE_WERROR=ON ${CMAKE_EXTRA_ARGS:-}
cmake --build "$build" -j"$(nproc)"

# The same suite under AddressSanitizer + UndefinedBehaviorSanitizer (skip with CONSOLE_TEST_SANITIZE=0).
asan=${ASAN_BUILD_DIR:-$root/build-asan}
if [[ ${CONSOLE_TEST_SANITIZE:-1} == 1 ]]; then
    cmake -S . -B "$asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCONSOLE_SANITIZE=ON -DCONSOLE_WERROR=ON -DCONSOLE_BUILD_BENCH=OFF
    cmake --build "$asan" -j"$(nproc)"
fi

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
export CONSOLE_TEST_BUILD_DIR=$build CONSOLE_TEST_ASAN_DIR=$asan CONSOLE_TEST_SANITIZE=${CONSOLE_TEST_SANITIZE:-1}
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

dbus-run-session -- sh -c '
    printf testpw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
    cd "$CONSOLE_TEST_BUILD_DIR" && ctest --output-on-failure -j2 '"${CTEST_ARGS:-}"' || exit 1
    if [ "$CONSOLE_TEST_SANITIZE" = 1 ]; then
        echo "== the suite again under ASan + UBSan"
        # The AT-SPI check drives a real X window and runs in the first pass; under the sanitizers the
        # console connects to Xvfb unreliably, and the check tests nothing the sanitizers would add to.
        cd "$CONSOLE_TEST_ASAN_DIR" && ctest --output-on-failure -j2 -E "tst_credentials_cli|atspi_names" '"${CTEST_ARGS:-}"' || exit 1
    fi
'

# A short fuzzing run on the checked-in corpora (scripts/fuzz.sh 3600 for a long one).
if [[ ${CONSOLE_TEST_FUZZ:-1} == 1 ]]; then
    FUZZ_BUILD_DIR=${FUZZ_BUILD_DIR:-$root/build-fuzz} scripts/fuzz.sh "${CONSOLE_FUZZ_SECONDS:-10}"
fi
