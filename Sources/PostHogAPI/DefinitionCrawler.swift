import Foundation
import StewardCore

/// Reads every event definition of a project: complete, fast and resilient (see docs/fetching.md).
///
/// Pages are requested by offset in a stable order (`ordering=name`), several at once, each overlapping the
/// next so that definitions created or deleted meanwhile cannot slip between two pages; results are
/// de-duplicated by id. A pass is checked against the server's count, and a second pass runs when the two
/// disagree. A page that times out (503 `event_definitions_timeout`) is fetched again in smaller pages.
public struct DefinitionCrawler: Sendable {
    /// Tuning.
    public struct Options: Sendable {
        /// Definitions per request.
        public var pageSize = 1_000
        /// Requests in flight at once: where the crawl starts, and all it uses when `adaptiveConcurrency` is nil.
        public var concurrency = 4
        /// The range requests in flight adapt within, following the round trips (see ``InFlightLimit``); nil
        /// keeps `concurrency` fixed, as an explicit `--concurrency` does. Never below the 4 a fixed crawl
        /// used: against posthog-sim at 200 ms a request the limit climbs to 12-16, with no latency (the
        /// simulator and the linter share the cores) it stays near 4 to 6.
        public var adaptiveConcurrency: ClosedRange<Int>? = 4...16
        /// Rows each page re-reads of the next one; nil for a tenth of the page, at most 100.
        public var overlap: Int?
        /// The smallest page a timeout may shrink to.
        public var minimumPageSize = 25
        /// Passes before giving up on consistency.
        public var maxPasses = 2
        /// Whether pages grow for large projects so a crawl takes about `targetRequests` requests: at 480
        /// requests a minute, a million definitions in pages of 1,000 spend two minutes waiting on the budget.
        public var growPages = true
        /// Requests a crawl aims at when pages grow.
        public var targetRequests = 200
        /// The largest page pages grow to (a timeout still shrinks any page).
        public var maximumPageSize = 10_000

        /// Creates one with the defaults.
        public init() {}

        /// The page size for the rest of a pass, once the first page has told the count.
        func pageSize(forCount count: Int?, capped: Bool) -> Int {
            guard growPages else { return pageSize }
            // A capped count only says "more than 50,000": plan for a large project.
            let total = capped ? 1_000_000 : (count ?? 0)
            return min(max(pageSize, (total + targetRequests - 1) / targetRequests), max(pageSize, maximumPageSize))
        }

        var effectiveOverlap: Int { overlap ?? min(100, max(1, pageSize / 10)) }
    }

    /// What a crawl produced.
    public struct Result: Sendable {
        /// Every definition, sorted by name then id.
        public var definitions: [EventDefinition]
        /// The count PostHog reported at the end (10,000 when capped).
        public var reportedCount: Int?
        /// Whether PostHog capped the count.
        public var countWasCapped: Bool
        /// Whether the definitions are known to be all of them.
        public var complete: Bool
        /// Passes made.
        public var passes: Int
        /// Why the result is not known complete, when it is not.
        public var notes: [String]
        /// What the decoder had to bend to read the definitions, by id (see ``Coercions``).
        public var coercions: [String: Coercions] = [:]
        /// Where each definition's reading came from (the page number `onPage` was told, and its place in
        /// the page), parallel to `definitions`; nil when the result merges passes.
        public var origins: [PageOrigin]?
        /// The most requests the crawl allowed in flight at once.
        public var peakConcurrency = 1
    }

    /// Progress after each page, for a terminal.
    public struct Progress: Sendable {
        /// Pages read so far.
        public var pages: Int
        /// The definitions.
        public var definitions: Int
        /// PostHog's count, when it is not capped.
        public var expected: Int?
        /// Which pass of the crawl.
        public var pass: Int
        /// The page size.
        public var pageSize: Int
        /// Requests retried so far (failures and throttled answers).
        public var retries: Int
    }

    let client: PostHogClient
    let options: Options
    let progress: (@Sendable (Progress) async -> Void)?
    let onPage: (@Sendable (_ pass: Int, _ page: Int32, _ definitions: [EventDefinition]) -> Void)?

