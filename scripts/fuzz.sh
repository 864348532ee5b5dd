#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each on a copy of its seed corpus.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 10; a long run: scripts/fuzz.sh 3600)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-10}
cd "$root"

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONSOLE_FUZZ=ON \
    -DCONSOLE_BUILD_TESTS=OFF -DCONSOLE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_profile fuzz_callback fuzz_mapping fuzz_money fuzz_answer

work=$(mktemp -d /tmp/haier-console-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
status=0
for target in fuzz_profile fuzz_callback fuzz_mapping fuzz_money fuzz_answer; do
    corpus=$work/${target#fuzz_}
    cp -r "tests/fuzz/corpus/${target#fuzz_}" "$corpus"
    echo "== $target ($seconds s)"
    if ! "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$work/" "$corpus" >"$work/$target.log" 2>&1; then
        echo "$target found a failure:" >&2
        tail -n 40 "$work/$target.log" >&2
        mkdir -p "$root/build-fuzz-artifacts" && cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$root/build-fuzz-artifacts/" 2>/dev/null || true
        status=1
    else
        grep -E "^(#[0-9]+).*DONE|Done [0-9]+ runs" "$work/$target.log" | tail -n 1 || true
    fi
done
exit $status
