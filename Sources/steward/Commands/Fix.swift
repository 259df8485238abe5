import ArgumentParser
import Foundation
import StewardCore
import StewardKit
import StewardReports

extension Steward {
    /// `steward fix`: plan fixes from findings, apply a reviewed plan, or resume an interrupted run.
    struct FixCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fix",
            abstract: "Plan fixes for findings, apply a reviewed plan, or resume an interrupted fix run.",
            discussion: """
                Planning is a dry run: it prints each change (definition, field, before → after) and writes the \
                plan. Safe changes are tags and owners from the policy's mapping (and filling an empty \
                description); hiding, verifying, enforcement mode and overwriting a description need --unsafe. \
                Names are never changed: PostHog names are immutable.

                Applying re-reads the project, skips (with the reason) any definition changed since the plan, \
                sends tags through bulk_update_tags in as few requests as PostHog's limits allow, verification \
                through bulk_update_verified and other fields through PATCH, within the rate limit, and \
                journals every action in history before its request and its outcome after. `steward undo RUN` \
                restores what a run changed.

                Examples:
                  steward fix --project 12345 --plan-out fixes.json
                  steward fix --apply fixes.json --yes
                  steward fix --resume 3 --yes
                """)

        @OptionGroup var source: SourceOptions
        @OptionGroup var policyOptions: PolicyOptions
        @OptionGroup var applying: ApplyOptions
        @OptionGroup var database: DatabaseOption
        @OptionGroup var clock: ClockOption
        @OptionGroup var format: TextOrJSONFormat

        @Option(name: .long, help: ArgumentHelp("Plan: write the plan to this file (a dry run; nothing is sent).", valueName: "file"))
        var planOut: String?

        @Flag(name: .long, help: "Plan unsafe changes too: hide, unhide, verify, enforcement_mode, overwriting a description.")
        var unsafe = false

        @Flag(name: .long, help: "Plan hiding events saved insights still chart (skipped by default, with the dashboards named).")
        var hideInUse = false

        @Flag(name: .long, help: "Plan tagging the dashboards that chart hidden or stale events (the tag: --at-risk-tag, at_risk_tag).")
        var tagAtRisk = false

        @Option(name: .long, help: ArgumentHelp("The tag for at-risk dashboards (default steward:at-risk).", valueName: "tag"))
        var atRiskTag: String?

        @Option(name: .long, help: ArgumentHelp("Apply a reviewed plan.", valueName: "file"))
        var apply: String?

        @Option(name: .long, help: ArgumentHelp("Complete an interrupted fix run.", valueName: "run"))
        var resume: Int64?

        func validate() throws {
            let modes = [planOut != nil, apply != nil, resume != nil].filter { $0 }.count
            guard modes == 1 else { throw ValidationError("say one of --plan-out FILE (plan), --apply FILE or --resume RUN.") }
            if planOut == nil, source.from != nil { throw ValidationError("--from plans only; --apply and --resume write to PostHog.") }
        }

        func run() async throws {
            defer { Task { await ProgressLine.shared.finish() } }
            if let planOut {
                let (plan, text, notes) = try await FixPipeline().plan(
                    source: try source.source(progress: ProgressLine.enabled), policies: try policyOptions.references(),
                    now: clock.explicitInstant, unsafe: unsafe, planPath: planOut, hideInUse: hideInUse,
                    atRiskTag: tagAtRisk || atRiskTag != nil ? try ProjectFile.settings().atRiskTag(flag: atRiskTag).value : nil)
                await ProgressLine.shared.finish()
                for note in notes { Console.note("note: \(note)") }
                try Console.out(format.format == "json" ? FixPlanView.json(plan) : text)
                Console.note("wrote \(planOut): \(plan.actions.count) changes; review it, then `steward fix --apply \(planOut)`")
                return
            }
            let outcome: FixPipeline.Outcome
            let connection = source.connection
            if let apply {
                let plan = try FixPlan.load(path: apply)
                try applying.confirm(
                    "Apply \(plan.actions.count) change\(plan.actions.count == 1 ? "" : "s") from \(apply) to \(plan.host) project \(plan.project)?"
                )
                outcome = try await applying.pipeline.apply(
                    planPath: apply, remote: connection.remote(fallbackProject: plan.project, progress: ProgressLine.enabled),
                    historyPath: try database.path())
            } else if let runID = resume {
                let (host, project) = try FixPipeline.target(ofRun: runID, historyPath: try database.path())
                try applying.confirm("Resume fix run \(runID) on \(host) project \(project)?")
                outcome = try await applying.pipeline.resume(
                    runID: runID, remote: connection.remote(fallbackProject: project, progress: ProgressLine.enabled),
                    historyPath: try database.path())
            } else {
                return
            }
            await ProgressLine.shared.finish()
            try Console.out(format.format == "json" ? outcome.json() : outcome.text())
        }
    }
}
