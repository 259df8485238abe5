import ArgumentParser
import Foundation
import PostHogAPI
import StewardCore
import StewardHistory
import StewardKit
import StewardReports

/// The PostHog connection options for commands that write: the target defaults to the plan's or run's.
struct WriteTargetOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("PostHog host; default: the plan's or the run's.", valueName: "url"))
    var host: String?

    @Option(name: .long, help: ArgumentHelp("Project id; default: the plan's or the run's.", valueName: "id"))
    var project: String?

    @Option(
        name: .long, help: ArgumentHelp("File holding the personal API key (otherwise env POSTHOG_PERSONAL_API_KEY).", valueName: "file"))
    var apiKeyFile: String?

    @Option(name: .long, help: "Requests per minute the key may make (PostHog: 480).")
    var rateLimit: Int = 480

    @Option(name: .long, help: "Requests per hour the key may make (PostHog: 4800).")
    var rateLimitHour: Int = 4_800

    @Flag(name: .long, help: "Apply without asking (required without a terminal).")
    var yes = false

    @Flag(name: .long, help: "Wait for another Steward applying fixes with the same history instead of stopping (exit 4).")
    var wait = false

    @Option(
        name: .long,
        help: ArgumentHelp("The history database holding the journal (default \(HistoryStore.defaultPath)).", valueName: "path"))
    var db: String = HistoryStore.defaultPath

    /// The configured target: `--host`, else `POSTHOG_HOST`, else PostHog Cloud US; never the plan's or the
    /// run's own host, which only has to agree with it (an edited plan must not choose where the key goes).
    /// The project falls back to the plan's or run's, which is checked against the same configuration.
    func remote(project defaultProject: String) -> DefinitionSource.RemoteOptions {
        let environment = ProcessInfo.processInfo.environment
        func configured(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var options = DefinitionSource.RemoteOptions(
            host: host ?? configured("POSTHOG_HOST") ?? PostHogEndpoint.defaultHost,
            project: project ?? configured("POSTHOG_PROJECT_ID") ?? defaultProject)
        options.keyFile = apiKeyFile
        options.perMinute = rateLimit
        options.perHour = rateLimitHour
        if ProgressLine.enabled { options.progress = { await ProgressLine.shared.update($0) } }
        options.notice = { Console.note($0) }
        return options
    }

    /// The fix pipeline with these options' waiting behaviour.
    var pipeline: FixPipeline {
        var pipeline = FixPipeline()
        pipeline.waitForLock = wait
        pipeline.notice = { Console.note($0) }
        return pipeline
    }

    /// Asks on a terminal; without one, `--yes` is the only way to say yes.
    func confirm(_ question: String) throws {
        if yes { return }
        guard isatty(STDIN_FILENO) != 0 else {
            throw StewardError(.usage, "\(question) Without a terminal to ask on, pass --yes.")
        }
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
            throw StewardError(.usage, "nothing was changed.")
        }
    }
}

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

        @OptionGroup var sourceOptions: SourceOptions
        @OptionGroup var policyOptions: PolicyOptions

        @Option(name: .long, help: ArgumentHelp("Plan: write the plan to this file (a dry run; nothing is sent).", valueName: "file"))
        var planOut: String?

        @Flag(name: .long, help: "Plan unsafe changes too: hide, unhide, verify, enforcement_mode, overwriting a description.")
        var unsafe = false

        @Option(name: .long, help: ArgumentHelp("Apply a reviewed plan.", valueName: "file"))
        var apply: String?

        @Option(name: .long, help: ArgumentHelp("Complete an interrupted fix run.", valueName: "run"))
        var resume: Int64?

        @Flag(name: .long, help: "Apply without asking (required without a terminal).")
        var yes = false

        @Flag(name: .long, help: "Wait for another Steward applying fixes with the same history instead of stopping (exit 4).")
        var wait = false

        @Option(
            name: .long,
            help: ArgumentHelp("The history database holding the journal (default \(HistoryStore.defaultPath)).", valueName: "path"))
        var db: String = HistoryStore.defaultPath

        @Option(name: .long, help: .hidden)
        var now: String?

        func validate() throws {
            let modes = [planOut != nil, apply != nil, resume != nil].filter { $0 }.count
            guard modes == 1 else { throw ValidationError("say one of --plan-out FILE (plan), --apply FILE or --resume RUN.") }
        }

        func run() async throws {
            defer { Task { await ProgressLine.shared.finish() } }
            if let planOut {
                let (plan, text) = try await FixPipeline().plan(
                    source: try sourceOptions.source(progress: ProgressLine.enabled), policies: policyOptions.policy,
                    now: now.flatMap { Timestamp(iso8601: $0) }, unsafe: unsafe, planPath: planOut)
                await ProgressLine.shared.finish()
                try Console.out(text)
                Console.note("wrote \(planOut): \(plan.actions.count) changes; review it, then `steward fix --apply \(planOut)`")
                return
            }
            var target = WriteTargetOptions()
            target.host = sourceOptions.host
            target.project = sourceOptions.project
            target.apiKeyFile = sourceOptions.apiKeyFile
            target.rateLimit = sourceOptions.rateLimit
            target.rateLimitHour = sourceOptions.rateLimitHour
            target.yes = yes
            target.wait = wait
            target.db = db
            let outcome: FixPipeline.Outcome
            if let apply {
                let plan = try FixPlan.load(path: apply)
                try target.confirm(
                    "Apply \(plan.actions.count) change\(plan.actions.count == 1 ? "" : "s") from \(apply) to \(plan.host) project \(plan.project)?"
                )
                outcome = try await target.pipeline.apply(
                    planPath: apply, remote: target.remote(project: plan.project), historyPath: db)
            } else {
                let runID = resume!
                let (host, project) = try FixPipeline.target(ofRun: runID, historyPath: db)
                try target.confirm("Resume fix run \(runID) on \(host) project \(project)?")
                outcome = try await target.pipeline.resume(runID: runID, remote: target.remote(project: project), historyPath: db)
            }
            await ProgressLine.shared.finish()
            try Console.out(Self.summary(outcome))
        }

        static func summary(_ outcome: FixPipeline.Outcome) -> String {
            var lines = ["fix run \(outcome.runID): \(outcome.done) done, \(outcome.skipped) skipped, \(outcome.failed) failed"]
            if !outcome.requests.isEmpty {
                lines.append(
                    "requests: " + outcome.requests.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            }
            for (reason, count) in outcome.skipReasons.prefix(10) { lines.append("  skipped \(count): \(TerminalText.sanitize(reason))") }
            lines += outcome.notes.map { "note: \($0)" }
            lines.append("undo it with `steward undo \(outcome.runID)`")
            return lines.joined(separator: "\n") + "\n"
        }
    }

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

        @OptionGroup var target: WriteTargetOptions

        func run() async throws {
            let (host, project) = try FixPipeline.target(ofRun: runID, historyPath: target.db)
            try target.confirm("Undo fix run \(runID) on \(host) project \(project)?")
            let outcome = try await target.pipeline.undo(
                runID: runID, force: force, remote: target.remote(project: project), historyPath: target.db)
            await ProgressLine.shared.finish()
            try Console.out(FixCommand.summary(outcome))
        }
    }
}
