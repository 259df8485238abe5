import ArgumentParser
import Foundation
import StewardCore
import StewardKit

extension Steward {
    /// `steward check NAME…`: judge names before they ship.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check candidate event names against the policy's naming rules (offline; --live also asks PostHog).",
            discussion: """
                Only rules that look at names run. With --from, names are also compared with the project's \
                existing ones (near-duplicates, the inferred convention). With --live, PostHog is asked \
                (by_name, one request per name) whether each exists, with its owner, verification and \
                whether it is hidden.

                Example:
                  steward check "signup_flow:pricing_page_view" --policy posthog-recommended
                """)

        @Argument(help: "Event names to check (for thousands, use --names-file).")
        var names: [String] = []

        @Option(
            name: .long,
            help: ArgumentHelp(
                "A file with one event name per line, or - for standard input (a code scan's output, say).", valueName: "file"))
        var namesFile: String?

        @OptionGroup var policyOptions: PolicyOptions
        @OptionGroup var judgement: JudgementOptions
        @OptionGroup var format: TextOrJSONFormat

        @OptionGroup var known: KnownDefinitionsOption

        @Flag(name: .long, help: "Also ask PostHog (by_name) whether each name exists, with its owner, verification and visibility.")
        var live = false

        @OptionGroup var connection: ConnectionOptions

        func validate() throws {
            guard !names.isEmpty || namesFile != nil else {
                throw ValidationError("give at least one event name to check, or --names-file FILE.")
            }
            if connection.namesAProject, !live { throw ValidationError("--host and --project are for --live.") }
        }

        /// The names from the command line, then the file's lines (blank lines skipped).
        func allNames() throws(StewardError) -> [String] {
            guard let namesFile else { return names }
            let data: Data
            if namesFile == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: namesFile) else {
                    throw StewardError(.usage, "cannot read --names-file \(namesFile).")
                }
                data = contents
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw StewardError(.usage, "--names-file \(namesFile) is not UTF-8 text.")
            }
            let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { String($0) }.filter { !$0.isEmpty }
            return names + lines
        }

        func run() async throws {
            let names = try allNames()
            let policy = try PolicyResolution.load(explicit: try policyOptions.references())
            let existing = try known.definitions()
            let pipeline = CheckPipeline()
            var outcome = try pipeline.run(
                names: names, policy: policy, existing: existing, failOn: try judgement.threshold(),
                now: judgement.clock.instant)
            if live { outcome.live = try await pipeline.lookUp(names: names, remote: try connection.remote(progress: false)) }
            try Console.out(format.format == "json" ? outcome.json() : outcome.text())
            if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
        }
    }
}
