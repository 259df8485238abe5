#!/usr/bin/env bash
# Fetching every definition from posthog-sim: `steward snapshot` against a `curl` loop as the floor.
# Usage: Benchmarks/fetch-bench.sh [DEFINITIONS] [LATENCY_MS…]   (default 100000, latencies 0 and 100)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
shift || true
latencies=("${@:-0 100}")
[ $# -eq 0 ] && latencies=(0 100)
swift build -c release --product steward >/dev/null
swift build -c release --product posthog-sim >/dev/null
bin=.build/release
key=phx_posthog_sim_local_key
echo "| definitions | latency | steward snapshot | requests | peak memory | curl loop (sequential, pages of 1,000) | ratio |"
echo "|---|---|---|---|---|---|---|"
for latency in "${latencies[@]}"; do
  log=$(mktemp)
  "$bin/posthog-sim" --port 0 --definitions "$count" --latency-ms "$latency" >"$log" 2>&1 &
  sim=$!
  trap 'kill $sim 2>/dev/null || true' EXIT
  until grep -q '^listening on ' "$log"; do sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$log")
  # Warm the simulator's sort cache so both clients see the same server.
  curl -s -o /dev/null -H "Authorization: Bearer $key" "$url/api/projects/1/event_definitions/?limit=1&ordering=name"
  curl -s -o /dev/null -H "Authorization: Bearer $key" "$url/api/projects/1/event_definitions/?limit=1"
  curl -s -X POST -o /dev/null "$url/_sim/reset"
  curl -s -o /dev/null -H "Authorization: Bearer $key" "$url/api/projects/1/event_definitions/?limit=1&ordering=name"
  times=$(mktemp)
  POSTHOG_PERSONAL_API_KEY=$key /usr/bin/time -f '%e %M' -o "$times" "$bin/steward" snapshot --host "$url" --project 1 --output /tmp/steward-bench-snapshot.json 2>/dev/null
  read -r wall rss < "$times"
  requests=$(curl -s "$url/_sim/stats" | python3 -c 'import json,sys; r=json.load(sys.stdin)["routes"]; print(sum(sum(v.values()) for k,v in r.items() if k.startswith("GET list")) - 2)')
  pages=$(( (count + 999) / 1000 ))
  t0=$(date +%s.%N)
  for i in $(seq 0 $((pages - 1))); do
    curl -s -o /dev/null -H "Authorization: Bearer $key" "$url/api/projects/1/event_definitions/?limit=1000&offset=$((i * 1000))&ordering=name"
  done
  t1=$(date +%s.%N)
  awk -v n="$count" -v l="$latency" -v w="$wall" -v r="$requests" -v m="$rss" -v t0="$t0" -v t1="$t1" 'BEGIN {
    printf "| %d | %d ms | %.2f s | %d | %.0f MiB | %.2f s | %.2f× |\n", n, l, w, r, m / 1024, t1 - t0, w / (t1 - t0) }'
  kill $sim 2>/dev/null || true
  wait $sim 2>/dev/null || true
  rm -f "$log" "$times"
done
