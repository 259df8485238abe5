import Foundation
import StewardTestSupport
import Testing

/// Policy files written to make Steward read, and print, files that are not policies.
@Suite struct HostilePolicyTests {
    static let key = "phx_policy_test_key_abcdefghijklmnop"

    func steward(_ arguments: [String], in directory: URL) async throws -> StewardProcess.Result {
        try await StewardProcess.run(arguments, in: directory, environment: ["POSTHOG_PERSONAL_API_KEY": Self.key])
    }

    /// A folder with a policy `policy.yml` of `text`, a key file and a snapshot to audit.
    func project(policy text: String) -> URL {
        // One folder down, so the test's own "outside" file is inside its temporary folder too.
        let directory = Fixtures.temporaryDirectory("policy").appendingPathComponent("project")
        Fixtures.write(text, to: "policy.yml", in: directory)
        Fixtures.write("\(Self.key)\n", to: "key.txt", in: directory)
        Fixtures.write("\(Self.key)\n", to: "key.yml", in: directory)
        Fixtures.write(#"[{"id": "1", "name": "signup_completed"}]"#, to: "defs.json", in: directory)
        return directory
    }

    /// The audit with `policy.yml` fails as a usage error and quotes nothing it should not.
    func expectRefused(_ result: StewardProcess.Result, saying phrase: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.exitCode == 2, "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.contains(phrase), "\(result.standardError)", sourceLocation: sourceLocation)
        for secret in [Self.key, "root:x:0", "POSTHOG_PERSONAL_API_KEY=", "phx_policy"] {
            #expect(!result.standardError.contains(secret), "\(result.standardError)", sourceLocation: sourceLocation)
            #expect(!result.standardOutput.contains(secret), sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        ("extends: [/proc/self/environ]", "not a .yml or .yaml file"),
        ("extends: [key.txt]", "unknown preset 'key.txt'"),
        ("extends: [./key.txt]", "not a .yml or .yaml file"),
        ("extends: [/etc/passwd]", "not a .yml or .yaml file"),
        ("extends: [../outside.yml]", "outside the policy's folder and the working directory"),
        ("extends: [/etc/steward-outside.yml]", "outside the policy's folder and the working directory"),
        ("extends: [key.yml]", "its top level is a single value"),
        ("extends: [\(HostilePolicyTests.key)]", "unknown preset 'phx_[redacted]'"),
    ])
    func extendsReadsOnlyPolicyFilesBesideThePolicy(policy: String, phrase: String) async throws {
        let directory = project(policy: policy + "\n")
        Fixtures.write("rules: {}\n", to: "../outside.yml", in: directory)
        let result = try await steward(["audit", "--from", "defs.json", "--policy", "policy.yml", "--no-history"], in: directory)
        expectRefused(result, saying: phrase)
    }

    @Test func aLinkInsideThePolicyFolderThatLeadsOutsideIsRefused() async throws {
        let directory = project(policy: "extends: [inside.yml]\n")
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("inside.yml").path, withDestinationPath: "/etc/passwd")
        let result = try await steward(["audit", "--from", "defs.json", "--policy", "policy.yml", "--no-history"], in: directory)
        expectRefused(result, saying: "outside the policy's folder")
    }

    @Test(arguments: ["key.txt", "/etc/passwd", "/proc/self/environ"])
    func anExplicitPolicyThatIsNotAPolicyIsRefusedWithoutQuotingIt(path: String) async throws {
        let directory = project(policy: "rules: {}\n")
        let result = try await steward(["audit", "--from", "defs.json", "--policy", path, "--no-history"], in: directory)
        expectRefused(result, saying: path)
    }

    @Test func extendsBesideThePolicyInASubfolderStillWorks() async throws {
        let directory = project(policy: "extends: [shared/base.yml]\n")
        Fixtures.write("rules: { owner_required: { severity: error } }\n", to: "shared/base.yml", in: directory)
        let result = try await steward(["audit", "--from", "defs.json", "--policy", "policy.yml", "--no-history"], in: directory)
        #expect(result.exitCode == 1, "\(result.standardError)")
        #expect(result.standardOutput.contains("owner_required"))
    }
}

/// Patterns that stop at PCRE2's match limit decide nothing, and say so, wherever a policy uses them.
@Suite struct PatternLimitTests {
    static let catastrophic = "(.*a){20}"
    static let names = (0..<4).map { String(repeating: "a", count: 36 + $0) + "_event" }

    func audit(policy: String) async throws -> StewardProcess.Result {
        let directory = Fixtures.temporaryDirectory("limits")
        let definitions = Self.names.enumerated().map { #"{"id": "\#($0.offset)", "name": "\#($0.element)", "enforcement_mode": "allow"}"# }
        Fixtures.write("[" + definitions.joined(separator: ",") + "]", to: "defs.json", in: directory)
        Fixtures.write(policy, to: "steward.yml", in: directory)
        return try await StewardProcess.run(["audit", "--from", "defs.json", "--no-history"], in: directory)
    }

    @Test func aWhenPatternAtTheLimitFlagsTheNameInsteadOfSparingIt() async throws {
        let result = try await audit(
            policy: "rules:\n  enforcement_mode: { severity: error, require: reject, when: { name_matches: ['\(Self.catastrophic)'] } }\n")
        #expect(result.exitCode == 1, "\(result.standardError)")
        for name in Self.names {
            #expect(
                result.standardOutput.contains("'\(name)' could not be checked: enforcement_mode.when: the pattern"),
                "\(result.standardOutput)")
        }
    }

    @Test(arguments: [
        (
            "scope: { exclude_names: ['\(PatternLimitTests.catastrophic)'] }\nrules: { owner_required: { severity: error } }\n",
            "scope.exclude_names: the pattern '(.*a){20}' stopped at PCRE2's match limit on the name 'aaaa"
        ),
        (
            "scope: { include_names: ['\(PatternLimitTests.catastrophic)'] }\nrules: { owner_required: { severity: error } }\n",
            "scope.include_names: the pattern"
        ),
        (
            "rules: { owner_required: { severity: error } }\noverrides:\n  - when: { name_matches: ['\(PatternLimitTests.catastrophic)'] }\n    rules: { owner_required: off }\n",
            "overrides[0].when (steward.yml:3:"
        ),
    ])
    func aScopeOrOverridePatternAtTheLimitStopsTheAuditNamingPatternAndName(policy: String, phrase: String) async throws {
        let result = try await audit(policy: policy)
        #expect(result.exitCode == 2, "\(result.standardOutput)")
        #expect(result.standardError.contains(phrase), "\(result.standardError)")
    }
}
