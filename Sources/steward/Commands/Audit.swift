import ArgumentParser
import Foundation
import StewardCore
import StewardKit

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

                Examples:
                  POSTHOG_PERSONAL_API_KEY=phx_… steward audit --host https://eu.posthog.com --project 12345
                  steward audit --from snapshot.json --policy rules/posthog-recommended.yml --format text,json --output-dir reports
                """)

        @OptionGroup var sourceOptions: SourceOptions

        @OptionGroup var policyOptions: PolicyOptions
        @OptionGroup var judgement: JudgementOptions

        @Option(name: .long, help: "Output formats, comma-separated: text, json.")
        var format: String = "text"

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Where file formats are written as steward-report.<ext> (default: reports when a file format is asked for).",
                valueName: "dir"))
        var outputDir: String?

        func run() async throws {
            var options = AuditPipeline.Options(
                source: try sourceOptions.source(progress: ProgressLine.enabled), now: judgement.explicitInstant)
            options.policies = policyOptions.policy
            options.formats = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            options.failOn = judgement.threshold
            options.color = Console.colorOnStandardOutput
            let fileFormats = options.formats.filter { $0 != "text" }
            options.outputDirectory =
                outputDir ?? (fileFormats.count > 1 || (fileFormats.count == 1 && options.formats.count > 1) ? "reports" : nil)
            let outcome: AuditPipeline.Outcome
            do {
                outcome = try await AuditPipeline().run(options)
                await ProgressLine.shared.finish()
            } catch {
                await ProgressLine.shared.finish()
                throw error
            }
            Console.out(outcome.standardOutput)
            for file in outcome.writtenFiles { Console.note("wrote \(file)") }
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        }
    }
}
