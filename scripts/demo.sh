#!/usr/bin/env bash
# `make demo`: start posthog-sim with a realistic project on a free port, name a few events the way
# hostile or careless clients do, audit it over HTTP with the demo policy, write the reports, show the
# history, and stop the simulator whatever happens.
# STEWARD_DEMO_DIR moves the reports and the history (default: reports/ and .steward/ here).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$PWD/.build/debug
definitions=${DEMO_DEFINITIONS:-20000}
out=${STEWARD_DEMO_DIR:-.}
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
# The simulator's documented local key; a real audit reads the key from the environment the same way.
export POSTHOG_PERSONAL_API_KEY=phx_posthog_sim_local_key
# Event names are whatever clients send: markup, links, table breakers, terminal escapes. Reports must
# show them as text. (A name that already exists answers 400; that is fine on a re-run.)
for name in \
  '<script>document.body.dataset.pwned=1</script>' \
  '<img src=x onerror=\"document.body.dataset.pwned=1\">' \
  '\" onmouseover=\"document.body.dataset.pwned=1' \
  '[click me](javascript:document.body.dataset.pwned=1)' \
  '| table | breaker |' \
  '\u001b[31mred alert\u001b[0m' \
  '</script><script>document.body.dataset.pwned=1</script>'; do
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $POSTHOG_PERSONAL_API_KEY" -H 'Content-Type: application/json' \
    --data "{\"name\": \"$name\"}" "$url/api/projects/@current/event_definitions/"
done
mkdir -p "$out/reports"
"$bin/steward" audit \
  --host "$url" --project @current --policy rules/demo.yml --db "$out/.steward/history.sqlite" \
  --format text,json,html,markdown,sarif,junit --output-dir "$out/reports" --fail-on never | tail -n 4
echo
echo "open $out/reports/steward-report.html in a browser; $out/reports/steward-summary.md is the pull-request summary"
echo
# Every audit is recorded; run `make demo` again to see a second run compared with the first.
"$bin/steward" history --db "$out/.steward/history.sqlite" --limit 5
