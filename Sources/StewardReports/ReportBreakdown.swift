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

    }

    public var byRule: [Row]
    public var byOwner: [Row]
    public var byTag: [Row]

    /// Counts the report's findings; owners and tags come from the definitions the report carries.
    public init(_ report: AuditReport) {
        let positions = report.definitions.isEmpty ? [] : report.result.positions(in: report.definitions)
        let tally = FindingTally(report.result.findings, definitions: report.definitions, positions: positions)
        func ordered(_ counts: [String: SeverityCounts]) -> [Row] {
            counts.map { Row(key: $0.key, counts: $0.value) }.sorted { ($0.errors, $0.total, $1.key) > ($1.errors, $1.total, $0.key) }
        }
        byRule = ordered(tally.byRule)
        byOwner = ordered(tally.byOwner)
        byTag = ordered(tally.byTag)
    }

    public static let noOwner = FindingTally.noOwner
    public static let untagged = FindingTally.untagged
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
