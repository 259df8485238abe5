import ArgumentParser
import StewardKit

/// Where definitions come from: `--from FILE`, or a PostHog project with the crawl's tuning.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read definitions from a snapshot or export file instead of PostHog.", valueName: "file"))
    var from: String?

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .long, help: "Definitions per request (default: 1,000, growing for large projects to about 200 requests per crawl).")
    var pageSize: Int?

    @Option(
        name: .long,
        help: "Requests in flight at once, fixed (default: from 4, adapting between 4 and 16 to how fast PostHog answers).")
    var concurrency: Int?

    func validate() throws {
        if let pageSize, !(1...100_000).contains(pageSize) { throw ValidationError("--page-size must be between 1 and 100000.") }
        if let concurrency, !(1...64).contains(concurrency) { throw ValidationError("--concurrency must be between 1 and 64.") }
        if from != nil, connection.namesAProject { throw ValidationError("use either --from or --host/--project, not both.") }
    }

    /// The source these options name; without `--from`, the project must be known.
    func source(progress: Bool) throws -> DefinitionSource {
        if let from { return .file(from) }
        var options = try connection.remote(progress: progress)
        let settings = try ProjectFile.settings()
        if let pageSize = settings.pageSize(flag: pageSize)?.value {
            options.crawl.pageSize = pageSize
            options.crawl.growPages = false
        }
        let inFlight = settings.concurrency(flag: concurrency)
        options.crawl.concurrency = inFlight.value
        // A number the user chose is kept; only the built-in one adapts.
        if inFlight.origin != .builtIn { options.crawl.adaptiveConcurrency = nil }
        return .remote(options)
    }
}
