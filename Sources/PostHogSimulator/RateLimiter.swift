/// PostHog's default throttles for personal API keys: DRF `SimpleRateThrottle`s keyed by the key,
/// 480/minute (burst) and 4,800/hour (sustained).
actor RateLimiter {
    private struct Throttle {
        let limit: Int
        let duration: Double
        var history: [String: [Double]] = [:]
    }

    private var throttles: [Throttle]

    init(perMinute: Int, perHour: Int, minuteSeconds: Double = 60) {
        throttles = []
        if perMinute > 0 { throttles.append(Throttle(limit: perMinute, duration: minuteSeconds)) }
        if perHour > 0 { throttles.append(Throttle(limit: perHour, duration: 3_600)) }
    }

    /// Nil when the request may go ahead (and is counted), else the seconds to wait, rounded up as DRF does.
    func check(key: String, now: Double) -> Int? {
        var waits: [Double] = []
        for index in throttles.indices {
            var history = throttles[index].history[key] ?? []
            let duration = throttles[index].duration
            // DRF keeps newest first; here oldest first, so expired entries leave from the front.
            let firstLive = history.firstIndex { $0 > now - duration } ?? history.count
            if firstLive > 0 { history.removeFirst(firstLive) }
            if history.count >= throttles[index].limit {
                let remaining = duration - (now - history[0])
                let available = Double(throttles[index].limit - history.count + 1)
                waits.append(available > 0 ? remaining / available : remaining)
            } else {
                history.append(now)
            }
            throttles[index].history[key] = history
        }
        guard let longest = waits.max() else { return nil }
        return max(1, Int(longest.rounded(.up)))
    }
}
