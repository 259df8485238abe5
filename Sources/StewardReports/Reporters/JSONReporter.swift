import Foundation
import StewardCore

/// The documented, stable JSON object (see docs/json-format.md): summary, findings, waived, policy and source.
public struct JSONReporter: Reporter {
    /// The name `--format` uses.
    public static let identifier = "json"
    /// The extension of the file it writes.
    public static let fileExtension = "json"

    /// The format version written in `format_version`; bumped only on incompatible changes.
    public static let formatVersion = 1

    /// Creates a JSON reporter.
    public init() {}

    struct Document: Encodable {
        var formatVersion: Int
        var tool: Tool
        var generatedAt: Timestamp
        var source: Source
        var policy: PolicyInfo
        var summary: Summary
        var rules: [String]
        var findings: [Entry]
        var waived: [Finding]
        var history: History?
        var gate: Gate?
        var usage: Usage?

        /// `{"source", "insights", "dashboards", "events": {name: {"insights", "dashboards"}}, "dashboards_at_risk"}`.
        struct Usage: Encodable {
            var source: String
            var reason: String?
            var insights: Int
            var dashboards: Int
            var events: [String: Uses]
            var dashboardsAtRisk: [AtRisk]
            struct Uses: Encodable {
                var insights: [Int]
                var dashboards: [Int]
                var queryUsage30Day: Int?
                enum CodingKeys: String, CodingKey { case insights, dashboards, queryUsage30Day = "query_usage_30_day" }
            }
            struct AtRisk: Encodable {
                var id: Int
                var name: String?
                var events: [Event]
                struct Event: Encodable { var name: String; var why: String }
            }
            enum CodingKeys: String, CodingKey {
                case source, reason, insights, dashboards, events, dashboardsAtRisk = "dashboards_at_risk"
            }
        }

        /// A finding, with `new` when history knows which findings this run opened.
        struct Entry: Encodable {
            var finding: Finding
            var isNew: Bool?
            enum Extra: String, CodingKey { case new }
            func encode(to encoder: Encoder) throws {
                try finding.encode(to: encoder)
                var container = encoder.container(keyedBy: Extra.self)
                try container.encodeIfPresent(isNew, forKey: .new)
            }
        }
        struct History: Encodable {
            var run: Int64
            var previousRun: Int64?
            var status: String
            var new: Int
            var resolved: [Finding]
            enum CodingKeys: String, CodingKey { case run, previousRun = "previous_run", status, new, resolved }
        }
        struct Gate: Encodable {
            var failOn: String
            var newOnly: Bool
            var baseline: String?
            var baselined: Int
            var staleBaseline: [Baseline.Entry]
            var failing: Int
            enum CodingKeys: String, CodingKey {
                case failOn = "fail_on", newOnly = "new_only", baseline, baselined, staleBaseline = "stale_baseline", failing
            }
        }

        struct Tool: Encodable { var name: String; var version: String }
        struct Source: Encodable { var description: String; var complete: Bool; var notes: [String] }
        struct PolicyInfo: Encodable { var sources: [String]; var hash: String }
        struct Summary: Encodable {
            var definitions: Int
            var inScope: Int
            var errors: Int
            var warnings: Int
            var infos: Int
            var waived: Int
            var complianceScore: Double
            enum CodingKeys: String, CodingKey {
                case definitions, errors, warnings, infos, waived
                case inScope = "in_scope"
                case complianceScore = "compliance_score"
            }
        }
        enum CodingKeys: String, CodingKey {
            case formatVersion = "format_version", tool, generatedAt = "generated_at", source, policy, summary, rules, findings, waived,
                history, gate, usage
        }
    }

    static func usage(_ usage: ReportUsage, _ report: AuditReport) -> Document.Usage {
        guard let index = usage.index else {
            return .init(
                source: "unavailable", reason: usage.unavailableReason, insights: 0, dashboards: 0, events: [:], dashboardsAtRisk: [])
        }
        var events: [String: Document.Usage.Uses] = [:]
        for (name, uses) in index.byEvent {
            events[name] = .init(insights: uses.insights, dashboards: uses.dashboards, queryUsage30Day: index.queryCounts[name])
        }
        return .init(
            source: "insights", reason: nil, insights: index.insightCount, dashboards: index.dashboardCount, events: events,
            dashboardsAtRisk: usage.dashboardsAtRisk(report).map {
                .init(id: $0.id, name: $0.name, events: $0.events.map { .init(name: $0.name, why: $0.why) })
            })
    }

