#!/usr/bin/env bash
# posthog-sim at scale: start-up time, resident memory per definition, and the rate at which it serves
# pages of 1,000 to a sequential curl client. Usage: Benchmarks/sim-bench.sh [DEFINITIONS] (default 1000000).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
bin=.build/release/posthog-sim
[ -x "$bin" ] || swift build -c release --product posthog-sim >/dev/null
out=$(mktemp)
start=$(date +%s.%N)
"$bin" --definitions "$count" --rate-limit 0 --rate-limit-hour 0 >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$out"' EXIT
until grep -q listening "$out"; do
  kill -0 $pid 2>/dev/null || { cat "$out"; exit 1; }
  sleep 0.1
done
ready=$(date +%s.%N)
url=$(sed -n 's/^listening on //p' "$out")/api/projects/1/event_definitions/
rss_kib=$(ps -o rss= -p $pid | tr -d ' ')
key="Authorization: Bearer phx_posthog_sim_local_key"
first=$(curl -s -o /dev/null -w '%{time_total}' -H "$key" "$url?limit=1000")
pages=100
t0=$(date +%s.%N)
for i in $(seq 1 $pages); do curl -s -o /dev/null -H "$key" "$url?limit=1000&offset=$((i * 1000))"; done
t1=$(date +%s.%N)
echo "| definitions | start-up | memory after start | per definition | first page (sorts) | next $pages pages of 1,000 | definitions/s served |"
echo "|---|---|---|---|---|---|---|"
awk -v n="$count" -v s="$start" -v r="$ready" -v kib="$rss_kib" -v f="$first" -v t0="$t0" -v t1="$t1" -v p="$pages" 'BEGIN {
  printf "| %d | %.1f s | %.0f MiB | %.0f bytes | %.2f s | %.2f s | %.0f |\n", n, r - s, kib / 1024, kib * 1024 / n, f, t1 - t0, p * 1000 / (t1 - t0) }'
