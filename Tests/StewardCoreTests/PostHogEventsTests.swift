import Foundation
import StewardCore
import StewardTestSupport
import Testing

/// PostHog's own events are data generated from its taxonomy and SDKs, out of scope for `events: custom`,
/// and no PostHog event, nor any event of PostHog's demo products, draws an error under `rules/default.yml`.
@Suite struct PostHogEventsTests {
    /// data/posthog-events.tsv, the generated file the embedded table must match.
    static func dataFile() throws -> (events: [String: String], prefixes: [String]) {
        let text = try String(
            contentsOf: StewardProcess.packageRoot.appendingPathComponent("data/posthog-events.tsv"), encoding: .utf8)
        var events: [String: String] = [:]
        var prefixes: [String] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields[0] == "event" { events[fields[1]] = fields[2] } else { prefixes.append(fields[1]) }
        }
        return (events, prefixes)
    }

    /// The events of PostHog's demo products (posthog/demo/products: Hedgebox's taxonomy, SpikeGPT's chat).
    static let demoProductEvents = [
        "signed_up", "logged_in", "logged_out", "uploaded_file", "downloaded_file", "deleted_file", "shared_file_link",
        "copied_link", "upgraded_plan", "downgraded_plan", "invited_team_member", "removed_team_member", "paid_bill",
    ]

    @Test func theEmbeddedTableIsTheGeneratedDataFile() throws {
        let file = try Self.dataFile()
        #expect(PostHogEvents.sources == file.events, "data/posthog-events.tsv changed: run scripts/generate-posthog-events.py")
        #expect(PostHogEvents.prefixes == file.prefixes)
        let header = try String(
            contentsOf: StewardProcess.packageRoot.appendingPathComponent("data/posthog-events.tsv"), encoding: .utf8)
        #expect(header.contains("posthog/taxonomy/taxonomy.py @ "))
        #expect(header.contains("Generated 20"))
    }

    @Test func theTaxonomysEventsTheIssueNamedArePostHogs() {
        for name in [
            "$mcp_tool_call", "$mcp_auth_failed", "$element_viewed", "$slack_message_received", "Application opened",
            "Deep link opened", "Application Opened", "Deep Link Opened", "mcp_tool_call", "mcp tool call", "$ai_evaluation",
            "$conversation_ticket_created", "$error_tracking_issue_spiking",
        ] {
            #expect(PostHogEvents.contains(name), "\(name)")
        }
        #expect(PostHogEvents.origin(of: "$pageview") == "taxonomy")
        #expect(PostHogEvents.origin(of: "$mcp_brand_new")?.contains("$mcp_ family") == true)
        // A custom `$` name, and a custom name that merely resembles PostHog's, are the project's.
        for name in ["$checkout_started", "checkout_started", "application_opened", "mcp_tool_calls"] {
            #expect(!PostHogEvents.contains(name), "\(name)")
        }
    }

    @Test func noPostHogOrDemoProductEventDrawsAnErrorUnderTheDefaultPolicy() throws {
        let policy = try PolicyLoader().load(["default"])
        let names = Array(PostHogEvents.names) + Self.demoProductEvents + ["sent chat message"]
        let result = try Linter(policy: policy, now: RuleExample.referenceDate).lint(names.map { .example($0) })
        let errors = result.findings.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map { "\($0.eventName) [\($0.ruleID)]" })")
        // PostHog's events are judged by nobody: out of scope for `events: custom`.
        #expect(result.inScopeCount == Self.demoProductEvents.count + 1)
    }

    @Test func reservedPrefixFlagsOnlyDollarNamesThatAreNotPostHogs() throws {
        let policy = try PolicyLoader().load(text: "scope: { events: all }\nrules: { reserved_prefix: error }", file: "p.yml")
        let result = try Linter(policy: policy, now: RuleExample.referenceDate).lint(
            ["$mcp_tool_call", "$element_viewed", "$ai_new_kind", "$checkout_started"].map { .example($0) })
        #expect(result.findings.map(\.eventName) == ["$checkout_started"])
    }
}