    /// A crawler for `client`'s project; `onPage` is told of each page as it is read (for work that can start
    /// before the crawl ends), numbered within its pass as ``Result/origins`` names them.
    public init(
        client: PostHogClient, options: Options = Options(),
        onPage: (@Sendable (_ pass: Int, _ page: Int32, _ definitions: [EventDefinition]) -> Void)? = nil,
        progress: (@Sendable (Progress) async -> Void)? = nil
    ) {
        self.client = client
        self.options = options
        self.onPage = onPage
        self.progress = progress
    }

    /// Reads every definition.
    public func crawl() async throws(PostHogAPIError) -> Result {
        var union: [UTF8Key: Ranked] = [:]
        var unionCoercions: [String: Coercions] = [:]
        var notes: [String] = []
        var lastCount: Int?
        var capped = false
        var peak = 1
        for pass in 1...max(1, options.maxPasses) {
            var outcome = try await self.pass(pass)
            peak = max(peak, outcome.peakConcurrency)
            capped = outcome.capped
            let check = try await consistency(of: outcome)
            lastCount = check.count ?? outcome.count
            if check.consistent {
                // A consistent pass is the server's state on its own; earlier passes may hold deleted definitions.
                let definitions = outcome.definitions
                outcome.definitions = [:]
                let (sorted, origins) = Self.sortedWithOrigins(definitions)
                var result = Result(
                    definitions: sorted, reportedCount: lastCount, countWasCapped: capped, complete: true, passes: pass, notes: [])
                result.coercions = outcome.coercions
                result.origins = origins
                result.peakConcurrency = peak
                return result
            }
            for (id, entry) in outcome.definitions { union[id] = entry }
            unionCoercions.merge(outcome.coercions) { $1 }
            notes = [check.note]
        }
        var result = Result(
            definitions: Self.sorted(union), reportedCount: lastCount, countWasCapped: capped, complete: false,
            passes: options.maxPasses, notes: notes)
        result.coercions = unionCoercions
        result.peakConcurrency = peak
        return result
    }

    /// A definition and where the server listed it (the page's offset plus its place in the page).
    struct Ranked: Sendable {
        var definition: EventDefinition
        var rank: Int
        var origin = PageOrigin(page: -1, slot: -1)
    }

    /// By name then id. Pages come in the server's `ordering=name`, so ordering by where each definition was
    /// listed is nearly always the answer: definitions are counted into place by rank, the result is checked
    /// pair by pair on every core, and only a list that shifted during the crawl is sorted by name (a million
    /// string comparisons cost seconds). This runs between the last page and the linter, on one thread
    /// otherwise: at 100,000 definitions a comparison sort of the ranks and a one-core check took 70 ms.
    static func sorted(_ byID: consuming [UTF8Key: Ranked]) -> [EventDefinition] { sortedWithOrigins(byID).definitions }

    /// `sorted`, with each definition's page origin beside it.
    static func sortedWithOrigins(_ byID: consuming [UTF8Key: Ranked]) -> (definitions: [EventDefinition], origins: [PageOrigin]) {
        var values: [EventDefinition] = []
        var ranks: [Int] = []
        var origins: [PageOrigin] = []
        values.reserveCapacity(byID.count)
        ranks.reserveCapacity(byID.count)
        origins.reserveCapacity(byID.count)
        for entry in byID.values {
            values.append(entry.definition)
            ranks.append(entry.rank)
            origins.append(entry.origin)
        }
        // The dictionary (a key and a reference per definition) is let go on another thread.
        let leaving = Leaving(consume byID)
        DispatchQueue.global(qos: .utility).async { leaving.drop() }
        var order = rankOrder(ranks)
        func precedes(_ a: EventDefinition, _ b: EventDefinition) -> Bool {
            a.name != b.name ? a.name < b.name : a.id < b.id
        }
        let inOrder = values.withUnsafeBufferPointer { values in
            order.withUnsafeBufferPointer { order in
                !Concurrently.map(count: max(0, order.count - 1), chunk: 16_384) { precedes(values[order[$0]], values[order[$0 + 1]]) }
                    .contains(false)
            }
        }
        if !inOrder {
            order.sort { precedes(values[$0], values[$1]) }
        }
        values.withUnsafeMutableBufferPointer { values in
            origins.withUnsafeMutableBufferPointer { origins in
                Permutation.apply(order) {
                    values.swapAt($0, $1)
                    origins.swapAt($0, $1)
                }
            }
        }
        return (values, origins)
    }

