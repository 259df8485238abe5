import Foundation

/// Accepted findings, by exact (definition id, rule id): a team adopting Steward on a big project gates on
/// what is new and works the baseline down. Entries that no longer match a finding are stale and reported,
/// and `steward baseline write` drops them, so a baseline only shrinks.
public struct Baseline: Sendable, Equatable {
    /// The marker in the file's `format` key.
    public static let formatName = "steward-baseline"
    /// The file version this Steward writes and reads.
    public static let currentVersion = 1

    /// One accepted finding; the event name and rule are there for people reading the diff in review.
    public struct Entry: Sendable, Hashable, Codable, Comparable {
        /// The event id.
        public var eventID: String
        /// The rule id.
        public var ruleID: String
        /// The event name.
        public var eventName: String

        /// Creates one from its parts.
        public init(eventID: String, ruleID: String, eventName: String) {
            self.eventID = eventID
            self.ruleID = ruleID
            self.eventName = eventName
        }

        /// The key findings are matched by.
        public var key: FindingKey { FindingKey(eventID: eventID, ruleID: ruleID) }

        /// The order lists and files put them in.
        public static func < (lhs: Entry, rhs: Entry) -> Bool {
            (lhs.eventName, lhs.ruleID, lhs.eventID) < (rhs.eventName, rhs.ruleID, rhs.eventID)
        }

        enum CodingKeys: String, CodingKey { case eventID = "event_id", ruleID = "rule", eventName = "event_name" }
    }

    /// The entries, sorted by event name, rule and id so the file diffs well.
    public private(set) var entries: [Entry]
    private let keys: Set<FindingKey>

    /// Creates a baseline of entries (duplicates dropped, sorted).
    public init(entries: [Entry]) {
        var seen = Set<FindingKey>()
        self.entries = entries.filter { seen.insert($0.key).inserted }.sorted()
        keys = seen
    }

    /// A baseline accepting every one of `findings`.
    public init(accepting findings: [Finding]) {
        self.init(entries: findings.map { Entry(eventID: $0.eventID, ruleID: $0.ruleID, eventName: $0.eventName) })
    }

    /// Whether a finding is accepted.
    public func contains(_ finding: Finding) -> Bool { keys.contains(finding.key) }

    /// Entries no current finding matches.
    public func stale(given findings: [Finding]) -> [Entry] {
        let present = Set(findings.lazy.map(\.key))
        return entries.filter { !present.contains($0.key) }
    }

    /// Whether the two hold the same values.
    public static func == (lhs: Baseline, rhs: Baseline) -> Bool { lhs.entries == rhs.entries }

    private struct File: Codable {
        var format: String
        var version: Int
        var findings: [Entry]
    }

    /// Reads a baseline file; a missing, malformed or newer file is a usage error (exit 2) naming it.
    public static func load(path: String) throws(StewardError) -> Baseline {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw StewardError(
                .usage, "cannot read baseline \(path): it does not exist or is not readable; write one with `steward baseline write`.")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw StewardError(.usage, "\(path): not a Steward baseline (\(SnapshotReader.describe(error))).")
        }
        guard file.format == formatName else {
            throw StewardError(.usage, "\(path): not a Steward baseline (format is '\(file.format)', expected '\(formatName)').")
        }
        guard file.version <= currentVersion else {
            throw StewardError(
                .usage, "\(path): baseline version \(file.version) is newer than this Steward reads (\(currentVersion)); upgrade Steward.")
        }
        return Baseline(entries: file.findings)
    }

    /// The file's bytes: pretty, sorted JSON ending in a newline.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(File(format: Self.formatName, version: Self.currentVersion, findings: entries))) ?? Data()
        return data + Data("\n".utf8)
    }
}
