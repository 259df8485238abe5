import ArgumentParser
import StewardCore
import StewardKit
import StewardReports

extension Steward.PlanCommand {
    /// `steward plan apply`.
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a fix plan that makes PostHog true to the tracking plan: create what is missing, set what drifted.",
            discussion: """
                The fix plan is the one `steward fix --apply` applies and `steward undo` reverses: each planned \
                event PostHog lacks is created with its planned metadata (a deprecated one hidden), each drifted \
                field set to the planned value. Creating a name PostHog already holds never makes a second \
                definition: PostHog's 400 is read back with by_name and its fields are changed instead. Undo \
                deletes a created definition only while PostHog has never seen the event.

                Example:
                  steward plan apply --project 12345 --plan-out plan-fixes.json && steward fix --apply plan-fixes.json
                """)

        @OptionGroup var sourceOptions: SourceOptions

        @Option(
            name: .long, help: ArgumentHelp("The tracking plan (default: plan: in steward.yml, else tracking-plan.yml).", valueName: "file")
        )
        var plan: String?

        @Option(name: .long, help: ArgumentHelp("Where to write the fix plan.", valueName: "file"))
        var planOut: String

        @OptionGroup var format: TextOrJSONFormat

        func run() async throws {
            guard let planPath = try ProjectFile.settings().plan(flag: plan)?.value else {
                throw ValidationError(
                    "no tracking plan: pass --plan FILE, name it as plan: in steward.yml, or write one with `steward plan import`.")
            }
            try await FixPlanWriting.run(planOut: planOut, format: format, noun: "changes") {
                try await PlanPipeline().apply(
                    source: try sourceOptions.source(progress: ProgressLine.enabled), planPath: planPath, planOut: planOut)
            }
        }
    }
}
