import StewardCore

/// `steward plan diff`: where PostHog and the tracking plan differ, and planned names the policy's naming
/// rules reject, as text (a line each, with the plan's `file:line:column`) or JSON.
public struct PlanDiffView: Sendable {
    /// The differences.
    public var diff: PlanDiff
    /// Naming findings on planned names (the policy's name rules, near-duplicates against PostHog included).
    public var naming: [Finding]
    /// Where each planned name is written, for naming findings.
    public var locations: [String: SourceLocation]
    /// The plan file.
    public var plan: String

    /// Creates a view.
    public init(diff: PlanDiff, naming: [Finding], locations: [String: SourceLocation], plan: String) {
        self.diff = diff
        self.naming = naming
        self.locations = locations
        self.plan = plan
    }

    /// Whether anything differs or a planned name is rejected (a naming finding at error severity; warnings are shown only).
    public var differs: Bool { !diff.isEmpty || naming.contains { $0.severity >= .error } }

    /// A line per difference, grouped; a closing line with the counts.
    public func text() -> String {
        var lines: [String] = []
        for event in diff.missing {
            lines.append("\(event.location): missing: '\(TerminalText.sanitize(event.name))' is planned but PostHog has no such event")
        }
        for drift in diff.drifted {
            lines.append(
                "\(drift.location): drifted: '\(TerminalText.sanitize(drift.name))' \(drift.field) is \(TerminalText.sanitize(quote(drift.actual))) in PostHog, planned \(TerminalText.sanitize(quote(drift.planned)))"
            )
        }
        for definition in diff.unplanned {
            lines.append("\(plan): unplanned: '\(TerminalText.sanitize(definition.name))' is in PostHog but not in the plan")
        }
        for finding in naming {
            let place = locations[finding.eventName].map { "\($0)" } ?? plan
            lines.append(
                "\(place): naming: '\(TerminalText.sanitize(finding.eventName))' \(finding.severity) [\(finding.ruleID)] \(TerminalText.sanitize(finding.message))"
            )
        }
        let counts =
            "\(diff.missing.count) missing, \(diff.unplanned.count) unplanned, \(diff.drifted.count) drifted field\(diff.drifted.count == 1 ? "" : "s")"
            + (naming.isEmpty ? "" : ", \(naming.count) naming finding\(naming.count == 1 ? "" : "s")")
        lines.append(differs ? "\(plan): PostHog differs from the plan: \(counts)." : "\(plan): PostHog matches the plan.")
        return lines.joined(separator: "\n") + "\n"
    }

    private func quote(_ text: String) -> String { text.hasPrefix("[") ? text : "'\(text)'" }

    /// `{"plan", "missing": [names], "unplanned": [names], "drifted": [{"name", "field", "planned", "actual"}], "naming": […]}`.
    public func json() -> String {
        struct Drift: Encodable { var name, field, planned, actual: String }
        struct Naming: Encodable { var name, rule, severity, message: String }
        struct Body: Encodable {
            var plan: String
            var missing: [String]
            var unplanned: [String]
            var drifted: [Drift]
            var naming: [Naming]
        }
        return ViewJSON.encode(
            Body(
                plan: plan, missing: diff.missing.map(\.name), unplanned: diff.unplanned.map(\.name),
                drifted: diff.drifted.map { Drift(name: $0.name, field: $0.field, planned: $0.planned, actual: $0.actual) },
                naming: naming.map { Naming(name: $0.eventName, rule: $0.ruleID, severity: $0.severity.rawValue, message: $0.message) }))
    }
}
