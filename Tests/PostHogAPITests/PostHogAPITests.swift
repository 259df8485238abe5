import Foundation
import StewardCore
import Synchronization
import Testing

@testable import PostHogAPI

/// A transport that answers from a script, so every failure mode can be produced on demand.
final class ScriptedTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: the lock guards the script and the log.
    private let lock = NSLock()
    private var script: [Result<TransportResponse, TransportError>]
    private(set) var requests: [TransportRequest] = []

    init(_ script: [Result<TransportResponse, TransportError>]) { self.script = script }

    func send(_ request: TransportRequest) async throws(TransportError) -> TransportResponse {
        let next: Result<TransportResponse, TransportError> = lock.withLock {
            requests.append(request)
            return script.isEmpty ? .success(TransportResponse(status: 500)) : script.removeFirst()
        }
        return try next.get()
    }
}

/// Records every sleep instead of sleeping.
actor SleepLog {
    var sleeps: [TimeInterval] = []
    func add(_ seconds: TimeInterval) { sleeps.append(seconds) }
}

func page(_ names: [String], count: Int? = nil) -> Result<TransportResponse, TransportError> {
    let results = names.enumerated().map { "{\"id\": \"id-\($0.element)\", \"name\": \"\($0.element)\"}" }.joined(separator: ",")
    return .success(
        TransportResponse(
            status: 200,
            body: Data(
                "{\"count\": \(count ?? names.count), \"next\": null, \"previous\": null, \"results\": [\(results)], \"count_is_capped\": false}"
                    .utf8)))
}

func error(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Result<TransportResponse, TransportError> {
    .success(TransportResponse(status: status, headers: headers, body: Data(body.utf8)))
}

func client(_ transport: ScriptedTransport, sleeps: SleepLog) throws -> PostHogClient {
    var retry = RetryPolicy()
    retry.maxAttempts = 4
    return PostHogClient(
        endpoint: try PostHogEndpoint(host: "https://us.posthog.com", project: "12"), key: PersonalAPIKey("phx_secret_key_123")!,
        transport: transport, budget: RequestBudget(perMinute: 0, perHour: 0), retry: retry,
        sleep: { seconds in await sleeps.add(seconds) }, random: { 0.5 })
}

func list(_ client: PostHogClient) async throws(PostHogAPIError) -> ListPage? {
    if case .value(let page) = try await client.request(
        "GET", query: [("limit", "10")], decode: { try JSONDecoder().decode(ListPage.self, from: $0) })
    {
        return page
    }
    return nil
}

@Suite struct EndpointAndKeyTests {
    @Test(arguments: [
        "https://us.posthog.com", "https://eu.posthog.com/", "http://127.0.0.1:8000", "http://localhost:9", "http://[::1]:80",
    ])
    func acceptedHosts(_ host: String) throws {
        _ = try PostHogEndpoint(host: host, project: "1")
    }

    @Test(arguments: [
        ("http://us.posthog.com", "refusing to send the API key over plain HTTP"), ("ftp://x.io", "must start with https://"),
        ("us.posthog.com", "is not a URL"), ("https://us.posthog.com/api", "without a path"),
    ])
    func refusedHosts(host: String, message: String) {
        #expect { _ = try PostHogEndpoint(host: host, project: "1") } throws: { error in
            (error as? PostHogAPIError).map { $0.isConfiguration && $0.description.contains(message) } ?? false
        }
    }

    @Test func projectsAreNumbersOrCurrent() throws {
        #expect(
            try PostHogEndpoint(host: "https://us.posthog.com", project: "@current").url().absoluteString
                == "https://us.posthog.com/api/projects/@current/event_definitions/")
        #expect(throws: PostHogAPIError.self) { try PostHogEndpoint(host: "https://us.posthog.com", project: "../admin") }
    }

    @Test func keysNeverPrintThemselves() throws {
        let key = try #require(PersonalAPIKey("  phx_abcdef123456\n"))
        #expect("\(key)" == "[redacted personal API key]")
        #expect(String(reflecting: key) == "[redacted personal API key]")
        #expect(key.authorizationHeader == "Bearer phx_abcdef123456")
        #expect(throws: PostHogAPIError.self) { try PersonalAPIKey.load(file: nil, environment: [:]) }
        #expect(
            try PersonalAPIKey.load(file: nil, environment: ["POSTHOG_PERSONAL_API_KEY": "phx_x"]).authorizationHeader == "Bearer phx_x")
    }
}

