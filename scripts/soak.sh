#!/usr/bin/env bash
# Soak: N orders (default 10,000) pushed against the simulator with 20 % 5xx, 5 % timeouts, 5 % resets,
# token revocation every 200 requests and K (default 20) SIGKILL/restarts, then `retry --failed` (the
# remedy for timed-out requests that reached YLH), then the simulator's ledger is checked against the
# database: every order accepted exactly once or failed with its reason, none lost, none sent twice,
# attempts bounded by the retry policy.
# Usage: scripts/soak.sh [ORDERS] [KILLS]      (the test suite runs a short version: tst_push_cli)
# BUILD_DIR picks the build (default build/; when missing it is configured in Release).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
orders=${1:-10000}
kills=${2:-20}
cd "$root"
[[ -x $build/app/haierctl && -x $build/tools/ylh-sim/ylh-sim ]] || {
    scripts/deps.sh test
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" --target haierctl ylh-sim
}
started=$(date +%s)

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
keep=${SOAK_KEEP:-0} # 1: keep the work folder (database, ledger, logs) for inspection
trap 'kill $sim_pid 2>/dev/null || true; [[ $keep == 1 ]] || rm -rf "$work"' EXIT
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
# The paid orders before the first push: each must end with a job or be refused with a reason.
ctl orders --status paid --limit 1000000 --json >"$work/paid.json"
echo "soak: $orders orders, $kills kills, simulator at $base"

for i in $(seq "$kills"); do
    # The binary itself, not the ctl function: `ctl … &` forks a subshell, $! is that shell, and
    # SIGKILL would leave haierctl running on (20 overlapping pushers, no push ever interrupted).
    "$build/app/haierctl" --db "$db" --profile soak push --all-paid --yes --concurrency 8 >/dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.5 + (r % 250) / 100 }')"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
done
# Finish: resume and push what is left, until nothing is in flight.
for _ in $(seq 10); do
    ctl --profile soak push --all-paid --yes --concurrency 8 >/dev/null 2>&1 || true
    left=$(ctl --profile soak jobs --json | python3 -c 'import json,sys; print(sum(j["state"] in ("queued","sending","backoff") for j in json.load(sys.stdin)))')
    [[ $left == 0 ]] && break
