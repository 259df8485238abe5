import ArgumentParser
import StewardKit
import StewardReports

extension Steward {
    /// `steward usage NAME…`: which saved insights and dashboards chart each event.
    struct Usage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show which saved insights, and the dashboards they are on, chart each event.",
            discussion: """
                Reads every saved insight, dashboard and action of the project (scopes insight:read, dashboard:read, \
                action:read) and \
                takes each insight's events the way PostHog builds query_metadata, and from legacy filters too \
                (which PostHog's own ?events= filter misses).

                Example:
                  steward usage checkout_started signed_up --project 12345
                """)

        @Argument(help: "Event names.")
        var names: [String]

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var format: TextOrJSONFormat

        func validate() throws {
            guard !names.isEmpty else { throw ValidationError("give at least one event name.") }
        }

        func run() async throws {
            let index = try await UsageReading.read(try connection.remote(progress: false), doing: "steward usage reads saved insights")
            let view = UsageView(names: names, index: index)
            try Console.out(format.format == "json" ? view.json() : view.text())
        }
    }
}
