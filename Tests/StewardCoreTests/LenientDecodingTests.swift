import Foundation
import StewardCore
import StewardTestSupport
import Testing

/// PostHog's own example responses, its frontend mocks' shapes and a real product's definitions decode, through
/// the fast byte-level path and through JSONDecoder alike, and what had to be bent is recorded, never silent.
@Suite struct LenientDecodingTests {
    static let fixtures = StewardProcess.packageRoot.appendingPathComponent("Tests/Fixtures")
    static let referenceFiles = [
        "list.json", "retrieve.json", "create.json", "update.json", "list-2022.json", "list-open-source.json",
        "frontend-mocks.json",
    ]

    static func reference(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent("posthog-reference/\(name)"))
    }

    /// The same bytes through JSONDecoder with a coercion log, whatever their shape.
    static func slowPath(_ data: Data) throws -> (definitions: [EventDefinition], coercions: [String: Coercions]) {
        struct Page: Decodable { var results: [EventDefinition] }
        let log = CoercionLog()
        let decoder = log.decoder()
        let definitions: [EventDefinition]
        if data.first == UInt8(ascii: "[") {
            definitions = try decoder.decode([EventDefinition].self, from: data)
        } else if let page = try? decoder.decode(Page.self, from: data) {
            definitions = page.results
        } else {
            definitions = [try decoder.decode(EventDefinition.self, from: data)]
        }
        return (definitions, log.byID)
    }

    @Test(arguments: referenceFiles)
    func referenceExampleDecodesTheSameBothWays(file: String) throws {
        let data = try Self.reference(file)
        let snapshot = try SnapshotReader.decode(data, name: file)
        let slow = try Self.slowPath(data)
        #expect(!snapshot.definitions.isEmpty)
        #expect(snapshot.definitions == slow.definitions)
        #expect(snapshot.coercions == slow.coercions)
        // Every example of the reference shows `"tags": [null]`; none is dropped silently.
        #expect(snapshot.readingNotes.contains { $0.contains("null tags; dropped") })
        #expect(snapshot.definitions.allSatisfy { !$0.tags.contains("") })
    }

    @Test func theDocumentedListExampleReadsAsPostHogMeansIt() throws {
        let snapshot = try SnapshotReader.decode(try Self.reference("list.json"), name: "list.json")
        let definition = try #require(snapshot.definitions.first)
        #expect(definition.id == "497f6eca-6276-4993-bfeb-53cbbbba6f08")
        #expect(definition.tags == [])
        #expect(definition.owner?.id == 0)
        #expect(definition.verifiedBy?.email == "user@example.com")
        #expect(definition.primaryProperty == "string")
        #expect(snapshot.reportedCount == 123)
        #expect(
            snapshot.readingNotes == [
                "1 definition had null tags; dropped",
                "1 definition named a user by a bare id (owner, created_by, updated_by or verified_by); read as that user's id",
            ])
    }

    @Test func olderReferenceShapesReadIsActionAsAString() throws {
        for file in ["list-2022.json", "list-open-source.json"] {
            let snapshot = try SnapshotReader.decode(try Self.reference(file), name: file)
            let definition = try #require(snapshot.definitions.first)
            // "string" is neither true nor false: unknown, as a missing key would be.
            #expect(definition.isAction == nil)
            #expect(snapshot.readingNotes.contains("1 definition had is_action as a string; read as true or false"))
        }
    }

    @Test func frontendMockShapesKeepTheirUsers() throws {
        let snapshot = try SnapshotReader.decode(try Self.reference("frontend-mocks.json"), name: "mocks")
        let byName = Dictionary(uniqueKeysWithValues: snapshot.definitions.map { ($0.name, $0) })
        #expect(byName["$pageview"]?.verifiedBy?.displayName == "Ana")
        #expect(byName["event1"]?.verifiedBy?.email == "ana@posthog.com")
        #expect(byName["event1"]?.verifiedAt == nil)
        #expect(byName["test event"]?.owner?.email == "ana@posthog.com")
        #expect(byName["test event"]?.tags == [])
        #expect(byName["other event"]?.tags == ["core"])
        #expect(byName["other event"]?.updatedBy?.displayName == "Ben")
        #expect(
            snapshot.readingNotes == [
                "1 definition had null tags; dropped",
                "3 definitions named a user by a string (owner, created_by, updated_by or verified_by); read as that user's email or name",
            ])
    }

    @Test func aStringOrNumberFlagIsReadAndNoted() throws {
        let json = """
            [{"id": "a", "name": "a", "verified": "true", "hidden": 0, "default_columns": "$browser", "owner": " "},
             {"id": "b", "name": "b", "verified": false, "media_preview_urls": [null, "https://x/uploaded_media/1"]}]
            """
        let snapshot = try SnapshotReader.decode(Data(json.utf8), name: "flags")
        let slow = try Self.slowPath(Data(json.utf8))
        #expect(snapshot.definitions == slow.definitions)
        #expect(snapshot.coercions == slow.coercions)
        #expect(snapshot.definitions[0].verified == true)
        #expect(snapshot.definitions[0].hidden == false)
        #expect(snapshot.definitions[0].defaultColumns == ["$browser"])
        #expect(snapshot.definitions[0].owner == nil, "an empty string names nobody")
        #expect(snapshot.definitions[1].mediaPreviewURLs == ["https://x/uploaded_media/1"])
        #expect(snapshot.coercions["a"] == [.flagAsText, .oddStringList, .userAsText])
        #expect(snapshot.coercions["b"] == [.oddStringList])
    }

    @Test func whatIsNotDefinitionsStillFails() {
        // Lenient about shapes PostHog writes, not about what is not a definition at all.
        for json in [#"[{"name": 5}]"#, #"[{"id": "a", "name": "a", "tags": [1]}]"#, #"[{"id": "a", "name": "a", "owner": [1]}]"#] {
            #expect(throws: StewardError.self) { try SnapshotReader.decode(Data(json.utf8), name: "bad") }
        }
    }

    @Test func overlappingPagesConcatenatedAreReadOnce() throws {
        let a = EventDefinition(id: "id-a", name: "a")
        let b = EventDefinition(id: "id-b", name: "b")
        let c = EventDefinition(id: "id-c", name: "c")
        let text = Fixtures.listResponse([a, b], next: "http://x/?offset=2", count: 3) + "\n" + Fixtures.listResponse([b, c], count: 3)
        let snapshot = try SnapshotReader.decode(Data(text.utf8), name: "pages.json")
        #expect(snapshot.definitions.map(\.id) == ["id-a", "id-b", "id-c"])
        #expect(snapshot.notes == ["1 definition was listed more than once with the same content (overlapping pages); read once"])
    }

    @Test func copiesThatDifferAreRefusedNamingTheIdAndWhereEachIs() {
        var changed = EventDefinition(id: "id-b", name: "b")
        changed.description = "edited between the two reads"
        let text =
            Fixtures.listResponse([EventDefinition(id: "id-b", name: "b")], next: "http://x/?offset=1")
            + Fixtures.listResponse([changed])
        let error = #expect(throws: StewardError.self) { try SnapshotReader.decode(Data(text.utf8), name: "pages.json") }
        #expect(error?.exitCode == 2)
        #expect(error?.message.contains("definition id id-b (b)") == true)
        #expect(error?.message.contains("pages.json (JSON value 1 of 2) and pages.json (JSON value 2 of 2)") == true)
    }

    @Test func theRealProductsDefinitionsDecodeBothWays() throws {
        let data = try Data(
            contentsOf: Self.fixtures.appendingPathComponent("real-world/RhysSullivan__typelytics__examples-nextjs-events.derived.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let versions = try #require(object["versions"] as? [String: Any])
        var counts: [Int] = []
        for (_, rows) in versions.sorted(by: { $0.key < $1.key }) {
            let array = try JSONSerialization.data(withJSONObject: rows)
            let snapshot = try SnapshotReader.decode(array, name: "typelytics")
            let slow = try Self.slowPath(array)
            #expect(snapshot.definitions == slow.definitions)
            #expect(snapshot.readingNotes.isEmpty)
            #expect(snapshot.definitions.contains { $0.name == "Onboarding Page View - what-topic" || $0.name == "User Joined Server" })
            counts.append(snapshot.definitions.count)
        }
        #expect(counts.sorted() == [20, 36])
    }
}
