import Foundation
import StewardCore

extension ScanReport {
    /// The formats `steward scan --format` takes, with the extension of the file each writes.
    public static let formats: [(name: String, fileExtension: String, toStandardOutput: Bool)] = [
        ("text", "txt", true), ("json", "json", false), ("sarif", "sarif", false), ("github", "github.txt", true),
        ("junit", "junit.xml", false), ("markdown", "md", false),
    ]

    /// The report in a format of ``formats``.
    public func render(_ format: String, color: Bool = false) -> String {
        switch format {
        case "json": return json()
        case "sarif": return ScanSARIF().render(self)
        case "github": return github()
        case "junit": return junit()
        case "markdown": return markdown()
        default: return text(color: color)
        }
    }

    /// Orders (position, finding) pairs most severe first, then by position.
    static func mostSevereFirst(_ lhs: (offset: Int, element: Finding), _ rhs: (offset: Int, element: Finding)) -> Bool {
        lhs.element.severity != rhs.element.severity ? lhs.element.severity > rhs.element.severity : lhs.offset < rhs.offset
    }

    /// The fingerprint of a finding: (file, event name, rule), hashed.
    public static func fingerprint(_ finding: Finding) -> String {
        var key = StableHash()
        key.combine(finding.eventID)
        key.combine(finding.ruleID)
        return key.hex
    }

    /// The JSON document (`format: steward-scan`), with every finding and every call found as `occurrences`:
    /// keys sorted, one finding or call a line, written directly (a large tree has hundreds of thousands of calls).
    public func json() -> String {
        var out = ""
        out.reserveCapacity(256 + findings.count * 300 + occurrences.count * 120)
        func string(_ text: String) { JSONString.append(text, to: &out) }
        func optional(_ text: String?) {
            if let text { string(text) } else { out += "null" }
        }
        let counts = self.counts
        out += "{\n  \"files_by_language\": {"
        out += filesByLanguage.keys.map(\.rawValue).sorted().map { language in
            var item = ""
            JSONString.append(language, to: &item)
            return item + ": \(filesByLanguage[ScanLanguage(rawValue: language)!]!)"
        }.joined(separator: ", ")
        out += "},\n  \"findings\": ["
        for (index, finding) in findings.enumerated() {
            out += index == 0 ? "\n    {" : ",\n    {"
            out += "\"event_name\": "
            string(finding.eventName)
            out += ", \"fingerprint\": \"\(Self.fingerprint(finding))\", \"location\": "
            if let location = finding.location {
                out += "{\"column\": \(location.column), \"file\": "
                string(location.file)
                out += ", \"line\": \(location.line)}"
            } else {
                out += "null"
            }
            out += ", \"message\": "
            string(finding.message)
            out += ", \"rule\": "
            string(finding.ruleID)
            out += ", \"severity\": \"\(finding.severity.rawValue)\", \"value\": "
            optional(finding.value)
            out += "}"
        }
        out += findings.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"format\": \"steward-scan\",\n  \"generated_at\": \"\(generatedAt.iso8601)\",\n  \"judged_against\": "
        optional(definitionsSource)
        out += ",\n  \"notes\": " + JSONString.array(notes) + ",\n  \"occurrences\": ["
        for (index, occurrence) in occurrences.enumerated() {
            out += index == 0 ? "\n    {" : ",\n    {"
            var resolved = true
            if case .unresolved = occurrence.name { resolved = false }
            out += "\"column\": \(occurrence.column), \"dynamic\": \(occurrence.isDynamic), \"file\": "
            string(occurrence.file)
            out += ", \"line\": \(occurrence.line), \"name\": "
            string(occurrence.shownName)
            out += ", \"pattern\": "
            string(occurrence.pattern)
            out += ", \"resolved\": \(resolved)}"
        }
        out += occurrences.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"paths\": " + JSONString.array(paths) + ",\n  \"plan\": "
        optional(planSource)
        out += ",\n  \"root\": "
        string(root)
        out += ",\n  \"rules\": " + JSONString.array(rules) + ",\n  \"skipped\": {"
        out += skipped.sorted { $0.label < $1.label }.map { entry in
            var item = ""
            JSONString.append(entry.label, to: &item)
            return item + ": \(entry.count)"
        }.joined(separator: ", ")
        out += "},\n  \"stale_baseline\": ["
        out += staleBaseline.map { entry in
            var item = "{\"event_id\": "
            JSONString.append(entry.eventID, to: &item)
            item += ", \"event_name\": "
            JSONString.append(entry.eventName, to: &item)
            item += ", \"rule\": "
            JSONString.append(entry.ruleID, to: &item)
            return item + "}"
        }.joined(separator: ", ")
        out += "],\n  \"summary\": {\"accepted\": \(accepted), \"calls\": \(occurrences.count), "
        out += "\"dynamic\": \(occurrences.filter(\.isDynamic).count), \"errors\": \(counts.errors), \"exit_code\": \(exitCode), "
        out += "\"existing\": \(existing), \"files\": \(fileCount), \"infos\": \(counts.infos), \"unresolved\": \(unresolved.count), "
        out += "\"warnings\": \(counts.warnings)},\n  \"tool\": {\"name\": \"Steward\", \"version\": "
        string(toolVersion)
        out += "},\n  \"version\": 1\n}\n"
        return out
    }

