#!/usr/bin/env bash
# What `steward scan` costs on a large repository: a generated tree of FILES source files (nine languages,
# 2-6 KB each, comments and strings that look like calls, one to four real calls, a constant or a template
# here and there, some folders .gitignore'd or vendored) scanned with the default policy against a snapshot
# of 20,000 definitions. Best of three, process start included.
# Usage: Benchmarks/scan-bench.sh [FILES]   (default 20000)
set -euo pipefail
cd "$(dirname "$0")/.."
files=${1:-20000}
bin=.build/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
python3 - "$work/tree" "$files" <<'PY'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
random.seed(7)
verbs = ["viewed", "clicked", "created", "deleted", "shared", "exported", "started", "completed"]
nouns = ["report", "invoice", "dashboard", "project", "user", "team", "plan", "file", "comment"]
shapes = {
    "ts": ("// {c}\nconst {k} = '{n}'\nposthog.capture({k}, {{ id }})\nposthog?.capture(\n  '{n}_again',\n  {{ step: 1 }},\n)\nposthog.capture(`{n}_${{id}}`)\n", "const s = \"posthog.capture('{n}_string')\"\n"),
    "js": ("client.capture({{ distinctId: id, event: '{n}' }})\n", "/* posthog.capture('{n}') */\n"),
    "py": ("posthog.capture('{n}', distinct_id=u)\nposthog.capture(u, \"{n}_old\")\nposthog.capture(f\"{n}_{{kind}}\", distinct_id=u)\n", "# posthog.capture('{n}')\n"),
    "swift": ("PostHogSDK.shared.capture(\"{n}\", properties: [\"a\": 1])\n", "// PostHogSDK.shared.capture(\"{n}\")\n"),
    "kt": ("PostHog.capture(event = \"{n}\")\n", "val s = \"PostHog.capture(\\\"{n}\\\")\"\n"),
    "java": ("PostHog.capture(\"{n}\");\nposthog.capture(userId, \"{n}_server\");\n", "// PostHog.capture(\"{n}\");\n"),
    "go": ("client.Enqueue(posthog.Capture{{\n\tDistinctId: id,\n\tEvent: \"{n}\",\n}})\n", "// posthog.Capture{{Event: \"{n}\"}}\n"),
    "rb": ("posthog.capture(distinct_id: id, event: '{n}')\n", "# posthog.capture(event: '{n}')\n"),
    "php": ("PostHog::capture(['distinctId' => $id, 'event' => '{n}']);\n", "// PostHog::capture(['event' => '{n}']);\n"),
    "dart": ("Posthog().capture(eventName: '{n}');\n", "// Posthog().capture(eventName: '{n}');\n"),
}
filler = "function helper{i}(value) {{\n  // a comment about {n}\n  return value.map((x) => x * {i}).filter(Boolean)\n}}\n"
exts = list(shapes)
os.makedirs(root, exist_ok=True)
with open(os.path.join(root, ".gitignore"), "w") as f:
    f.write("generated/\n*.log\n")
for index in range(count):
    ext = exts[index % len(exts)]
    folder = os.path.join(root, f"pkg{index % 97}", f"mod{index % 13}")
    if index % 50 == 0:
        folder = os.path.join(root, "generated", f"g{index % 7}")
    if index % 71 == 0:
        folder = os.path.join(root, "node_modules", f"dep{index % 5}")
    os.makedirs(folder, exist_ok=True)
    call, decoy = shapes[ext]
    parts = []
    size = random.randint(2000, 6000)
    while sum(map(len, parts)) < size:
        n = f"{random.choice(nouns)}_{random.choice(verbs)}"
        roll = random.random()
        if roll < 0.15:
            parts.append(call.format(n=n, k="EVENT_" + str(len(parts)), c="tracks " + n))
        elif roll < 0.3:
            parts.append(decoy.format(n=n))
        else:
            parts.append(filler.format(i=len(parts), n=n))
    with open(os.path.join(folder, f"file{index}.{ext}"), "w") as f:
        f.write("".join(parts))
PY
python3 - "$work/snapshot.json" <<'PY'
import json, sys
verbs = ["viewed", "clicked", "created", "deleted", "shared", "exported", "started", "completed"]
nouns = ["report", "invoice", "dashboard", "project", "user", "team", "plan", "file", "comment"]
defs = [{"id": f"d{i}", "name": f"{nouns[i % 9]}_{verbs[(i // 9) % 8]}" + (f"_{i}" if i >= 72 else "")} for i in range(20000)]
json.dump(defs, open(sys.argv[1], "w"))
PY
bytes=$(du -sb "$work/tree" | cut -f1)
best=999999
for _ in 1 2 3; do
  /usr/bin/time -f '%e %M' -o "$work/time" "$bin/steward" scan "$work/tree" --root "$work/tree" --from "$work/snapshot.json" \
    --format json --fail-on never >"$work/scan.json" 2>/dev/null
  read -r wall rss < "$work/time"
  best=$(awk -v a="$best" -v b="$wall" 'BEGIN { print (b < a) ? b : a }')
done
python3 - "$work/scan.json" "$best" "$bytes" "$rss" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
best, size, rss = float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
s = report["summary"]
print("| files read | MB | calls | dynamic | findings | skipped | best of 3 | files/s | peak RSS |")
print("|---:|---:|---:|---:|---:|---|---:|---:|---:|")
skipped = ", ".join(f"{v} {k}" for k, v in sorted(report["skipped"].items()))
print(f"| {s['files']:,} | {size / 1e6:.1f} | {s['calls']:,} | {s['dynamic']:,} | {s['errors'] + s['warnings'] + s['infos']:,} | {skipped} | {best:.2f} s | {s['files'] / best:,.0f} | {rss / 1024:.0f} MB |")
PY
