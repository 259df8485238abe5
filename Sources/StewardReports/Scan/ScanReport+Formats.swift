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

    /// The JSON document (`format: steward-scan`), with every finding and every call found as `occurrences`.
    public func json() -> String {
        struct Location: Encodable {
            var file: String
            var line: Int
            var column: Int
        }
        struct Item: Encodable {
            var rule: String
            var severity: String
            var eventName: String
            var message: String
            var value: String?
            var fingerprint: String
            var location: Location?
            enum CodingKeys: String, CodingKey { case rule, severity, eventName = "event_name", message, value, fingerprint, location }
        }
        struct Occurrence: Encodable {
            var name: String
            var file: String
            var line: Int
            var column: Int
            var dynamic: Bool
            var resolved: Bool
            var pattern: String
        }
        struct Summary: Encodable {
            var files: Int
            var calls: Int
            var dynamic: Int
            var unresolved: Int
            var errors: Int
            var warnings: Int
            var infos: Int
            var accepted: Int
            var exitCode: Int32
            enum CodingKeys: String, CodingKey {
                case files, calls, dynamic, unresolved, errors, warnings, infos, accepted, exitCode = "exit_code"
            }
        }
        struct Document: Encodable {
            var format = "steward-scan"
            var version = 1
            var tool: [String: String]
            var generatedAt: String
            var root: String
            var paths: [String]
            var judgedAgainst: String?
            var plan: String?
            var rules: [String]
            var summary: Summary
            var filesByLanguage: [String: Int]
            var skipped: [String: Int]
            var notes: [String]
            var findings: [Item]
            var occurrences: [Occurrence]
            var staleBaseline: [Baseline.Entry]
            enum CodingKeys: String, CodingKey {
                case format, version, tool, generatedAt = "generated_at", root, paths, judgedAgainst = "judged_against", plan, rules,
                    summary, filesByLanguage = "files_by_language", skipped, notes, findings, occurrences,
                    staleBaseline = "stale_baseline"
            }
        }
        let counts = self.counts
        let document = Document(
            tool: ["name": "Steward", "version": toolVersion], generatedAt: generatedAt.iso8601, root: root, paths: paths,
            judgedAgainst: definitionsSource, plan: planSource, rules: rules,
            summary: Summary(
                files: fileCount, calls: occurrences.count, dynamic: occurrences.filter(\.isDynamic).count,
                unresolved: unresolved.count, errors: counts.errors, warnings: counts.warnings, infos: counts.infos, accepted: accepted,
                exitCode: exitCode),
            filesByLanguage: Dictionary(uniqueKeysWithValues: filesByLanguage.map { ($0.key.rawValue, $0.value) }),
            skipped: Dictionary(skipped.map { ($0.label, $0.count) }, uniquingKeysWith: +), notes: notes,
            findings: findings.map { finding in
                Item(
                    rule: finding.ruleID, severity: finding.severity.rawValue, eventName: finding.eventName, message: finding.message,
                    value: finding.value, fingerprint: Self.fingerprint(finding),
                    location: finding.location.map { Location(file: $0.file, line: $0.line, column: $0.column) })
            },
            occurrences: occurrences.map { occurrence in
                var resolved = true
                if case .unresolved = occurrence.name { resolved = false }
                return Occurrence(
                    name: occurrence.shownName, file: occurrence.file, line: occurrence.line, column: occurrence.column,
                    dynamic: occurrence.isDynamic, resolved: resolved, pattern: occurrence.pattern)
            },
            staleBaseline: staleBaseline)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(document)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    /// GitHub workflow commands, one annotation on the line of each finding (GitHub shows 10 per level per
    /// step: the most severe first), then a summary notice.
    public func github(perLevel: Int = 10) -> String {
        var out = ""
        var shown: [String: Int] = [:]
        var leftOut = 0
        let ordered = findings.enumerated().sorted(by: Self.mostSevereFirst)
        for (_, finding) in ordered {
            let command = finding.severity == .error ? "error" : finding.severity == .warning ? "warning" : "notice"
            guard shown[command, default: 0] < perLevel else {
                leftOut += 1
                continue
            }
            shown[command, default: 0] += 1
            var properties: [String] = []
            if let location = finding.location {
                properties.append("file=" + Escaping.githubProperty(location.file))
                properties.append("line=\(location.line)")
                properties.append("col=\(location.column)")
            }
            properties.append("title=" + Escaping.githubProperty("\(finding.ruleID): \(finding.eventName.prefix(80))"))
            out += "::\(command) \(properties.joined(separator: ","))::\(Escaping.githubData(finding.message))\n"
        }
        if leftOut > 0 {
            out += "::notice title=Steward::\(leftOut) more finding\(leftOut == 1 ? "" : "s") not annotated "
            out += "(GitHub shows \(perLevel) per level per step); see the uploaded reports.\n"
        }
        out += "::notice title=Steward scan::\(Escaping.githubData(summaryLine()))\n"
        return out
    }

    /// JUnit XML: a suite per rule, a case per finding named by its place (a failure at or above `failOn`).
    public func junit() -> String {
        var byRule: [String: [Finding]] = [:]
        for finding in findings { byRule[finding.ruleID, default: []].append(finding) }
        let rules = Set(self.rules).union(byRule.keys).sorted()
        func fails(_ finding: Finding) -> Bool { failOn != .off && finding.severity >= failOn }
        let total = rules.reduce(0) { $0 + max(1, byRule[$1]?.count ?? 0) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"steward scan\" tests=\"\(total)\" failures=\"\(findings.filter(fails).count)\" errors=\"0\" "
        out += "timestamp=\"\(generatedAt.iso8601)\">\n"
        for rule in rules {
            let mine = byRule[rule] ?? []
            out += "  <testsuite name=\"\(Escaping.xml(rule))\" tests=\"\(max(1, mine.count))\" failures=\"\(mine.filter(fails).count)\" "
            out += "errors=\"0\" skipped=\"0\">\n"
            if mine.isEmpty { out += "    <testcase classname=\"steward.scan.\(Escaping.xml(rule))\" name=\"no findings\"/>\n" }
            for finding in mine {
                let place = finding.location?.description ?? finding.eventName
                var attributes = "classname=\"steward.scan.\(Escaping.xml(rule))\" name=\"\(Escaping.xml(place))\""
                if let location = finding.location { attributes += " file=\"\(Escaping.xml(location.file))\" line=\"\(location.line)\"" }
                out += "    <testcase \(attributes)>\n"
                let message = Escaping.xml(finding.message)
                if fails(finding) {
                    out += "      <failure type=\"\(finding.severity.rawValue)\" message=\"\(message)\">\(message)</failure>\n"
                } else {
                    out += "      <system-out>\(finding.severity.rawValue): \(message)</system-out>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

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
