import Foundation
import StewardCore
import StewardKit
import StewardTestSupport
import Testing

/// steward.yml's settings: strict validation at `file:line:column`, and flag over environment over file over default.
@Suite struct SettingsTests {
    func settings(_ text: String) throws -> ProjectSettings { try ProjectSettings.parse(text: text, file: "steward.yml") }

    @Test func everySettingIsReadWithWhereItIs() throws {
        let parsed = try settings(
            """
            host: https://eu.posthog.com
            project: 12345
            db: state/h.sqlite
            policy: rules/team.yml
            format: [json, html]
            output_dir: out
            fail_on: warning
            page_size: 500
            concurrency: 8
            rules: { owner_required: error }
            """)
        #expect(parsed.host?.value == "https://eu.posthog.com" && parsed.host?.location.description == "steward.yml:1:7")
        #expect(parsed.project?.value == "12345")
        #expect(parsed.policy?.value == ["rules/team.yml"])
        #expect(parsed.format?.value == ["json", "html"])
        #expect(parsed.failOn?.value == "warning" && parsed.pageSize?.value == 500 && parsed.concurrency?.value == 8)
        #expect(parsed.hasPolicyKeys && !parsed.isEmpty)
    }

    @Test(arguments: [
        ("hots: x\n", "steward.yml:1:1", "unknown key 'hots' in steward.yml (did you mean 'host'?)"),
        ("page_size: lots\n", "steward.yml:1:12", "page_size must be a whole number"),
        ("concurrency: 500\n", "steward.yml:1:14", "concurrency must be between 1 and 64, found 500"),
        ("fail_on: warnings\n", "steward.yml:1:10", "fail_on must be one of error, warning, info, never (did you mean 'warning'?)"),
        ("format: []\n", "steward.yml:1:9", "format must name at least one entry"),
        ("host: [a, b]\n", "steward.yml:1:7", "host must be a string"),
        ("api_key: phx_abcdefghijklmnop\n", "steward.yml:1:1", "the API key is never a setting"),
        ("db: ''\n", "steward.yml:1:5", "db must not be empty"),
        ("- host\n", "steward.yml:1:1", "not a settings and policy file"),
    ])
    func badSettingsSayWhereAndWhat(text: String, location: String, message: String) {
        let error = #expect(throws: PolicyError.self) { try settings(text) }
        #expect(error?.location?.description == location, "\(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        // A key written by mistake is never quoted back.
        #expect(error?.description.contains("phx_abcdefghijklmnop") != true)
    }

    @Test func precedenceIsFlagThenEnvironmentThenFileThenDefault() throws {
        let file = try settings("host: https://eu.posthog.com\nproject: 12\ndb: file.sqlite\n")
        let withEnvironment = SettingsResolver(
            settings: file, environment: ["POSTHOG_HOST": "http://127.0.0.1:9", "POSTHOG_PROJECT_ID": ""])
        #expect(withEnvironment.host(flag: "https://us.posthog.com").origin == .flag("--host"))
        #expect(withEnvironment.host(flag: nil).value == "http://127.0.0.1:9")
        #expect(withEnvironment.host(flag: nil).origin == .environment("POSTHOG_HOST"))
        // An empty variable is unset.
        #expect(withEnvironment.project(flag: nil)?.value == "12")
        #expect(withEnvironment.project(flag: nil)?.origin.description == "steward.yml:2:10")
        let bare = SettingsResolver(settings: nil, environment: [:])
        #expect(bare.host(flag: nil).origin == .builtIn && bare.project(flag: nil) == nil)
        #expect(bare.database(flag: nil).value == ".steward/history.sqlite")
        #expect(withEnvironment.database(flag: nil).value == "file.sqlite")
    }

    @Test func thePolicyIsTheListThenTheFileItselfElseTheDefault() throws {
        let listed = SettingsResolver(
            settings: try settings("policy: [default, team.yml]\nrules: { owner_required: off }\n"), environment: [:])
        #expect(listed.policy(flags: []).value == ["default", "team.yml", "steward.yml"])
        #expect(listed.policy(flags: ["strict.yml"]).value == ["strict.yml"])
        let settingsOnly = SettingsResolver(settings: try settings("host: https://eu.posthog.com\n"), environment: [:])
        #expect(settingsOnly.policy(flags: []).value == ["default"])
        let empty = try settings("# nothing yet\n")
        #expect(empty.isEmpty)
        #expect(SettingsResolver(settings: empty, environment: [:]).policy(flags: []).value == ["default"])
    }

    @Test func aPolicyThatEnablesNoRuleIsAWarningOrWithStrictAnError() throws {
        let policy = try PolicyLoader().load(text: "scope: { events: custom }\n", file: "steward.yml")
        let warnings = try PolicyResolution.warnings(for: policy, strict: false)
        #expect(warnings.count == 1 && warnings[0].contains("enables no rule"))
        #expect(throws: StewardError.self) { try PolicyResolution.warnings(for: policy, strict: true) }
        let real = try PolicyLoader().load(["default"])
        #expect(try PolicyResolution.warnings(for: real, strict: true).isEmpty)
        let onlyOverride = try PolicyLoader().load(
            text: "overrides:\n  - when: { tags: [core] }\n    rules: { owner_required: error }\n", file: "p.yml")
        #expect(try PolicyResolution.warnings(for: onlyOverride, strict: true).isEmpty)
    }

    @Test func aSettingInAPolicyFileThatIsNotTheProjectFileIsRefused() throws {
        let directory = Fixtures.temporaryDirectory("settings")
        let path = Fixtures.write("host: https://eu.posthog.com\nrules: { owner_required: error }\n", to: "team.yml", in: directory)
        let error = #expect(throws: PolicyError.self) { try PolicyLoader().load([path]) }
        #expect(error?.message.contains("'host' is a project setting") == true)
        #expect(error?.location?.line == 1)
        // The project file itself may hold both.
        let project = Fixtures.write("host: https://eu.posthog.com\nrules: { owner_required: error }\n", to: "steward.yml", in: directory)
        #expect(try PolicyLoader().load([project]).rules["owner_required"] != nil)
    }
}
