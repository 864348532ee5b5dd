#!/usr/bin/env bash
# README command 1: installs what the console needs, builds it, creates a demo database on first run
# and starts the console in the mock profile (an in-process simulator; no credentials needed).
# Extra arguments go to haier-console (e.g. --db postgresql://user@host/db).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
cd "$root"

scripts/deps.sh runtime
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target haierctl haier-console

ctl=("$build/app/haierctl" "$@")
if [[ $("${ctl[@]}" orders --limit 1 --json | tr -d '[:space:]') == "[]" ]]; then
    echo "First run: creating a demo database with 5000 orders…"
    "${ctl[@]}" demo-data --orders 5000 --seed 20251124
fi

if [[ -z ${DISPLAY:-}${WAYLAND_DISPLAY:-} && ${QT_QPA_PLATFORM:-} != offscreen ]]; then
    echo "No display found: run this from a desktop session (or over ssh -X)." >&2
    exit 3
fi
exec "$build/app/haier-console" --profile "${CONSOLE_PROFILE:-mock}" "$@"
