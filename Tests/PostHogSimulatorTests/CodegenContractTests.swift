import Foundation
import Testing

@testable import PostHogSimulator

/// posthog-sim's code generators against posthog-api-2.md §1: the answer's shape, which events are
/// included, the schema hash, and each language's identifier rules (the section numbers are in the names).
@Suite(.serialized) struct CodegenContractTests {
    static let path = "/api/projects/1/event_definitions/"

    /// A project of chosen events: a custom one with a schema, one without, a verified one without, and core events.
    func withProject(_ configure: (inout SimulatorConfiguration) -> Void = { _ in }, _ body: (SimHarness) async throws -> Void)
        async throws
    {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("codegen-\(UUID().uuidString).json")
        let definitions: [[String: Any]] = [
            ["id": "0190a1b2-0000-7000-8000-000000000001", "name": "test_event"],
            ["id": "0190a1b2-0000-7000-8000-000000000002", "name": "$pageview"],
            ["id": "0190a1b2-0000-7000-8000-000000000003", "name": "untyped_event"],
            ["id": "0190a1b2-0000-7000-8000-000000000004", "name": "café \"q\""],
            ["id": "0190a1b2-0000-7000-8000-000000000005", "name": "verified_event", "verified": true],
            ["id": "0190a1b2-0000-7000-8000-000000000006", "name": "$autocapture"],
            ["id": "0190a1b2-0000-7000-8000-000000000007", "name": "$plugin_running_duration"],
        ]
        try JSONSerialization.data(withJSONObject: definitions).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try await withSimulator({
            $0.dataFile = file.path
            configure(&$0)
        }) { sim in
            try await setSchema(
                sim, "test_event",
                [
                    ["name": "required_field", "property_type": "Numeric", "is_required": true],
                    ["name": "optional_field", "property_type": "String"],
                ])
            try await setSchema(sim, "café \"q\"", [["name": "é", "property_type": "DateTime", "is_required": true]])
            try await body(sim)
        }
    }

    func setSchema(_ sim: SimHarness, _ event: String, _ properties: [[String: Any]]) async throws {
        let reply = try await sim.send("PUT", "/_sim/schema", json: ["event": event, "properties": properties], key: nil)
        #expect(reply.status == 200, "\(reply.text)")
    }

    @Test func eachLanguageAnswersJSONWithContentCountHashAndVersion() async throws {  // §1.1
        try await withProject { sim in
            for (language, version) in [("typescript", "1.1.0"), ("golang", "1.0.0"), ("python", "1.0.0")] {
                let reply = try await sim.get(Self.path + language + "/")
                #expect(reply.status == 200)
                #expect(Set(reply.object.keys) == ["content", "event_count", "schema_hash", "generator_version"])
                #expect(reply.object["generator_version"] as? String == version)
                #expect(reply.object["event_count"] as? Int == 5)
                let hash = try #require(reply.object["schema_hash"] as? String)
                #expect(hash.count == 32 && hash.allSatisfy { $0.isHexDigit && !$0.isUppercase })
                let content = try #require(reply.object["content"] as? String)
                #expect(content.range(of: #"Generated at: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+"#, options: .regularExpression) != nil)
            }
        }
    }

    @Test func coreVerifiedAndSchemaEventsAreIncludedInNameOrder() async throws {  // §1.2 (newest)
        try await withProject { sim in
            let content = try #require(try await sim.get(Self.path + "typescript/").object["content"] as? String)
            let keys = content.split(separator: "\n").filter { $0.hasPrefix("    \"") }.map { String($0.dropFirst(4).prefix { $0 != ":" }) }
            // No schema and not verified: untyped_event is left out; $plugin_running_duration is not a core event.
            #expect(keys == ["\"$autocapture\"", "\"$pageview\"", "\"café \\\"q\\\"\"", "\"test_event\"", "\"verified_event\""])
        }
    }

    @Test func schemaHashIsTheTruncatedSHA256OfTheSortedSchemas() async throws {  // §1.4
        // The expected value is hashlib.sha256(json.dumps({"version": "1.1.0", "schemas": [...]}, sort_keys=True,
        // separators=(",", ":"), ensure_ascii=False)) of this project's schemas, computed in Python.
        try await withProject { sim in
            let typescript = try await sim.get(Self.path + "typescript/").object
            #expect(typescript["schema_hash"] as? String == "b987936e011a60eeb656b18743077b90")
            // Go and Python are 1.0.0: the language is not hashed, so they agree with each other.
            let go = try await sim.get(Self.path + "golang/").object["schema_hash"] as? String
            let python = try await sim.get(Self.path + "python/").object["schema_hash"] as? String
            #expect(go == python && go != typescript["schema_hash"] as? String)
            // Editing a schema changes the hash; the Generated at line does not.
            try await setSchema(sim, "untyped_event", [["name": "a", "property_type": "Boolean"]])
            let after = try await sim.get(Self.path + "typescript/").object
            #expect(after["schema_hash"] as? String != typescript["schema_hash"] as? String)
            #expect(after["event_count"] as? Int == 6)
        }
    }

