import Foundation
import StewardCore

/// What `steward check` found for each candidate name, rendered as text or JSON.
public struct CheckReport: Sendable {
    /// The names asked about, in the order given.
    public var names: [String]
    /// Findings on the candidates, in report order.
    public var findings: [Finding]
    /// Candidates the policy's scope leaves out (PostHog's own events, excluded names).
    public var outOfScope: [String]
    /// The name rules that ran.
    public var rules: [String]
    /// 0, or 1 when a finding reaches the threshold.
    public var exitCode: Int32
    /// With `--live`: what PostHog holds under each name (nil: no such event), looked up by name.
    public var live: [String: EventDefinition?]?

    /// Creates a report.
    public init(names: [String], findings: [Finding], outOfScope: [String], rules: [String], exitCode: Int32) {
        self.names = names
        self.findings = findings
        self.outOfScope = outOfScope
        self.rules = rules
        self.exitCode = exitCode
    }

    /// One line per name that passes, one per finding otherwise.
    public func text() -> String {
        var lines: [String] = []
        // Looked up by name, once: a list search per name made 20,000 names take minutes.
        let outOfScope = Set(self.outOfScope)
        let findingsByName = Dictionary(grouping: findings, by: \.eventName)
        for name in names {
            let safe = TerminalText.sanitize(name)
            if outOfScope.contains(name) {
                lines.append("\(safe): not checked (outside the policy's scope, e.g. one of PostHog's own events)")
                continue
            }
            let mine = findingsByName[name] ?? []
            if mine.isEmpty {
                lines.append("\(safe): ok")
            }
            if let live, let found = live[name] {
                lines.append("\(safe): \(TerminalText.sanitize(Self.describe(found)))")
            }
            for finding in mine {
                lines.append("\(safe): \(finding.severity) [\(finding.ruleID)] \(TerminalText.sanitize(finding.message))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What PostHog holds under a name, in a line: its owner, verification and visibility.
    static func describe(_ definition: EventDefinition?) -> String {
        guard let definition else { return "not in PostHog yet" }
        let owner = definition.owner.map { "owned by \($0.displayName)" } ?? "no owner"
        let seen = definition.lastSeenAt.map { "last seen \($0.dateString)" } ?? "never seen"
        return
            "in PostHog: \(owner), \(definition.isVerified ? "verified" : "not verified"), \(definition.isHidden ? "hidden" : "visible"), \(seen)"
    }

    /// `{"rules": […], "names": [{"name", "verdict": ok|findings|out_of_scope, "findings": [{rule, severity, message}], "posthog"?}]}`.
    public func json() -> String {
        struct Item: Encodable {
            struct Judged: Encodable {
                var rule: String
                var severity: String
                var message: String
            }
            struct Live: Encodable {
                var exists: Bool
                var id: String?
                var owner: String?
                var verified: Bool?
                var hidden: Bool?
                var lastSeenAt: Timestamp?
                enum CodingKeys: String, CodingKey { case exists, id, owner, verified, hidden, lastSeenAt = "last_seen_at" }
            }
            var name: String
            var verdict: String
            var findings: [Judged]
            var posthog: Live?
        }
        struct Body: Encodable {
            var rules: [String]
            var names: [Item]
        }
        let outOfScope = Set(self.outOfScope)
        let findingsByName = Dictionary(grouping: findings, by: \.eventName)
        let items = names.map { name -> Item in
            let mine = (findingsByName[name] ?? []).map {
                Item.Judged(rule: $0.ruleID, severity: $0.severity.rawValue, message: $0.message)
            }
            let verdict = outOfScope.contains(name) ? "out_of_scope" : mine.isEmpty ? "ok" : "findings"
            let posthog = live.flatMap { $0[name] }.map { found in
                Item.Live(
                    exists: found != nil, id: found?.id, owner: found?.owner.map(\.displayName), verified: found.map(\.isVerified),
                    hidden: found.map(\.isHidden), lastSeenAt: found?.lastSeenAt)
            }
            return Item(name: name, verdict: verdict, findings: outOfScope.contains(name) ? [] : mine, posthog: posthog)
        }
        return ViewJSON.encode(Body(rules: rules, names: items))
    }
}
