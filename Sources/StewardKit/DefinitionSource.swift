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
    public func load(now: @Sendable () -> Timestamp = { Timestamp(.now) }) async throws(StewardError) -> Snapshot {
        switch self {
        case .file(let path):
            return try SnapshotReader.read(path: path)
        case .remote(let options):
            do {
                let client = try options.makeClient()
                let crawler = DefinitionCrawler(client: client, options: options.crawl, progress: options.progress)
                let result = try await crawler.crawl()
                var snapshot = Snapshot(
                    host: client.endpoint.hostDescription, project: client.endpoint.project, fetchedAt: now(),
                    reportedCount: result.reportedCount, complete: result.complete, definitions: result.definitions)
                snapshot.coercions = result.coercions
                return snapshot
            } catch {
                throw error.stewardError
            }
        }
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
