import Foundation
import StewardCore
import StewardTestSupport
import Testing

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
        let snapshot = Snapshot(host: "https://eu.posthog.com", project: "12", fetchedAt: Fixtures.now, reportedCount: 1,
                                complete: true, definitions: [.example("paid_plan_started")])
        let data = try JSONEncoder().encode(snapshot)
        #expect(try SnapshotReader.decode(data, name: "s.json") == snapshot)
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

    @Test func strangeButValidDataIsRead() throws {
        let long = String(repeating: "x", count: 100_000)
        let text = "[{\"name\": \"\(long)\"}, {\"name\": \"bell\\u0007 \\u001b[31m\"}, {\"name\": \"🎉 launch\", \"description\": \"\", \"owner\": null}]"
        let snapshot = try read(text)
        #expect(snapshot.definitions.map(\.name.count) == [100_000, 11, 8])
        #expect(snapshot.definitions[2].owner == nil)
    }
}
