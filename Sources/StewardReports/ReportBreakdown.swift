import StewardCore

/// Findings counted by rule, owner or tag, most errors first: the tables every rich report shows.
public struct ReportBreakdown: Sendable {
    public struct Row: Sendable, Equatable {
        public var key: String
        public var errors = 0
        public var warnings = 0
        public var infos = 0

        public var total: Int { errors + warnings + infos }

        mutating func add(_ severity: Severity) {
            switch severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: infos += 1
            case .off: break
            }
        }
    }

    public var byRule: [Row]
    public var byOwner: [Row]
    public var byTag: [Row]

    /// Counts the report's findings; owners and tags come from the definitions the report carries.
    public init(_ report: AuditReport) {
        var rules: [String: Row] = [:]
        var owners: [String: Row] = [:]
        var tags: [String: Row] = [:]
        let definitions = report.findingDefinitions()
        for (index, finding) in report.result.findings.enumerated() {
            rules[finding.ruleID, default: Row(key: finding.ruleID)].add(finding.severity)
            guard let definition = definitions[index] else { continue }
            let owner = definition.owner?.displayName ?? Self.noOwner
            owners[owner, default: Row(key: owner)].add(finding.severity)
            if definition.tags.isEmpty { tags[Self.untagged, default: Row(key: Self.untagged)].add(finding.severity) }
            for tag in Set(definition.tags) { tags[tag, default: Row(key: tag)].add(finding.severity) }
        }
        func ordered(_ rows: [String: Row]) -> [Row] {
            rows.values.sorted { ($0.errors, $0.total, $1.key) > ($1.errors, $1.total, $0.key) }
        }
        byRule = ordered(rules)
        byOwner = ordered(owners)
        byTag = ordered(tags)
    }

    public static let noOwner = "(no owner)"
    public static let untagged = "(untagged)"
}

extension Severity {
    /// Errors first: the order annotations and summaries list findings in.
    var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .info: return 2
        case .off: return 3
        }
    }
}

extension AuditReport {
    /// Finding indices, most severe first, then report order (stable).
    func indicesBySeverity() -> [Int] {
        result.findings.indices.sorted { a, b in
            let (x, y) = (result.findings[a].severity.rank, result.findings[b].severity.rank)
            return x != y ? x < y : a < b
        }
    }
}
