import Foundation
import StewardTestSupport
import Testing

/// The `steward` executable as CI and people run it: exit codes, messages, files.
@Suite struct StewardCLITests {
    func run(_ arguments: [String], in directory: URL? = nil) async throws -> StewardProcess.Result {
        try await StewardProcess.run(arguments, in: directory)
    }

    @Test func checkPassesARecommendedName() async throws {
        let result = try await run(["check", "signup_flow:pricing_page_view", "--policy", "posthog-recommended"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput == "signup_flow:pricing_page_view: ok\n")
    }

    @Test func checkFailsTitleCaseNamingTheRuleAndConvention() async throws {
        let result = try await run(["check", "Signed Up", "--policy", "posthog-recommended"])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("[name_pattern]"))
        #expect(result.standardOutput.contains("category:object_action"))
    }

    @Test func explainSaysAPostHogEventIsPostHogsAndWhereThatIsKnownFrom() async throws {
        let result = try await run(["explain", "$mcp_tool_call", "--policy", "default"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("out of scope: PostHog's own event (taxonomy)"))
        let family = try await run(["explain", "$ai_brand_new_kind", "--policy", "default"])
        #expect(family.standardOutput.contains("PostHog's own event (the $ai_ family (taxonomy))"))
    }

    @Test func checkComparesWithExistingDefinitions() async throws {
        let directory = Fixtures.temporaryDirectory("cli")
        let existing = Fixtures.write("[{\"id\": \"1\", \"name\": \"Signed Up\", \"verified\": true}]", to: "defs.json", in: directory)
        let result = try await run(["check", "signed_up", "--from", existing, "--policy", "default"])
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("[near_duplicate_name]"))
        #expect(result.standardOutput.contains("keep 'Signed Up'"))
    }

    /// Each bad input gets exit code 2 and a message that says where the problem is.
    @Test(arguments: [
        ("malformed.yml", "rules:\n  owner_required: [error\n", "malformed.yml:"),
        ("unknown-rule.yml", "rules:\n  owner_requried: error\n", "unknown-rule.yml:2:3: error: unknown rule 'owner_requried'"),
        ("unknown-option.yml", "rules:\n  name_length: { maximum: 3 }\n", "unknown-option.yml:2:18: error: unknown option 'maximum'"),
        ("bad-regex.yml", "rules:\n  name_pattern: { pattern: 'a(b' }\n", "bad-regex.yml:2:28: error: invalid regular expression"),
        ("cycle.yml", "extends: [cycle.yml]\n", "extends forms a cycle"),
        ("missing.yml", "extends: [./nope.yml]\n", "missing.yml:1:11: error: cannot read policy file named in extends './nope.yml'"),
        (
            "waiver.yml", "waivers:\n  - { event: a, rule: owner_required, expires: 2027-01-01 }\n",
            "waiver.yml:2:5: error: waivers[0] needs a 'reason'"
        ),
    ])
    func badPoliciesExitTwoWithTheirLocation(file: String, policy: String, expected: String) async throws {
        let directory = Fixtures.temporaryDirectory("cli")
        Fixtures.write(policy, to: file, in: directory)
        let result = try await run(["check", "fine_name", "--policy", file], in: directory)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(expected), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        // Said once, like a compiler: no "error: file:line:col: error:".
        #expect(result.standardError.components(separatedBy: "error: ").count == 2, "\(result.standardError)")
    }

