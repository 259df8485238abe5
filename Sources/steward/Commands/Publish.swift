import ArgumentParser
import Foundation
import StewardHistory
import StewardKit
import StewardReports

extension Steward {
    /// `steward publish`: a recorded audit as a PostHog dashboard, kept up to date in place.
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Put a recorded audit into PostHog as a dashboard (score and trend, changes, worst rules, owners, at-risk dashboards).",
            discussion: """
                Publishes the latest recorded run by default (--run), so it follows a nightly audit without \
                fetching again. The dashboard is found by its name and the tag steward:health and updated in \
                place; tiles people add to it are left alone. Built with create_from_template_json where the key \
                may call it, otherwise with POST dashboards, PATCH tiles and POST insights (scopes \
                dashboard:write, insight:write; query:read to check the insight tile).

                Example:
                  steward audit --project 12345 && steward publish --project 12345
                """)

        @Option(name: .customLong("run"), help: ArgumentHelp("A run id, or latest.", valueName: "run"))
        var runID: String = "latest"

        @Option(
            name: .long,
            help: ArgumentHelp("The dashboard's name (default: dashboard_name, else Event taxonomy health).", valueName: "name"))
        var name: String?

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var database: DatabaseOption
        @OptionGroup var format: TextOrJSONFormat

        func validate() throws {
            guard RunReference(runID) != nil else { throw ValidationError("--run must be a run id or 'latest'; got '\(runID)'.") }
        }

        func run() async throws {
            let dashboardName = try ProjectFile.settings().dashboardName(flag: name).value
            let outcome = try await PublishPipeline().publish(
                historyPath: try database.path(), run: RunReference(runID)!, name: dashboardName,
                remote: try connection.remote(progress: false))
            for note in outcome.notes { Console.note("note: \(note)") }
            for failure in outcome.failedTiles { Console.note("warning: an insight tile failed to compute: \(failure)") }
            if format.format == "json" {
                try Console.out(ViewJSON.encode(outcome))
            } else {
                try Console.out(
                    "published run \(outcome.run) to \"\(TerminalText.sanitize(outcome.name))\" (dashboard \(outcome.dashboard), \(outcome.how), \(outcome.tiles) tiles): \(outcome.url)\n"
                )
            }
        }
    }
}
