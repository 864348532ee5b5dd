#!/usr/bin/env bash
# Builds in release mode and prints the benchmark table (README "Benchmarks").
# Usage: scripts/bench.sh [--quick]   (--quick: 100,000 orders instead of 1,000,000)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD_DIR:-$root/build-bench}
orders=1000000
[[ ${1:-} == --quick ]] && orders=100000

cd "$root"
scripts/deps.sh test >/dev/null
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONSOLE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null

work=$(mktemp -d /tmp/haier-console-bench.XXXXXX)
chmod 755 "$work"
cleanup() {
    "$root/scripts/pg-test-server.sh" stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work/home XDG_DATA_HOME=$work/home/.local/share QT_QPA_PLATFORM=offscreen
export QT_LOGGING_RULES="console.*.info=false"
mkdir -p "$HOME"
db=${BENCH_DB:-/tmp/haier-console-bench-$orders.sqlite}

# Callbacks are measured on PostgreSQL too, on a throwaway server of the script's own: bench_callbacks
# runs pgbench (insert + update, 32 clients), then the callback burst on PostgreSQL and on SQLite, and
# prints the ratios; bench_push runs three desks (haierctl processes) on one PostgreSQL database.
if CONSOLE_BENCH_PG_URL=$("$root/scripts/pg-test-server.sh" start "$work/pg" 2>/dev/null); then
    export CONSOLE_BENCH_PG_URL
else
    echo "(PostgreSQL server could not be started: callbacks are measured on SQLite only)" >&2
fi

echo "| metric | measured | target |"
echo "|---|---|---|"
# One benchmark per question, in the table's order (bench/ holds their build folders beside them).
for name in bench_mapping bench_orders bench_startup bench_push bench_callbacks; do
    b=$build/bench/$name
    [[ -f $b && -x $b ]] || { echo "| $name | not built | — |"; continue; }
    case $name in
    bench_orders | bench_startup) "$b" "$db" "$orders" 2>/dev/null ;;
    *) "$b" 2>/dev/null ;;
    esac
done
