#!/usr/bin/env python3
"""The audit a data engineer would script in an afternoon, as the baseline Steward is measured against.

It does what `steward audit --policy default --format markdown` does, more simply: reads every event
definition through PostHog's REST API (sequential pages of 1,000, following `next`), checks the custom
events against the same kinds of rules (a naming convention, values baked into names, near-duplicates,
reserved prefixes, name length, owner, description, verified metadata, staleness), records the run in one
SQLite table, and writes a markdown table of every finding grouped by rule.

Usage: audit.py --host URL --project ID --db FILE --output FILE   (key in POSTHOG_PERSONAL_API_KEY)
"""

import argparse
import collections
import datetime
import os
import re
import sqlite3
import sys

import requests

SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
DYNAMIC = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b\d{4,}\b|@|https?://|\d{4}-\d{2}-\d{2}", re.I)
SEPARATORS = re.compile(r"[\s_\-.:/]+")


def fetch(host, project, key):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    url = f"{host}/api/projects/{project}/event_definitions/?limit=1000"
    definitions = []
    while url:
        response = session.get(url, timeout=60)
        response.raise_for_status()
        page = response.json()
        definitions.extend(page["results"])
        url = page.get("next")
    return definitions


def parse_time(text):
    if not text:
        return None
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def lint(definitions, now):
    findings = []
    custom = [d for d in definitions if not d["name"].startswith("$")]

    def add(d, rule, severity, message):
        findings.append((d["id"], d["name"], rule, severity, message))

    normalized = collections.defaultdict(list)
    for d in custom:
        normalized[SEPARATORS.sub("", d["name"].lower())].append(d)
    for d in custom:
        name = d["name"]
        if DYNAMIC.search(name):
            add(d, "dynamic_name", "error", f"'{name}' looks like it has a value baked into it")
        elif not SNAKE.match(name):
            add(d, "naming_convention", "warning", f"'{name}' is not snake_case")
        if len(name) > 64:
            add(d, "name_length", "warning", f"'{name}' is longer than 64 characters")
        if len(normalized[SEPARATORS.sub("", name.lower())]) > 1:
            add(d, "near_duplicate_name", "error", f"'{name}' has near-duplicates")
        if not d.get("owner"):
            add(d, "owner_required", "error", f"'{name}' has no owner")
        if not (d.get("description") or "").strip():
            add(d, "description_required", "warning", f"'{name}' has no description")
        if d.get("verified") and not d.get("verified_by"):
            add(d, "verified_metadata_complete", "warning", f"'{name}' is verified without verified_by")
        seen = parse_time(d.get("last_seen_at"))
        if seen is None:
            add(d, "never_seen", "info", f"'{name}' has never been seen")
        elif (now - seen).days > 90 and not d.get("hidden"):
            add(d, "stale_not_hidden", "error", f"'{name}' last seen {(now - seen).days} days ago and is not hidden")
        elif d.get("hidden") and (now - seen).days < 7:
            add(d, "hidden_but_active", "warning", f"'{name}' is hidden but was seen recently")
    return findings


def record(path, findings, now):
    db = sqlite3.connect(path)
    db.execute("""CREATE TABLE IF NOT EXISTS finding (run TEXT, event_id TEXT, name TEXT, rule TEXT, severity TEXT,
                  message TEXT)""")
    run = now.isoformat()
    db.executemany("INSERT INTO finding VALUES (?, ?, ?, ?, ?, ?)", [(run,) + f for f in findings])
    db.commit()
    db.close()


def report(path, definitions, findings):
    by_rule = collections.defaultdict(list)
    for f in findings:
        by_rule[f[2]].append(f)
    with open(path, "w") as out:
        out.write(f"## Event definition audit\n\n{len(definitions)} definitions, {len(findings)} findings\n")
        for rule in sorted(by_rule, key=lambda r: -len(by_rule[r])):
            out.write(f"\n### {rule} ({len(by_rule[rule])})\n\n| event | severity | message |\n|---|---|---|\n")
            for _, name, _, severity, message in sorted(by_rule[rule], key=lambda f: f[1]):
                cell = message.replace("|", "\\|")
                out.write(f"| `{name}` | {severity} | {cell} |\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--project", default="1")
    parser.add_argument("--db", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    now = datetime.datetime.now(datetime.timezone.utc)
    definitions = fetch(args.host, args.project, os.environ["POSTHOG_PERSONAL_API_KEY"])
    findings = lint(definitions, now)
    record(args.db, findings, now)
    report(args.output, definitions, findings)
    print(f"{len(definitions)} definitions, {len(findings)} findings", file=sys.stderr)


if __name__ == "__main__":
    main()
