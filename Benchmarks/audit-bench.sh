#!/usr/bin/env bash
# The complete audit, stage by stage: `steward audit --timings` against posthog-sim (0 ms latency) with
# rules/default.yml, history into a new file, HTML and markdown reports.
# Usage: [BIN=dir] Benchmarks/audit-bench.sh SIZE[,SIZE…]   (default 10000,100000; BIN holds steward and posthog-sim)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-10000,100000}
bin=${BIN:-.build/release}
key=phx_posthog_sim_local_key
work=$(mktemp -d)
sim=
cleanup() { [ -n "$sim" ] && kill "$sim" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
for count in ${sizes//,/ }; do
  log="$work/sim.log"
  "$bin/posthog-sim" --port 0 --definitions "$count" --seed 7 >"$log" 2>&1 &
  sim=$!
  until grep -q '^listening on ' "$log"; do sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$log")
  rm -rf "$work/out" "$work/history.sqlite"*
  POSTHOG_PERSONAL_API_KEY=$key /usr/bin/time -f '%e %M' -o "$work/time" "$bin/steward" audit --host "$url" --project 1 \
    --policy default --db "$work/history.sqlite" --format html,markdown --output-dir "$work/out" --fail-on never --timings \
    >/dev/null 2>"$work/stderr"
  read -r wall rss < "$work/time"
  requests=$(curl -s "$url/_sim/stats" | python3 -c 'import json,sys; r=json.load(sys.stdin)["routes"]; print(sum(sum(v.values()) for k,v in r.items() if k.startswith("GET")))')
  kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; sim=
  echo
  echo "### $count definitions"
  echo
  echo "| stage | seconds | processor seconds (cores busy) | peak memory after it |"
  echo "|---|---|---|---|"
  grep -E ' s ' "$work/stderr" | grep -v '^total' | sed -E \
    -e 's/^ +(.*[^ ]) +([0-9.]+) s +beside the others$/| ↳ \1 (beside the others) | \2 | | |/' \
    -e 's/^([^ |].*[^ ]) +([0-9.]+) s +cpu +([0-9.]+) s \(([0-9.]+) cores\) +peak +([0-9]+) MiB$/| \1 | \2 | \3 (\4) | \5 MiB |/'
  awk -v n="$count" -v w="$wall" -v m="$rss" -v r="$requests" 'BEGIN {
    printf "| **whole audit** (process wall time) | **%.2f** | | **%.0f MiB** |\n\n%d requests; %.0f definitions per second end to end.\n", w, m / 1024, r, n / w }'
done
