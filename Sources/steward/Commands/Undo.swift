import ArgumentParser
import StewardKit

extension Steward {
    /// `steward undo RUN`: restore the exact prior value of everything a fix run changed.
    struct UndoCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "undo",
            abstract: "Restore what a fix run changed, as a journaled run of its own.",
            discussion: """
                Tags are set back exactly and fields patched back to the values the journal recorded. A \
                definition changed in PostHog since the fix is skipped with the reason unless --force.
                """)

        @Argument(help: ArgumentHelp("The fix run to undo.", valueName: "run"))
        var runID: Int64

        @Flag(name: .long, help: "Restore even definitions changed since the fix.")
        var force = false

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var applying: ApplyOptions
        @OptionGroup var database: DatabaseOption
        @OptionGroup var format: TextOrJSONFormat

        func run() async throws {
            let (host, project) = try FixPipeline.target(ofRun: runID, historyPath: try database.path())
            try applying.confirm("Undo fix run \(runID) on \(host) project \(project)?")
            let outcome = try await applying.pipeline.undo(
                runID: runID, force: force, remote: connection.remote(fallbackProject: project, progress: ProgressLine.enabled),
                historyPath: try database.path())
            await ProgressLine.shared.finish()
            try Console.out(format.format == "json" ? outcome.json() : outcome.text())
        }
    }
}
