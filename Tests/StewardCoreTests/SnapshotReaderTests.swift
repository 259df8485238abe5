import Foundation
import StewardTestSupport
import Testing

@testable import StewardCore

@Suite struct SnapshotReaderTests {
    func read(_ text: String) throws(StewardError) -> Snapshot {
        try SnapshotReader.decode(Data(text.utf8), name: "input.json")
    }

    @Test func readsAListResponse() throws {
        let snapshot = try read(Fixtures.listResponse([.example("a_b"), .example("c_d")]))
        #expect(snapshot.definitions.map(\.name) == ["a_b", "c_d"])
        #expect(snapshot.complete)
    }

    @Test func readsConcatenatedPagesAndNoticesAMissingLastPage() throws {
        let first = Fixtures.listResponse([.example("a_b")], next: "https://us.posthog.com/api/projects/1/event_definitions/?offset=1")
        let second = Fixtures.listResponse([.example("c_d")], next: "https://us.posthog.com/api/projects/1/event_definitions/?offset=2")
        let snapshot = try read(first + "\n" + second)
        #expect(snapshot.definitions.map(\.name) == ["a_b", "c_d"])
        #expect(snapshot.complete == false, "the last page still points at a next one")
    }

    @Test func readsABareArrayAndASnapshot() throws {
        #expect(try read("[{\"id\": \"1\", \"name\": \"x_y\"}]").definitions.count == 1)
        let snapshot = Snapshot(
            host: "https://eu.posthog.com", project: "12", fetchedAt: Fixtures.now, reportedCount: 1,
            complete: true, definitions: [.example("paid_plan_started")])
        let data = try JSONEncoder().encode(snapshot)
        #expect(try SnapshotReader.decode(data, name: "s.json") == snapshot)
    }

    @Test func theFastWriterRoundTrips() throws {
        var definitions = SyntheticProject(count: 300, seed: 5, includeHostileNames: true).definitions()
        definitions.append(EventDefinition(id: "x", name: "oss_shape", tags: []))
        let snapshot = Snapshot(
            host: "https://eu.posthog.com", project: "@current", fetchedAt: Fixtures.now, reportedCount: 301,
            complete: false, definitions: definitions)
        #expect(try SnapshotReader.decode(SnapshotWriter.data(snapshot), name: "s.json") == snapshot)
    }

    @Test func theWriterStreamsInChunksAndWritesTheSameBytesToAFile() throws {
        let snapshot = Snapshot(
            host: "https://eu.posthog.com", project: "7", fetchedAt: Fixtures.now, reportedCount: 2_000, complete: true,
            definitions: SyntheticProject(count: 2_000, seed: 9, includeHostileNames: true).definitions())
        let whole = SnapshotWriter.bytes(snapshot)
        var chunks: [[UInt8]] = []
        SnapshotWriter.stream(snapshot, chunk: 16 * 1024) { chunks.append(Array($0)) }
        #expect(chunks.count > 10, "a 16 KiB chunk size hands the bytes over as they are made")
        #expect(chunks.dropLast().allSatisfy { $0.count >= 16 * 1024 && $0.count < 32 * 1024 })
        #expect(Array(chunks.joined()) == whole)
        // The file is the same bytes, written through a temporary name that does not stay behind.
        let directory = Fixtures.temporaryDirectory("snapshot")
        let url = directory.appendingPathComponent("snapshot.json")
        try Data("an older snapshot".utf8).write(to: url)
        try SnapshotWriter.write(snapshot, to: url)
        #expect(try Array(Data(contentsOf: url)) == whole)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["snapshot.json"])
    }

    @Test(arguments: [
        ("", "the file is empty"),
        ("   \n", "the file is empty"),
        ("{\"name\": \"a\",", "ends inside a JSON object"),
        ("{\"results\": [}", "line 1, column 14"),
        ("\"just a string\"", "bare string"),
        ("{\"foo\": 1, \"bar\": 2}", "not event definitions"),
        ("{\"count\": 1, \"results\": [{\"id\": \"1\"}]}", "missing required key 'name' in results[0]"),
        ("[{\"name\": 12}]", "wrong type at [0].name"),
        ("[{\"name\": \"a\", \"last_seen_at\": \"last tuesday\"}]", "is not an ISO 8601 date-time"),
    ])
    func badInputSaysWhatAndWhere(input: String, expected: String) {
        #expect {
            _ = try read(input)
        } throws: { error in
            let error = error as? StewardError
            return error?.exitCode == 2 && error?.message.hasPrefix("input.json") == true && error?.message.contains(expected) == true
        }
    }

    @Test func invalidUTF8NamesTheByteOffset() {
        var bytes = Array("[{\"name\": \"ab".utf8)
        bytes.append(0xFF)
        bytes.append(contentsOf: Array("\"}]".utf8))
        #expect {
            _ = try SnapshotReader.decode(Data(bytes), name: "bad.json")
        } throws: { error in
            (error as? StewardError)?.message.contains("not valid UTF-8 (first bad byte at offset 13)") == true
        }
    }

    @Test func invalidUTF8IsFoundWhereverItIsAmongLongASCIIRunsAndMultibyteLetters() {
        // A bad byte, or a sequence cut short, at every offset around the 8-byte steps of the scan
        let head = Array("[{\"name\": \"".utf8)
        let bad: [[UInt8]] = [[0xFF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x8E], [0x80], [0xED, 0xA0, 0x80], [0xC0, 0xAF]]
        for padding in 0..<17 {
            for letters in ["", "é", "🎉", "x€"] {
                for sequence in bad {
                    let before = head + Array((String(repeating: "a", count: padding) + letters).utf8)
                    let bytes = before + sequence + Array("z\"}]".utf8)
                    #expect {
                        _ = try SnapshotReader.decode(Data(bytes), name: "bad.json")
                    } throws: { error in
                        (error as? StewardError)?.message.contains("not valid UTF-8 (first bad byte at offset \(before.count))") == true
                    }
                }
                // And the same text with nothing wrong reads
                let good = head + Array((String(repeating: "a", count: padding) + letters + "z\"}]").utf8)
                #expect(throws: Never.self) { _ = try SnapshotReader.decode(Data(good), name: "good.json") }
            }
        }
    }

    @Test func strangeButValidDataIsRead() throws {
        let long = String(repeating: "x", count: 100_000)
        let text =
            "[{\"name\": \"\(long)\"}, {\"name\": \"bell\\u0007 \\u001b[31m\"}, {\"name\": \"🎉 launch\", \"description\": \"\", \"owner\": null}]"
        let snapshot = try read(text)
        #expect(snapshot.definitions.map(\.name.count) == [100_000, 11, 8])
        #expect(snapshot.definitions[2].owner == nil)
    }
}

