import ArgumentParser
import StewardCore
import StewardKit
import StewardReports

extension Steward.HistoryCommand {
    /// `steward history trend`: findings per rule, owner or tag over the last runs.
    struct Trend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Findings per rule, owner or tag over the last runs: is the backlog shrinking, and whose is it?")

        @OptionGroup var database: DatabaseOption
        @OptionGroup var format: TextOrJSONFormat

        @Option(name: .long, help: "rule, owner or tag.")
        var by: String = "rule"

        @Option(name: .long, help: "How many of the latest runs (failed ones are skipped).")
        var runs: Int = 10

        @Option(name: .long, help: "How many keys to list in text, most findings first.")
        var top: Int = 15

        func validate() throws {
            guard ["rule", "owner", "tag"].contains(by) else { throw ValidationError("--by must be rule, owner or tag; got '\(by)'.") }
            guard runs >= 1, top >= 1 else { throw ValidationError("--runs and --top must be at least 1.") }
        }

        func run() throws {
            let series = try HistoryQueries.trend(path: try database.path(), dimension: by, runs: runs)
            try Console.out(HistoryView.trend(series, dimension: by, top: top, path: try database.path(), format: format.format))
        }
    }
}
