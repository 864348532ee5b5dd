#!/usr/bin/env bash
# Starts the real console under Xvfb on a demo database (with a training push: some orders refused by
# the simulator, some failed, callbacks received) and saves screenshots of every page to docs/screenshots/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
cd "$root"
scripts/deps.sh test
[[ -x $build/app/haier-console ]] || { cmake -S . -B "$build" -G Ninja >/dev/null; cmake --build "$build"; }
work=$(mktemp -d /tmp/haier-console-shots.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME=$work QT_LOGGING_RULES="console.*.info=false"
ctl() { "$build/app/haierctl" --db "$work/demo.sqlite" "$@"; }
ctl demo-data --orders 2000 --seed 20251124 >/dev/null
# A training profile: the in-process simulator refuses some orders and fails some requests.
cat >"$work/training.json" <<'JSON'
{"name": "training", "kind": "mock",
 "retry": {"maxRetries": 1, "baseDelayMs": 50, "maxDelayMs": 100, "jitter": true},
 "simulator": {"rejectOnlineNoPatterns": ["7$"], "faults": {"serverErrorRate": 0.08, "latencyMs": 40}}}
JSON
ctl profile import "$work/training.json" >/dev/null
ctl --profile training push --all-paid --yes >/dev/null 2>&1 || true
mkdir -p docs/screenshots
for lang in en zh_CN; do
    mkdir -p "$work/$lang"
    CONSOLE_LANG=$lang CONSOLE_SCREENSHOT_DIR=$work/$lang CONSOLE_OPERATOR=desk-1 xvfb-run -a -s "-screen 0 1680x1050x24" \
        "$build/app/haier-console" --db "$work/demo.sqlite" --profile training
    for page in orders failures callbacks sync-log dashboard audit; do
        cp "$work/$lang/$page.png" "docs/screenshots/$page-$lang.png"
    done
done
echo "saved docs/screenshots/{orders,failures,callbacks,sync-log,dashboard,audit}-{en,zh_CN}.png"
