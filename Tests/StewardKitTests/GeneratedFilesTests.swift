import Foundation
import StewardCore
import StewardKit
import StewardReports
import StewardTestSupport
import Testing

/// Files generated from the code must match it; each test says how to regenerate.
@Suite struct GeneratedFilesTests {
    func read(_ path: String) throws -> String {
        try String(contentsOf: StewardProcess.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func rulesDocumentationIsCurrent() throws {
        #expect(try read("docs/rules.md") == RulesCatalog.markdown(), "docs/rules.md is out of date: run `make docs`")
    }

    @Test func policySchemaIsCurrent() throws {
        #expect(
            try read("rules/schema/steward-policy.schema.json") == PolicySchema.json(),
            "rules/schema/steward-policy.schema.json is out of date: run `make docs`")
    }

    @Test func trackingPlanSchemaIsCurrent() throws {
        #expect(
            try read("rules/schema/tracking-plan.schema.json") == TrackingPlanSchema.json(),
            "rules/schema/tracking-plan.schema.json is out of date: run `make docs`")
    }

    @Test func embeddedPresetsMatchTheRulesFolder() throws {
        let folder = StewardProcess.packageRoot.appendingPathComponent("rules")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yml") }
        #expect(Set(files.map { String($0.dropLast(4)) }) == Set(BundledPresets.all.keys), "run `make presets`")
        for file in files {
            let text = try read("rules/\(file)")
            // The generator embeds the file's lines; a trailing newline is the only difference allowed.
            #expect(
                BundledPresets.all[String(file.dropLast(4))] == String(text.dropLast(text.hasSuffix("\n") ? 1 : 0)),
                "rules/\(file) changed: run `make presets`")
        }
    }

    @Test func schemaIsValidJSONNamingEveryRule() throws {
        let object = try JSONSerialization.jsonObject(with: Data(PolicySchema.json().utf8)) as? [String: Any]
        let properties = try #require(object?["properties"] as? [String: Any])
        let rules = try #require((properties["rules"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Set(rules.keys) == Set(RuleRegistry.builtIn.identifiers))
    }
}
