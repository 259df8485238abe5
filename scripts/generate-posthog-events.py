#!/usr/bin/env python3
"""Regenerates PostHog's own events (data/posthog-events.tsv and the Swift table embedded in the binary).

Sources: the core event definitions of PostHog's taxonomy (CORE_FILTER_DEFINITIONS_BY_GROUP["events"] in
posthog/taxonomy/taxonomy.py, read with Python's own parser, never executed) and data/posthog-sdk-events.tsv
(what PostHog's SDKs send beyond the taxonomy, kept by hand with where each comes from).

    scripts/generate-posthog-events.py                       # taxonomy from GitHub, PostHog/posthog master
    scripts/generate-posthog-events.py --taxonomy FILE --commit SHA   # a checkout's file, naming its commit

Families by prefix: a `$word_` prefix shared by two or more taxonomy events (`$ai_`, `$mcp_`), plus the SDK
file's prefixes. Case variants: names that differ only in case (`Application opened` in the taxonomy,
`Application Opened` from the mobile SDKs) are all listed, and marked as variants of one another.
"""
import argparse
import ast
import datetime
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "https://raw.githubusercontent.com/PostHog/posthog/master/posthog/taxonomy/taxonomy.py"
WILDCARD = "All events"  # the taxonomy's "all events" filter, not an event


def taxonomy_events(source: str) -> list[str]:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign):
            targets, value = [node.target], node.value
        if any(isinstance(t, ast.Name) and t.id == "CORE_FILTER_DEFINITIONS_BY_GROUP" for t in targets):
            if not isinstance(value, ast.Dict):
                break
            for key, group in zip(value.keys, value.values):
                if isinstance(key, ast.Constant) and key.value == "events" and isinstance(group, ast.Dict):
                    names = [k.value for k in group.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
                    return [n for n in names if n != WILDCARD]
    sys.exit("error: CORE_FILTER_DEFINITIONS_BY_GROUP['events'] not found in the taxonomy source")


def sdk_entries(path: Path) -> list[tuple[str, str, str]]:
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in ("event", "prefix"):
            sys.exit(f"error: {path}:{number}: expected 'event|prefix<TAB>name<TAB>source'")
        entries.append((parts[0], parts[1], parts[2]))
    return entries


def families(names: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for name in names:
        if name.startswith("$") and not name.startswith("$$") and "_" in name[1:]:
            prefix = name[: name.index("_", 1) + 1]
            counts[prefix] = counts.get(prefix, 0) + 1
    return sorted(p for p, c in counts.items() if c >= 2)


def swift_literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--taxonomy", help="path of posthog/taxonomy/taxonomy.py (default: download master)")
    parser.add_argument("--commit", help="the PostHog/posthog commit the taxonomy file is from")
    parser.add_argument("--date", help="the date to write in the header (default: today, UTC)")
    args = parser.parse_args()

    if args.taxonomy:
        source = Path(args.taxonomy).read_text(encoding="utf-8")
        origin = f"PostHog/posthog posthog/taxonomy/taxonomy.py @ {args.commit or 'unknown commit'}"
    else:
        with urllib.request.urlopen(DEFAULT_URL, timeout=60) as response:
            source = response.read().decode("utf-8")
        origin = f"PostHog/posthog posthog/taxonomy/taxonomy.py @ {args.commit or 'master'}"
    date = args.date or datetime.datetime.now(datetime.timezone.utc).date().isoformat()

    rows: list[tuple[str, str, str]] = []  # kind, name, source
    seen: set[str] = set()
    taxonomy = taxonomy_events(source)
    for name in taxonomy:
        if name not in seen:
            seen.add(name)
            rows.append(("event", name, "taxonomy"))
    prefixes = {p: "taxonomy" for p in families(taxonomy)}
    for kind, name, where in sdk_entries(ROOT / "data/posthog-sdk-events.tsv"):
        if kind == "event" and name not in seen:
            seen.add(name)
            rows.append(("event", name, f"sdk: {where}"))
        elif kind == "prefix" and name not in prefixes:
            prefixes[name] = f"sdk: {where}"
    by_fold: dict[str, list[str]] = {}
    for _, name, _ in rows:
        by_fold.setdefault(name.casefold(), []).append(name)
    events = sorted(rows, key=lambda row: (row[1].casefold(), row[1]))

    header = [
        "# PostHog's own events: generated by scripts/generate-posthog-events.py; do not edit.",
        f"# Generated {date} from {origin} (CORE_FILTER_DEFINITIONS_BY_GROUP['events'])",
        "# and data/posthog-sdk-events.tsv (what PostHog's SDKs send beyond the taxonomy).",
        "# kind<TAB>name<TAB>source<TAB>case variants of the same event",
    ]
    lines = list(header)
    for _, name, where in events:
        variants = [v for v in by_fold[name.casefold()] if v != name]
        lines.append("\t".join(["event", name, where, ", ".join(variants)]).rstrip("\t"))
    for prefix in sorted(prefixes):
        lines.append("\t".join(["prefix", prefix, prefixes[prefix]]))
    (ROOT / "data/posthog-events.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    swift = [
        "// Generated by scripts/generate-posthog-events.py from data/posthog-events.tsv; do not edit.",
        f"// {origin}, generated {date}.",
        "",
        "extension PostHogEvents {",
        "    /// Every exact name PostHog's taxonomy and SDKs send, with where it comes from.",
        "    static let generatedNames: [(name: String, source: String)] = [",
    ]
    swift += [f"        ({swift_literal(name)}, {swift_literal(where)})," for _, name, where in events]
    swift += [
        "    ]",
        "",
        "    /// Prefixes of the families PostHog keeps adding to, with where each comes from.",
        "    static let generatedPrefixes: [(prefix: String, source: String)] = [",
    ]
    swift += [f"        ({swift_literal(p)}, {swift_literal(prefixes[p])})," for p in sorted(prefixes)]
    swift += ["    ]", "}"]
    (ROOT / "Sources/StewardCore/Model/PostHogEvents+Generated.swift").write_text("\n".join(swift) + "\n", encoding="utf-8")
    # posthog-sim's code generators include CORE_EVENTS (the taxonomy's events group) whatever their schema.
    core = sorted({name for _, name, where in events if where == "taxonomy"})
    sim = [
        "// Generated by scripts/generate-posthog-events.py from data/posthog-events.tsv; do not edit.",
        f"// PostHog's CORE_EVENTS: {origin}, the events group without \"All events\".",
        "",
        "/// The events the code generators include whether or not they have a schema (posthog-api-2.md §1.2).",
        "enum CoreEvents {",
        "    static let names: Set<String> = [",
    ]
    sim += [f"        {swift_literal(name)}," for name in core]
    sim += ["    ]", "}"]
    (ROOT / "Sources/PostHogSimulator/CoreEvents.swift").write_text("\n".join(sim) + "\n", encoding="utf-8")
    print(f"{len(events)} events, {len(prefixes)} prefixes from {origin}")


if __name__ == "__main__":
    main()
