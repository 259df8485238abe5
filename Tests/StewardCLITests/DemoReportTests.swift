import Foundation
import StewardTestSupport
import Testing

/// `make demo`'s reports, as people and CI systems open them: the HTML in headless Chromium with hostile
/// event names in the project, and the SARIF against the official 2.1.0 schema.
@Suite(.serialized) struct DemoReportTests {
    /// Runs scripts/demo.sh (a smaller project) into a temporary folder once for the suite.
    static let demo: Result<URL, Error> = Result {
        let directory = Fixtures.temporaryDirectory("demo")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [StewardProcess.packageRoot.appendingPathComponent("scripts/demo.sh").path]
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["STEWARD_DEMO_DIR": directory.path, "DEMO_DEFINITIONS": "2000", "NO_COLOR": "1"]) { $1 }
        let log = directory.appendingPathComponent("demo.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DemoFailed(log: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
        return directory.appendingPathComponent("reports")
    }

    struct DemoFailed: Error, CustomStringConvertible {
        var log: String
        var description: String { "make demo failed:\n\(log)" }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static let chromium = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000"]

    @Test func hostileEventNamesAreShownAsTextAndNeverRun() throws {
        let reports = try Self.demo.get()
        let html = reports.appendingPathComponent("steward-report.html")
        // Given the demo's project holds names built to run script: a script element, an event handler, a
        // javascript: link, an element-closing attack, markdown and table breakers, terminal escapes
        let source = try String(contentsOf: html, encoding: .utf8)
        #expect(!source.contains("<script>document.body") && !source.contains("onerror=\"document"))
        // When Chromium opens the report and runs its own script
        let dom = try Self.run("chromium", Self.chromium + ["--dump-dom", html.absoluteString])
        #expect(dom.status == 0)
        // Then the findings table was drawn, the hostile names are in it as text, and none of them ran
        let body = dom.output.range(of: "<body[^>]*>", options: .regularExpression).map { String(dom.output[$0]) }
        #expect(body == "<body>", "the page was changed by an injected script: \(body ?? "no body")")
        #expect(dom.output.range(of: "of [0-9]+ findings", options: .regularExpression) != nil, "the table script did not run")
        #expect(dom.output.contains("<td>&lt;script&gt;document.body.dataset.pwned=1&lt;/script&gt;"))
        #expect(dom.output.contains("<td>&lt;/script&gt;&lt;script&gt;document.body.dataset.pwned=1&lt;/script&gt;"))
        #expect(!dom.output.contains("href=\"javascript:"))
        // The table can be opened filtered (#q=…): the javascript: link is one plain cell
        let filtered = try Self.run("chromium", Self.chromium + ["--dump-dom", html.absoluteString + "#q=click%20me"])
        #expect(filtered.output.contains("<td>[click me](javascript:document.body.dataset.pwned=1)"))
        #expect(!filtered.output.contains("href=\"javascript:") && filtered.output.contains("<body>"))
        #expect(!dom.output.contains("<img src=\"x\""))
        // And a screenshot of it can be taken (a real render, not an empty page)
        let shot = html.deletingLastPathComponent().appendingPathComponent("screenshot.png")
        let capture = try Self.run(
            "chromium", Self.chromium + ["--window-size=1280,2000", "--screenshot=\(shot.path)", html.absoluteString])
        #expect(capture.status == 0)
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 20_000)
    }

    /// Validates a SARIF file against the official 2.1.0 schema with Python's jsonschema: the status, and
    /// the first errors with "N results, M errors" last.
    static func validateSARIF(_ file: URL) throws -> (status: Int32, output: String) {
        let schema = StewardProcess.packageRoot.appendingPathComponent("Tests/StewardCLITests/Fixtures/sarif-schema-2.1.0.json")
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            log = json.load(open(sys.argv[2]))
            errors = list(jsonschema.validators.validator_for(schema)(schema).iter_errors(log))
            for e in errors[:5]: print(e.message, list(e.path))
            print(len(log["runs"][0]["results"]), "results", len(errors), "errors")
            sys.exit(1 if errors else 0)
            """
        return try run("python3", ["-c", script, schema.path, file.path])
    }

    @Test func theDemosSARIFValidatesAgainstTheOfficialSchema() throws {
        let reports = try Self.demo.get()
        let result = try Self.validateSARIF(reports.appendingPathComponent("steward-report.sarif"))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains(" 0 errors"))
        #expect(!result.output.hasPrefix("0 results"))
    }

    @Test func theDemoWritesTheSummaryAndTheFullMarkdown() throws {
        let reports = try Self.demo.get()
        let summary = try String(contentsOf: reports.appendingPathComponent("steward-summary.md"), encoding: .utf8)
        let full = try String(contentsOf: reports.appendingPathComponent("steward-report.md"), encoding: .utf8)
        #expect(summary.utf8.count < 60_000 && full.utf8.count > summary.utf8.count)
        #expect(summary.hasPrefix("## Steward: event definition compliance"))
        // The table breaker stays inside one cell
        for line in full.split(separator: "\n") where line.contains("table") && line.contains("breaker") {
            #expect(line.contains("\\| table \\| breaker \\|"), "\(line)")
        }
        #expect(!full.contains("\u{1B}"))
    }
}