@Suite struct ClientRetryTests {
    @Test func retriesServerErrorsDropsAndMalformedBodiesThenSucceeds() async throws {
        let transport = ScriptedTransport([
            error(502, "<html>bad gateway</html>"), .failure(.connectionLost("reset")),
            .success(TransportResponse(status: 200, body: Data("{\"count\": 1, \"res".utf8))),
            page(["a_b"]),
        ])
        let sleeps = SleepLog()
        let result = try await list(try client(transport, sleeps: sleeps))
        #expect(result?.results.map(\.name) == ["a_b"])
        #expect(transport.requests.count == 4)
        // Exponential backoff: 0.25, 0.5, 1.0 caps with the injected random 0.5 → three quarters of each cap.
        #expect(await sleeps.sleeps == [0.1875, 0.375, 0.75])
        #expect(transport.requests.allSatisfy { $0.headers["Authorization"] == "Bearer phx_secret_key_123" })
    }

    @Test func givesUpAfterMaxAttemptsWithAnActionableError() async throws {
        let transport = ScriptedTransport(Array(repeating: error(500, "{\"detail\": \"A server error occurred.\"}"), count: 10))
        await #expect { _ = try await list(try client(transport, sleeps: SleepLog())) } throws: { error in
            guard let error = error as? PostHogAPIError, case .unavailable(let detail) = error else { return false }
            return detail.contains("HTTP 500") && detail.contains("after 4 attempts")
        }
        #expect(transport.requests.count == 4)
    }

    @Test func waitsAsLongAsThe429Says() async throws {
        let throttled =
            "{\"type\":\"throttled_error\",\"code\":\"throttled\",\"detail\":\"Request was throttled. Expected available in 7 seconds.\",\"attr\":null}"
        let transport = ScriptedTransport([error(429, throttled), error(429, throttled, headers: ["Retry-After": "2"]), page(["a_b"])])
        let sleeps = SleepLog()
        _ = try await list(try client(transport, sleeps: sleeps))
        #expect(await sleeps.sleeps == [7.125, 2.125], "the detail's seconds, then Retry-After, each with a little jitter")
    }

    @Test(arguments: [
        (401, "{\"detail\":\"Personal API key found in request Authorization header is invalid.\"}", "rejected the personal API key"),
        (403, "{\"detail\":\"API key missing required scope 'event_definition:read'\"}", "lacks the scope 'event_definition:read'"),
        (403, "{\"detail\":\"API key does not have access to the requested project: ID 12.\"}", "no access to this project"),
        (404, "{\"detail\":\"Project not found.\"}", "does not know this project"),
        (402, "{\"detail\":\"Ingestion taxonomy is part of the PostHog Cloud Scale add-on.\"}", "ingestion-taxonomy add-on"),
    ])
    func clientErrorsAreTypedAndNotRetried(status: Int, body: String, message: String) async throws {
        let transport = ScriptedTransport([error(status, body)])
        await #expect { _ = try await list(try client(transport, sleeps: SleepLog())) } throws: { error in
            (error as? PostHogAPIError)?.description.contains(message) == true
        }
        #expect(transport.requests.count == 1)
    }

    @Test func anEchoedKeyIsRedacted() async throws {
        let transport = ScriptedTransport([error(401, "{\"detail\":\"bad key phx_secret_key_123\"}")])
        await #expect { _ = try await list(try client(transport, sleeps: SleepLog())) } throws: { error in
            let text = "\(error)"
            return !text.contains("phx_secret_key_123") && text.contains("[redacted]")
        }
    }
}

@Suite struct RequestBudgetTests {
    final class Clock: @unchecked Sendable {
        // @unchecked: tests drive it from one task.
        var now: TimeInterval = 1_000
    }

