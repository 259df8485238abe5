import ArgumentParser
import Foundation
import StewardCore
import StewardKit
import StewardReports

extension Steward {
    /// `steward scan [PATH…]`: lint the event names source code sends.
    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find the event names source code sends to PostHog and judge them with the policy.",
            discussion: """
                Walks the paths (default: the current folder), honouring .gitignore and skipping vendored \
                and build folders, symbolic links, binary, minified and huge files, and reads the capture \
                calls of PostHog's SDKs for JavaScript/TypeScript, Python, Swift, Kotlin, Java, Go, Ruby, PHP \
                and Dart. Names built at run time are dynamic_name_in_code findings with their template; calls \
                whose name cannot be read are listed, not guessed.

                The names are judged by the policy's name rules and against PostHog's definitions: --from a \
                snapshot, or the project (--project, POSTHOG_PROJECT_ID or steward.yml) read live, or none \
                with --names-only. With a tracking plan (--plan, plan: in steward.yml, tracking-plan.yml) \
                unplanned_event and planned_not_in_code are judged too.

                Findings are file:line:column. Fingerprints are (file, event name, rule): --baseline accepts \
                known findings, so a pull request fails only on what it adds.

                Examples:
                  steward scan src --from snapshot.json
                  steward scan --from snapshot.json --format github,sarif --output-dir reports --baseline .steward/scan-baseline.json
                  steward scan --names-only --write-baseline .steward/scan-baseline.json
                """)

        @Argument(help: "Files or folders to scan (default: the current folder).")
        var paths: [String] = []

        @Option(
            name: .long, help: ArgumentHelp("The folder file paths are shown relative to (default: the current folder).", valueName: "dir"))
        var root: String?

        @OptionGroup var known: KnownDefinitionsOption

        @Flag(name: .long, help: "Judge names by the policy alone, without PostHog's definitions.")
        var namesOnly = false

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var policyOptions: PolicyOptions
        @OptionGroup var judgement: JudgementOptions

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The tracking plan (default: plan: in steward.yml, else tracking-plan.yml when present).", valueName: "file"))
        var plan: String?

        @Option(name: .long, help: "Output formats, comma-separated: text, json, sarif, github, junit, markdown (default text).")
        var format: String = "text"

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Where file formats are written as steward-scan.<ext> (default: standard output for one format).", valueName: "dir"))
        var outputDir: String?

        @Option(name: .long, help: ArgumentHelp("Accept the findings listed in this baseline file.", valueName: "file"))
        var baseline: String?

        @Flag(name: .long, help: "Report only findings the files did not have at --diff-base (read with git), as a pull request adds them.")
        var newOnly = false

        @Option(
            name: .long,
            help: ArgumentHelp("The revision --new-only compares with (default HEAD; in CI, the target branch).", valueName: "ref"))
        var diffBase: String?

        @Option(name: .long, help: ArgumentHelp("Write every finding of this scan to a baseline file, and exit 0.", valueName: "file"))
        var writeBaseline: String?

        @Option(name: .long, help: ArgumentHelp("Skip files larger than this many megabytes (default 2).", valueName: "MB"))
        var maxFileSize: Int = 2

        func validate() throws {
            let names = Set(ScanReport.formats.map(\.name))
            for name in formats where !names.contains(name) {
                throw ValidationError(
                    "unknown format '\(name)' for scan; choose from \(ScanReport.formats.map(\.name).joined(separator: ", ")).")
            }
            if diffBase != nil, !newOnly { throw ValidationError("--diff-base is for --new-only.") }
            if !(1...1_024).contains(maxFileSize) { throw ValidationError("--max-file-size must be between 1 and 1024 (megabytes).") }
            if namesOnly, known.from != nil || connection.namesAProject {
                throw ValidationError("--names-only judges without definitions; leave out --from, --host and --project.")
            }
            if known.from != nil, connection.namesAProject { throw ValidationError("use either --from or --host/--project, not both.") }
            let files = formats.filter { name in !(ScanReport.formats.first { $0.name == name }?.toStandardOutput ?? true) }
            if outputDir == nil, files.count + (formats.count > files.count ? 1 : 0) > 1, !files.isEmpty {
                throw ValidationError("several formats need --output-dir for the files (\(files.joined(separator: ", "))).")
            }
        }

        var formats: [String] {
            format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        /// PostHog's definitions and where they came from, or nil for none.
        func definitions() async throws -> (definitions: [EventDefinition], source: String)? {
            if namesOnly { return nil }
            if let from = known.from, let snapshot = try known.snapshot() {
                return (snapshot.definitions, "\(from) (\(Self.count(snapshot.definitions.count)))")
            }
            let settings = try ProjectFile.settings()
            guard connection.namesAProject || settings.project(flag: nil) != nil else {
                Console.note(
                    "note: no definitions to judge against (no --from and no project); names are judged by the policy alone. Say --names-only to silence this."
                )
                return nil
            }
            let options = try connection.remote(progress: ProgressLine.enabled)
            let snapshot: Snapshot
            do {
                snapshot = try await DefinitionSource.remote(options).load()
                await ProgressLine.shared.finish()
            } catch {
                await ProgressLine.shared.finish()
                throw error
            }
            return (snapshot.definitions, "project \(options.project) at \(options.host) (\(Self.count(snapshot.definitions.count)))")
        }

        static func count(_ definitions: Int) -> String { "\(definitions) definition\(definitions == 1 ? "" : "s")" }

        func run() async throws {
            let policy = try PolicyResolution.load(explicit: try policyOptions.references())
            let settings = try ProjectFile.settings()
            let planPath = settings.plan(flag: plan)?.value
            let root = self.root ?? FileManager.default.currentDirectoryPath
            var input = ScanPipeline.Input(
                paths: paths.isEmpty ? ["."] : paths, root: root, policy: policy, now: judgement.clock.instant)
            input.maximumFileSize = maxFileSize * 1_048_576
            if let found = try await definitions() {
                input.definitions = found.definitions
                input.definitionsSource = found.source
            }
            if let planPath {
                input.plan = try PlanPipeline.loadPlan(path: planPath)
                input.planSource = planPath
            }
            input.failOn = try judgement.threshold()
            if let baseline { input.baseline = try Baseline.load(path: baseline) }
            if newOnly { input.diffBase = diffBase ?? "HEAD" }
            let progress: ((Int, Int) -> Void)? =
                ProgressLine.enabled
                ? { read, total in FileHandle.standardError.write(Data("\r\u{1B}[2Kscanning: \(read) of \(total) files".utf8)) }
                : nil
            let report = try ScanPipeline().run(input, progress: progress)
            if progress != nil { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            if let writeBaseline {
                try ReportWriter.writeAtomically(
                    String(decoding: Baseline(accepting: report.findings).encoded(), as: UTF8.self), to: writeBaseline)
                Console.note("wrote \(writeBaseline): \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s") accepted")
                return
            }
            try write(report)
            if report.exitCode != 0 { throw ExitCode(report.exitCode) }
        }

        func write(_ report: ScanReport) throws {
            for name in formats {
                let spec = ScanReport.formats.first { $0.name == name }!
                let color = name == "text" && Console.colorOnStandardOutput
                let text = report.render(name, color: color)
                if spec.toStandardOutput || outputDir == nil {
                    try Console.out(text)
                } else if let outputDir {
                    try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
                    let path = outputDir + "/steward-scan." + spec.fileExtension
                    try ReportWriter.writeAtomically(text, to: path)
                    Console.note("wrote \(path)")
                }
            }
        }
    }
}
