import Foundation
import StewardTestSupport
import Testing

/// A person who pastes PostHog's documented example, or a file another tool wrote, gets an audit, with what was
/// odd said once on stderr and in the json report's `source.notes`.
@Suite struct ReferenceExampleCLITests {
    static let reference = StewardProcess.packageRoot.appendingPathComponent("Tests/Fixtures/posthog-reference")

    struct Report: Decodable {
        struct Source: Decodable { var notes: [String] }
        struct Summary: Decodable { var definitions: Int }
        var source: Source
        var summary: Summary
    }

    @Test(arguments: [
        ("list.json", 1), ("retrieve.json", 1), ("create.json", 1), ("update.json", 1), ("list-2022.json", 1),
        ("list-open-source.json", 1), ("frontend-mocks.json", 4),
    ])
    func everyReferenceExampleAudits(file: String, definitions: Int) async throws {
        let directory = Fixtures.temporaryDirectory("reference")
        let result = try await StewardProcess.run(
            [
                "audit", "--from", Self.reference.appendingPathComponent(file).path, "--policy", "default", "--no-history",
                "--format", "json", "--output-dir", directory.path,
            ])
        #expect(result.exitCode == 0 || result.exitCode == 1, "\(file): \(result.standardError)")
        let report = try JSONDecoder().decode(
            Report.self, from: Data(contentsOf: directory.appendingPathComponent("steward-report.json")))
        #expect(report.summary.definitions == definitions)
        #expect(report.source.notes.contains { $0.contains("null tags; dropped") })
        // Said once on stderr, not once per definition or per page.
        let said = result.standardError.components(separatedBy: "\n").filter { $0.contains("null tags; dropped") }
        #expect(said.count == 1)
    }

    @Test func overlappingPagesWithHistoryAreMergedNotAStorageError() async throws {
        let directory = Fixtures.temporaryDirectory("overlap")
        let page1 =
            #"{"count": 3, "next": "https://us.posthog.com/api/projects/1/event_definitions/?offset=2", "results": [{"id": "a", "name": "a"}, {"id": "b", "name": "b"}]}"#
        let page2 = #"{"count": 3, "next": null, "results": [{"id": "b", "name": "b"}, {"id": "c", "name": "c"}]}"#
        let input = Fixtures.write(page1 + "\n" + page2 + "\n", to: "pages.json", in: directory)
        let database = directory.appendingPathComponent("history.sqlite").path
        let result = try await StewardProcess.run(["audit", "--from", input, "--policy", "default", "--db", database])
        #expect(result.exitCode == 0 || result.exitCode == 1, "\(result.standardError)")
        #expect(result.standardError.contains("1 definition was listed more than once with the same content"))
        #expect(result.standardOutput.contains("3 definitions"))
    }

    @Test func overlappingPagesThatDisagreeAreRefusedNamingTheId() async throws {
        let directory = Fixtures.temporaryDirectory("overlap")
        let page1 =
            #"{"count": 2, "next": "https://us.posthog.com/api/projects/1/event_definitions/?offset=1", "results": [{"id": "b", "name": "b"}]}"#
        let page2 = #"{"count": 2, "next": null, "results": [{"id": "b", "name": "b", "hidden": true}, {"id": "c", "name": "c"}]}"#
        let input = Fixtures.write(page1 + page2, to: "pages.json", in: directory)
        let database = directory.appendingPathComponent("history.sqlite").path
        let result = try await StewardProcess.run(["audit", "--from", input, "--policy", "default", "--db", database])
        #expect(result.exitCode == 2)
        #expect(
            result.standardError.contains("definition id b (b) is listed in \(input) (JSON value 1 of 2) and \(input) (JSON value 2 of 2)"))
    }
}