    /// Positions ordered by rank, equal ranks by position: counted into place when ranks are about as dense
    /// as a crawl makes them (offsets plus places in pages), sorted otherwise.
    static func rankOrder(_ ranks: [Int]) -> [Int] {
        guard let lowest = ranks.min(), let highest = ranks.max(), lowest >= 0, highest < ranks.count * 4 + 1_024 else {
            return ranks.indices.sorted { ranks[$0] != ranks[$1] ? ranks[$0] < ranks[$1] : $0 < $1 }
        }
        // Within a rank, positions arrive in increasing order and nothing precedes anything: no moves.
        return ranks.withUnsafeBufferPointer { ranks in
            BucketOrder.order(count: ranks.count, buckets: highest + 1, bucket: { ranks[$0] }, precedes: { _, _ in false })
        }
    }

    /// A crawl's dictionary on its way out, freed wherever `drop` runs.
    private final class Leaving: @unchecked Sendable {
        // Sendable because only `drop` touches it, once, after the crawl is done with it.
        private var byID: [UTF8Key: Ranked]?
        init(_ byID: consuming [UTF8Key: Ranked]) { self.byID = byID }
        func drop() { byID = nil }
    }

    // MARK: - One pass

    struct PassOutcome: Sendable {
        var definitions: [UTF8Key: Ranked]
        var coercions: [String: Coercions] = [:]
        var count: Int
        var capped: Bool
        var countAtStart: Int
        var peakConcurrency = 1
    }

    /// The in-flight limit a pass starts with.
    private func makeLimit() -> InFlightLimit {
        let start = max(1, options.concurrency)
        guard let range = options.adaptiveConcurrency else { return InFlightLimit(fixed: start) }
        return InFlightLimit(initial: start, range: range)
    }

