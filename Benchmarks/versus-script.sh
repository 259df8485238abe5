#!/usr/bin/env bash
# Steward against the audit a data engineer would script (Benchmarks/versus-script/audit.py: requests, re,
# sqlite3, sequential pages of 1,000 following `next`, one history table, a markdown table of every finding),
# side by side on one posthog-sim at each latency: the whole audit (fetch, lint with rules/default.yml,
# history into a new file, markdown report), process start included, best of RUNS (default 2).
# Usage: Benchmarks/versus-script.sh [DEFINITIONS] [LATENCY_MS…]   (default 100000, latencies 0 and 200)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
shift || true
latencies=("$@")
[ $# -eq 0 ] && latencies=(0 200)
runs=${RUNS:-2}
bin=${BIN:-.build/release}
key=phx_posthog_sim_local_key
python3 -c 'import requests' 2>/dev/null || python3 -m pip install -q requests
work=$(mktemp -d)
sim=
cleanup() { [ -n "$sim" ] && kill "$sim" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM

# Runs "$@" RUNS times with a fresh history file and output each time; prints the best wall time and its peak RSS.
best_of() {
  local best= rss=
  for _ in $(seq "$runs"); do
    rm -rf "$work/out" "$work"/history.sqlite* && mkdir -p "$work/out"
    POSTHOG_PERSONAL_API_KEY=$key /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || {
      cat "$work/stderr" >&2
      exit 1
    }
    read -r wall peak < "$work/time"
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall rss=$peak; fi
  done
  echo "$best $rss"
}

echo "| definitions | latency | Python script | Steward | Steward peak memory | Steward is faster by |"
echo "|---:|---:|---:|---:|---:|---:|"
for latency in "${latencies[@]}"; do
  log="$work/sim.log"
  "$bin/posthog-sim" --port 0 --definitions "$count" --seed 7 --latency-ms "$latency" --rate-limit 0 --rate-limit-hour 0 \
    >"$log" 2>&1 &
  sim=$!
  until grep -q '^listening on ' "$log"; do sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$log")
  # Both clients meet a warm simulator (its first list sorts the whole project).
  curl -s -o /dev/null -H "Authorization: Bearer $key" "$url/api/projects/1/event_definitions/?limit=1"
  curl -s -o /dev/null -H "Authorization: Bearer $key" "$url/api/projects/1/event_definitions/?limit=1&ordering=name"
  read -r script _ < <(best_of python3 Benchmarks/versus-script/audit.py --host "$url" --project 1 --db "$work/history.sqlite" \
    --output "$work/out/report.md")
  read -r steward rss < <(best_of "$bin/steward" audit --host "$url" --project 1 --policy default --db "$work/history.sqlite" \
    --format markdown --output-dir "$work/out" --fail-on never)
  kill "$sim" 2>/dev/null || true
  wait "$sim" 2>/dev/null || true
  sim=
  awk -v n="$count" -v l="$latency" -v p="$script" -v s="$steward" -v m="$rss" 'BEGIN {
    printf "| %d | %d ms | %.2f s | %.2f s | %.0f MiB | %.1f× |\n", n, l, p, s, m / 1024, p / s }'
done
