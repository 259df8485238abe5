import Foundation
import StewardCore

/// The documented, stable JSON object (see docs/json-format.md): summary, findings, waived, policy and source.
public struct JSONReporter: Reporter {
    public static let identifier = "json"
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
        var findings: [Finding]
        var waived: [Finding]

        struct Tool: Encodable { var name: String; var version: String }
        struct Source: Encodable { var description: String; var complete: Bool }
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
            case formatVersion = "format_version", tool, generatedAt = "generated_at", source, policy, summary, rules, findings, waived
        }
    }

    public func render(_ report: AuditReport) -> String {
        let result = report.result
        let summary = result.summary
        let document = Document(
            formatVersion: Self.formatVersion,
            tool: .init(name: "steward", version: report.toolVersion),
            generatedAt: report.generatedAt,
            source: .init(description: report.source, complete: report.complete),
            policy: .init(sources: report.policySources, hash: result.policyHash),
            summary: .init(
                definitions: result.definitionCount, inScope: result.inScopeCount, errors: summary.errors,
                warnings: summary.warnings, infos: summary.infos, waived: summary.waived,
                complianceScore: (result.complianceScore * 100).rounded() / 100),
            rules: result.enabledRules,
            findings: result.findings,
            waived: result.waived)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and numbers cannot fail.
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
