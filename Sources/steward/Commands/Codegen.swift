import ArgumentParser
import Foundation
import StewardCore
import StewardKit
import StewardReports

extension Steward {
    /// `steward codegen`: PostHog's typed code, written or checked.
    struct Codegen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the typed code PostHog generates from its event schemas, or check a committed copy is current.",
            discussion: """
                Asks PostHog for event_definitions/<language>/ (TypeScript, Go or Python). --output writes the \
                file and records its schema_hash and generator_version in posthog.json beside it (as posthog-cli \
                keeps them). --check FILE exits 1 when the committed file no longer matches what PostHog \
                generates now, by the recorded hash and by content with the Generated at: line ignored, and \
                says how many events differ; 0 when it matches.

                Examples:
                  steward codegen --language typescript --output src/posthog-typed.ts
                  steward codegen --language python --check app/posthog_typed.py
                """)

        @Option(name: .long, help: "typescript, golang or python.")
        var language: String

        @Option(name: .long, help: ArgumentHelp("Write the generated file here (default: standard output).", valueName: "file"))
        var output: String?

        @Option(name: .long, help: ArgumentHelp("Check that this committed file is what PostHog generates now.", valueName: "file"))
        var check: String?

        @OptionGroup var connection: ConnectionOptions

        func validate() throws {
            guard GeneratedCode.Language(rawValue: language) != nil else {
                throw ValidationError("--language must be typescript, golang or python; got '\(language)'.")
            }
            if output != nil, check != nil { throw ValidationError("use either --output or --check, not both.") }
        }

        static func terminalSafe(_ content: String) -> String {
            content.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.split(separator: "\t", omittingEmptySubsequences: false).map { TerminalText.sanitize(String($0)) }
                    .joined(separator: "\t")
            }.joined(separator: "\n")
        }

        func run() async throws {
            let language = GeneratedCode.Language(rawValue: self.language)!
            let pipeline = CodegenPipeline()
            let code = try await pipeline.fetch(language, remote: try connection.remote(progress: false))
            if let check {
                let outcome = try pipeline.check(code, language: language, path: check)
                let events = code.eventCount.map { ", \($0) event\($0 == 1 ? "" : "s")" } ?? ""
                if outcome.matches {
                    try Console.out("\(check) matches PostHog (schema \(code.schemaHash ?? "unknown")\(events)).\n")
                    return
                }
                var lines = [
                    "\(check) no longer matches PostHog: \(outcome.differing) event\(outcome.differing == 1 ? " differs" : "s differ")."
                ]
                func list(_ label: String, _ names: [String]) {
                    guard !names.isEmpty else { return }
                    let shown = names.prefix(10).map { "'\(TerminalText.sanitize($0))'" }.joined(separator: ", ")
                    lines.append("  \(label) (\(names.count)): \(shown)\(names.count > 10 ? ", …" : "")")
                }
                list("added in PostHog", outcome.added)
                list("removed from PostHog", outcome.removed)
                list("changed", outcome.changed)
                if let recorded = outcome.recordedHash, let current = outcome.currentHash, recorded != current {
                    lines.append("  schema_hash: recorded \(recorded), PostHog now \(current)")
                }
                lines.append("Regenerate it: steward codegen --language \(language.rawValue) --output \(check)")
                try Console.out(lines.joined(separator: "\n") + "\n")
                throw ExitCode(1)
            }
            guard let output else {
                // On a terminal, nothing PostHog sent may move the cursor or recolour it: control characters
                // other than line breaks and tabs are shown escaped. Piped, the file is written as it came.
                try Console.out(isatty(STDOUT_FILENO) == 1 ? Self.terminalSafe(code.content) : code.content)
                return
            }
            try pipeline.write(code, language: language, to: output)
            let events = code.eventCount.map { "\($0) event\($0 == 1 ? "" : "s")" } ?? "the events"
            Console.note(
                "wrote \(output) (\(events), schema \(code.schemaHash ?? "not given by this PostHog")); recorded in posthog.json beside it")
        }
    }
}
