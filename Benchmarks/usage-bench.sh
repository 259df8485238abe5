#!/usr/bin/env bash
# What usage costs an audit: the same `steward audit` (rules/default.yml, history into a new file, HTML and
# markdown) against one posthog-sim holding SIZE definitions, 2,000 saved insights and 200 dashboards, with
# the usage rules off and on. Each is run three times; the fastest of each is compared.
# Usage: Benchmarks/usage-bench.sh [SIZE] [LATENCY_MS]   (default 100000 0)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
latency=${2:-0}
bin=.build/release
key=phx_posthog_sim_local_key
work=$(mktemp -d)
sim=
cleanup() { [ -n "$sim" ] && kill "$sim" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
log="$work/sim.log"
"$bin/posthog-sim" --port 0 --definitions "$count" --insights 2000 --dashboards 200 --seed 7 --latency-ms "$latency" \
  --rate-limit 0 --rate-limit-hour 0 >"$log" 2>&1 &
sim=$!
until grep -q '^listening on ' "$log"; do sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$log")
printf 'extends: [default]\nrules: { stale_in_use: off, hidden_in_use: off, unused_event: off }\n' > "$work/no-usage.yml"
requests() {
  curl -s "$url/_sim/stats" | python3 -c 'import json,sys; r=json.load(sys.stdin)["routes"]; print(sum(sum(v.values()) for k,v in r.items() if k.startswith("GET")))'
}
run() { # policy → "seconds requests"
  local best=999999 made=0
  for _ in 1 2 3; do
    rm -rf "$work/out" "$work/history.sqlite"*
    curl -s -X POST "$url/_sim/reset" >/dev/null
    POSTHOG_PERSONAL_API_KEY=$key /usr/bin/time -f '%e' -o "$work/time" "$bin/steward" audit --host "$url" --project 1 \
      --policy "$1" --db "$work/history.sqlite" --format html,markdown --output-dir "$work/out" --fail-on never >/dev/null 2>"$work/stderr"
    local wall
    wall=$(cat "$work/time")
    made=$(requests)
    best=$(awk -v a="$best" -v b="$wall" 'BEGIN { print (b < a) ? b : a }')
  done
  echo "$best $made"
}
read -r off_s off_r < <(run "$work/no-usage.yml")
read -r on_s on_r < <(run default)
# The read alone (what the audit adds before its rules and reports), best of five: less noisy than the A/B.
alone=999999
for _ in 1 2 3 4 5; do
  POSTHOG_PERSONAL_API_KEY=$key /usr/bin/time -f '%e' -o "$work/time" "$bin/steward" usage x --host "$url" --project 1 >/dev/null 2>&1
  alone=$(awk -v a="$alone" -v b="$(cat "$work/time")" 'BEGIN { print (b < a) ? b : a }')
done
grep -o 'usage read from.*' "$work/stderr" | head -1 | sed 's/^/note: /' >&2 || true
echo "| $count definitions, 2,000 insights, 200 dashboards, ${latency} ms | seconds (best of 3) | GET requests |"
echo "|---|---:|---:|"
echo "| audit, usage rules off | $off_s | $off_r |"
echo "| audit, usage rules on (insights, dashboards, actions read) | $on_s | $on_r |"
awk -v a="$off_s" -v b="$on_s" -v ra="$off_r" -v rb="$on_r" -v u="$alone" 'BEGIN {
  printf "| **usage adds** (A/B, noisy on a shared machine) | **%+.2f s (%+.1f%%)** | **%+d** |\n", b - a, (b - a) * 100 / a, rb - ra
  printf "| the usage read alone (`steward usage`, process included, best of 5) | %.2f (%.1f%% of the audit) | |\n", u, u * 100 / a }'