    @Test func waitsForTheOldestRequestToLeaveTheWindow() async {
        let clock = Clock()
        let sleeps = SleepLog()
        let budget = RequestBudget(
            perMinute: 100, perHour: 0, clock: { clock.now },
            sleep: { seconds in
                await sleeps.add(seconds)
                clock.now += seconds
            })
        // 100/minute keeps a margin of 2: 98 go at once, the 99th waits until the first is a minute old.
        for _ in 0..<98 { await budget.acquire() }
        #expect(await sleeps.sleeps.isEmpty)
        clock.now += 10
        await budget.acquire()
        #expect(await sleeps.sleeps.count == 1)
        #expect(abs((await sleeps.sleeps.first ?? 0) - 50.01) < 0.001)
    }
}

@Suite struct PageGrowthTests {
    @Test func largeProjectsGetLargerPagesSmallOnesKeepTheirs() {
        var options = DefinitionCrawler.Options()
        #expect(options.pageSize(forCount: 100_000, capped: false) == 1_000)
        #expect(options.pageSize(forCount: 400_000, capped: false) == 2_000)
        // A capped count says only "more than 50,000": pages for a million
        #expect(options.pageSize(forCount: 10_000, capped: true) == 5_000)
        #expect(options.pageSize(forCount: 50_000_000, capped: false) == 10_000)
        // An explicit --page-size is kept
        options.growPages = false
        #expect(options.pageSize(forCount: 1_000_000, capped: false) == 1_000)
    }
}

/// The crawler's final order: by name then id, whether or not the pages' order already gave it.
@Suite struct CrawlOrderTests {
    func ranked(_ entries: [(name: String, id: String, rank: Int)]) -> [UTF8Key: DefinitionCrawler.Ranked] {
        var byID: [UTF8Key: DefinitionCrawler.Ranked] = [:]
        for entry in entries {
            var definition = EventDefinition.example(entry.name)
            definition.id = entry.id
            byID[UTF8Key(entry.id)] = DefinitionCrawler.Ranked(definition: definition, rank: entry.rank)
        }
        return byID
    }

    @Test func ranksOrderPositionsTheSameWhetherCountedOrSorted() {
        // Dense ranks (a crawl's) are counted into place; equal ranks keep their positions' order.
        let dense = (0..<3_000).map { ($0 * 7919) % 2_000 }
        let expected = dense.indices.sorted { dense[$0] != dense[$1] ? dense[$0] < dense[$1] : $0 < $1 }
        #expect(DefinitionCrawler.rankOrder(dense) == expected)
        // Ranks too sparse to count (a server's odd offsets) are sorted, with the same tie rule.
        let sparse = dense.map { $0 * 1_000_003 }
        #expect(DefinitionCrawler.rankOrder(sparse) == expected)
        #expect(DefinitionCrawler.rankOrder([]) == [])
        #expect(DefinitionCrawler.rankOrder([-3, 5, -3]) == [0, 2, 1])
    }

    @Test func aListThatShiftedAcrossTheCheckersChunksIsSortedByName() {
        // 40,000 definitions listed in name order but one pair swapped near the end: the check runs in chunks
        // on every core, and the chunk that holds the swap must send the list to the sort.
        var entries = (0..<40_000).map { (name: String(format: "event_%05d", $0), id: "id-\($0)", rank: $0) }
        entries[39_990].rank = 39_991
        entries[39_991].rank = 39_990
        let sorted = DefinitionCrawler.sorted(ranked(entries))
        #expect(sorted.map(\.name) == (0..<40_000).map { String(format: "event_%05d", $0) })
    }

    @Test func listedOrderIsKeptWhenItIsNameOrder() {
        let entries = (0..<5_000).map { (name: String(format: "event_%05d", $0), id: "id-\(4_999 - $0)", rank: $0) }
        let sorted = DefinitionCrawler.sorted(ranked(entries.shuffled()))
        #expect(sorted.map(\.name) == entries.map(\.name))
    }

