/// Findings counted by rule, owner and tag: the one tally behind history's per-run counts and the reports'
/// breakdown tables.
///
/// Findings are summed per definition first (an array by position: no hashing per finding), so owners
/// and tags are looked up once per definition with findings, not once per finding. A tag listed twice on
/// a definition counts once.
public struct FindingTally: Sendable {
    /// The owner key of definitions without an owner.
    public static let noOwner = "(no owner)"
    /// The tag key of definitions without tags.
    public static let untagged = "(untagged)"

    /// Counts by rule id.
    public var byRule: [String: SeverityCounts] = [:]
    /// Counts by owner (``noOwner`` for definitions without one).
    public var byOwner: [String: SeverityCounts] = [:]
    /// Counts by tag (``untagged`` for definitions without tags).
    public var byTag: [String: SeverityCounts] = [:]

    /// Tallies `findings`; `positions[i]` is the index in `definitions` of finding `i`'s definition, or -1
    /// for a finding that names no definition read (it counts by rule only).
    public init(_ findings: [Finding], definitions: [EventDefinition], positions: [Int]) {
        var ruleSlots: [(name: String, counts: SeverityCounts)] = []
        var perDefinition = [SeverityCounts](repeating: SeverityCounts(), count: definitions.count)
        var touched: [Int] = []
        for index in findings.indices {
            let severity = findings[index].severity
            let rule = findings[index].ruleID
            // Findings name few rules, nearly always the same String storage: a short scan beats hashing each one.
            if let slot = ruleSlots.firstIndex(where: { $0.name == rule }) {
                ruleSlots[slot].counts.add(severity)
            } else {
                var counts = SeverityCounts()
                counts.add(severity)
                ruleSlots.append((rule, counts))
            }
            let position = index < positions.count ? positions[index] : -1
            guard position >= 0 else { continue }
            if perDefinition[position].total == 0 { touched.append(position) }
            perDefinition[position].add(severity)
        }
        for (name, counts) in ruleSlots { byRule[name, default: SeverityCounts()].merge(counts) }
        for position in touched {
            let counts = perDefinition[position]
            // Two fields, not a copy of the whole definition (a retain for each of its strings).
            byOwner[definitions[position].owner?.displayName ?? Self.noOwner, default: SeverityCounts()].merge(counts)
            let tags = definitions[position].tags
            if tags.isEmpty { byTag[Self.untagged, default: SeverityCounts()].merge(counts) }
            for offset in tags.indices where !tags[..<offset].contains(tags[offset]) {
                byTag[tags[offset], default: SeverityCounts()].merge(counts)
            }
        }
    }
}
