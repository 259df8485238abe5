import ArgumentParser
import StewardHistory
import StewardKit

/// `--db`: the history database, for every command that reads or writes history.
struct DatabaseOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The history database (default: db: in steward.yml, else \(HistoryStore.defaultPath)).", valueName: "path"))
    var db: String?

    /// The database path: `--db`, else `db:` in steward.yml, else the default.
    func path() throws -> String { try ProjectFile.settings().database(flag: db).value }
}
