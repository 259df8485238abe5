import Foundation
import PostHogAPI
import StewardCore

/// Where an audit's definitions come from: a file, or a PostHog project over its API.
public enum DefinitionSource: Sendable {
    /// A snapshot or export file.
    case file(String)
    /// A live project.
    case remote(RemoteOptions)

    /// How to reach and read a live project.
    public struct RemoteOptions: Sendable {
        /// The host.
        public var host: String
        /// The project.
        public var project: String
        /// `--api-key-file`; nil reads `POSTHOG_PERSONAL_API_KEY`.
        public var keyFile: String?
        /// How pages are read.
        public var crawl = DefinitionCrawler.Options()
        /// Retries and limits of each request.
        public var retry = RetryPolicy()
        /// Requests per minute the key may make (0: no limit).
        public var perMinute = 480
        /// Requests per hour the key may make (0: no limit).
        public var perHour = 4_800
        /// The environment the key is read from.
        public var environment: [String: String] = ProcessInfo.processInfo.environment
        /// Called after each page (the CLI draws progress on a terminal).
        public var progress: (@Sendable (DefinitionCrawler.Progress) async -> Void)?
        /// Called after each page of saved insights: read so far, and how many there are.
        public var usageProgress: (@Sendable (Int, Int) -> Void)?
        /// Told of long waits (a 429 asking for minutes); the CLI prints them on stderr, terminal or not.
        public var notice: (@Sendable (String) -> Void)?
        /// The transport; tests inject failures here.
        public var transport: (any HTTPTransport)?

        /// Creates one from its parts.
        public init(host: String, project: String) {
            self.host = host
            self.project = project
        }
    }

    /// A short description for reports (never containing the key).
    public var label: String {
        switch self {
        case .file(let path): return path
        case .remote(let options): return "\(options.host) project \(options.project)"
        }
    }

    /// Reads the definitions; usage errors exit 2, API errors exit 3.
    ///
    /// With `usage`, a live read also reads saved insights, dashboards and actions after the crawl, with the
    /// same client (one request budget, one set of connections), then tries the metrics endpoint once for
    /// the at-risk events' query counts; what cannot be read is `usageNote`, never an error. A file brings the
    /// usage it holds.
    public func load(now: @Sendable () -> Timestamp = { Timestamp(.now) }, usage: Bool = false) async throws(StewardError) -> Snapshot {
        switch self {
        case .file(let path):
            var snapshot = try SnapshotReader.read(path: path)
            if usage, snapshot.usage == nil {
                snapshot.usageNote = "usage unavailable: \(path) holds no insights (a snapshot taken by steward snapshot carries them)"
            }
            return snapshot
        case .remote(let options):
            do {
                let client = try options.makeClient()
                let crawler = DefinitionCrawler(client: client, options: options.crawl, progress: options.progress)
                let result = try await crawler.crawl()
                var snapshot = Snapshot(
                    host: client.endpoint.hostDescription, project: client.endpoint.project, fetchedAt: now(),
                    reportedCount: result.reportedCount, complete: result.complete, definitions: result.definitions)
                snapshot.coercions = result.coercions
                // After the crawl, not beside it: the crawl's first answer is where a redirect or a refused key
                // shows, and the usage lists then add a few dozen requests to the same budget.
                let (data, note) = usage ? await UsageReading.attempt(with: client, progress: options.usageProgress) : (nil, nil)
                snapshot.usage = data
                snapshot.usageNote = note
                if var data {
                    let (counts, countsNote) = await UsageReading.queryCounts(
                        with: client, for: Self.atRisk(snapshot.definitions, data.index, now: now()))
                    data.queryCounts = counts
                    snapshot.usage = data
                    if let countsNote { snapshot.notes.append(countsNote) }
                }
                return snapshot
            } catch {
                throw error.stewardError
            }
        }
    }

    /// Charted events that are hidden or unseen for 30 days, most charted first (at most 50): the ones whose
    /// query counts are worth a request each.
    static func atRisk(_ definitions: [EventDefinition], _ index: UsageIndex, now: Timestamp) -> [(id: String, name: String)] {
        let limit = now.adding(days: -30)
        let risky = definitions.compactMap { definition -> (EventDefinition, Int)? in
            guard let uses = index.uses(definition.name) else { return nil }
            guard definition.isHidden || (definition.lastSeenAt.map { $0 < limit } ?? true) else { return nil }
            return (definition, uses.insights.count)
        }
        return risky.sorted { ($1.1, $0.0.name) < ($0.1, $1.0.name) }.prefix(50).map { ($0.0.id, $0.0.name) }
    }
}

extension DefinitionSource.RemoteOptions {
    /// Validates host, project and key before anything is sent.
    public func makeClient() throws(PostHogAPIError) -> PostHogClient {
        let endpoint = try PostHogEndpoint(host: host, project: project)
        let key = try PersonalAPIKey.load(file: keyFile, environment: environment)
        var client = PostHogClient(
            endpoint: endpoint, key: key, transport: transport ?? URLSessionTransport(connections: max(2, crawl.concurrency)),
            budget: RequestBudget(perMinute: perMinute, perHour: perHour))
        client.retry = retry
        client.notice = notice
        return client
    }
}

extension PostHogAPIError {
    /// Configuration problems are usage errors (exit 2); everything else is an API error (exit 3).
    public var stewardError: StewardError { StewardError(isConfiguration ? .usage : .api, description) }
}