    @Test func typeScriptKeysAreJSONAndOptionalPropertiesMarked() async throws {  // §1.5
        try await withProject { sim in
            try await setSchema(
                sim, "verified_event",
                [
                    ["name": "n", "property_type": "Numeric", "is_required": true],
                    ["name": "n", "property_type": "String", "is_required": true, "is_optional_in_types": true],
                    ["name": "o", "property_type": "Object"],
                ])
            let content = try #require(try await sim.get(Self.path + "typescript/").object["content"] as? String)
            #expect(content.contains("    \"$pageview\": Record<string, any>\n"))
            #expect(
                content.contains("    \"test_event\": {\n        \"optional_field\"?: string\n        \"required_field\": number\n    }"))
            #expect(content.contains("    \"café \\\"q\\\"\": {\n        \"é\": string | Date\n    }"))
            // 1.1.0 merges a name given twice: the types unioned, optional when any copy is.
            #expect(content.contains("        \"n\"?: number | string\n        \"o\"?: Record<string, any>\n"))
            #expect(content.contains("export type EventName = keyof EventSchemas"))
            #expect(content.contains("export * from 'posthog-js'"))
        }
    }

    @Test func typeScriptCanAnswerTextPlainAsOlderInstancesDid() async throws {  // posthog-api.md §6
        try await withProject({ $0.legacyTypeScriptText = true }) { sim in
            let reply = try await sim.get(Self.path + "typescript/")
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"]?.hasPrefix("text/plain") == true)
            #expect(reply.text.hasPrefix("/**\n * GENERATED FILE - DO NOT EDIT"))
            #expect(try await sim.get(Self.path + "golang/").object["content"] is String)
        }
    }

    @Test func goNamesFollowPostHogsRules() {  // §1.6
        #expect(
            ["downloaded_file", "$pageview", "API-Request", "123_start", ""].map(GoGenerator.baseName) == [
                "DownloadedFile", "Pageview", "APIRequest", "Event123Start", "Event",
            ])
        #expect(
            ["file_name", "firstName", "Func", "123test", "--"].map(GoGenerator.parameterName) == [
                "fileName", "firstname", "func_", "param123test", "value",
            ])
    }

    @Test func goFileHasOptionsForOptionalPropertiesAndTimeOnlyWhenNeeded() async throws {  // §1.6
        try await withProject { sim in
            let content = try #require(try await sim.get(Self.path + "golang/").object["content"] as? String)
            #expect(content.hasPrefix("// Code generated by PostHog - DO NOT EDIT.\n"))
            #expect(content.contains("package typed\n"))
            #expect(content.contains("\t\"time\"\n"))
            #expect(content.contains("func PageviewCapture(distinctId string, properties ...posthog.Properties) posthog.Capture {"))
            #expect(content.contains("type TestEventOption func(*posthog.Capture)"))
            #expect(content.contains("func TestEventWithOptionalField(optionalField string) TestEventOption {"))
            #expect(
                content.contains(
                    "func TestEventCapture(distinctId string, requiredField float64, options ...TestEventOption) posthog.Capture {"))
            #expect(
                content.contains("func TestEventCaptureFromBase(base posthog.Capture, requiredField float64, options ...TestEventOption)"))
            #expect(content.contains("// USAGE GUIDE"))
        }
        try await withSimulator({ $0.definitions = 0 }) { sim in
            let content = try #require(try await sim.get(Self.path + "golang/").object["content"] as? String)
            #expect(!content.contains("\"time\""))
        }
    }

    @Test func pythonMethodsAreKeywordOnlyWithRequiredFirst() async throws {  // §1.7
        #expect(
            ["file_downloaded", "$pageview", "123 start", "!!"].map(PythonGenerator.methodName) == [
                "capture_file_downloaded", "capture_pageview", "capture_event_123_start", "capture_event",
            ])
        #expect(
            ["file-size", "class", "9lives", "--"].map(PythonGenerator.parameterName) == ["file_size", "class_", "prop_9lives", "value"])
        try await withProject { sim in
            let content = try #require(try await sim.get(Self.path + "python/").object["content"] as? String)
            #expect(content.contains("class PosthogTyped(Posthog):\n"))
            #expect(content.contains("from datetime import datetime\n"))
            #expect(
                content.contains(
                    "    def capture_test_event(self, *, required_field: float, optional_field: Optional[str] = None, extra_properties: Optional[Dict[str, Any]] = None, **kwargs: Unpack[OptionalCaptureArgs]) -> Optional[str]:"
                ))
            #expect(content.contains("        properties: Dict[str, Any] = {\"required_field\": required_field}\n"))
            #expect(content.contains("        return self.capture(\"test_event\", properties=properties, **kwargs)\n"))
        }
        try await withSimulator({ $0.definitions = 0 }) { sim in
            let content = try #require(try await sim.get(Self.path + "python/").object["content"] as? String)
            #expect(content.hasSuffix("class PosthogTyped(Posthog):\n    pass\n"))
        }
    }

    @Test func generatorsNeedTheReadScope() async throws {  // §1.1
        try await withSimulator({ $0.apiKeys = [APIKey(spec: "phx_other:insight:read")!] }) { sim in
            let reply = try await sim.get(Self.path + "python/", key: "phx_other")
            #expect(reply.status == 403)
        }
    }

    @Test func schemaAdminRefusesMalformedBodiesAndUnknownEvents() async throws {
        try await withProject { sim in
            #expect(try await sim.send("PUT", "/_sim/schema", json: ["event": "nope", "properties": []], key: nil).status == 404)
            #expect(
                try await sim.send("PUT", "/_sim/schema", json: ["event": "test_event", "properties": [["name": 1]]], key: nil).status
                    == 400)
            #expect(try await sim.send("DELETE", "/_sim/schema?event=test_event", key: nil).status == 200)
            let after = try await sim.get(Self.path + "python/").object
            #expect(after["event_count"] as? Int == 4)
        }
    }
}
