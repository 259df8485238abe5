#!/usr/bin/env bash
# `make demo`: start posthog-sim with a realistic project on a free port, audit it over HTTP with the demo
# policy, write the reports into reports/, and stop the simulator whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/debug
definitions=${DEMO_DEFINITIONS:-20000}
log=$(mktemp)
"$bin/posthog-sim" --port 0 --definitions "$definitions" --seed 7 >"$log" 2>&1 &
sim=$!
cleanup() { kill "$sim" 2>/dev/null || true; wait "$sim" 2>/dev/null || true; rm -f "$log"; }
trap cleanup EXIT INT TERM
for _ in $(seq 1 300); do
  grep -q '^listening on ' "$log" && break
  kill -0 "$sim" 2>/dev/null || { echo "posthog-sim did not start:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$log")
[ -n "$url" ] || { echo "posthog-sim did not report its address" >&2; exit 1; }
echo "posthog-sim serves $definitions definitions at $url"
mkdir -p reports
# The simulator's documented local key; a real audit reads the key from the environment the same way.
POSTHOG_PERSONAL_API_KEY=phx_posthog_sim_local_key "$bin/steward" audit \
  --host "$url" --project @current --policy rules/demo.yml \
  --format text,json --output-dir reports --fail-on never
# Every audit is recorded in .steward/history.sqlite; run `make demo` again to see a second run compared with the first.
echo
"$bin/steward" history --limit 5
