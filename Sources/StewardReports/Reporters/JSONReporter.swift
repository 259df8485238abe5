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

    /// Renders the whole report.
    public func render(_ report: AuditReport) -> String {
        let result = report.result
        let summary = result.summary
        let document = Document(
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
            findings: result.findings.enumerated().map { index, finding in
                Document.Entry(finding: finding, isNew: report.history.map { index < $0.isNew.count && $0.isNew[index] })
            },
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and numbers cannot fail.
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
