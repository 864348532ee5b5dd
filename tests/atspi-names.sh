#!/usr/bin/env bash
# The console's control names as a screen reader gets them: the real haier-console under Xvfb, with
# Qt's AT-SPI bridge on, read back over the accessibility bus with pyatspi (tests/atspi_names.py).
# Usage: tests/atspi-names.sh BUILD_DIR. Exit 77 (skipped) when Xvfb, at-spi or pyatspi is missing.
set -euo pipefail

build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
launcher=/usr/libexec/at-spi-bus-launcher
for tool in Xvfb dbus-run-session; do
    command -v "$tool" >/dev/null || { echo "$tool is not installed" >&2; exit 77; }
done
[[ -x $launcher ]] || { echo "at-spi2-core is not installed" >&2; exit 77; }
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || { echo "python3-pyatspi is not installed" >&2; exit 77; }

work=$(mktemp -d /tmp/haier-console-atspi.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_RUNTIME_DIR=$work/run
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset CONSOLE_DB
db=$work/desk.sqlite
"$build/app/haierctl" --db "$db" demo-data --orders 50 --seed 3 >/dev/null

Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do [[ -s $work/display ]] && break; sleep 0.1; done
[[ -s $work/display ]] || { echo "Xvfb did not start" >&2; exit 1; }
export DISPLAY=:$(cat "$work/display")

export BUILD="$build" DB="$db" HERE="$here" LAUNCHER="$launcher"
dbus-run-session -- bash -c '
    set -euo pipefail
    "$LAUNCHER" --launch-immediately &
    launcher=$!
    sleep 1
    QT_QPA_PLATFORM=xcb QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 QT_ACCESSIBILITY=1 \
        "$BUILD/app/haier-console" --db "$DB" --profile mock &
    console=$!
    status=0
    /usr/bin/python3 "$HERE/atspi_names.py" || status=$?
    kill "$console" "$launcher" 2>/dev/null || true
    wait "$console" 2>/dev/null || true
    exit "$status"
'
