import ArgumentParser

/// `--db` and `--no-history`, for commands that record a run.
struct HistoryOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOption

    @Flag(name: .long, help: "Record nothing: no history file is read or written.")
    var noHistory = false

    func validate() throws {
        if noHistory && database.db != nil { throw ValidationError("use either --db or --no-history, not both.") }
    }

    /// The database path, or nil with `--no-history`.
    func path() throws -> String? { noHistory ? nil : try database.path() }
}
