import ArgumentParser
import StewardHistory
import StewardKit
import StewardReports

extension Steward {
    /// `steward report`: any past run, rendered from history without the network.
    struct ReportCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Render a recorded run from history in any format, offline.",
            discussion: """
                Findings read as they did when they opened; counts, new and resolved findings and the trend \
                come from history. Runs whose details were pruned keep only their counts.

                Examples:
                  steward report --format html,markdown --output-dir reports
                  steward report --run 12 --format sarif --output-dir out
                """)

        @Option(name: .customLong("run"), help: ArgumentHelp("A run id, or latest.", valueName: "run"))
        var runID: String = "latest"

        @Option(name: .long, help: "Formats, comma-separated: \(Reporters.identifiers.joined(separator: ", ")).")
        var format: String = "html,markdown"

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Where files are written (default: reports; a lone file format without it goes to standard output).", valueName: "dir"))
        var outputDir: String?

        @Flag(name: .long, help: "List every finding in steward-report.md (default: the most severe 100 per rule, the rest counted).")
        var full = false

        @OptionGroup var database: DatabaseOption

        func validate() throws {
            guard RunReference(runID) != nil else { throw ValidationError("--run must be a run id or 'latest'; got '\(runID)'.") }
        }

        func run() throws {
            let formats = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let fileFormats = formats.filter { !ReportWriter.isStandardOutput($0) }
            let directory = outputDir ?? (fileFormats.count == 1 && formats.count == 1 ? nil : "reports")
            let written = try ReportFromHistory().write(
                path: try database.path(), run: RunReference(runID)!, formats: formats, outputDirectory: directory, full: full)
            try Console.out(written.standardOutput)
            for file in written.files { Console.note("wrote \(file)") }
        }
    }
}