    private func pass(_ number: Int) async throws(PostHogAPIError) -> PassOutcome {
        let limit = makeLimit()
        let first = try await page(offset: 0, limit: options.pageSize)
        let capped = first.page.countIsCapped == true
        // A capped count is no estimate of the total, so progress shows none.
        let expected = capped ? nil : first.page.count
        let size = options.pageSize(forCount: first.page.count, capped: capped)
        let scheduler = CrawlScheduler(
            pageSize: first.limitUsed < options.pageSize ? first.limitUsed : size, fullSize: size, overlap: options.effectiveOverlap,
            minimum: options.minimumPageSize,
            knownCount: expected)
        var pageHook: (@Sendable (Int32, [EventDefinition]) -> Void)?
        if let onPage = self.onPage {
            pageHook = { page, definitions in onPage(number, page, definitions) }
        }
        let collector = CrawlCollector(expected: first.page.count ?? options.pageSize, capped: capped, onPage: pageHook)
        await collector.add(first.page.results, offset: 0, coercions: first.page.coercions)
        if first.page.results.count < first.limitUsed {
            await scheduler.reachedEnd(at: first.page.results.count)
        }
        await scheduler.start(after: first.limitUsed)
        await report(collector, scheduler, pass: number, pages: 1, expected: expected)
        // As many workers as the limit may ever allow; the limit decides how many have a request out.
        let workers = max(1, options.adaptiveConcurrency?.upperBound ?? options.concurrency, options.concurrency)
        let failure: PostHogAPIError? = await withTaskGroup(of: PostHogAPIError?.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    do throws(PostHogAPIError) {
                        try await work(
                            scheduler: scheduler, collector: collector, limit: limit, pass: number,
                            expected: expected)
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            var firstError: PostHogAPIError?
            for await result in group where firstError == nil {
                if let result {
                    firstError = result
                    await scheduler.abort()
                }
            }
            return firstError
        }
        if let failure { throw failure }
        var outcome = PassOutcome(
            definitions: await collector.byID, count: first.page.count ?? 0, capped: capped,
            countAtStart: first.page.count ?? 0)
        outcome.coercions = await collector.coercions
        outcome.peakConcurrency = await limit.highest
        return outcome
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    private func work(
        scheduler: CrawlScheduler, collector: CrawlCollector, limit inFlight: InFlightLimit, pass: Int, expected: Int?
    ) async throws(PostHogAPIError) {
        while true {
            // A range is taken only once its request may go out, so ranges leave the scheduler in order.
            await inFlight.acquire()
            guard let range = await scheduler.nextRange() else {
                await inFlight.release(roundTrip: nil)
                return
            }
            // Ranges are never empty, so the loop below runs and releases what was acquired for its first page.
            var position = range.lowerBound
            var acquired = true
            while position < range.upperBound {
                if !acquired { await inFlight.acquire() }
                acquired = false
                if await scheduler.isPastEnd(position) {
                    await inFlight.release(roundTrip: nil)
                    break
                }
                let size = min(await scheduler.pageSize, range.upperBound - position)
                let limit = size + options.effectiveOverlap
                let sent = ContinuousClock.now
                let fetched: FetchedPage
                do {
                    fetched = try await page(offset: position, limit: limit, scheduler: scheduler)
                } catch {
                    await inFlight.release(roundTrip: nil)
                    throw error
                }
                await inFlight.release(roundTrip: Self.seconds(since: sent), overloaded: fetched.shrank)
                await collector.add(fetched.page.results, offset: position, coercions: fetched.page.coercions)
                if fetched.page.results.count < fetched.limitUsed {
                    await scheduler.reachedEnd(at: position + fetched.page.results.count)
                }
                position += max(1, fetched.limitUsed - options.effectiveOverlap)
                let pages = await collector.countPage()
                await report(collector, scheduler, pass: pass, pages: pages, expected: expected)
            }
        }
    }

    private func report(_ collector: CrawlCollector, _ scheduler: CrawlScheduler, pass: Int, pages: Int, expected: Int?) async {
        guard let progress else { return }
        await progress(
            Progress(
                pages: pages, definitions: await collector.byID.count, expected: expected, pass: pass,
                pageSize: await scheduler.pageSize,
                retries: await client.counters.retries + client.counters.throttled))
    }

    struct FetchedPage: Sendable {
        var page: ListPage
        var limitUsed: Int
        /// Whether the page had to shrink after a statement timeout.
        var shrank = false
    }

    /// One page; on a statement timeout, smaller pages until it fits (reported to the scheduler for what follows).
    private func page(offset: Int, limit: Int, scheduler: CrawlScheduler? = nil) async throws(PostHogAPIError) -> FetchedPage {
        var limit = limit
        var shrank = false
        while true {
            let outcome = try await client.request(
                "GET", query: [("limit", String(limit)), ("offset", String(offset)), ("ordering", "name")],
                listTimeoutIsAnswer: true, decode: ListPage.decode)
            switch outcome {
            case .value(let page):
                await scheduler?.succeeded()
                return FetchedPage(page: page, limitUsed: limit, shrank: shrank)
            case .listTimeout:
                guard limit > options.minimumPageSize else {
                    throw .unavailable("PostHog timed out listing definitions even \(limit) at a time (503 event_definitions_timeout)")
                }
                limit = max(options.minimumPageSize, limit / 2)
                shrank = true
                await scheduler?.timedOut(newSize: limit)
            }
        }
    }

    // MARK: - Consistency

    struct Check: Sendable {
        var consistent: Bool
        var count: Int?
        var note: String
    }

    private func consistency(of outcome: PassOutcome) async throws(PostHogAPIError) -> Check {
        let unique = outcome.definitions.count
        if !outcome.capped {
            let now = try await countNow(query: [])
            let consistent = now == unique && now == outcome.countAtStart
            return Check(
                consistent: consistent, count: now,
                note: "PostHog counted \(now) definitions but \(unique) distinct ones were read (the project changed during the crawl)")
        }
        // A capped count says nothing; verified=true and verified=false partition the project and are counted exactly.
        // Both counts are asked at once: one round trip, not two.
        async let verifiedCount = try? countNow(query: [("verified", "true")])
        async let unverifiedCount = try? countNow(query: [("verified", "false")])
        guard let verified = await verifiedCount, let unverified = await unverifiedCount else {
            return Check(consistent: false, count: nil, note: "PostHog caps the count of this project and could not count it another way")
        }
        let total = verified + unverified
        return Check(
            consistent: total == unique, count: total,
            note: "PostHog counted \(total) definitions (verified and not) but \(unique) distinct ones were read")
    }

    private func countNow(query: [(String, String)]) async throws(PostHogAPIError) -> Int {
        let outcome = try await client.request("GET", query: [("limit", "1")] + query, decode: ListPage.decode)
        guard case .value(let page) = outcome, let count = page.count else { throw .badResponse("a list response without a count") }
        return count
    }
}
