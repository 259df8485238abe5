import StewardCore

/// `steward history show RUN`: a run, what it opened and closed, its counts and the age of what stays open.
public struct RunDetail: Sendable, Codable {
    /// Findings by severity for one rule, owner or tag.
    public struct Count: Sendable, Codable, Equatable {
        /// The key.
        public var key: String
        /// Error findings.
        public var errors: Int
        /// Warning findings.
        public var warnings: Int
        /// Info findings.
        public var infos: Int

        /// All findings counted.
        public var total: Int { errors + warnings + infos }
    }

    /// Open findings whose age falls in one range of days.
    public struct AgeBucket: Sendable, Codable, Equatable {
        /// A label such as `8–30 days`.
        public var label: String
        /// Fewest days in the range.
        public var minimumDays: Int
        /// Findings in it.
        public var count: Int

        enum CodingKeys: String, CodingKey { case label, minimumDays = "minimum_days", count }
    }

    /// The run.
    public var run: RunSummary
    /// The run before it that was not a failure.
    public var previousRunID: Int64?
    /// Findings first opened in this run.
    public var new: [HistoryFinding]
    /// Findings this run closed.
    public var resolved: [HistoryFinding]
    /// Counts by rule, most findings first.
    public var byRule: [Count]
    /// Counts by owner (`(no owner)` for definitions without one).
    public var byOwner: [Count]
    /// Counts by tag (`(untagged)` for definitions without tags).
    public var byTag: [Count]
    /// Findings open as of this run, by age at the run's start.
    public var openByAge: [AgeBucket]
    /// The oldest finding open as of this run.
    public var oldestOpen: HistoryFinding?

    enum CodingKeys: String, CodingKey {
        case run, previousRunID = "previous_run", new, resolved, byRule = "by_rule", byOwner = "by_owner", byTag = "by_tag",
            openByAge = "open_by_age", oldestOpen = "oldest_open"
    }
}
