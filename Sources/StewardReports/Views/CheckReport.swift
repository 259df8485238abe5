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
            for finding in mine {
                lines.append("\(safe): \(finding.severity) [\(finding.ruleID)] \(TerminalText.sanitize(finding.message))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"rules": […], "names": [{"name", "verdict": ok|findings|out_of_scope, "findings": [{rule, severity, message}]}]}`.
    public func json() -> String {
        struct Item: Encodable {
            struct Judged: Encodable {
                var rule: String
                var severity: String
                var message: String
            }
            var name: String
            var verdict: String
            var findings: [Judged]
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
            return Item(name: name, verdict: verdict, findings: outOfScope.contains(name) ? [] : mine)
        }
        return ViewJSON.encode(Body(rules: rules, names: items))
    }
}
