import Foundation
import StewardCore
import StewardTestSupport
import Testing

@Suite struct PolicyLoaderTests {
    func load(_ text: String, extraFiles: [String: String] = [:]) throws(PolicyError) -> Policy {
        let directory = Fixtures.temporaryDirectory("policy")
        for (name, body) in extraFiles { Fixtures.write(body, to: name, in: directory) }
        let path = Fixtures.write(text, to: "steward.yml", in: directory)
        return try PolicyLoader().load([path])
    }

    func expectError(
        _ text: String, extraFiles: [String: String] = [:], line: Int? = nil, column: Int? = nil, _ fragments: String...,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try load(text, extraFiles: extraFiles)
            Issue.record("expected a policy error containing \(fragments)", sourceLocation: sourceLocation)
        } catch {
            let text = error.description
            for fragment in fragments {
                #expect(text.contains(fragment), "\(text) should contain \(fragment)", sourceLocation: sourceLocation)
            }
            if let line { #expect(error.location?.line == line, "\(text)", sourceLocation: sourceLocation) }
            if let column { #expect(error.location?.column == column, "\(text)", sourceLocation: sourceLocation) }
            #expect(error.stewardError.exitCode == 2, sourceLocation: sourceLocation)
        }
    }

    @Test func extendsPresetsAndRelativeFilesChildWins() throws {
        let policy = try load(
            """
            extends: [default, shared/team.yml]
            rules:
              owner_required: { allowed_domains: [example.com] }
            """, extraFiles: ["shared/team.yml": "rules:\n  owner_required: warning\n  name_length: { max_length: 40 }\n"])
        #expect(policy.sources.count == 3)
        #expect(policy.sources.first == "<preset default>")
        let owner = try #require(policy.configuration(for: "owner_required"))
        #expect(owner.severity == .warning, "team.yml lowered it and steward.yml kept that severity")
        #expect(owner.strings("allowed_domains") == ["example.com"])
        #expect(policy.configuration(for: "name_length")?.integer("max_length") == 40)
        #expect(policy.configuration(for: "dynamic_name")?.severity == .error, "inherited from the preset")
    }

    @Test func extendsCycleIsAnError() {
        expectError(
            "extends: [a.yml]\n", extraFiles: ["a.yml": "extends: [b.yml]\n", "b.yml": "extends: [a.yml]\n"],
            line: 1, "extends forms a cycle", "a.yml → ", "b.yml")
    }

    @Test func missingExtendedFileNamesItAndWhereItWasNamed() {
        expectError(
            "rules: {}\nextends:\n  - missing/base.yml\n", line: 3, column: 5,
            "cannot read policy file named in extends 'missing/base.yml'", "no such file")
    }

    @Test func unknownPresetSuggestsTheClosest() {
        expectError("extends: [defualt]\n", "unknown preset 'defualt'", "did you mean 'default'")
    }

    @Test func unknownTopLevelKey() {
        expectError("rules: {}\nwaviers: []\n", line: 2, column: 1, "unknown key 'waviers'", "did you mean 'waivers'")
    }

    @Test func unknownRule() {
        expectError(
            "rules:\n  owner_requried: error\n", line: 2, column: 3, "unknown rule 'owner_requried'", "did you mean 'owner_required'")
    }

    @Test func unknownOption() {
        expectError(
            "rules:\n  stale_not_hidden:\n    after_dayz: 10\n", line: 3, column: 5,
            "unknown option 'after_dayz' for rule stale_not_hidden",
            "did you mean 'after_days'")
    }

    @Test func wrongTypes() {
        expectError("rules:\n  stale_not_hidden: { after_days: soon }\n", line: 2, "stale_not_hidden.after_days must be a whole number")
        expectError("rules:\n  owner_required: { allowed_domains: example.com }\n", "owner_required.allowed_domains must be a list")
        expectError("rules:\n  name_pattern: { preset: camel }\n", "must be one of posthog, snake_case")
        expectError("rules:\n  owner_required: critical\n", "must be set to a severity")
        expectError("scope:\n  exclude_hidden: sometimes\n", "scope.exclude_hidden must be true or false")
    }

    @Test func invalidRegexCarriesPCRE2MessageOffsetAndLine() {
        expectError(
            "rules:\n  name_pattern:\n    pattern: '^[a-z+$'\n", line: 3, column: 14,
            "invalid regular expression", "missing terminating ] for character class", "at offset 7")
    }

    @Test func waiversNeedReasonAndExpiry() {
        expectError(
            "waivers:\n  - event: Signed Up\n    rule: name_pattern\n    expires: 2027-01-01\n", line: 2, "waivers[0] needs a 'reason'")
        expectError(
            "waivers:\n  - event: Signed Up\n    rule: name_pattern\n    reason: legacy\n", line: 2, "waivers[0] needs an 'expires' date")
        expectError(
            "waivers:\n  - event: Signed Up\n    rule: name_pattern\n    reason: legacy\n    expires: someday\n", line: 5,
            "must be a date like 2027-03-31")
        expectError("waivers:\n  - rule: name_pattern\n    reason: x\n    expires: 2027-01-01\n", "exactly one of 'event'")
    }

    @Test func malformedYAMLPointsAtTheProblem() {
        expectError("rules:\n  owner_required: [error\n", "invalid YAML")
        expectError("rules:\n\towner_required: error\n", line: 2, "invalid YAML")
    }

    @Test func duplicateKeysAreRejected() {
        expectError("rules:\n  owner_required: error\n  owner_required: warning\n", line: 3, "duplicate key 'owner_required'")
    }

    @Test func overridesCannotChangeOptionsOfCollectingRules() {
        expectError(
            "overrides:\n  - when: { tags: [legacy] }\n    rules:\n      dynamic_name: { min_digits: 8 }\n",
            "compares definitions with each other")
    }

    @Test func emptyPolicyIsValid() throws {
        let policy = try load("")
        #expect(policy.rules.isEmpty)
    }

    @Test func everyBundledPresetLoads() throws {
        for name in BundledPresets.all.keys.sorted() {
            let policy = try PolicyLoader().load([name])
            #expect(!policy.rules.isEmpty, "\(name)")
            _ = try Linter(policy: policy, now: Fixtures.now)
        }
    }
}
