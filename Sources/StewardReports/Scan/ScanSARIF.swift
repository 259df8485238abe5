import Foundation
import StewardCore

/// SARIF 2.1.0 for a scan: each result's physical location is the line of the call in the source file, so
/// GitHub code scanning annotates the pull request's diff; `partialFingerprints` come from (file, event
/// name, rule), so an alert stays the same alert while the line moves.
public struct ScanSARIF: Sendable {
    /// Results per run (GitHub's limit).
    public var maxResults: Int

    /// Creates one.
    public init(maxResults: Int = 25_000) {
        self.maxResults = maxResults
    }

    /// The SARIF log.
    public func render(_ report: ScanReport) -> String {
        typealias S = SARIFReporter
        let ruleIDs = Set(report.findings.map(\.ruleID)).union(report.rules).sorted()
        let index = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })
        let kept = report.findings.enumerated().sorted(by: ScanReport.mostSevereFirst)
            .prefix(maxResults).sorted { $0.offset < $1.offset }.map(\.element)
        let results = kept.map { finding -> S.Result in
            let location = finding.location ?? SourceLocation(file: ".", line: 1, column: 1)
            let file = location.file
            return S.Result(
                ruleId: finding.ruleID, ruleIndex: index[finding.ruleID]!, level: S.level(finding.severity),
                message: S.Text(text: finding.message),
                locations: [
                    S.Location(
                        physicalLocation: S.PhysicalLocation(
                            artifactLocation: S.ArtifactLocation(uri: S.uri(file), uriBaseId: file.hasPrefix("/") ? nil : "SRCROOT"),
                            region: S.Region(startLine: max(1, location.line), startColumn: max(1, location.column))),
                        logicalLocations: [S.LogicalLocation(name: finding.eventName, fullyQualifiedName: "events/\(finding.eventName)")])
                ],
                partialFingerprints: ["stewardScan/v1": ScanReport.fingerprint(finding)],
                properties: S.ResultProperties(eventId: finding.eventID, eventName: finding.eventName, value: finding.value, new: nil))
        }
        let notifications =
            kept.count < report.findings.count
            ? [
                S.Notification(
                    level: "warning",
                    message: S.Text(
                        text:
                            "\(report.findings.count - kept.count) of \(report.findings.count) findings were left out to stay within \(maxResults) results."
                    ))
            ] : []
        let log = S.Log(runs: [
            S.Run(
                tool: S.Tool(driver: S.Driver(semanticVersion: report.toolVersion, rules: ruleIDs.map(S.descriptor))),
                invocations: [S.Invocation(toolExecutionNotifications: notifications)],
                automationDetails: S.AutomationDetails(id: "steward-scan/"),
                originalUriBaseIds: [
                    "SRCROOT": S.ArtifactLocation(uri: S.uri(report.root.hasSuffix("/") ? report.root : report.root + "/"), uriBaseId: nil)
                ],
                results: results,
                properties: ["source": report.definitionsSource ?? "none", "policyHash": "", "judgedAt": report.generatedAt.iso8601])
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(log)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
