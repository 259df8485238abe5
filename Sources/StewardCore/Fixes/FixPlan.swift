import Foundation

/// A reviewed set of changes, written by `steward fix --plan-out` and applied by `steward fix --apply`.
public struct FixPlan: Sendable, Codable, Equatable {
    /// The `format` a plan file carries.
    public static let formatName = "steward-fix-plan"
    /// The newest plan version this Steward reads.
    public static let currentVersion = 1

    /// A fix the planner could not or would not plan, with why.
    public struct Skipped: Sendable, Codable, Equatable {
        /// The event id.
        public var eventID: String
        /// The event name.
        public var eventName: String
        /// The rule.
        public var rule: String
        /// The reason.
        public var reason: String

        enum CodingKeys: String, CodingKey { case eventID = "event_id", eventName = "event_name", rule, reason }

        /// Creates one.
        public init(eventID: String, eventName: String, rule: String, reason: String) {
            self.eventID = eventID
            self.eventName = eventName
            self.rule = rule
            self.reason = reason
        }
    }

    /// The format.
    public var format = FixPlan.formatName
    /// The version.
    public var version = FixPlan.currentVersion
    /// The PostHog host and project the plan is for.
    public var host: String
    /// The project.
    public var project: String
    /// The policy's fingerprint.
    public var policyHash: String
    /// When the definitions were read.
    public var createdAt: Timestamp
    /// Each planned definition's `updated_at` as read; applying skips a definition whose value moved.
    public var seen: [String: Timestamp?]
    /// The changes, ordered by event name, id and field.
    public var actions: [FixAction]
    /// Fixes not planned, with the reason.
    public var skipped: [Skipped]

    enum CodingKeys: String, CodingKey {
        case format, version, host, project, policyHash = "policy_hash", createdAt = "created_at", seen, actions, skipped
    }

    /// Creates a plan from its parts.
    public init(
        host: String, project: String, policyHash: String, createdAt: Timestamp, seen: [String: Timestamp?], actions: [FixAction],
        skipped: [Skipped]
    ) {
        self.host = host
        self.project = project
        self.policyHash = policyHash
        self.createdAt = createdAt
        self.seen = seen
        self.actions = actions
        self.skipped = skipped
    }

    /// Reads a plan file; a missing, malformed or newer file is a usage error naming it.
    public static func load(path: String) throws(StewardError) -> FixPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StewardError(.usage, "cannot read fix plan \(path): write one with `steward fix --plan-out \(path)`.")
        }
        let plan: FixPlan
        do {
            plan = try JSONDecoder().decode(FixPlan.self, from: data)
        } catch {
            throw StewardError(.usage, "\(path): not a Steward fix plan (\(SnapshotReader.describe(error))).")
        }
        guard plan.format == formatName else { throw StewardError(.usage, "\(path): not a Steward fix plan (format '\(plan.format)').") }
        guard plan.version <= currentVersion else {
            throw StewardError(.usage, "\(path): fix plan version \(plan.version) is newer than this Steward reads; upgrade Steward.")
        }
        return plan
    }

    /// Refuses a plan that cannot have come from the planner, before anything is journaled or sent: two
    /// actions for one field of one definition (the journal would call both done while PostHog keeps
    /// only the last), or a value of the wrong kind for its field (the write would not be what was reviewed).
    public func validate(name: String) throws(StewardError) {
        var seenFields: [String: Int] = [:]
        for (index, action) in actions.enumerated() {
            let key = "\(action.eventID)\u{0}\(action.field.rawValue)"
            if let first = seenFields[key] {
                throw StewardError(
                    .usage,
                    "\(name): actions \(first + 1) and \(index + 1) both change \(action.field.rawValue) of '\(action.eventName)' (id \(action.eventID)); a plan changes each field of a definition once. Nothing was applied; plan again with `steward fix --plan-out`."
                )
            }
            seenFields[key] = index
            for (side, value) in [("before", action.before), ("after", action.after)] where !action.field.accepts(value, side: side) {
                throw StewardError(
                    .usage,
                    "\(name): action \(index + 1) sets \(action.field.rawValue) of '\(action.eventName)' with \(side) \(value), which is not a value of that field. Nothing was applied; plan again with `steward fix --plan-out`."
                )
            }
        }
    }

    /// Pretty, sorted JSON for review.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }
}
