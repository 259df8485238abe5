import ArgumentParser

extension Steward {
    /// `steward plan …`: the tracking plan, the events that should exist.
    struct PlanCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Keep a tracking plan in git: import it from PostHog, diff PostHog against it.",
            discussion: """
                The plan is tracking-plan.yml (or plan: in steward.yml, or --plan FILE): the events the \
                product should send, each with its description, owner (email), tags, verified, \
                enforcement_mode and status (active or deprecated). See docs/tracking-plan.md.
                """,
            subcommands: [Import.self, Diff.self, Apply.self, Schema.self])
    }
}
