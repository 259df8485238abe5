import StewardCore

/// Findings counted by rule, owner or tag, most errors first: the tables every rich report shows.
public struct ReportBreakdown: Sendable {
    /// One key's counts.
    public struct Row: Sendable, Equatable {
        public var key: String
        public var counts = SeverityCounts()

        public var errors: Int { counts.errors }
        public var warnings: Int { counts.warnings }
        public var infos: Int { counts.infos }
        public var total: Int { counts.total }

        mutating func add(_ severity: Severity) { counts.add(severity) }
        mutating func merge(_ other: Row) { counts.merge(other.counts) }
    }

    public var byRule: [Row]
    public var byOwner: [Row]
    public var byTag: [Row]

    /// Counts the report's findings; owners and tags come from the definitions the report carries. Findings
    /// are summed per definition first, so owners and tags are looked up once per definition, not per finding.
    public init(_ report: AuditReport) {
        let findings = report.result.findings
        var ruleSlots: [(name: String, row: Row)] = []
        // Summed per definition first (an array by position: no hashing per finding), so owners and tags are
        // looked up once per definition with findings.
        var perDefinition = [SeverityCounts](repeating: SeverityCounts(), count: report.definitions.count)
        var touched: [Int] = []
        let positions = report.definitions.isEmpty ? [] : report.result.positions(in: report.definitions)
        for index in findings.indices {
            let severity = findings[index].severity
            let rule = findings[index].ruleID
            if let slot = ruleSlots.firstIndex(where: { $0.name == rule }) {
                ruleSlots[slot].row.add(severity)
            } else {
                var row = Row(key: rule)
                row.add(severity)
                ruleSlots.append((rule, row))
            }
            let position = positions.isEmpty ? -1 : positions[index]
            guard position >= 0 else { continue }
            if perDefinition[position].total == 0 { touched.append(position) }
            perDefinition[position].add(severity)
        }
        var owners: [String: Row] = [:]
        var tags: [String: Row] = [:]
        for position in touched {
            let counts = Row(key: "", counts: perDefinition[position])
            let definition = report.definitions[position]
            let owner = definition.owner?.displayName ?? Self.noOwner
            owners[owner, default: Row(key: owner)].merge(counts)
            if definition.tags.isEmpty { tags[Self.untagged, default: Row(key: Self.untagged)].merge(counts) }
            for (offset, tag) in definition.tags.enumerated() where !definition.tags[..<offset].contains(tag) {
                tags[tag, default: Row(key: tag)].merge(counts)
            }
        }
        func ordered(_ rows: [Row]) -> [Row] {
            rows.sorted { ($0.errors, $0.total, $1.key) > ($1.errors, $1.total, $0.key) }
        }
        var rules: [String: Row] = [:]
        for (name, row) in ruleSlots { rules[name, default: Row(key: name)].merge(row) }
        byRule = ordered(Array(rules.values))
        byOwner = ordered(Array(owners.values))
        byTag = ordered(Array(tags.values))
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
    /// Finding indices, most severe first and in report order within a severity (a stable bucket pass).
    func indicesBySeverity() -> [Int] {
        var buckets: [[Int]] = [[], [], [], []]
        for index in result.findings.indices { buckets[result.findings[index].severity.rank].append(index) }
        return Array(buckets.joined())
    }

    /// The breakdown every reporter shows, made once per report when the caller made it in advance.
    public var sharedBreakdown: ReportBreakdown { breakdown ?? ReportBreakdown(self) }
}