done
# The push phase ends here: its attempts are held to the retry policy, and its failures counted.
push_end=$(($(date +%s%N) / 1000000))
curl -s "$base/__sim/ledger" >"$work/ledger-push.json"
ctl --profile soak jobs --json >"$work/jobs-push.json"
# A request that timed out may still have reached YLH (docs/reliability.md); `retry --failed` is the
# operator's remedy, and its duplicate answer must reconcile every such order.
retry_rounds=0
for _ in 1 2 3; do
    failed=$(ctl --profile soak jobs --state failed --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
    [[ $failed == 0 ]] && break
    ctl --profile soak retry --failed --yes --concurrency 8 >/dev/null 2>&1 || true
    retry_rounds=$((retry_rounds + 1))
done

# Once more: what is still a candidate now must be refused with a reason, and nothing new is sent.
ctl --profile soak push --all-paid --yes --json >"$work/final.json" 2>/dev/null || true
curl -s "$base/__sim/ledger" >"$work/ledger.json"
curl -s "$base/__sim/stats" >"$work/stats.json"
ctl --profile soak jobs --json >"$work/jobs.json"
status=0
python3 - "$work" "$db" "$kills" "$started" "$push_end" "$retry_rounds" <<'PY' || status=$?
import json, sqlite3, sys, time
work, db = sys.argv[1], sys.argv[2]
kills, started, push_end, retry_rounds = (int(a) for a in sys.argv[3:7])
load = lambda name: json.load(open("%s/%s" % (work, name)))
ledger, jobs, paid, final, stats = load("ledger.json"), load("jobs.json"), load("paid.json"), load("final.json"), load("stats.json")
ledger_push, jobs_push = load("ledger-push.json"), load("jobs-push.json")
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
print("simulator:", {k: v for k, v in sorted(stats["counts"].items())}, "tokens issued:", stats["tokensIssued"])
problems = []

# None lost: every paid order has a job, or is refused (with a reason) by the push that would send it.
paid_numbers = {o["orderNumber"] for o in paid}
job_numbers = {j["orderNumber"] for j in jobs}
refused_end = {r["orderNumber"]: r["message"] for r in final["refused"]}
print("paid orders at the start: %d; with a job: %d; refused before sending: %d" %
      (len(paid_numbers), len(job_numbers), len(refused_end)))
if final["accepted"] or final["failed"]: problems.append("the last push still sent %d orders" % (len(final["accepted"]) + len(final["failed"])))
if paid_numbers - job_numbers - set(refused_end): problems.append("lost (no job, not refused): %s" % sorted(paid_numbers - job_numbers - set(refused_end))[:5])
if [n for n, m in refused_end.items() if not m]: problems.append("refused without a reason")
# Nothing sent that the database does not know: every soId the simulator saw is a job's soId.
job_so = {j["soId"]: j for j in jobs}
unknown = [e["soId"] for e in ledger if e["soId"] not in job_so]
if unknown: problems.append("sent without a job: %s" % unknown[:5])

# Attempts bounded by the retry policy (maxRetries 3 = at most 4 sends per push); a kill can leave an
# attempt unanswered, and its resume sends once more with the same soId. Each retry round may add 4.
# Every send is recorded before it leaves, so the simulator never saw more sends than the database holds.
max_retries = 3
sql = sqlite3.connect(db)
def attempts(until):
    return sql.execute("SELECT j.so_id, j.attempt_count, COUNT(a.id), COALESCE(SUM(CASE WHEN a.finished_at = 0 THEN 1 ELSE 0 END), 0) "
                       "FROM console_push_jobs j LEFT JOIN console_push_attempts a ON a.job_id = j.id AND a.started_at <= ? "
                       "WHERE j.profile = 'soak' GROUP BY j.id", (until,)).fetchall()
pushed = attempts(push_end)
rows = attempts(2**62)
over = [(so, n, open_) for so, _, n, open_ in pushed if n > max_retries + 1 + open_]
over_all = [(so, n, open_) for so, _, n, open_ in rows if n > (max_retries + 1) * (1 + retry_rounds) + open_]
mismatch = [so for so, count, n, _ in rows if count != n]
seen = {e["soId"]: e["attempts"] for e in ledger}
unrecorded = [(so, seen[so], n) for so, _, n, _ in rows if seen.get(so, 0) > n]
interrupted = sum(open_ for *_, open_ in rows)
print("push phase: attempts per job max %d, mean %.2f; attempts left unanswered by the %d kills: %d" %
      (max([n for _, _, n, _ in pushed] or [0]), sum(n for _, _, n, _ in pushed) / max(len(pushed), 1), kills, interrupted))
if over: problems.append("more attempts than the retry policy allows: %s" % over[:5])
if over_all: problems.append("more attempts than the retry policy allows after the retries: %s" % over_all[:5])
if mismatch: problems.append("attempt_count disagrees with the attempt rows: %s" % mismatch[:5])
if unrecorded: problems.append("sent more often than recorded: %s" % unrecorded[:5])
if kills and not interrupted: problems.append("no kill interrupted a push: the kills did not hit haierctl")

# The push phase's failures, and how many of them YLH held (a timed-out request that got through).
held = {e["soId"] for e in ledger_push if e["accepted"]}
failed_push = [j for j in jobs_push if j["state"] == "failed"]
print("push phase: %d accepted, %d failed with a reason (%d of them held by YLH, a timeout that got through); "
      "%d retry --failed round(s) after it" %
      (sum(j["state"] == "accepted" for j in jobs_push), len(failed_push), sum(j["soId"] in held for j in failed_push), retry_rounds))
if twice: problems.append("accepted twice: %s" % twice[:5])
if len(online) != len(set(online)): problems.append("an order accepted under two soIds")
if accepted_db != accepted_ledger: problems.append("database and ledger disagree: %d vs %d" % (len(accepted_db), len(accepted_ledger)))
if unexplained: problems.append("failed without a reason: %d" % len(unexplained))
if in_flight: problems.append("left in flight: %d" % len(in_flight))
if problems:
    print("SOAK FAILED:", "; ".join(problems)); sys.exit(1)
print("soak passed: nothing lost, nothing sent twice, attempts within the retry policy (%d s)" % (time.time() - started))
PY
if [[ $status != 0 ]]; then
    keep=1
    echo "soak: the database, ledger and jobs are kept in $work"
fi
exit "$status"
