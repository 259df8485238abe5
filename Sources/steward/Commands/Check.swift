import ArgumentParser
import StewardCore
import StewardKit

extension Steward {
    /// `steward check NAME…`: judge names before they ship.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check candidate event names against the policy's naming rules, offline.",
            discussion: """
                Only rules that look at names run. With --from, names are also compared with the project's \
                existing ones (near-duplicates, the inferred convention).

                Example:
                  steward check "signup_flow:pricing_page_view" --policy posthog-recommended
                """)

        @Argument(help: "Event names to check.")
        var names: [String]

        @OptionGroup var policyOptions: PolicyOptions
        @OptionGroup var judgement: JudgementOptions

        @Option(name: .long, help: ArgumentHelp("Existing definitions to compare with.", valueName: "file"))
        var from: String?

        func validate() throws {
            guard !names.isEmpty else { throw ValidationError("give at least one event name to check.") }
        }

        func run() async throws {
            let policy = try PolicyResolution.load(explicit: policyOptions.policy)
            let existing = try from.map { try SnapshotReader.read(path: $0).definitions } ?? []
            let pipeline = CheckPipeline()
            let outcome = try pipeline.run(
                names: names, policy: policy, existing: existing, failOn: judgement.threshold,
                now: judgement.instant)
            Console.out(pipeline.render(outcome, names: names, color: Console.colorOnStandardOutput))
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        }
    }
}
