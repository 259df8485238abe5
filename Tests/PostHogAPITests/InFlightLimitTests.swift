import Foundation
import StewardCore
import Testing

@testable import PostHogAPI

/// A project of `count` definitions listed by offset and limit, as PostHog's list answers; counts the requests
/// that are out at once.
final class ListingTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: the lock guards the counters.
    private let lock = NSLock()
    private let count: Int
    private var current = 0
    private(set) var mostAtOnce = 0
    private(set) var requests = 0

    init(count: Int) { self.count = count }

    func send(_ request: TransportRequest) async throws(TransportError) -> TransportResponse {
        lock.withLock {
            current += 1
            requests += 1
            mostAtOnce = max(mostAtOnce, current)
        }
        // A pause, so requests sent together are out together.
        try? await Task.sleep(nanoseconds: 2_000_000)
        let items = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        func number(_ name: String) -> Int { items.first { $0.name == name }?.value.flatMap(Int.init) ?? 0 }
        let offset = number("offset")
        let limit = number("limit")
        let names = (min(offset, count)..<min(count, offset + limit)).map { String(format: "event_%06d", $0) }
        let results = names.map { "{\"id\": \"id-\($0)\", \"name\": \"\($0)\"}" }.joined(separator: ",")
        let body = "{\"count\": \(count), \"next\": null, \"previous\": null, \"results\": [\(results)], \"count_is_capped\": false}"
        lock.withLock { current -= 1 }
        return TransportResponse(status: 200, body: Data(body.utf8))
    }
}

@Suite struct InFlightLimitTests {
    /// Sends requests until the limit is reached, then answers one in `roundTrip` seconds; `times` over.
    func answer(_ limit: InFlightLimit, inFlight: inout Int, roundTrip: Double, times: Int) async {
        for _ in 0..<times {
            while inFlight < (await limit.limit) {
                await limit.acquire()
                inFlight += 1
            }
            await limit.release(roundTrip: roundTrip)
            inFlight -= 1
        }
    }

    @Test func answersAsFastAsTheFirstRaiseTheLimitOneByOneToTheMaximum() async {
        let limit = InFlightLimit(initial: 4, range: 2...16)
        var inFlight = 0
        await answer(limit, inFlight: &inFlight, roundTrip: 0.21, times: 5)
        #expect(await limit.limit == 9, "one more request per answer while the server keeps up")
        await answer(limit, inFlight: &inFlight, roundTrip: 0.21, times: 50)
        #expect(await limit.limit == 16)
        #expect(await limit.highest == 16)
    }

    @Test func answersThatQueueLowerItByAQuarterOncePerRound() async {
        let limit = InFlightLimit(initial: 16, range: 2...16)
        var inFlight = 0
        await answer(limit, inFlight: &inFlight, roundTrip: 0.01, times: 16)
        #expect(await limit.limit == 16)
        // Far slower than the fastest answer: requests are waiting on the server.
        await answer(limit, inFlight: &inFlight, roundTrip: 0.2, times: 1)
        #expect(await limit.limit == 12, "a quarter less")
        await answer(limit, inFlight: &inFlight, roundTrip: 0.2, times: 11)
        #expect(await limit.limit == 12, "once per round of answers, not once per answer")
        await answer(limit, inFlight: &inFlight, roundTrip: 0.2, times: 1)
        #expect(await limit.limit == 9)
        await answer(limit, inFlight: &inFlight, roundTrip: 0.2, times: 60)
        #expect(await limit.limit == 2, "never below the minimum")
        #expect(await limit.highest == 16)
    }

    /// A server that is the bottleneck answers more slowly the more requests it holds: the limit stops
    /// climbing once the answers take half as long again as the fastest.
    @Test func aServerThatSlowsWithEveryRequestStopsTheClimb() async {
        let limit = InFlightLimit(initial: 4, range: 4...16)
        var inFlight = 0
        for _ in 0..<100 {
            let current = await limit.limit
            await answer(limit, inFlight: &inFlight, roundTrip: 0.01 * Double(current), times: 1)
        }
        #expect(await limit.limit <= 7)
        #expect(await limit.limit >= 4)
    }

    @Test func aTimeoutHalvesItAndAFixedLimitNeverMoves() async {
        let adaptive = InFlightLimit(initial: 12, range: 2...16)
        await adaptive.acquire()
        await adaptive.release(roundTrip: 0.5, overloaded: true)
        #expect(await adaptive.limit == 6)

        let fixed = InFlightLimit(fixed: 3)
        var inFlight = 0
        await answer(fixed, inFlight: &inFlight, roundTrip: 0.01, times: 20)
        await answer(fixed, inFlight: &inFlight, roundTrip: 1, times: 20)
        #expect(await fixed.limit == 3)
        #expect(await fixed.highest == 3)
    }

    @Test func aWaitingRequestGoesOutWhenAnotherIsAnswered() async {
        let limit = InFlightLimit(fixed: 1)
        await limit.acquire()
        let waiter = Task {
            await limit.acquire()
            await limit.release(roundTrip: nil)
            return true
        }
        await limit.release(roundTrip: nil)
        #expect(await waiter.value)
    }

    func crawler(_ transport: ListingTransport, adaptive: ClosedRange<Int>?, concurrency: Int) throws -> DefinitionCrawler {
        let client = PostHogClient(
            endpoint: try PostHogEndpoint(host: "https://us.posthog.com", project: "12"), key: PersonalAPIKey("phx_secret_key_123")!,
            transport: transport, budget: RequestBudget(perMinute: 0, perHour: 0))
        var options = DefinitionCrawler.Options()
        options.pageSize = 50
        options.concurrency = concurrency
        options.adaptiveConcurrency = adaptive
        return DefinitionCrawler(client: client, options: options)
    }

    @Test func aFixedConcurrencyIsNeverExceededAndEveryDefinitionIsRead() async throws {
        let transport = ListingTransport(count: 3_000)
        let result = try await crawler(transport, adaptive: nil, concurrency: 3).crawl()
        #expect(result.definitions.map(\.name) == (0..<3_000).map { String(format: "event_%06d", $0) })
        #expect(result.complete)
        #expect(transport.mostAtOnce <= 3)
        #expect(result.peakConcurrency == 3)
    }

    @Test func anAdaptiveCrawlStaysWithinItsRangeAndReadsEverything() async throws {
        let transport = ListingTransport(count: 3_000)
        let result = try await crawler(transport, adaptive: 2...6, concurrency: 4).crawl()
        #expect(result.definitions.count == 3_000 && Set(result.definitions.map(\.id)).count == 3_000)
        #expect(result.complete)
        #expect(transport.mostAtOnce <= result.peakConcurrency && result.peakConcurrency <= 6)
    }
}
