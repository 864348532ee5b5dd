#!/usr/bin/env bash
# README command 1: installs what the console needs, builds it, creates a demo database on first run
# and starts the console in the mock profile (an in-process simulator; no credentials needed).
# Extra arguments go to haier-console (e.g. --db postgresql://user@host/db). Without --db or CONSOLE_DB
# both haierctl and the console use the one default database (`haierctl --print-paths` shows where).
# RUN_SKIP_BUILD=1 uses an existing build as is (the first-run test does); CONSOLE_DEMO_ORDERS sets how
# many demo orders the first run creates (default 5000).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
cd "$root"

if [[ ${RUN_SKIP_BUILD:-0} != 1 ]]; then
    scripts/deps.sh runtime
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build "$build" -j"$(nproc)" --target haierctl haier-console
fi

ctl=("$build/app/haierctl" "$@")
if [[ $("${ctl[@]}" orders --limit 1 --json | tr -d '[:space:]') == "[]" ]]; then
    orders=${CONSOLE_DEMO_ORDERS:-5000}
    echo "First run: creating a demo database with $orders orders…"
    "${ctl[@]}" demo-data --orders "$orders" --seed 20251124
fi

if [[ -z ${DISPLAY:-}${WAYLAND_DISPLAY:-} && ${QT_QPA_PLATFORM:-} != offscreen ]]; then
    echo "No display found: run this from a desktop session (or over ssh -X)." >&2
    exit 3
fi
exec "$build/app/haier-console" --profile "${CONSOLE_PROFILE:-mock}" "$@"
