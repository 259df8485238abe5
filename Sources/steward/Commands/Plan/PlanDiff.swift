import ArgumentParser
import StewardKit
import StewardReports

extension Steward.PlanCommand {
    /// `steward plan diff`.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare PostHog with the tracking plan: missing, unplanned and drifted events.",
            discussion: """
                Exit 0 when PostHog matches the plan, 1 when anything differs or a planned name PostHog does \
                not hold yet breaks the policy's naming rules (near-duplicates of names PostHog holds, or of \
                other planned names, included), 2 for a bad plan.

                Examples:
                  steward plan diff --project 12345
                  steward plan diff --from snapshot.json --plan tracking-plan.yml --format json
                """)

        @OptionGroup var sourceOptions: SourceOptions
        @OptionGroup var policyOptions: PolicyOptions
        @OptionGroup var clock: ClockOption

        @Option(
            name: .long, help: ArgumentHelp("The tracking plan (default: plan: in steward.yml, else tracking-plan.yml).", valueName: "file")
        )
        var plan: String?

        @OptionGroup var format: TextOrJSONFormat

        func run() async throws {
            guard let planPath = try ProjectFile.settings().plan(flag: plan)?.value else {
                throw ValidationError(
                    "no tracking plan: pass --plan FILE, name it as plan: in steward.yml, or write one with `steward plan import`.")
            }
            let outcome: (view: PlanDiffView, notes: [String])
            do {
                let result = try await PlanPipeline().diff(
                    source: try sourceOptions.source(progress: ProgressLine.enabled), planPath: planPath,
                    policies: try policyOptions.references(), now: clock.explicitInstant)
                outcome = (result.view, result.notes)
                await ProgressLine.shared.finish()
            } catch {
                await ProgressLine.shared.finish()
                throw error
            }
            for note in outcome.notes { Console.note("note: \(note)") }
            try Console.out(format.format == "json" ? outcome.view.json() : outcome.view.text())
            if outcome.view.differs { throw ExitCode(1) }
        }
    }
}
