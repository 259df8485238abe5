import ArgumentParser

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
    }
}
