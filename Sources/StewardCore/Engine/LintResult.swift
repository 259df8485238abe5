/// The outcome of linting one set of definitions against one policy.
public struct LintResult: Sendable {
    /// Definitions read.
    public var definitionCount: Int
    /// Definitions the policy's scope covers.
    public var inScopeCount: Int
    /// In-scope definitions with at least one error finding.
    public var definitionsWithErrors: Int
    /// Findings, in report order (event name, rule, id).
    public var findings: [Finding]
    /// Findings silenced by a waiver that still holds.
    public var waived: [Finding]
    /// The rules that ran, in registry order.
    public var enabledRules: [String]
    /// The policy's fingerprint.
    public var policyHash: String
    /// For each finding, the index of its definition in the linted array (-1 when it names no linted
    /// definition, as a waiver for an event PostHog does not have); empty when unknown (a rebuilt result).
    public var definitionPositions: [Int] = []

    /// Each finding's index in `definitions`: the linter's positions when it recorded them, else by id.
    public func positions(in definitions: [EventDefinition]) -> [Int] {
        if definitionPositions.count == findings.count { return definitionPositions }
        var index: [String: Int] = [:]
        index.reserveCapacity(definitions.count)
        for position in definitions.indices where index[definitions[position].id] == nil { index[definitions[position].id] = position }
        return findings.map { index[$0.eventID] ?? -1 }
    }

    /// Creates a result (the linter makes them; history and tests rebuild them).
    public init(
        definitionCount: Int, inScopeCount: Int, definitionsWithErrors: Int, findings: [Finding], waived: [Finding],
        enabledRules: [String], policyHash: String
    ) {
        self.definitionCount = definitionCount
        self.inScopeCount = inScopeCount
        self.definitionsWithErrors = definitionsWithErrors
        self.findings = findings
        self.waived = waived
        self.enabledRules = enabledRules
        self.policyHash = policyHash
    }

    /// Finding counts by severity.
    public var summary: Summary {
        var summary = Summary()
        // Read in place: a loop over the array would copy each finding (a retain and a release per field).
        findings.withUnsafeBufferPointer { findings in
            for index in findings.indices {
                switch findings[index].severity {
                case .error: summary.errors += 1
                case .warning: summary.warnings += 1
                case .info: summary.infos += 1
                case .off: break
                }
            }
        }
        summary.waived = waived.count
        return summary
    }

    /// Share of in-scope definitions with no error finding, 0…100 (100 when nothing is in scope).
    public var complianceScore: Double {
        inScopeCount == 0 ? 100 : Double(inScopeCount - definitionsWithErrors) * 100 / Double(inScopeCount)
    }

    /// Whether any finding is at or above `threshold` (`off` never fails).
    public func fails(at threshold: Severity) -> Bool {
        threshold != .off && findings.contains { $0.severity >= threshold }
    }

    /// Counts by severity.
    public struct Summary: Sendable, Equatable, Codable {
        /// Error findings.
        public var errors = 0
        /// Warning findings.
        public var warnings = 0
        /// Info findings.
        public var infos = 0
        /// Findings a waiver accepted.
        public var waived = 0
    }
}