    @Test func aListThatShiftedDuringTheCrawlIsSortedByNameThenID() {
        // Ranks that disagree with names (a definition renamed, pages read while the list moved), and two
        // definitions with one name (as two passes may leave them).
        let entries = [
            (name: "b", id: "2", rank: 0), (name: "a", id: "9", rank: 1), (name: "c", id: "7", rank: 2),
            (name: "a", id: "3", rank: 3), (name: "b", id: "1", rank: 3),
        ]
        let sorted = DefinitionCrawler.sorted(ranked(entries))
        #expect(sorted.map { "\($0.name)/\($0.id)" } == ["a/3", "a/9", "b/1", "b/2", "c/7"])
    }

    @Test func theCollectorIsSizedByTheCountItsWordCanBeTakenFor() async {
        // An exact count sizes it; a capped one (PostHog stops at 10,000) leaves room for 100,000; a count no
        // project has is bounded.
        let exact = await CrawlCollector(expected: 10_000).reservedCapacity
        #expect(exact >= 10_000 && exact < CrawlCollector.cappedReservation)
        #expect(await CrawlCollector(expected: 10_000, capped: true).reservedCapacity >= CrawlCollector.cappedReservation)
        #expect(await CrawlCollector(expected: 5, capped: true).reservedCapacity >= CrawlCollector.cappedReservation)
        #expect(await CrawlCollector(expected: Int.max).reservedCapacity < 2 * CrawlCollector.reservationCap)
    }

    @Test func aLargePageIsHandedOnInPartsNumberedAsPages() async {
        // Given a collector that records what it hands on, and a page of 2,500 read at offset 100
        let handed = Mutex<[(page: Int32, names: [String])]>([])
        let collector = CrawlCollector(expected: 3_000) { page, definitions in
            handed.withLock { $0.append((page, definitions.map(\.name))) }
        }
        let page = (0..<2_500).map { index -> EventDefinition in
            var definition = EventDefinition.example(String(format: "event_%05d", index))
            definition.id = "id-\(index)"
            return definition
        }
        await collector.add(page, offset: 100)
        await collector.add([page[0]], offset: 2_600)
        // Then it went on as parts of at most 1,000, each its own page, in order, and the origins name the parts
        let parts = handed.withLock { $0 }
        #expect(parts.map(\.page) == [0, 1, 2, 3])
        #expect(parts.map(\.names.count) == [1_000, 1_000, 500, 1])
        #expect(parts.dropLast().flatMap(\.names) == page.map(\.name))
        let byID = await collector.byID
        #expect(byID[UTF8Key("id-1500")]?.origin == PageOrigin(page: 1, slot: 500))
        #expect(byID[UTF8Key("id-1500")]?.rank == 1_600)
        // The definition read again on the later page keeps that reading
        #expect(byID[UTF8Key("id-0")]?.origin == PageOrigin(page: 3, slot: 0))
        #expect(byID[UTF8Key("id-0")]?.rank == 2_600)
    }

    @Test func aDefinitionReadTwiceKeepsItsLatestReadingAndIDsAreTheirBytes() async {
        // Two ids that are canonically equal but not the same bytes are two definitions, as history keeps them;
        // the same id on a later page replaces the earlier reading, and its coercion note goes with it.
        let collector = CrawlCollector(expected: 4)
        var first = EventDefinition.example("first")
        first.id = "caf\u{E9}"
        var other = EventDefinition.example("other")
        other.id = "cafe\u{301}"
        var again = EventDefinition.example("renamed")
        again.id = "caf\u{E9}"
        await collector.add([first, other], offset: 0, coercions: ["caf\u{E9}": Coercions()])
        await collector.add([again], offset: 2)
        let byID = await collector.byID
        #expect(byID.count == 2)
        #expect(byID[UTF8Key("caf\u{E9}")]?.definition.name == "renamed")
        #expect(byID[UTF8Key("caf\u{E9}")]?.rank == 2)
        #expect(byID[UTF8Key("cafe\u{301}")]?.definition.name == "other")
        #expect(await collector.coercions.isEmpty)
    }
}
