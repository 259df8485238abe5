import Foundation
import StewardCore
import StewardTestSupport
import Testing

/// `dynamic_name` catches the values people bake into names, and flags no static name written by people
/// nobody here knows: a real product's events and properties, PostHog's own events, its demo products' and
/// the published specs' names.
@Suite struct DynamicNameRealDataTests {
    static func realWorldNames() throws -> (events: [String], properties: [String]) {
        let root = StewardProcess.packageRoot.appendingPathComponent("Tests/Fixtures/real-world")
        let lists = try JSONSerialization.jsonObject(with: Data(contentsOf: root.appendingPathComponent("typelytics-event-names.json")))
        let events = ((lists as? [[String: Any]]) ?? []).flatMap { ($0["names"] as? [String]) ?? [] }
        let derived = try JSONSerialization.jsonObject(
            with: Data(contentsOf: root.appendingPathComponent("RhysSullivan__typelytics__examples-nextjs-events.derived.json")))
        let versions = ((derived as? [String: Any])?["versions"] as? [String: [[String: Any]]]) ?? [:]
        let properties = versions.values.flatMap { $0 }.flatMap { ($0["properties"] as? [[String: Any]]) ?? [] }
            .compactMap { $0["name"] as? String }
        return (Array(Set(events)).sorted(), Array(Set(properties)).sorted())
    }

    func flagged(_ names: [String]) throws -> [String] {
        let policy = try PolicyLoader().load(text: "scope: { events: all }\nrules: { dynamic_name: error }", file: "p.yml")
        let result = try Linter(policy: policy, now: RuleExample.referenceDate).lint(names.map { .example($0) })
        return result.findings.map(\.eventName)
    }

    @Test func noRealStaticNameIsFlagged() throws {
        let real = try Self.realWorldNames()
        #expect(real.events.count == 36)
        #expect(real.properties.count > 100)
        let statics =
            real.events + real.properties + Array(PostHogEvents.names) + PostHogEventsTests.demoProductEvents
            + PresetSpecTests.segmentEcommerce + PresetSpecTests.lifecycleAndDocs + PresetSpecTests.postHogBestPractices
            + ["iPhone15ProMax Purchased", "oauth2_callback_received", "registration_v2:sign_up_button_click", "utf8_export_done"]
        #expect(try flagged(statics) == [], "false positives among \(statics.count) static names")
    }

    @Test(arguments: [
        ("wallet_0x71C7656EC7ab88b098defB751B7401B5f6d8976F_connected", "a 0x hex id"),
        ("ptr:0x7ffe:seen", "a 0x hex id"),
        ("job_01ARZ3NDEKTSV4RRFFQ69G5FAV_finished", "a ULID"),
        ("job-01arz3ndektsv4rrffq69g5fav-finished", "a ULID"),
        ("share:V1StGXR8Z5jdHi6B:opened", "a random token"),
        ("invite k3j4h5g6f7d8 accepted", "a random token"),
        ("session_1733097600_started", "an epoch timestamp"),
        ("export.1733097600123.done", "an epoch timestamp"),
        ("request from 192.168.10.24", "an IP address"),
        ("user/98213/signed_up", "a 5-digit number"),
        ("order:98213:paid", "a 5-digit number"),
    ])
    func valuesBetweenAnySeparatorsAreCaught(name: String, kind: String) throws {
        let policy = try PolicyLoader().load(text: "scope: { events: all }\nrules: { dynamic_name: error }", file: "p.yml")
        let result = try Linter(policy: policy, now: RuleExample.referenceDate).lint([.example(name)])
        #expect(result.findings.first?.message.contains("contains \(kind)") == true, "\(result.findings.map(\.message))")
    }
}
