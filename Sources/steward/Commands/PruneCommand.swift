import ArgumentParser
import StewardCore
import StewardKit
import StewardReports

extension Steward {
    /// `steward prune`: plan the deletion of junk definitions.
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan the deletion of junk definitions: never seen, old, unverified, unplanned.",
            discussion: """
                A definition is junk when it was never seen (or not for --not-seen-days), was created more \
                than 30 days ago, is not verified, is not in the tracking plan and is not PostHog's own. \
                Deletions are unsafe-class: without --unsafe they are listed, not planned. A plan holds at \
                most --max deletions. `steward fix --apply FILE` sends them (journaled in full) and \
                `steward undo RUN` creates each again with its metadata (PostHog gives it a new id).

                An event a saved insight charts is never pruned: prune reads every saved insight and action \
                (scopes insight:read, action:read; an ActionsNode counts through the action's steps, and an \
                insight with only legacy filters counts too). A snapshot file holds no insights, so prune from \
                one, or with a key that may not read them, refuses unless --ignore-usage.

                Example:
                  steward prune --project 12345 --plan-out prune.json --unsafe --ignore-usage
                """)

        @OptionGroup var sourceOptions: SourceOptions
        @OptionGroup var clock: ClockOption

        @Option(name: .long, help: ArgumentHelp("Where to write the fix plan.", valueName: "file"))
        var planOut: String

        @Flag(name: .long, help: "Plan the deletions (they are unsafe-class); without it they are only listed.")
        var unsafe = false

        @Option(name: .long, help: "Keep a definition seen within this many days (default 365).")
        var notSeenDays: Int = 365

        @Option(name: .long, help: "The most deletions one plan holds (default 1000).")
        var max: Int = 1_000

        @Flag(name: .long, help: "Prune without reading which saved insights chart each event.")
        var ignoreUsage = false

        @Option(name: .long, help: ArgumentHelp("The tracking plan; planned events are never pruned.", valueName: "file"))
        var plan: String?

        @OptionGroup var format: TextOrJSONFormat

        func validate() throws {
            guard (1...36_500).contains(notSeenDays) else { throw ValidationError("--not-seen-days must be between 1 and 36500.") }
            guard (1...100_000).contains(max) else { throw ValidationError("--max must be between 1 and 100000.") }
        }

        func run() async throws {
            var options = PrunePipeline.Options()
            options.notSeenDays = notSeenDays
            options.maximum = max
            options.unsafe = unsafe
            options.ignoreUsage = ignoreUsage
            options.planPath = try ProjectFile.settings().plan(flag: plan)?.value
            options.now = clock.explicitInstant
            try await FixPlanWriting.run(planOut: planOut, format: format, noun: "deletions") {
                try await PrunePipeline().plan(
                    source: try sourceOptions.source(progress: ProgressLine.enabled), options: options, planOut: planOut)
            }
        }
    }
}
