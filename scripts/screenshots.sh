#!/usr/bin/env bash
# Starts the real console under Xvfb on a demo database and saves screenshots to docs/screenshots/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
cd "$root"
scripts/deps.sh test
[[ -x $build/app/haier-console ]] || { cmake -S . -B "$build" -G Ninja >/dev/null; cmake --build "$build"; }
work=$(mktemp -d /tmp/haier-console-shots.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME=$work QT_LOGGING_RULES="console.*.info=false"
"$build/app/haierctl" --db "$work/demo.sqlite" demo-data --orders 2000 --seed 20251124 >/dev/null
mkdir -p docs/screenshots
for lang in en zh_CN; do
    mkdir -p "$work/$lang"
    CONSOLE_LANG=$lang CONSOLE_SCREENSHOT_DIR=$work/$lang xvfb-run -a -s "-screen 0 1400x900x24" \
        "$build/app/haier-console" --db "$work/demo.sqlite" --profile mock
    cp "$work/$lang/orders.png" "docs/screenshots/orders-$lang.png"
done
echo "saved docs/screenshots/orders-en.png and orders-zh_CN.png"
