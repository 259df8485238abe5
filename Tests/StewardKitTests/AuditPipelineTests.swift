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
        options.historyPath = nil
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
        options.historyPath = nil
        let outcome = try await AuditPipeline().run(options)
        #expect(outcome.writtenFiles == [directory.appendingPathComponent("out/steward-report.json").path])
        #expect(outcome.standardOutput.contains("1 definitions, 1 in scope"))
        #expect(outcome.exitCode == 0)
    }

}

/// `--new-only`, `--baseline` and `steward baseline write`: what fails a run, and a baseline that only shrinks.
@Suite struct GateTests {
    let directory = Fixtures.temporaryDirectory("gate")

    func write(_ definitions: [EventDefinition]) -> String {
        Fixtures.write(Fixtures.listResponse(definitions), to: "defs.json", in: directory)
    }

    func options(_ path: String) -> AuditPipeline.Options {
        var options = AuditPipeline.Options(fromFile: path, now: Fixtures.now)
        options.policies = [Fixtures.write("rules: { owner_required: error }\n", to: "policy.yml", in: directory)]
        options.historyPath = directory.appendingPathComponent("history.sqlite").path
        return options
    }

    @Test func newOnlyFailsOnlyOnWhatThisRunOpened() async throws {
        let path = write([.example("old_unowned", owner: nil)])
        var options = options(path)
        options.newOnly = true
        // The first run opens everything, so everything is new
        #expect(try await AuditPipeline().run(options).exitCode == 1)
        // The same project again: the old finding is not new
        let again = try await AuditPipeline().run(options)
        #expect(again.exitCode == 0 && again.report.gate?.failing == 0 && again.report.history?.previousRunID != nil)
        // A new unowned event fails the gate, and only it is counted
        _ = write([.example("old_unowned", owner: nil), .example("new_unowned", owner: nil)])
        let third = try await AuditPipeline().run(options)
        #expect(third.exitCode == 1 && third.report.gate?.failing == 1)
        #expect(third.report.history?.isNew == [true, false])  // report order: new_unowned, old_unowned
        #expect(third.standardOutput.contains("new_unowned (new):"))
    }

    @Test func newOnlyWithoutHistoryIsAUsageError() async throws {
        var options = options(write([.example("a", owner: nil)]))
        options.historyPath = nil
        options.newOnly = true
        await #expect(throws: StewardError(.usage, "--new-only needs history to know what is new; drop --no-history.")) {
            _ = try await AuditPipeline().run(options)
        }
    }

    @Test func aBaselineAcceptsItsFindingsReportsStaleOnesAndOnlyShrinks() async throws {
        let path = write([.example("a_unowned", owner: nil), .example("b_unowned", owner: nil)])
        let baselinePath = directory.appendingPathComponent("baseline.json").path
        var options = options(path)
        options.historyPath = nil
        let written = try await BaselinePipeline().write(
            source: .file(path), policies: options.policies, now: Fixtures.now, path: baselinePath, addNew: false)
        #expect(written == .init(entries: 2, removedStale: 0, leftOut: 0, updated: false))
        options.baselinePath = baselinePath
        #expect(try await AuditPipeline().run(options).exitCode == 0)
        // b gets an owner (its entry goes stale) and c appears without one (not accepted)
        _ = write([.example("a_unowned", owner: nil), .example("b_unowned"), .example("c_unowned", owner: nil)])
        let outcome = try await AuditPipeline().run(options)
        #expect(outcome.exitCode == 1 && outcome.report.gate?.failing == 1 && outcome.report.gate?.baselined == 1)
        #expect(outcome.report.gate?.staleBaseline.map(\.eventName) == ["b_unowned"])
        #expect(outcome.standardOutput.contains("1 entry is stale"))
        // Rewriting drops the stale entry and does not accept c unless asked
        let shrunk = try await BaselinePipeline().write(
            source: .file(path), policies: options.policies, now: Fixtures.now, path: baselinePath, addNew: false)
        #expect(shrunk == .init(entries: 1, removedStale: 1, leftOut: 1, updated: true))
        #expect(try Baseline.load(path: baselinePath).entries.map(\.eventName) == ["a_unowned"])
        let grown = try await BaselinePipeline().write(
            source: .file(path), policies: options.policies, now: Fixtures.now, path: baselinePath, addNew: true)
        #expect(grown.entries == 2)
    }

    @Test func aBadBaselineFileIsAUsageErrorNamingIt() async throws {
        var options = options(write([.example("a", owner: nil)]))
        options.historyPath = nil
        options.baselinePath = Fixtures.write(
            "{\"format\": \"something-else\", \"version\": 1, \"findings\": []}", to: "b.json", in: directory)
        await #expect {
            _ = try await AuditPipeline().run(options)
        } throws: { error in
            (error as? StewardError).map {
                $0.exitCode == 2 && $0.message.contains("b.json") && $0.message.contains("not a Steward baseline")
            } ?? false
        }
    }
}
