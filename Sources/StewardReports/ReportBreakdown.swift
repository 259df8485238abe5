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
    /// Finding indices, most severe first and in report order within a severity: counted by severity first,
    /// then placed, so the one array of every index is all that is allocated.
    func indicesBySeverity() -> [Int] {
        result.findings.withUnsafeBufferPointer { findings in
            var next = [0, 0, 0, 0]
            for index in findings.indices { next[findings[index].severity.rank] += 1 }
            var start = 0
            for rank in next.indices { (next[rank], start) = (start, start + next[rank]) }
            var order = [Int](repeating: 0, count: findings.count)
            for index in findings.indices {
                let rank = findings[index].severity.rank
                order[next[rank]] = index
                next[rank] += 1
            }
            return order
        }
    }

    /// The first `limit` of ``indicesBySeverity()``, found holding at most `limit` indices per severity (the
    /// bounded reports list a few findings of millions).
    func mostSevere(limit: Int) -> [Int] {
        var kept: [[Int]] = [[], [], [], []]
        result.findings.withUnsafeBufferPointer { findings in
            for index in findings.indices {
                let rank = findings[index].severity.rank
                if kept[rank].count < limit { kept[rank].append(index) }
            }
        }
        return Array(kept.joined().prefix(limit))
    }

    /// Per rule: how many findings it has, and the first `limit` of them most severe first (report order within
    /// a severity), found holding at most `limit` indices per rule and severity, not one per finding.
    func mostSevereByRule(limit: Int) -> [String: (total: Int, indices: [Int])] {
        var slots: [(rule: String, total: Int, kept: [[Int]])] = []
        result.findings.withUnsafeBufferPointer { findings in
            for index in findings.indices {
                let rule = findings[index].ruleID
                // Findings name few rules, nearly always the same String storage: a short scan beats hashing each one.
                let slot: Int
                if let found = slots.firstIndex(where: { $0.rule == rule }) {
                    slot = found
                } else {
                    slots.append((rule, 0, [[], [], [], []]))
                    slot = slots.count - 1
                }
                let rank = findings[index].severity.rank
                slots[slot].total += 1
                if slots[slot].kept[rank].count < limit { slots[slot].kept[rank].append(index) }
            }
        }
        return Dictionary(
            slots.map { ($0.rule, (total: $0.total, indices: Array($0.kept.joined().prefix(limit)))) },
            uniquingKeysWith: { first, _ in first })
    }

    /// The breakdown every reporter shows, made once per report when the caller made it in advance.
    public var sharedBreakdown: ReportBreakdown { breakdown ?? ReportBreakdown(self) }
}
