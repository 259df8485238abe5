import StewardCore

/// Findings counted by rule, owner or tag, most errors first: the tables every rich report shows.
public struct ReportBreakdown: Sendable {
    /// One key's counts.
    public struct Row: Sendable, Equatable {
        /// The key.
        public var key: String
        /// The counts.
        public var counts = SeverityCounts()

        /// Error findings.
        public var errors: Int { counts.errors }
        /// Warning findings.
        public var warnings: Int { counts.warnings }
        /// Info findings.
        public var infos: Int { counts.infos }
        /// All findings counted.
        public var total: Int { counts.total }

    }

    /// Counts by rule.
    public var byRule: [Row]
    /// Counts by owner.
    public var byOwner: [Row]
    /// Counts by tag.
    public var byTag: [Row]

    /// Counts the report's findings; owners and tags come from the definitions the report carries.
    public init(_ report: AuditReport) {
        let positions = report.definitions.isEmpty ? [] : report.result.positions(in: report.definitions)
        self.init(FindingTally(report.result.findings, definitions: report.definitions, positions: positions))
    }

    /// The counts of a tally already made (the audit makes one for the reports and history alike), most
    /// errors first.
    public init(_ tally: FindingTally) {
        func ordered(_ counts: [String: SeverityCounts]) -> [Row] {
            counts.map { Row(key: $0.key, counts: $0.value) }.sorted { ($0.errors, $0.total, $1.key) > ($1.errors, $1.total, $0.key) }
        }
        byRule = ordered(tally.byRule)
        byOwner = ordered(tally.byOwner)
        byTag = ordered(tally.byTag)
    }

    /// The key of definitions without an owner.
    public static let noOwner = FindingTally.noOwner
    /// The key of definitions without tags.
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
    /// Finding indices, most severe first and in report order within a severity (a stable bucket pass).
    func indicesBySeverity() -> [Int] {
        var buckets: [[Int]] = [[], [], [], []]
        for index in result.findings.indices { buckets[result.findings[index].severity.rank].append(index) }
        return Array(buckets.joined())
    }

    /// The breakdown every reporter shows, made once per report when the caller made it in advance.
    public var sharedBreakdown: ReportBreakdown { breakdown ?? ReportBreakdown(self) }
}
