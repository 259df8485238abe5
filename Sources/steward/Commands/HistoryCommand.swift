import ArgumentParser
import StewardCore
import StewardHistory
import StewardKit

extension Steward {
    /// `steward history`: the recorded runs, one run in detail, and retention.
    struct HistoryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Show the audit runs recorded in the history database.",
            discussion: """
                Every `steward audit` records a run in .steward/history.sqlite (or --db): its counts, the \
                findings it opened and resolved, and a definition version for each definition whose metadata \
                changed. Reading history needs no network.

                Examples:
                  steward history --limit 10
                  steward history show latest
                  steward history trend --by owner --runs 14
                  steward history prune --keep 90
                """,
            subcommands: [List.self, Show.self, Trend.self, Prune.self],
            defaultSubcommand: List.self)

        /// `--db` for reading; `--no-history` makes no sense here.
        struct Database: ParsableArguments {
            @Option(name: .long, help: ArgumentHelp("The history database (default \(HistoryStore.defaultPath)).", valueName: "path"))
            var db: String = HistoryStore.defaultPath
        }

        struct Format: ParsableArguments {
            @Option(name: .long, help: "Output format: text or json.")
            var format: String = "text"

            func validate() throws {
                guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json; got '\(format)'.") }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "A table of runs, newest first: when, definitions, errors, warnings, new, resolved, score.")

            @OptionGroup var database: Database
            @OptionGroup var format: Format

            @Option(name: .long, help: "Show at most this many runs.")
            var limit: Int?

            func validate() throws {
                if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
            }

            func run() throws {
                try Console.out(try HistoryViews.list(path: database.db, limit: limit, format: format.format))
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "One run: what it opened and resolved, counts by rule, owner and tag, and the age of open findings.")

            @Argument(help: ArgumentHelp("A run id, or latest.", valueName: "run"))
            var runID: String = "latest"

            @OptionGroup var database: Database
            @OptionGroup var format: Format

            @Option(name: .long, help: "List at most this many items per section in text (json lists all).")
            var limit: Int = 20

            func validate() throws {
                guard RunReference(runID) != nil else { throw ValidationError("RUN must be a run id or 'latest'; got '\(runID)'.") }
                guard limit >= 1 else { throw ValidationError("--limit must be at least 1.") }
            }

            func run() throws {
                try Console.out(try HistoryViews.show(path: database.db, run: RunReference(runID)!, format: format.format, limit: limit))
            }
        }

        struct Trend: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Findings per rule, owner or tag over the last runs: is the backlog shrinking, and whose is it?")

            @OptionGroup var database: Database
            @OptionGroup var format: Format

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
                try Console.out(try HistoryViews.trend(path: database.db, dimension: by, runs: runs, top: top, format: format.format))
            }
        }

        struct Prune: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Drop the finding and version details of old runs; every run's counts stay for the trend.",
                discussion: """
                    A run keeps its details when it is among the newest --keep runs or younger than --older-than \
                    days; with both, either is enough. Open findings and the latest version of every definition \
                    are always kept.
                    """)

            @OptionGroup var database: Database
            @OptionGroup var format: Format

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
                try Console.out(try HistoryViews.prune(path: database.db, keep: keep, olderThanDays: olderThan, format: format.format))
            }
        }
    }
}
