import Foundation
import StewardCore
import StewardReports
import StewardTestSupport
import Testing

/// Reports written to a file as they are made: the same bytes as rendering in memory, and a failed write
/// is reported rather than lost.
@Suite struct ReportOutputTests {
    /// A report whose growing formats pass many 16 KiB chunks to the file.
    static func largeReport() throws -> AuditReport {
        let definitions = SyntheticProject(count: 3_000, seed: 11, includeHostileNames: true).definitions()
        let policy = try PolicyLoader().load(
            text: "rules: { owner_required: error, description_required: warning, name_pattern: warning, dynamic_name: warning }",
            file: "p.yml")
        let result = try Linter(policy: policy, now: Fixtures.now).lint(definitions)
        var report = AuditReport(
            result: result, source: "defs.json", policySources: ["p.yml"], generatedAt: Fixtures.now, toolVersion: "0.0.0-test")
        report.definitions = definitions
        return report
    }

    @Test(arguments: ["html", "markdown", "junit", "json"])
    func aFileGetsExactlyWhatMemoryGets(format: String) throws {
        let report = try Self.largeReport()
        // A fixed nonce: a random one per rendering would differ between the file and memory; the markdown
        // report lists every finding (`--full`), so it spans many chunks.
        let reporter: any Reporter =
            format == "html"
            ? HTMLReporter(nonce: "fixed-for-comparison") : try #require(Reporters.reporter(format, full: true))
        let directory = Fixtures.temporaryDirectory("output")
        for file in reporter.files(report) {
            let path = directory.appendingPathComponent(file.name).path
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            #expect(descriptor >= 0)
            let output = ReportOutput(descriptor: descriptor, chunk: 16 * 1024)
            file.write(to: output)
            let sizeBeforeFinish = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            #expect(output.finish() == nil)
            close(descriptor)
            let written = try String(contentsOfFile: path, encoding: .utf8)
            let inMemory = file.contents
            if format != "json" && file.name != "steward-summary.md" {
                #expect(written.utf8.count > 4 * 16 * 1024, "\(file.name) should span several chunks")
                #expect(sizeBeforeFinish > 3 * 16 * 1024, "\(file.name) went to the file as it was made")
            }
            #expect(written == inMemory, "\(file.name)")
            #expect(output.byteCount == inMemory.utf8.count)
        }
    }

    @Test func aFailedWriteIsReportedByFinish() throws {
        let descriptor = open("/dev/full", O_WRONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let output = ReportOutput(descriptor: descriptor)
        output += String(repeating: "x", count: 3 << 20)
        output += "more"
        #expect(output.finish() == ENOSPC)
    }
}
