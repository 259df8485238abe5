import Foundation
import StewardTestSupport
import Testing

/// The option groups every command shares: validated the same way wherever they appear, and the
/// `--format json` forms of the commands' own output wired to their views.
@Suite struct SharedOptionTests {
    func run(_ arguments: [String], in directory: URL) async throws -> StewardProcess.Result {
        try await StewardProcess.run(arguments, in: directory, environment: ["POSTHOG_PERSONAL_API_KEY": "phx_shared_option_test"])
    }

    func folder() -> URL {
        let directory = Fixtures.temporaryDirectory("options")
        Fixtures.write(#"[{"id": "1", "name": "Signed Up"}, {"id": "2", "name": "signup_completed"}]"#, to: "defs.json", in: directory)
        return directory
    }

    @Test(arguments: [
        ["audit", "--from", "defs.json", "--no-history"], ["check", "signup_completed"], ["explain", "signup_completed"],
        ["baseline", "write", "--from", "defs.json"], ["fix", "--from", "defs.json", "--plan-out", "plan.json"],
    ])
    func aBadNowIsRefusedByEveryCommandThatTakesIt(arguments: [String]) async throws {
        let directory = folder()
        let result = try await run(arguments + ["--now", "yesterday-ish"], in: directory)
        #expect(result.exitCode == 2, "\(arguments): \(result.standardError)")
        #expect(result.standardError.contains("--now must be an ISO 8601 date"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("plan.json").path))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("steward-baseline.json").path))
    }

    @Test func applyingReadsPostHogNotAFile() async throws {
        let result = try await run(["fix", "--apply", "plan.json", "--from", "defs.json", "--yes"], in: folder())
        #expect(result.exitCode == 2 && result.standardError.contains("--from plans only"), "\(result.standardError)")
    }

    @Test func fromAndAProjectTogetherAreRefused() async throws {
        let result = try await run(["audit", "--from", "defs.json", "--project", "1", "--no-history"], in: folder())
        #expect(result.exitCode == 2 && result.standardError.contains("either --from or --host/--project"), "\(result.standardError)")
    }

    @Test(arguments: [
        ["rules", "--format", "json"], ["rules", "name_length", "--format", "json"], ["rules", "waiver_expired", "--format", "json"],
        ["check", "Signed Up", "signup_completed", "--format", "json"],
        ["explain", "Signed Up", "--from", "defs.json", "--format", "json"],
    ])
    func jsonFormsAreJSON(arguments: [String]) async throws {
        let result = try await run(arguments, in: folder())
        #expect([0, 1].contains(result.exitCode), "\(arguments): \(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        if arguments[0] == "rules", arguments.count == 4 {
            #expect((object as? [[String: Any]])?.map { $0["id"] as? String } == [arguments[1]])
        }
        if arguments[0] == "check" {
            let names = ((object as? [String: Any])?["names"] as? [[String: Any]])?.map { "\($0["name"] ?? "") \($0["verdict"] ?? "")" }
            #expect(names?.count == 2 && names?.last == "signup_completed ok", "\(names ?? [])")
        }
    }
}