    /// GitHub workflow commands, one annotation on the line of each finding (GitHub shows 10 per level per
    /// step: the most severe first), then a summary notice.
    public func github(perLevel: Int = 10) -> String {
        let ordered = findings.enumerated().sorted(by: Self.mostSevereFirst).map(\.element)
        var out = GitHubReporter.annotations(ordered, perLevel: perLevel) { finding in
            guard let location = finding.location else { return [] }
            return ["file=" + Escaping.githubProperty(location.file), "line=\(location.line)", "col=\(location.column)"]
        }
        out += "::notice title=Steward scan::\(Escaping.githubData(summaryLine()))\n"
        return out
    }

    /// JUnit XML: a suite per rule, a case per finding named by its place (a failure at or above `failOn`).
    public func junit() -> String {
        var out = ""
        JUnitReporter.write(
            findings, rules: rules, threshold: failOn, name: "steward scan", classPrefix: "steward.scan", timestamp: generatedAt
        ) { finding in
            let attributes = finding.location.map { " file=\"\(Escaping.xml($0.file))\" line=\"\($0.line)\"" } ?? ""
            let text = Escaping.xml(finding.message)
            return (
                finding.location?.description ?? finding.eventName, attributes,
                fails(finding) ? text : "\(finding.severity.rawValue): \(text)"
            )
        } emit: {
            out += $0
        }
        return out
    }

    private func fails(_ finding: Finding) -> Bool { failOn != .off && finding.severity >= failOn }

    /// A markdown summary for a pull-request comment: the findings as a table with their places.
    public func markdown(limit: Int = 200) -> String {
        var out = "# Steward scan\n\n\(Escaping.markdown(summaryLine()))\n\n"
        if findings.isEmpty {
            out += "No findings.\n"
        } else {
            out += "| Where | Severity | Rule | Event | Message |\n|---|---|---|---|---|\n"
            for finding in findings.prefix(limit) {
                let place = finding.location.map { Escaping.markdownCode($0.description) } ?? ""
                out += "| \(place) | \(finding.severity.rawValue) | `\(finding.ruleID)` | \(Escaping.markdownCode(finding.eventName)) | "
                out += "\(Escaping.markdown(finding.message)) |\n"
            }
            if findings.count > limit { out += "\n… and \(findings.count - limit) more; every finding is in the json report.\n" }
        }
        let unresolved = self.unresolved
        if !unresolved.isEmpty {
            out += "\n## Calls whose name Steward cannot read\n\n"
            for occurrence in unresolved.prefix(limit) {
                out += "- \(Escaping.markdownCode(occurrence.location.description)): \(Escaping.markdownCode(occurrence.shownName))\n"
            }
        }
        return out
    }
}
