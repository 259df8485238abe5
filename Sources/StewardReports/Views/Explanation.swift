import StewardCore

/// Why one event gets the findings it gets (`steward explain`), rendered as text or JSON.
public struct Explanation: Sendable, Encodable {
    /// An override that picks the event.
    public struct MatchingOverride: Sendable, Encodable {
        /// 1-based, as a person counts the policy's overrides.
        public var number: Int
        /// The location.
        public var location: String
        /// The selector.
        public var selector: String
        /// The rules.
        public var rules: [String]

        /// Creates one from its parts.
        public init(number: Int, location: String, selector: String, rules: [String]) {
            self.number = number
            self.location = location
            self.selector = selector
            self.rules = rules
        }
    }

    /// One rule's setting for the event and its verdict.
    public struct RuleVerdict: Sendable, Encodable {
        /// The rule.
        public var rule: String
        /// `off`, or the severity it judges with.
        public var severity: String
        /// The location.
        public var location: String?
        /// `off`, `ok`, `waived`, or `finding`.
        public var verdict: String
        /// The finding's message, for a `finding` verdict.
        public var message: String?

        /// Creates one from its parts.
        public init(rule: String, severity: String, location: String?, verdict: String, message: String?) {
            self.rule = rule
            self.severity = severity
            self.location = location
            self.verdict = verdict
            self.message = message
        }
    }

    /// A waiver that covers the event.
    public struct CoveringWaiver: Sendable, Encodable {
        /// The location.
        public var location: String
        /// The rule.
        public var rule: String
        /// The last day it holds.
        public var expires: String
        /// Whether it has expired.
        public var expired: Bool
        /// The reason.
        public var reason: String

        /// Creates one from its parts.
        public init(location: String, rule: String, expires: String, expired: Bool, reason: String) {
            self.location = location
            self.rule = rule
            self.expires = expires
            self.expired = expired
            self.reason = reason
        }
    }

    /// The name.
    public var name: String
    /// The definition's id, nil when the name was judged bare.
    public var id: String?
    /// The policy sources.
    public var policySources: [String]
    /// Why the scope leaves the event out, nil when it is in scope.
    public var outOfScope: String?
    /// The overrides.
    public var overrides: [MatchingOverride] = []
    /// The rules.
    public var rules: [RuleVerdict] = []
    /// The waivers.
    public var waivers: [CoveringWaiver] = []
    /// Findings about the event's waivers (expired, expiring).
    public var waiverFindings: [String] = []
    /// What charts the event, when usage was known (a snapshot that carries it).
    public var usage: UsageView.Entry?

    /// Creates one from its parts.
    public init(name: String, id: String?, policySources: [String], outOfScope: String?) {
        self.name = name
        self.id = id
        self.policySources = policySources
        self.outOfScope = outOfScope
    }

    enum CodingKeys: String, CodingKey {
        case name, id, policySources = "policy", outOfScope = "out_of_scope", overrides, rules, waivers, waiverFindings = "waiver_findings",
            usage
    }

    /// For a terminal.
    public func text() -> String {
        let safe = TerminalText.sanitize(name)
        var lines = [
            id.map { "'\(safe)' (id \(TerminalText.sanitize($0)))" } ?? "'\(safe)' (not in the definitions read; judged as a bare name)"
        ]
        lines.append("policy: \(policySources.joined(separator: " → "))")
        if let usage {
            let charts = usage.insights.map { "insight \($0.id) \(TerminalText.sanitize($0.name ?? "(unnamed)"))" }
            let boards = usage.dashboards.map { "dashboard \($0.id) \(TerminalText.sanitize($0.name ?? "(name not read)"))" }
            lines.append(charts.isEmpty ? "usage: no saved insight charts it" : "usage: " + (charts + boards).joined(separator: "; "))
        }
        if let outOfScope {
            lines.append("out of scope: \(outOfScope); no rule applies.")
            return lines.joined(separator: "\n") + "\n"
        }
        if overrides.isEmpty { lines.append("overrides: none match") }
        for override in overrides {
            lines.append(
                "override \(override.number) at \(override.location) matches \(override.selector): changes \(override.rules.joined(separator: ", "))"
            )
        }
        lines.append("rules:")
        for rule in rules {
            let where_ = rule.location.map { " (\($0))" } ?? ""
            switch rule.verdict {
            case "off": lines.append("  \(rule.rule): off\(where_)")
            case "finding": lines.append("  \(rule.rule): \(rule.severity)\(where_) → \(TerminalText.sanitize(rule.message ?? ""))")
            default: lines.append("  \(rule.rule): \(rule.severity)\(where_) → \(rule.verdict)")
            }
        }
        for waiver in waivers {
            lines.append(
                "waiver at \(waiver.location): \(waiver.rule) until \(waiver.expires) (\(waiver.expired ? "EXPIRED" : "holds")): \(TerminalText.sanitize(waiver.reason))"
            )
        }
        lines += waiverFindings.map { TerminalText.sanitize($0) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// As JSON.
    public func json() -> String { ViewJSON.encode(self) }
}
