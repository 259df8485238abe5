import ArgumentParser
import StewardCore

/// `--from FILE` for the commands that judge names offline against a project's existing definitions
/// (`check`, `explain`): a snapshot or export file, never a live read.
struct KnownDefinitionsOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Existing definitions (a snapshot or export file) to judge against.", valueName: "file"))
    var from: String?

    /// The file's definitions, or none without `--from`.
    func definitions() throws(StewardError) -> [EventDefinition] { try snapshot()?.definitions ?? [] }

    /// The whole file read (definitions and any usage it carries), nil without `--from`.
    func snapshot() throws(StewardError) -> Snapshot? {
        guard let from else { return nil }
        let snapshot = try SnapshotReader.read(path: from)
        for note in snapshot.readingNotes { Console.note("note: \(from): \(note)") }
        return snapshot
    }
}
