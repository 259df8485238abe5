import ArgumentParser
import StewardKit

extension Steward.BaselineCommand {
    /// `steward baseline write`: accept the current findings, or shrink an existing baseline.
    struct Write: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the current findings to a baseline file, or shrink an existing one.",
            discussion: """
                The file lists exact (definition id, rule) keys with the event name, sorted, to commit \
                beside the policy. When it already exists it only shrinks: entries no finding matches any \
                more are dropped, and new findings are left out unless --add-new accepts them.

                Examples:
                  steward baseline write --from snapshot.json --output steward-baseline.json
                  steward audit --from snapshot.json --baseline steward-baseline.json
                """)

        @OptionGroup var sourceOptions: SourceOptions
        @OptionGroup var policyOptions: PolicyOptions

        @Option(name: .long, help: ArgumentHelp("The baseline file.", valueName: "file"))
        var output: String = "steward-baseline.json"

        @Flag(name: .long, help: "Also accept findings an existing baseline does not list.")
        var addNew = false

        @OptionGroup var clock: ClockOption

        func run() async throws {
            let outcome: BaselinePipeline.Outcome
            do {
                outcome = try await BaselinePipeline().write(
                    source: try sourceOptions.source(progress: ProgressLine.enabled), policies: try policyOptions.references(),
                    now: clock.explicitInstant, path: output, addNew: addNew)
                await ProgressLine.shared.finish()
            } catch {
                await ProgressLine.shared.finish()
                throw error
            }
            for note in outcome.notes { Console.note("note: \(note)") }
            var message = "wrote \(output): \(outcome.entries) accepted finding\(outcome.entries == 1 ? "" : "s")"
            if outcome.updated {
                message += "; \(outcome.removedStale) stale entr\(outcome.removedStale == 1 ? "y" : "ies") removed"
                if outcome.leftOut > 0 {
                    message +=
                        "; \(outcome.leftOut) finding\(outcome.leftOut == 1 ? "" : "s") not in the baseline left out (--add-new accepts them)"
                }
            }
            try Console.out(message + ".\n")
        }
    }
}
