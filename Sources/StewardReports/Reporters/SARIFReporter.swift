import Foundation
import StewardCore

/// SARIF 2.1.0 for code scanning: one rule per Steward rule with its description and help, one result per
/// finding with a logical location (the event definition) and a physical one (the policy line that
/// configures the rule), and `partialFingerprints` from (definition id, rule id) so alerts stay stable
/// across runs. Validated against the official schema in the tests.
///
/// GitHub code scanning accepts at most 25,000 results per run, so the most severe come first and a
/// tool notification says how many were left out; the file is compact JSON with sorted keys.
public struct SARIFReporter: Reporter {
    /// The name `--format` uses.
    public static let identifier = "sarif"
    /// The extension of the file it writes.
    public static let fileExtension = "sarif"

    /// Results per run (GitHub's limit).
    public var maxResults: Int

    /// Creates one from its parts.
    public init(maxResults: Int = 25_000) {
        self.maxResults = maxResults
    }

    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }
    struct Run: Encodable {
        var tool: Tool
        var invocations: [Invocation]
        var automationDetails: AutomationDetails
        var originalUriBaseIds: [String: ArtifactLocation]
        var results: [Result]
        var properties: [String: String]
    }
    struct AutomationDetails: Encodable { var id: String }
    struct Invocation: Encodable {
        var executionSuccessful = true
        var toolExecutionNotifications: [Notification]
    }
    struct Notification: Encodable {
        var level: String
        var message: Text
    }
    struct Tool: Encodable { var driver: Driver }
    struct Driver: Encodable {
        var name = "Steward"
        var semanticVersion: String
        var rules: [RuleDescriptor]
    }
    struct RuleDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Text
        var fullDescription: Text
        var help: Help
        var defaultConfiguration: Configuration
        var properties: RuleProperties
    }
    struct RuleProperties: Encodable { var tags: [String] }
    struct Text: Encodable { var text: String }
    struct Help: Encodable { var text: String; var markdown: String }
    struct Configuration: Encodable { var level: String }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Text
        var locations: [Location]
        var partialFingerprints: [String: String]
        var properties: ResultProperties
    }
    struct ResultProperties: Encodable {
        var eventId: String
        var eventName: String
        var value: String?
        var new: Bool?
    }
    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        var logicalLocations: [LogicalLocation]
    }
    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }
    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }
    struct Region: Encodable { var startLine: Int; var startColumn: Int }
    struct LogicalLocation: Encodable {
        var name: String
        var fullyQualifiedName: String
        var kind = "object"
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info, .off: return "note"
        }
    }

    /// Renders the whole report.
    public func render(_ report: AuditReport) -> String {
        let findings = report.result.findings
        let ruleIDs = Array(Set(findings.map(\.ruleID)).union(report.result.enabledRules)).sorted()
        let index = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })
        let rules = ruleIDs.map(Self.descriptor)
        // The policy file shown for rules configured only in a bundled preset: the first real file, or steward.yml.
        let fallbackFile = report.policySources.first { !$0.hasPrefix("<") && !$0.hasPrefix("preset:") } ?? "steward.yml"
        let kept = report.mostSevere(limit: maxResults).sorted()
        let results = kept.map { position -> Result in
            let finding = findings[position]
            let configured = report.ruleLocations[finding.ruleID]
            let real = configured.map { !$0.file.hasPrefix("<") } ?? false
            let region =
                real
                ? Region(startLine: max(1, configured!.line), startColumn: max(1, configured!.column))
                : Region(startLine: 1, startColumn: 1)
            let file = real ? configured!.file : fallbackFile
            var key = StableHash()
            key.combine(finding.eventID)
            key.combine(finding.ruleID)
            return Result(
                ruleId: finding.ruleID, ruleIndex: index[finding.ruleID]!, level: Self.level(finding.severity),
                message: Text(text: finding.message),
                locations: [
                    Location(
                        physicalLocation: PhysicalLocation(
                            artifactLocation: ArtifactLocation(uri: Self.uri(file), uriBaseId: file.hasPrefix("/") ? nil : "SRCROOT"),
                            region: region),
                        logicalLocations: [
                            LogicalLocation(name: finding.eventName, fullyQualifiedName: "event_definitions/\(finding.eventID)")
                        ])
                ],
                partialFingerprints: ["stewardFinding/v1": key.hex],
                properties: ResultProperties(
                    eventId: finding.eventID, eventName: finding.eventName, value: finding.value,
                    new: report.history == nil ? nil : report.isNew(position)))
        }
        let log = Log(runs: [
            Run(
                tool: Tool(driver: Driver(semanticVersion: report.toolVersion, rules: rules)),
                invocations: [
                    Invocation(
                        toolExecutionNotifications: kept.count < findings.count
                            ? [
                                Notification(
                                    level: "warning",
                                    message: Text(
                                        text: "\(findings.count - kept.count) of \(findings.count) findings were left out to stay within "
                                            + "\(maxResults) results (the most severe are kept); every finding is in steward-report.json."))
                            ] : [])
                ],
                automationDetails: AutomationDetails(id: "steward/\(report.source)/"),
                originalUriBaseIds: ["SRCROOT": ArtifactLocation(uri: "file:///", uriBaseId: nil)],
                results: results,
                properties: ["source": report.source, "policyHash": report.result.policyHash, "judgedAt": report.generatedAt.iso8601])
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(log)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    /// A relative path as a URI reference: each segment percent-encoded.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        let encoded = path.split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? String($0)
        }.joined(separator: "/")
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    static func descriptor(_ id: String) -> RuleDescriptor {
        if let type = RuleRegistry.builtIn.rule(id) {
            let description = type.description
            return RuleDescriptor(
                id: id, name: Self.camel(id), shortDescription: Text(text: description.summary),
                fullDescription: Text(text: description.rationale),
                help: Help(
                    text: "\(description.summary) \(description.rationale) Run `steward rules \(id)` for options and examples.",
                    markdown:
                        "**\(description.name)**: \(description.summary)\n\n\(description.rationale)\n\nRun `steward rules \(id)` for options and examples."
                ),
                defaultConfiguration: Configuration(level: Self.level(description.defaultSeverity)),
                properties: RuleProperties(tags: ["posthog", "event-definitions"]))
        }
        let summary =
            id == Linter.waiverExpiredRule
            ? "A waiver in the policy has expired."
            : id == Linter.waiverExpiringRule ? "A waiver in the policy expires soon." : "A Steward finding."
        return RuleDescriptor(
            id: id, name: Self.camel(id), shortDescription: Text(text: summary), fullDescription: Text(text: summary),
            help: Help(text: summary, markdown: summary),
            defaultConfiguration: Configuration(level: id == Linter.waiverExpiredRule ? "error" : "note"),
            properties: RuleProperties(tags: ["policy"]))
    }

    /// `near_duplicate_name` → `NearDuplicateName`, SARIF's convention for rule names.
    static func camel(_ id: String) -> String {
        id.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
