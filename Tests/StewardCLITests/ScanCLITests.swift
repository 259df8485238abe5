import Foundation
import StewardTestSupport
import Testing

/// `steward scan` end to end: against a snapshot holding `user_signed_up`, a call sending "User Signed Up"
/// fails the scan and every format points at its file and line (the SARIF valid against 2.1.0); a template
/// literal is `dynamic_name_in_code` with its template; a baseline accepts what is known, so a pull request
/// fails only on what it adds.
@Suite(.serialized) struct ScanCLITests {
    struct Workspace {
        let root: URL
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        func read(_ path: String) throws -> String { try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8) }
        func json(_ path: String) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent(path))) as? [String: Any] ?? [:]
        }
    }

    func withWorkspace(_ body: (Workspace) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = Workspace(root: root)
        try workspace.write(
            "snapshot.json",
            #"[{"id": "0190a1b2-0000-7000-8000-000000000001", "name": "user_signed_up", "verified": true, "last_seen_at": "2026-05-30T00:00:00Z"}]"#
        )
        try workspace.write(
            "src/auth.ts",
            """
            import posthog from 'posthog-js'

            export function signUp(id: string) {
              posthog.capture("User Signed Up", { id })
              posthog.capture(`user_${id}_signed_up`)
            }

            """)
        try await body(workspace)
    }

    func run(_ arguments: [String], in workspace: Workspace) async throws -> StewardProcess.Result {
        try await StewardProcess.run(
            arguments, in: workspace.root, environment: ["POSTHOG_HOST": "", "POSTHOG_PROJECT_ID": "", "NO_COLOR": "1"])
    }

    @Test func aNearDuplicateInCodeFailsTheScanAndEveryFormatPointsAtTheLine() async throws {
        try await withWorkspace { workspace in
            let result = try await run(
                ["scan", "src", "--from", "snapshot.json", "--format", "text,json,sarif,github,junit,markdown", "--output-dir", "reports"],
                in: workspace)
            #expect(result.exitCode == 1, "\(result.standardError)")
            #expect(
                result.standardOutput.contains(
                    "src/auth.ts:4:19: error: 'User Signed Up' at src/auth.ts:4 is 'user_signed_up', which exists; send 'user_signed_up' instead. [near_duplicate_name]"
                ))
            #expect(result.standardOutput.contains("::error file=src/auth.ts,line=4,col=19,title=near_duplicate_name%3A User Signed Up::"))

            let json = try workspace.json("reports/steward-scan.json")
            let findings = json["findings"] as? [[String: Any]] ?? []
            let duplicate = try #require(findings.first { $0["rule"] as? String == "near_duplicate_name" })
            let location = try #require(duplicate["location"] as? [String: Any])
            #expect(location["file"] as? String == "src/auth.ts" && location["line"] as? Int == 4 && location["column"] as? Int == 19)
            let dynamic = try #require(findings.first { $0["rule"] as? String == "dynamic_name_in_code" })
            #expect(dynamic["event_name"] as? String == "user_<expr>_signed_up")
            let occurrences = json["occurrences"] as? [[String: Any]] ?? []
            #expect(
                occurrences.map { "\($0["name"]!) \($0["file"]!):\($0["line"]!):\($0["column"]!) \($0["dynamic"] as! Bool)" } == [
                    "User Signed Up src/auth.ts:4:19 false", "user_<expr>_signed_up src/auth.ts:5:19 true",
                ])

            let sarif = try workspace.json("reports/steward-scan.sarif")
            let results = ((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
            let physical = try #require(
                ((results.first { $0["ruleId"] as? String == "near_duplicate_name" }?["locations"] as? [[String: Any]])?.first)?[
                    "physicalLocation"] as? [String: Any])
            #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "src/auth.ts")
            #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 4)
            let validation = try DemoReportTests.validateSARIF(workspace.root.appendingPathComponent("reports/steward-scan.sarif"))
            #expect(
                validation.status == 0 && validation.output.contains(" 0 errors") && !validation.output.hasPrefix("0 results"),
                "\(validation.output)")

            let junit = try workspace.read("reports/steward-scan.junit.xml")
            #expect(junit.contains("name=\"src/auth.ts:4:19\" file=\"src/auth.ts\" line=\"4\""))
            #expect(try workspace.read("reports/steward-scan.md").contains("| `src/auth.ts:4:19` | error | `near_duplicate_name` |"))
        }
    }

    @Test func aBaselineAcceptsKnownFindingsSoOnlyNewOnesFail() async throws {
        try await withWorkspace { workspace in
            let written = try await run(
                ["scan", "src", "--from", "snapshot.json", "--write-baseline", "scan-baseline.json"], in: workspace)
            #expect(written.exitCode == 0, "\(written.standardError)")
            #expect(try workspace.read("scan-baseline.json").contains("\"rule\" : \"near_duplicate_name\""))
            let known = try await run(["scan", "src", "--from", "snapshot.json", "--baseline", "scan-baseline.json"], in: workspace)
            #expect(known.exitCode == 0, "\(known.standardOutput)")
            #expect(known.standardOutput.contains("baseline: 3 findings accepted"))
            // Lines move and the findings stay the same findings; a new bad call is the only one reported.
            try workspace.write(
                "src/auth.ts",
                """
                import posthog from 'posthog-js'
                // a new comment moves every line

                export function signUp(id: string) {
                  posthog.capture("User Signed Up", { id })
                  posthog.capture(`user_${id}_signed_up`)
                  posthog.capture("UserSignedUp")
                }

                """)
            let added = try await run(
                ["scan", "src", "--from", "snapshot.json", "--baseline", "scan-baseline.json", "--format", "json"], in: workspace)
            #expect(added.exitCode == 1)
            let findings =
                (try JSONSerialization.jsonObject(with: Data(added.standardOutput.utf8)) as? [String: Any])?["findings"]
                as? [[String: Any]] ?? []
            #expect(Set(findings.map { $0["event_name"] as! String }) == ["UserSignedUp"])
            #expect(findings.allSatisfy { ($0["location"] as? [String: Any])?["line"] as? Int == 7 })
        }
    }

    static func git(_ arguments: [String], in directory: URL) throws {
        let result = try DemoReportTests.run(
            "git", ["-C", directory.path, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"] + arguments)
        #expect(result.status == 0, "git \(arguments): \(result.output)")
    }

    @Test func newOnlyReportsWhatTheChangeAddsAgainstTheBaseRevision() async throws {
        try await withWorkspace { workspace in
            let outside = try await run(["scan", "src", "--from", "snapshot.json", "--new-only"], in: workspace)
            #expect(outside.exitCode == 2 && outside.standardError.contains("--new-only"), "\(outside.standardError)")
            try Self.git(["init", "-q", "-b", "main"], in: workspace.root)
            try Self.git(["add", "src", "snapshot.json"], in: workspace.root)
            try Self.git(["commit", "-q", "-m", "base"], in: workspace.root)
            // Nothing changed since HEAD: nothing is new.
            let same = try await run(["scan", "src", "--from", "snapshot.json", "--new-only"], in: workspace)
            #expect(same.exitCode == 0, "\(same.standardOutput)")
            #expect(same.standardOutput.contains("new only: 3 findings the code already had at HEAD left out"))
            // The change moves the old calls down, and adds one bad call in the file and a new file.
            try workspace.write(
                "src/auth.ts",
                """
                import posthog from 'posthog-js'
                // moved

                export function signUp(id: string) {
                  posthog.capture("User Signed Up", { id })
                  posthog.capture(`user_${id}_signed_up`)
                  posthog.capture(`plan_${id}`)
                }

                """)
            try workspace.write("src/new.py", "posthog.capture('User signed up', distinct_id=u)\n")
            let changed = try await run(
                ["scan", "src", "--from", "snapshot.json", "--new-only", "--diff-base", "main", "--format", "json"], in: workspace)
            #expect(changed.exitCode == 1)
            let findings =
                (try JSONSerialization.jsonObject(with: Data(changed.standardOutput.utf8)) as? [String: Any])?["findings"]
                as? [[String: Any]] ?? []
            let places = findings.map { finding -> String in
                let location = finding["location"] as? [String: Any] ?? [:]
                return "\(finding["rule"]!) \(location["file"]!):\(location["line"]!)"
            }
            #expect(places == ["dynamic_name_in_code src/auth.ts:7", "near_duplicate_name src/new.py:1", "new_event src/new.py:1"])
            let unknown = try await run(["scan", "src", "--new-only", "--diff-base", "no-such-branch"], in: workspace)
            #expect(unknown.exitCode == 2 && unknown.standardError.contains("--diff-base no-such-branch is not a commit"))
        }
    }

    @Test func namesOnlyJudgesByThePolicyAndBadPathsAreUsageErrors() async throws {
        try await withWorkspace { workspace in
            let alone = try await run(["scan", "src", "--names-only", "--format", "json"], in: workspace)
            let json = try JSONSerialization.jsonObject(with: Data(alone.standardOutput.utf8)) as? [String: Any] ?? [:]
            #expect(json["judged_against"] is NSNull)
            #expect((json["findings"] as? [[String: Any]])?.map { $0["rule"] as! String } == ["dynamic_name_in_code"])
            let missing = try await run(["scan", "nope"], in: workspace)
            #expect(missing.exitCode == 2)
            #expect(missing.standardError.contains("cannot scan nope: no such file or folder."))
            let format = try await run(["scan", "src", "--format", "pdf"], in: workspace)
            #expect(format.exitCode == 2 && format.standardError.contains("unknown format 'pdf'"))
        }
    }
}
