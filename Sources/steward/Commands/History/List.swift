import ArgumentParser
import StewardCore
import StewardKit
import StewardReports

extension Steward.HistoryCommand {
    /// `steward history list`: the recorded runs, newest first.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A table of runs, newest first: when, definitions, errors, warnings, new, resolved, score.")

        @OptionGroup var database: DatabaseOption
        @OptionGroup var format: TextOrJSONFormat

        @Option(name: .long, help: "Show at most this many runs.")
        var limit: Int?

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        }

        func run() throws {
            try Console.out(
                HistoryView.list(
                    try HistoryQueries.runs(path: try database.path(), limit: limit), path: try database.path(), format: format.format))
        }
    }
}
