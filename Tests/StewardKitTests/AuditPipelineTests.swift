import Foundation
import StewardCore
import StewardKit
import StewardTestSupport
import Testing

@Suite struct AuditPipelineTests {
    @Test func jsonReportIsTheDocumentedObject() async throws {
        // Given a project file and the default policy
        let directory = Fixtures.temporaryDirectory("audit")
        let path = Fixtures.write(
            Fixtures.listResponse([.example("checkout_started", owner: nil), .example("Signed Up"), .example("signed_up")]),
            to: "defs.json", in: directory)
        var options = AuditPipeline.Options(fromFile: path, now: Fixtures.now)
        options.formats = ["json"]
        options.policies = ["default"]
        // When the audit runs with json to standard output
        let outcome = try await AuditPipeline().run(options)
        // Then the object has the summary and findings with the documented keys
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["definitions"] as? Int == 3)
        #expect(summary["errors"] as? Int == 2)
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(
            Set(findings.compactMap { $0["rule"] as? String }) == ["owner_required", "near_duplicate_name", "verified_metadata_complete"])
        for finding in findings {
            for key in ["rule", "severity", "event_id", "event_name", "message"] { #expect(finding[key] != nil, "\(key)") }
        }
        #expect(outcome.exitCode == 1)
    }

    @Test func filesGoToTheOutputDirectory() async throws {
        let directory = Fixtures.temporaryDirectory("audit")
        let path = Fixtures.write("[{\"id\": \"1\", \"name\": \"fine_event\"}]", to: "defs.json", in: directory)
        var options = AuditPipeline.Options(fromFile: path, now: Fixtures.now)
        options.formats = ["text", "json"]
        options.outputDirectory = directory.appendingPathComponent("out").path
        options.policies = ["default"]
        options.failOn = .off
        let outcome = try await AuditPipeline().run(options)
        #expect(outcome.writtenFiles == [directory.appendingPathComponent("out/steward-report.json").path])
        #expect(outcome.standardOutput.contains("1 definitions, 1 in scope"))
        #expect(outcome.exitCode == 0)
    }
}