    @Test(arguments: [
        ("empty.json", Array("".utf8), "the file is empty"),
        ("text.json", Array("hello".utf8), "not valid JSON at line 1, column 1"),
        ("object.json", Array("{\"users\": []}".utf8), "not event definitions"),
        ("latin1.json", [0x5B, 0x7B, 0x22, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xE9, 0x22, 0x7D, 0x5D], "not valid UTF-8"),
    ])
    func badSnapshotsExitTwo(file: String, bytes: [UInt8], expected: String) async throws {
        let directory = Fixtures.temporaryDirectory("cli")
        let path = Fixtures.write(bytes: bytes, to: file, in: directory)
        let result = try await run(["audit", "--from", path, "--no-history"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains(file) && result.standardError.contains(expected), "\(result.standardError)")
    }

    @Test func diagnosticsEscapeTerminalControlsFromTheInput() async throws {
        let directory = Fixtures.temporaryDirectory("cli")
        let path = Fixtures.write("{\"\\u001b[2Jevil\": 1}", to: "keys.json", in: directory)
        let result = try await run(["audit", "--from", path, "--no-history"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("\\u{1B}[2Jevil") && !result.standardError.contains("\u{1B}"))
    }

    @Test func missingSnapshotFileExitsTwo() async throws {
        let result = try await run(["audit", "--from", "/nonexistent/defs.json", "--no-history"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("/nonexistent/defs.json: cannot read the file"))
    }

    @Test func argumentErrorsExitTwoNotSixtyFour() async throws {
        let result = try await run(["audit", "--from", "x.json", "--fail-on", "sometimes"])
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("--fail-on must be error, warning, info or never"))
    }

    @Test func hostilePatternReturnsPromptlyWithAFinding() async throws {
        let directory = Fixtures.temporaryDirectory("cli")
        Fixtures.write("rules:\n  name_pattern: { severity: error, pattern: '^(\\w+\\s?)*$' }\n", to: "p.yml", in: directory)
        let result = try await run(["check", String(repeating: "word ", count: 2_000) + "!", "--policy", "p.yml"], in: directory)
        #expect(result.exitCode == 1)
        #expect(result.standardOutput.contains("stopped at PCRE2's limit"))
    }

    @Test func auditFailOnThresholds() async throws {
        let directory = Fixtures.temporaryDirectory("cli")
        let path = Fixtures.write(
            "[{\"id\": \"1\", \"name\": \"x\", \"owner\": {\"id\": 1, \"email\": \"a@example.com\"}}]", to: "d.json", in: directory)
        // Only a warning (name too short): passes at error, fails at warning.
        #expect(try await run(["audit", "--from", path, "--policy", "default", "--now", "2026-06-01", "--no-history"]).exitCode == 0)
        #expect(
            try await run(["audit", "--from", path, "--policy", "default", "--fail-on", "warning", "--now", "2026-06-01", "--no-history"])
                .exitCode == 1)
    }

    @Test func terminalOutputEscapesControlCharacters() async throws {
        let directory = Fixtures.temporaryDirectory("cli")
        let path = Fixtures.write("[{\"id\": \"1\", \"name\": \"\\u001b[31mred\\u0007\"}]", to: "d.json", in: directory)
        let result = try await run(["audit", "--from", path, "--policy", "default", "--now", "2026-06-01", "--no-history"])
        #expect(!result.standardOutput.contains("\u{1B}"))
        #expect(!result.standardOutput.contains("\u{07}"))
        #expect(result.standardOutput.contains("\\u{1B}[31mred\\u{7}"))
    }

    @Test func policyValidateReportsEachFile() async throws {
        let directory = Fixtures.temporaryDirectory("cli")
        Fixtures.write("extends: [default]\n", to: "good.yml", in: directory)
        Fixtures.write("rules: { nope: error }\n", to: "bad.yml", in: directory)
        let result = try await run(["policy", "validate", "good.yml", "bad.yml"], in: directory)
        #expect(result.exitCode == 2)
        #expect(result.standardOutput.contains("good.yml: ok"))
        #expect(result.standardError.contains("bad.yml:1:10: error: unknown rule 'nope'"))
    }

    @Test func explainShowsRulesOverridesAndWaivers() async throws {
        let result = try await run(["explain", "Signed Up", "--policy", "rules/demo.yml", "--from", "docs/examples/sample-project.json"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("owner_required: error"))
        #expect(result.standardOutput.contains("rules:"))
    }
}
