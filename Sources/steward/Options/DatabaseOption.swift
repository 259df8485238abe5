import ArgumentParser
import StewardHistory

/// `--db`: the history database, for every command that reads or writes history.
struct DatabaseOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The history database (default \(HistoryStore.defaultPath)).", valueName: "path"))
    var db: String?

    /// The database path, the default when `--db` is not given.
    var path: String { db ?? HistoryStore.defaultPath }
}
