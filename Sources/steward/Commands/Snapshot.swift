import ArgumentParser
import Foundation
import StewardCore
import StewardKit

extension Steward {
    /// `steward snapshot --output FILE`: every definition as JSON, for offline or pinned CI audits.
    struct SnapshotCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "snapshot",
            abstract: "Write every event definition of a project to a JSON snapshot (with host, project, time, count, completeness).",
            discussion:
                "Example:\n  POSTHOG_PERSONAL_API_KEY=phx_… steward snapshot --project 12345 --output snapshot.json\n  steward audit --from snapshot.json"
        )

        @OptionGroup var sourceOptions: SourceOptions

        @Option(name: .long, help: ArgumentHelp("Where to write the snapshot ('-' for standard output).", valueName: "file"))
        var output: String

        @Flag(help: "Leave out saved insights, dashboards and actions (read by default, so usage rules judge the file offline).")
        var noUsage = false

        func run() async throws {
            let snapshot: Snapshot
            do {
                snapshot = try await SnapshotPipeline.run(
                    source: try sourceOptions.source(progress: ProgressLine.enabled), output: output, usage: !noUsage)
                await ProgressLine.shared.finish()
            } catch {
                await ProgressLine.shared.finish()
                throw error
            }
            for note in snapshot.readingNotes { Console.note("note: \(note)") }
            if let note = snapshot.usageNote { Console.note("note: \(note)") }
            if output != "-" {
                let usage = snapshot.usage.map {
                    ", \($0.insights.count) saved insights, \($0.dashboards.count) dashboards and \($0.actions.count) actions"
                }
                Console.note(
                    "wrote \(snapshot.definitions.count) definitions\(usage ?? "") to \(output)\(snapshot.complete ? "" : " (incomplete: the project changed while it was read)")"
                )
            }
            if !snapshot.complete { throw ExitCode(3) }
        }
    }
}
