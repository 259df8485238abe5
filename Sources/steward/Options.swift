import ArgumentParser
import Foundation
import StewardCore
import StewardHistory
import StewardKit

/// `--policy`, shared by every command that lints.
struct PolicyOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A policy file or bundled preset name; repeatable, later ones win. Default: steward.yml if present, else the 'default' preset.",
            valueName: "path"))
    var policy: [String] = []
}

/// `--fail-on` and the hidden `--now`, shared by commands that judge.
struct JudgementOptions: ParsableArguments {
    @Option(name: .long, help: "The lowest severity that makes the exit code 1: error, warning, info or never.")
    var failOn: String = "error"

    @Option(name: .long, help: .hidden)
    var now: String?

    var threshold: Severity {
        failOn == "never" ? .off : Severity(rawValue: failOn) ?? .error
    }

    /// The `--now` instant, when given.
    var explicitInstant: Timestamp? { now.flatMap { Timestamp(iso8601: $0) } }

    /// The `--now` instant, else the current time.
    var instant: Timestamp { explicitInstant ?? Timestamp(.now) }

    func validate() throws {
        guard ["error", "warning", "info", "never"].contains(failOn) else {
            throw ValidationError("--fail-on must be error, warning, info or never; got '\(failOn)'.")
        }
        if let now, Timestamp(iso8601: now) == nil {
            throw ValidationError("--now must be an ISO 8601 date or date-time; got '\(now)'.")
        }
    }
}

/// Where definitions come from: `--from FILE`, or `--host` and `--project` with the key from the environment.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read definitions from a snapshot or export file instead of PostHog.", valueName: "file"))
    var from: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "PostHog host (env POSTHOG_HOST; default https://us.posthog.com). Plain http only to loopback.", valueName: "url"))
    var host: String?

    @Option(name: .long, help: ArgumentHelp("Project id or @current (env POSTHOG_PROJECT_ID).", valueName: "id"))
    var project: String?

    @Option(
        name: .long, help: ArgumentHelp("File holding the personal API key (otherwise env POSTHOG_PERSONAL_API_KEY).", valueName: "file"))
    var apiKeyFile: String?

    @Option(name: .long, help: "Definitions per request (default: 1,000, growing for large projects to about 200 requests per crawl).")
    var pageSize: Int?

    @Option(name: .long, help: "Requests in flight at once.")
    var concurrency: Int = 4

    @Option(name: .long, help: "Requests per minute the key may make (PostHog: 480).")
    var rateLimit: Int = 480

    @Option(name: .long, help: "Requests per hour the key may make (PostHog: 4800).")
    var rateLimitHour: Int = 4_800

    func validate() throws {
        if let pageSize, !(1...100_000).contains(pageSize) { throw ValidationError("--page-size must be between 1 and 100000.") }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 64.") }
        guard rateLimit >= 0, rateLimitHour >= 0 else { throw ValidationError("--rate-limit values cannot be negative.") }
    }

    /// The source these options name; without `--from`, the project must be known.
    func source(progress: Bool) throws -> DefinitionSource {
        if let from {
            guard host == nil, project == nil else { throw ValidationError("use either --from or --host/--project, not both.") }
            return .file(from)
        }
        let environment = ProcessInfo.processInfo.environment
        guard let project = project ?? environment["POSTHOG_PROJECT_ID"], !project.isEmpty else {
            throw ValidationError(
                "say which definitions to read: --from FILE, or --project ID (or POSTHOG_PROJECT_ID) with the key in POSTHOG_PERSONAL_API_KEY."
            )
        }
        var options = DefinitionSource.RemoteOptions(
            host: host ?? environment["POSTHOG_HOST"] ?? "https://us.posthog.com", project: project)
        options.keyFile = apiKeyFile
        if let pageSize {
            options.crawl.pageSize = pageSize
            options.crawl.growPages = false
        }
        options.crawl.concurrency = concurrency
        options.perMinute = rateLimit
        options.perHour = rateLimitHour
        if progress { options.progress = { await ProgressLine.shared.update($0) } }
        options.notice = { Console.note($0) }
        return .remote(options)
    }
}

/// `--db` and `--no-history`, for commands that record or read history.
struct HistoryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The history database (default \(HistoryStore.defaultPath)).", valueName: "path"))
    var db: String?

    @Flag(name: .long, help: "Record nothing: no history file is read or written.")
    var noHistory = false

    func validate() throws {
        if noHistory && db != nil { throw ValidationError("use either --db or --no-history, not both.") }
    }

    /// The database path, or nil with `--no-history`.
    var path: String? { noHistory ? nil : (db ?? HistoryStore.defaultPath) }
}
