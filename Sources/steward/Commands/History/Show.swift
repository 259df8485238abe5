import ArgumentParser
import StewardCore
import StewardHistory
import StewardKit
import StewardReports

extension Steward.HistoryCommand {
    /// `steward history show RUN`: one run in detail.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One run: what it opened and resolved, counts by rule, owner and tag, and the age of open findings.")

        @Argument(help: ArgumentHelp("A run id, or latest.", valueName: "run"))
        var runID: String = "latest"

        @OptionGroup var database: DatabaseOption
        @OptionGroup var format: TextOrJSONFormat

        @Option(name: .long, help: "List at most this many items per section in text (json lists all).")
        var limit: Int = 20

        func validate() throws {
            guard RunReference(runID) != nil else { throw ValidationError("RUN must be a run id or 'latest'; got '\(runID)'.") }
            guard limit >= 1 else { throw ValidationError("--limit must be at least 1.") }
        }

        func run() throws {
            guard let run = RunReference(runID) else { throw ValidationError("RUN must be a run id or 'latest'; got '\(runID)'.") }
            try Console.out(
                HistoryView.show(try HistoryQueries.detail(path: try database.path(), run: run), format: format.format, limit: limit))
        }
    }
}
