/// Every definition of a project at one moment, with where and when it was read.
public struct Snapshot: Sendable, Equatable {
    /// The marker written in the `format` key of a snapshot file.
    public static let formatName = "steward-snapshot"
    /// The snapshot file version this Steward writes and reads.
    public static let currentVersion = 1

    /// The PostHog host the definitions came from, when known.
    public var host: String?
    /// The project id (or `@current`), when known.
    public var project: String?
    /// When the crawl finished.
    public var fetchedAt: Timestamp?
    /// The count PostHog reported (possibly capped), when known.
    public var reportedCount: Int?
    /// Whether every definition is known to be here; partial snapshots must not resolve findings.
    public var complete: Bool
    /// The definitions, in the order read.
    public var definitions: [EventDefinition]
    /// What the decoder had to bend to read them, by definition id (only those that needed it).
    public var coercions: [String: Coercions] = [:]
    /// Where each definition's reading came from in a live crawl (parallel to `definitions`), when the crawl
    /// was one consistent pass; nil for a file. Never written to a snapshot file.
    public var pageOrigins: [PageOrigin]?
    /// The most requests a live crawl had in flight at once; nil for a file. Never written to a snapshot file.
    public var peakConcurrency: Int?
    /// Other things worth saying about the read (definitions listed twice and merged).
    public var notes: [String] = []
    /// Saved insights, dashboards and actions read with the definitions; nil when they were not read.
    public var usage: UsageData?
    /// Why usage is missing when it was asked for (a key without a scope), said once.
    public var usageNote: String?

    /// Everything to say about how the definitions were read, once, on stderr and in the json report:
    /// "3 definitions had null tags; dropped".
    public var readingNotes: [String] { Coercions.notes(coercions.values) + notes }

    /// The same reading: where the pages came from in a crawl, and how many were read at once, are not part
    /// of what was read.
    public static func == (lhs: Snapshot, rhs: Snapshot) -> Bool {
        lhs.host == rhs.host && lhs.project == rhs.project && lhs.fetchedAt == rhs.fetchedAt && lhs.reportedCount == rhs.reportedCount
            && lhs.complete == rhs.complete && lhs.definitions == rhs.definitions && lhs.coercions == rhs.coercions
            && lhs.notes == rhs.notes && lhs.usage == rhs.usage && lhs.usageNote == rhs.usageNote
    }

    /// Creates a snapshot.
    public init(
        host: String? = nil, project: String? = nil, fetchedAt: Timestamp? = nil, reportedCount: Int? = nil,
        complete: Bool, definitions: [EventDefinition]
    ) {
        self.host = host
        self.project = project
        self.fetchedAt = fetchedAt
        self.reportedCount = reportedCount
        self.complete = complete
        self.definitions = definitions
    }
}

extension Snapshot: Codable {
    enum CodingKeys: String, CodingKey {
        case format, version, host, project, count, complete, definitions
        case fetchedAt = "fetched_at"
    }

    /// Decodes it as PostHog or a Steward file writes it.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decode(Int.self, forKey: .version)
        guard version <= Snapshot.currentVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: c,
                debugDescription:
                    "snapshot version \(version) is newer than this Steward reads (\(Snapshot.currentVersion)); upgrade Steward")
        }
        self.init(
            host: try c.decodeIfPresent(String.self, forKey: .host),
            project: try c.decodeIfPresent(String.self, forKey: .project),
            fetchedAt: try c.decodeIfPresent(Timestamp.self, forKey: .fetchedAt),
            reportedCount: try c.decodeIfPresent(Int.self, forKey: .count),
            complete: try c.decode(Bool.self, forKey: .complete),
            definitions: try c.decode([EventDefinition].self, forKey: .definitions))
    }

    /// Encodes it as Steward writes it.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Snapshot.formatName, forKey: .format)
        try c.encode(Snapshot.currentVersion, forKey: .version)
        try c.encode(host, forKey: .host)
        try c.encode(project, forKey: .project)
        try c.encode(fetchedAt, forKey: .fetchedAt)
        try c.encode(reportedCount ?? definitions.count, forKey: .count)
        try c.encode(complete, forKey: .complete)
        try c.encode(definitions, forKey: .definitions)
    }
}
