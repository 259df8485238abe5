/// How many requests a crawl keeps in flight: a fixed number, or one that adapts to what the round trips say.
///
/// Adapting follows the latency, the way TCP Vegas and Netflix's concurrency limits do: the fastest round trip
/// of the crawl stands for the server's answer time without a queue. While recent answers (smoothed) come back
/// within one and a half times that (this one too), the server had room, so one more request goes out per answer; when they
/// take two and a half times as long, requests are queueing (on the server, or behind the request budget), so
/// the limit falls by a quarter, at most once per round of answers. A statement timeout halves it. Over a long
/// network the limit climbs to the maximum and the crawl takes a fraction of the round trips; against a server
/// that is itself the bottleneck, answers slow as requests are added and the limit stays near where it started.
actor InFlightLimit {
    /// The current limit.
    private(set) var limit: Int
    /// The highest the limit reached.
    private(set) var highest: Int
    private let minimum: Int
    private let maximum: Int
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var waitingHead = 0
    private var baseline: Double?
    private var smoothed: Double?
    private var answers = 0
    private var lastDecrease = 0

    /// A limit that starts at `initial` and moves within `range`; a range of one value keeps it fixed.
    init(initial: Int, range: ClosedRange<Int>) {
        minimum = max(1, range.lowerBound)
        maximum = max(minimum, range.upperBound)
        limit = min(maximum, max(minimum, initial))
        highest = limit
    }

    /// A fixed limit.
    init(fixed: Int) { self.init(initial: fixed, range: fixed...fixed) }

    /// Waits until one more request may go out.
    func acquire() async {
        if inFlight < limit {
            inFlight += 1
            return
        }
        // `release` counts the request in flight before resuming it.
        await withCheckedContinuation { waiting.append($0) }
    }

    /// One request is answered: `roundTrip` seconds from sending to the whole answer (nil when it failed), and
    /// whether the server said it was overloaded (a statement timeout or a throttled answer).
    func release(roundTrip: Double?, overloaded: Bool = false) {
        answers += 1
        let saturated = inFlight >= limit
        if overloaded {
            decrease(to: limit / 2)
        } else if let roundTrip {
            // The first page is no measure (a server's first list may sort the whole project), so only
            // answers the limit governs count; recent ones are smoothed so one unlucky answer decides nothing.
            let fastest = min(roundTrip, baseline ?? roundTrip)
            baseline = fastest
            let recent = smoothed.map { $0 * 0.75 + roundTrip * 0.25 } ?? roundTrip
            smoothed = recent
            // Both this answer and the recent ones must be quick: the smoothed value alone lags a limit that
            // rises with every answer, and would overshoot a server that slows as requests are added.
            if max(recent, roundTrip) <= fastest * 1.5 {
                if saturated, limit < maximum {
                    limit += 1
                    highest = max(highest, limit)
                }
            } else if recent > fastest * 2.5, answers - lastDecrease >= limit {
                decrease(to: limit - max(1, limit / 4))
            }
        }
        inFlight -= 1
        while inFlight < limit, waitingHead < waiting.count {
            inFlight += 1
            let next = waiting[waitingHead]
            waitingHead += 1
            next.resume()
        }
        if waitingHead == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            waitingHead = 0
        }
    }

    private func decrease(to value: Int) {
        limit = max(minimum, value)
        lastDecrease = answers
    }
}
