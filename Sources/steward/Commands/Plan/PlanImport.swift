import ArgumentParser
import StewardKit

extension Steward.PlanCommand {
    /// `steward plan import`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the plan PostHog holds today: its custom events with their metadata, sorted.",
            discussion: """
                A team starts from reality: import, review the file in a pull request, commit it; \
                `steward plan diff` right after finds nothing.

                Examples:
                  steward plan import --project 12345 --output tracking-plan.yml
                  steward plan import --from snapshot.json --output tracking-plan.yml
                """)

        @OptionGroup var sourceOptions: SourceOptions

        @Option(name: .long, help: ArgumentHelp("Where to write the plan (default tracking-plan.yml).", valueName: "file"))
        var output: String = "tracking-plan.yml"

        @Flag(name: .long, help: "Replace an existing plan file.")
        var force = false

        func run() async throws {
            let outcome: (events: Int, notes: [String])
            do {
                outcome = try await PlanPipeline().importPlan(
                    source: try sourceOptions.source(progress: ProgressLine.enabled), output: output, replace: force)
                await ProgressLine.shared.finish()
            } catch {
                await ProgressLine.shared.finish()
                throw error
            }
            for note in outcome.notes { Console.note("note: \(note)") }
            Console.note("wrote \(output): \(outcome.events) planned event\(outcome.events == 1 ? "" : "s"); review it, then commit it")
        }
    }
}
