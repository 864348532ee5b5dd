#!/usr/bin/env bash
# Soak: N orders (default 10,000) pushed against the simulator with 20 % 5xx, 5 % timeouts, 5 % resets,
# token revocation every 200 requests and K (default 20) SIGKILL/restarts, then the simulator's ledger is
# checked against the database: every order accepted exactly once or failed with its reason, none lost,
# none sent twice, attempts bounded by the retry policy.
# Usage: scripts/soak.sh [ORDERS] [KILLS]      (the test suite runs a short version: tst_push_cli)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
orders=${1:-10000}
kills=${2:-20}
cd "$root"
[[ -x $build/app/haierctl && -x $build/tools/ylh-sim/ylh-sim ]] || { scripts/deps.sh test; cmake -S . -B "$build" -G Ninja >/dev/null; cmake --build "$build"; }

work=$(mktemp -d /tmp/haier-console-soak.XXXXXX)
export HOME=$work/home XDG_DATA_HOME=$work/home/.local/share QT_LOGGING_RULES="console.*.info=false"
mkdir -p "$HOME"
db=$work/soak.sqlite
ctl() { "$build/app/haierctl" --db "$db" "$@"; }

cat >"$work/sim.json" <<JSON
{"seed": 11, "faults": {"latencyMs": 10, "jitterMs": 30, "serverErrorRate": 0.20, "timeoutRate": 0.05,
 "resetRate": 0.05, "revokeTokenEvery": 200}}
JSON
"$build/tools/ylh-sim/ylh-sim" --config "$work/sim.json" >"$work/sim.url" &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do [[ -s $work/sim.url ]] && break; sleep 0.1; done
base=$(head -n1 "$work/sim.url")

cat >"$work/profile.json" <<JSON
{"name": "soak", "kind": "mock", "timeoutMs": 1000,
 "ylh": {"authBaseUrl": "$base/ylh-cloud-mgt-auth-dev", "orderBaseUrl": "$base/ylh-cloud-service-jst-order-dev",
         "orderServiceBaseUrl": "$base/ylh-cloud-service-order-dev", "stockBaseUrl": "$base/ylh-cloud-service-stock-dev"},
 "retry": {"maxRetries": 3, "baseDelayMs": 50, "maxDelayMs": 500, "jitter": true},
 "simulator": {"inProcess": false}}
JSON
ctl profile import "$work/profile.json" >/dev/null
ctl demo-data --orders "$orders" --seed 17 >/dev/null
echo "soak: $orders orders, $kills kills, simulator at $base"

for i in $(seq "$kills"); do
    ctl --profile soak push --all-paid --yes --concurrency 8 >/dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.5 + (r % 250) / 100 }')"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
done
# Finish: resume, push what is left, retry what failed, until nothing is in flight.
for _ in $(seq 10); do
    ctl --profile soak push --all-paid --yes --concurrency 8 >/dev/null 2>&1 || true
    left=$(ctl --profile soak jobs --json | python3 -c 'import json,sys; print(sum(j["state"] in ("queued","sending","backoff") for j in json.load(sys.stdin)))')
    [[ $left == 0 ]] && break
done

curl -s "$base/__sim/ledger" >"$work/ledger.json"
ctl --profile soak jobs --json >"$work/jobs.json"
python3 - "$work/ledger.json" "$work/jobs.json" <<'PY'
import json, sys
ledger = json.load(open(sys.argv[1]))
jobs = json.load(open(sys.argv[2]))
accepted_ledger = {e["soId"] for e in ledger if e["accepted"]}
twice = [e["soId"] for e in ledger if e["acceptances"] > 1]
online = [e["onlineNo"] for e in ledger if e["accepted"]]
states = {}
for j in jobs:
    states[j["state"]] = states.get(j["state"], 0) + 1
accepted_db = {j["soId"] for j in jobs if j["state"] == "accepted"}
unexplained = [j for j in jobs if j["state"] == "failed" and not j["message"]]
in_flight = [j for j in jobs if j["state"] in ("queued", "sending", "backoff")]
print("jobs by state:", states)
print("ledger: %d soIds seen, %d accepted, max attempts for one soId %d" %
      (len(ledger), len(accepted_ledger), max([e["attempts"] for e in ledger] or [0])))
problems = []
if twice: problems.append("accepted twice: %s" % twice[:5])
if len(online) != len(set(online)): problems.append("an order accepted under two soIds")
if accepted_db != accepted_ledger: problems.append("database and ledger disagree: %d vs %d" % (len(accepted_db), len(accepted_ledger)))
if unexplained: problems.append("failed without a reason: %d" % len(unexplained))
if in_flight: problems.append("left in flight: %d" % len(in_flight))
if problems:
    print("SOAK FAILED:", "; ".join(problems)); sys.exit(1)
print("soak passed: nothing lost, nothing sent twice")
PY
