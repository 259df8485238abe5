import ArgumentParser
import StewardHistory
import StewardKit

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
            try Console.out(try HistoryViews.show(path: database.path, run: RunReference(runID)!, format: format.format, limit: limit))
        }
    }
}
