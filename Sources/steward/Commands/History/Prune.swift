import ArgumentParser
import StewardCore
import StewardKit
import StewardReports

extension Steward.HistoryCommand {
    /// `steward history prune`: drop old details, keep every run's counts.
    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop the finding and version details of old runs; every run's counts stay for the trend.",
            discussion: """
                A run keeps its details when it is among the newest --keep runs or younger than --older-than \
                days; with both, either is enough. Open findings and the latest version of every definition \
                are always kept.
                """)

        @OptionGroup var database: DatabaseOption
        @OptionGroup var format: TextOrJSONFormat

        @Option(name: .long, help: "Keep the details of the newest N runs.")
        var keep: Int?

        @Option(name: .long, help: ArgumentHelp("Keep the details of runs younger than this many days.", valueName: "days"))
        var olderThan: Int?

        func validate() throws {
            guard keep != nil || olderThan != nil else { throw ValidationError("say what to keep: --keep N and/or --older-than DAYS.") }
            if let keep, keep < 1 { throw ValidationError("--keep must be at least 1.") }
            if let olderThan, olderThan < 0 { throw ValidationError("--older-than cannot be negative.") }
        }

        func run() throws {
            let outcome = try HistoryQueries.prune(path: try database.path(), keep: keep, olderThanDays: olderThan, now: Timestamp(.now))
            try Console.out(HistoryView.prune(outcome, path: try database.path(), format: format.format))
        }
    }
}