    /// Writes the report as it goes: the findings one by one, in exactly the bytes `JSONEncoder` gives the
    /// whole document (pretty-printed, keys sorted, slashes unescaped), and the rest of the document, which
    /// is small, through the encoder itself. At 100,000 definitions encoding the whole document held it three
    /// times in memory (785 MiB) and took 5.7 s.
    public func write(_ report: AuditReport, to out: ReportOutput) {
        let rest = Self.encoded(Self.document(report, findings: []))
        // `findings` sorts first, so the document opens with its empty array.
        let opening = "{\n  \"findings\" : [\n\n  ]"
        guard !report.result.findings.isEmpty, rest.hasPrefix(opening) else {
            out += rest
            return
        }
        out += "{\n  \"findings\" : [\n"
        var fixes: [SuggestedFix: String] = [:]
        let history = report.history
        var entry = ""
        for (index, finding) in report.result.findings.enumerated() {
            entry.removeAll(keepingCapacity: true)
            if index > 0 { entry += ",\n" }
            let isNew = history.map { index < $0.isNew.count && $0.isNew[index] }
            Self.appendEntry(finding, isNew: isNew, to: &entry, fixes: &fixes)
            out += entry
        }
        out += "\n  ]"
        out += String(rest.dropFirst(opening.count))
    }

    /// The document with the given findings.
    static func document(_ report: AuditReport, findings: [Document.Entry]) -> Document {
        let result = report.result
        let summary = result.summary
        return Document(
            formatVersion: Self.formatVersion,
            tool: .init(name: "steward", version: report.toolVersion),
            generatedAt: report.generatedAt,
            source: .init(description: report.source, complete: report.complete, notes: report.sourceNotes),
            policy: .init(sources: report.policySources, hash: result.policyHash),
            summary: .init(
                definitions: result.definitionCount, inScope: result.inScopeCount, errors: summary.errors,
                warnings: summary.warnings, infos: summary.infos, waived: summary.waived,
                complianceScore: (result.complianceScore * 100).rounded() / 100),
            rules: result.enabledRules,
            findings: findings,
            waived: result.waived,
            history: report.history.map {
                .init(run: $0.runID, previousRun: $0.previousRunID, status: $0.status, new: $0.newCount, resolved: $0.resolved)
            },
            gate: report.gate.map {
                .init(
                    failOn: $0.threshold == .off ? "never" : $0.threshold.rawValue, newOnly: $0.newOnly, baseline: $0.baselinePath,
                    baselined: $0.baselined, staleBaseline: $0.staleBaseline, failing: $0.failing)
            },
            usage: report.usage.map { Self.usage($0, report) })
    }

    /// The whole document through `JSONEncoder`: what `write` must produce byte for byte (tests hold it to it).
    static func encodedWhole(_ report: AuditReport) -> String {
        let entries = report.result.findings.enumerated().map { index, finding in
            Document.Entry(finding: finding, isNew: report.history.map { index < $0.isNew.count && $0.isNew[index] })
        }
        return encoded(document(report, findings: entries))
    }

    static func encoded(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and numbers cannot fail.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One finding at the findings array's depth, keys in sorted order as the encoder writes them.
    static func appendEntry(_ finding: Finding, isNew: Bool?, to out: inout String, fixes: inout [SuggestedFix: String]) {
        out += "    {\n      \"event_id\" : "
        appendString(finding.eventID, to: &out)
        out += ",\n      \"event_name\" : "
        appendString(finding.eventName, to: &out)
        if let fix = finding.fix {
            out += ",\n      \"fix\" : "
            if let known = fixes[fix] {
                out += known
            } else {
                let text = nested(fix)
                fixes[fix] = text
                out += text
            }
        }
        if let group = finding.group {
            out += ",\n      \"group\" : "
            appendString(group, to: &out)
        }
        if let location = finding.location {
            out += ",\n      \"location\" : "
            out += nested(location)
        }
        out += ",\n      \"message\" : "
        appendString(finding.message, to: &out)
        if let isNew { out += isNew ? ",\n      \"new\" : true" : ",\n      \"new\" : false" }
        out += ",\n      \"rule\" : "
        appendString(finding.ruleID, to: &out)
        out += ",\n      \"severity\" : "
        appendString(finding.severity.rawValue, to: &out)
        if let value = finding.value {
            out += ",\n      \"value\" : "
            appendString(value, to: &out)
        }
        out += "\n    }"
    }

    /// A small nested value through the encoder, indented to a finding's keys.
    private static func nested(_ value: some Encodable) -> String {
        var text = encoded(value)
        text.removeLast()
        // The encoder leaves the blank line of an empty array unindented.
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.offset == 0 || $0.element.isEmpty ? String($0.element) : "      " + $0.element }
            .joined(separator: "\n")
    }

    /// A string literal as `JSONEncoder` writes it: `"` and `\\` escaped, `\b \t \n \f \r` by name, other
    /// controls as lowercase `\u00xx`, everything else (slashes, DEL, non-ASCII) as it is.
    static func appendString(_ text: String, to out: inout String) {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) {
            out += "\""
            out += text
            out += "\""
            return
        }
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        out += String(decoding: bytes, as: UTF8.self)
    }
}
