import Foundation
import StewardTestSupport
import Testing

@testable import StewardCore

/// A snapshot file read a chunk at a time gives what reading it whole gives, wherever the chunks break it;
/// what the chunked reader does not take is left to the whole read.
@Suite struct ChunkedSnapshotReaderTests {
    func file(_ text: String) -> String {
        Fixtures.write(text, to: "snapshot.json", in: Fixtures.temporaryDirectory("chunked"))
    }

    func whole(_ path: String) throws -> Snapshot {
        try SnapshotReader.decode(try Data(contentsOf: URL(fileURLWithPath: path)), name: path)
    }

    func written(_ snapshot: Snapshot) throws -> String {
        let url = Fixtures.temporaryDirectory("chunked").appendingPathComponent("snapshot.json")
        try SnapshotWriter.write(snapshot, to: url)
        return url.path
    }

    @Test(arguments: [1, 7, 4_096, ChunkedSnapshotReader.defaultChunkSize])
    func anyChunkSizeReadsWhatTheWholeFileSays(chunkSize: Int) throws {
        var snapshot = Snapshot(
            host: "https://eu.posthog.com", project: "12", fetchedAt: Fixtures.now, reportedCount: 1_500, complete: true,
            definitions: SyntheticProject(count: chunkSize == 1 ? 150 : 1_500, seed: 3, includeHostileNames: true).definitions())
        snapshot.reportedCount = snapshot.definitions.count
        let path = try written(snapshot)
        let chunked = try #require(try ChunkedSnapshotReader.read(path: path, chunkSize: chunkSize))
        let expected = try whole(path)
        #expect(chunked == expected)
        #expect(chunked.definitions.count == snapshot.definitions.count)
        #expect(chunked.definitions == snapshot.definitions)
        #expect(try SnapshotReader.read(path: path) == expected)
    }

    /// What the decoder bends (null tags, a number as a string), usage, copies of one definition and keys
    /// in another order come out as the whole read has them.
    @Test func coercionsUsageAndRepeatsAreReadAsWhole() throws {
        let text = """
            {"definitions": [
              {"id": "1", "name": "signed_up", "tags": null, "hidden": "true", "owner": {"id": 7, "email": "a@example.com"}},
              {"id": "2", "name": "paid \\"plan\\" [started]", "tags": ["x"], "description": "{not: json}"},
              {"id": "1", "name": "signed_up", "tags": null, "hidden": "true", "owner": {"id": 7, "email": "a@example.com"}}
            ], "usage": {"insights": [], "dashboards": [], "actions": []},
            "format": "steward-snapshot", "version": 1, "complete": true, "count": 2, "extra": [1, {"a": "]"}]}
            """
        let path = file(text)
        for chunkSize in [1, 3, 64, 1 << 20] {
            let chunked = try #require(try ChunkedSnapshotReader.read(path: path, chunkSize: chunkSize))
            let expected = try whole(path)
            #expect(chunked == expected, "chunks of \(chunkSize)")
            #expect(chunked.coercions == expected.coercions)
            #expect(chunked.notes == expected.notes && !chunked.notes.isEmpty, "a definition listed twice is read once")
            #expect(chunked.usage != nil)
            #expect(!chunked.coercions.isEmpty, "a flag written as text is read and said")
        }
    }

    @Test(arguments: [
        "[{\"id\": \"1\", \"name\": \"a_b\"}]",
        "{\"count\": 1, \"next\": null, \"results\": [{\"id\": \"1\", \"name\": \"a_b\"}]}",
        "{\"id\": \"1\", \"name\": \"a_b\"}",
        "{\"format\": \"steward-snapshot\", \"version\": 1, \"complete\": true, \"definitions\": [{\"id\": \"1\", \"name\": \"a_b\"}]",
        "{\"format\": \"steward-snapshot\", \"version\": 1, \"complete\": true, \"definitions\": []} {\"x\": 1}",
        "{\"format\": \"steward-snapshot\", \"version\": 1, \"complete\": true, \"definitions\": [{\"id\": 1 2}]}",
        "{\"format\": \"other\", \"version\": 1, \"complete\": true, \"definitions\": []}",
        "{\"format\": \"steward-snapshot\", \"version\": 99, \"complete\": true, \"definitions\": []}",
    ])
    func otherShapesAndBrokenFilesAreLeftToTheWholeRead(text: String) throws {
        #expect(try ChunkedSnapshotReader.read(path: file(text), chunkSize: 5) == nil)
    }

    @Test func bytesThatAreNotUTF8AreLeftToTheWholeReadWhichNamesTheOffset() throws {
        var bytes = Array(
            "{\"format\": \"steward-snapshot\", \"version\": 1, \"complete\": true, \"definitions\": [{\"id\": \"1\", \"name\": \"a".utf8)
        let offset = bytes.count
        bytes += [0xFF] + Array("b\"}]}".utf8)
        let url = Fixtures.temporaryDirectory("chunked").appendingPathComponent("bad.json")
        try Data(bytes).write(to: url)
        #expect(try ChunkedSnapshotReader.read(path: url.path, chunkSize: 8) == nil)
        #expect(throws: StewardError.self) { try SnapshotReader.read(path: url.path) }
        do {
            _ = try SnapshotReader.read(path: url.path)
        } catch {
            #expect(error.description.contains("offset \(offset)"), "\(error.description)")
        }
    }

    @Test func copiesThatDifferAreRefusedAsTheWholeReadRefusesThem() throws {
        let text = """
            {"format": "steward-snapshot", "version": 1, "complete": true, "definitions": [
              {"id": "1", "name": "signed_up"}, {"id": "1", "name": "signed_up", "description": "changed"}]}
            """
        let path = file(text)
        var messages: [String] = []
        for read in [{ _ = try ChunkedSnapshotReader.read(path: path, chunkSize: 4) }, { _ = try whole(path) }] as [() throws -> Void] {
            do {
                try read()
            } catch let error as StewardError {
                messages.append(error.description)
            }
        }
        #expect(messages.count == 2 && messages[0] == messages[1], "\(messages)")
    }
}
