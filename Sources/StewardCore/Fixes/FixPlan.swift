import Foundation

/// A reviewed set of changes, written by `steward fix --plan-out` and applied by `steward fix --apply`.
public struct FixPlan: Sendable, Codable, Equatable {
    public static let formatName = "steward-fix-plan"
    public static let currentVersion = 1

    /// A fix the planner could not or would not plan, with why.
    public struct Skipped: Sendable, Codable, Equatable {
        public var eventID: String
        public var eventName: String
        public var rule: String
        public var reason: String

        enum CodingKeys: String, CodingKey { case eventID = "event_id", eventName = "event_name", rule, reason }
    }

    public var format = FixPlan.formatName
    public var version = FixPlan.currentVersion
    /// The PostHog host and project the plan is for.
    public var host: String
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

    /// Pretty, sorted JSON for review.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }
}
