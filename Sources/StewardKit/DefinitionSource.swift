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
        /// Told of each page of definitions as it is read (the audit lints it while later pages are in flight).
        public var onPage: (@Sendable (_ pass: Int, _ page: Int32, _ definitions: [EventDefinition]) -> Void)?
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
    /// With `usage`, a live read also reads saved insights, dashboards and actions beside the crawl, with the
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
            do throws(PostHogAPIError) {
                let client = try options.makeClient()
                // Usage is read beside the crawl once the crawl has its first answer (where a redirect or a
                // refused key shows), with the same client: one budget, one set of connections. At 200 ms a
                // request that saves the insight, dashboard and action lists' round trips after the crawl.
                let firstAnswer = FirstAnswer()
                let progress = options.progress
                let crawler = DefinitionCrawler(
                    client: client, options: options.crawl, onPage: options.onPage,
                    progress: { step in
                        await firstAnswer.open()
                        await progress?(step)
                    })
                async let usageRead = Self.readUsage(usage, with: client, after: firstAnswer, progress: options.usageProgress)
                let result: DefinitionCrawler.Result
                do throws(PostHogAPIError) {
                    result = try await crawler.crawl()
                } catch {
                    await firstAnswer.fail()
                    _ = await usageRead
                    throw error
                }
                await firstAnswer.open()
                var snapshot = Snapshot(
                    host: client.endpoint.hostDescription, project: client.endpoint.project, fetchedAt: now(),
                    reportedCount: result.reportedCount, complete: result.complete, definitions: result.definitions)
                snapshot.coercions = result.coercions
                snapshot.pageOrigins = result.origins
                snapshot.peakConcurrency = result.peakConcurrency
                let (data, note) = await usageRead
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

    /// Saved insights, dashboards and actions once the crawl has answered; nothing when usage is not wanted
    /// or the crawl failed first.
    static func readUsage(
        _ wanted: Bool, with client: PostHogClient, after firstAnswer: FirstAnswer, progress: (@Sendable (Int, Int) -> Void)?
    ) async -> (data: UsageData?, note: String?) {
        guard wanted, await firstAnswer.wait() else { return (nil, nil) }
        return await UsageReading.attempt(with: client, progress: progress)
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
            endpoint: endpoint, key: key,
            transport: transport ?? URLSessionTransport(connections: max(2, crawl.concurrency, crawl.adaptiveConcurrency?.upperBound ?? 0)),
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