@Suite struct FastDefinitionDecoderTests {
    @Test func agreesWithJSONDecoderOnRealisticAndHostileData() throws {
        let definitions = SyntheticProject(count: 2_000, seed: 11, includeHostileNames: true).definitions()
        let body = Data(Fixtures.listResponse(definitions).utf8)
        let fast = try #require(FastDefinitionDecoder.page(body))
        #expect(fast.results == definitions)
        #expect(fast.count == definitions.count && fast.countIsCapped == false)
        let escaped = Data(
            #"[{"id": 7, "name": "\u00e9t\u00e9 \ud83c\udf89 \"q\" \\ \/", "tags": null, "owner": 3, "promoted_property": "order_id", "extra": {"a": [1, 2.5e3, true, null]}}]"#
                .utf8)
        let viaFast = try #require(FastDefinitionDecoder.definitions(escaped)).definitions
        #expect(viaFast == (try JSONDecoder().decode([EventDefinition].self, from: escaped)))
        #expect(viaFast[0].name == "été 🎉 \"q\" \\ /" && viaFast[0].id == "7" && viaFast[0].owner?.id == 3)
    }

    @Test func usersWrittenAlikeAreReadOnceAndUsersWrittenDifferentlyAreReadAsWritten() throws {
        let ada = #"{"id": 3, "first_name": "A}d\"a{", "email": "ada@example.com", "extra": {"a": [1, {"b": "]"}]}}"#
        let adaRenamed = #"{"id": 3, "first_name": "Ada", "email": "ada@example.com"}"#
        let bob = #"{"id": 4, "first_name": "Bob", "email": null}"#
        let text =
            "["
            + [
                #"{"id": 1, "name": "a", "owner": \#(ada), "verified_by": \#(bob)}"#,
                #"{"id": 2, "name": "b", "owner": \#(ada), "updated_by": \#(adaRenamed)}"#,
                #"{"id": 3, "name": "c", "owner": \#(adaRenamed), "verified_by": \#(bob)}"#,
                #"{"id": 4, "name": "d", "owner": {"id": 3, "first_name": "Ada", "email": "ada@example.com"}, "updated_by": 4}"#,
            ].joined(separator: ", ") + "]"
        let data = Data(text.utf8)
        let (fast, coercions) = try #require(FastDefinitionDecoder.definitions(data))
        #expect(fast == (try JSONDecoder().decode([EventDefinition].self, from: data)))
        #expect(fast[0].owner?.firstName == "A}d\"a{" && fast[1].updatedBy?.firstName == "Ada" && fast[2].owner?.firstName == "Ada")
        #expect(fast[0].ownerStorage === fast[1].ownerStorage, "the same bytes share one reference")
        #expect(fast[0].verifiedByStorage === fast[2].verifiedByStorage)
        #expect(fast[1].updatedByStorage === fast[2].ownerStorage && fast[2].ownerStorage === fast[3].ownerStorage)
        #expect(fast[0].ownerStorage !== fast[2].ownerStorage, "an id met with other fields is another user")
        #expect(fast[3].updatedBy == User(id: 4) && coercions.keys.sorted() == ["4"], "a bare id is still bent and said so")
        let truncated = Data(#"[{"id": 1, "name": "a", "owner": {"id": 3, "first_name": "Ada"#.utf8)
        #expect(FastDefinitionDecoder.definitions(truncated) == nil)
    }

    @Test(arguments: [
        #"[{"name": 12}]"#, #"[{"id": 1.5, "name": "a"}]"#, #"[{"name": "a", "owner": [1]}]"#, #"[{"name": "a"} junk"#, #"[{"id": "x"}]"#,
    ])
    func leavesAnythingUnexpectedToJSONDecoder(_ text: String) {
        #expect(FastDefinitionDecoder.definitions(Data(text.utf8)) == nil)
    }
}
