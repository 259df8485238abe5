import ArgumentParser
import Foundation
import StewardCore
import StewardKit
import StewardReports

extension Steward {
    /// `steward audit`: lint every definition against the policy and report.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Audit event definitions against the policy and report the findings.",
            discussion: """
                Reads every definition of a PostHog project (--host, --project, the key in \
                POSTHOG_PERSONAL_API_KEY), or a file with --from: a Steward snapshot, a PostHog list \
                response, several list responses concatenated, or a bare array of definitions. A snapshot \
                is judged as of its fetched_at time, so a pinned snapshot gives the same findings every day.

                Each audit is recorded in the history database (.steward/history.sqlite; --db, --no-history): \
                what is new since the last run, what got resolved, and the trend (`steward history`). A failed \
                fetch is recorded as a failed run and resolves nothing.

                Gating: --fail-on sets the severity that fails (exit 1). --new-only fails only on findings \
                this run opened; --baseline FILE (written by `steward baseline write`) accepts known findings \
                and reports entries that no longer match, so the baseline only shrinks.

                Examples:
                  POSTHOG_PERSONAL_API_KEY=phx_… steward audit --host https://eu.posthog.com --project 12345
                  steward audit --from snapshot.json --policy rules/posthog-recommended.yml --format text,json --output-dir reports
                  steward audit --from snapshot.json --new-only          # a CI gate on what this change introduced
                  steward audit --format text,github,markdown,html,sarif,junit --output-dir reports
                """)

        @OptionGroup var sourceOptions: SourceOptions

        @OptionGroup var policyOptions: PolicyOptions
        @OptionGroup var judgement: JudgementOptions
        @OptionGroup var historyOptions: HistoryOptions

        @Flag(name: .long, help: "Fail only on findings first opened by this run (needs history).")
        var newOnly = false

        @Option(name: .long, help: ArgumentHelp("Accept the findings listed in this baseline file.", valueName: "file"))
        var baseline: String?

        @Flag(
            name: .long,
            help: "Audit a read that is not known complete (PostHog's count disagrees) instead of stopping with exit 3.")
        var allowIncomplete = false

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The tracking plan the plan rules judge against (default: plan: in steward.yml, else tracking-plan.yml when present).",
                valueName: "file"))
        var plan: String?

        @Flag(name: .long, help: "Print how long each stage took, the processor time it used, and the peak memory after it, to stderr.")
        var timings = false

        @Option(
            name: .long,
            help:
                "Output formats, comma-separated: \(Reporters.identifiers.joined(separator: ", ")) (default: format: in steward.yml, else text)."
        )
        var format: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Where file formats are written as steward-report.<ext> (default: output_dir: in steward.yml, else reports when a file format is asked for).",
                valueName: "dir"))
        var outputDir: String?

        @Flag(name: .long, help: "List every finding in steward-report.md (default: the most severe 100 per rule, the rest counted).")
        var full = false

        func run() async throws {
            var options = AuditPipeline.Options(
                source: try sourceOptions.source(progress: ProgressLine.enabled), now: judgement.clock.explicitInstant)
            options.policies = try policyOptions.references()
            let settings = try ProjectFile.settings()
            options.formats =
                settings.formats(
                    flag: format.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
                ).value
            options.failOn = try judgement.threshold()
            options.historyPath = try historyOptions.path()
            options.newOnly = newOnly
            options.baselinePath = baseline
            options.allowIncomplete = allowIncomplete
            options.planPath = settings.plan(flag: plan)?.value
            options.fullReport = full
            options.color = Console.colorOnStandardOutput
            let fileFormats = options.formats.filter { !ReportWriter.isStandardOutput($0) }
            options.outputDirectory =
                settings.outputDirectory(flag: outputDir)?.value
                ?? (fileFormats.count > 1 || (fileFormats.count == 1 && options.formats.count > 1) ? "reports" : nil)
            let outcome: AuditPipeline.Outcome
            do {
                outcome = try await AuditPipeline().run(options)
                await ProgressLine.shared.finish()
            } catch {
                await ProgressLine.shared.finish()
                throw error
            }
            for note in outcome.notes { Console.note("note: \(note)") }
            try Console.out(outcome.standardOutput)
            for file in outcome.writtenFiles { Console.note("wrote \(file)") }
            if timings { FileHandle.standardError.write(Data(TimingsView.text(outcome.timings).utf8)) }
            // Everything is said and in place, and history was closed when the pipeline returned. The outcome
            // still holds every definition and finding: freeing them one by one would cost 40 ms at 100,000
            // definitions, and the process ends here anyway.
            withExtendedLifetime(outcome) { Foundation.exit(outcome.exitCode) }
        }
    }
}
