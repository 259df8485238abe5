/// Counts requests by route and status, numbers API requests for fault injection, and keeps the clock of latency jitter.
actor SimulatorStats {
    private var counts: [String: [Int: Int]] = [:]
    private var apiRequests: UInt64 = 0

    /// The next API request's number (from 1).
    func nextRequestNumber() -> UInt64 {
        apiRequests += 1
        return apiRequests
    }

    func record(route: String, status: Int) {
        counts[route, default: [:]][status, default: 0] += 1
    }

    func reset() {
        counts = [:]
        apiRequests = 0
    }

    /// `{"requests": N, "routes": {"GET list": {"200": 12, "429": 1}}}`, keys sorted.
    func json() -> JSONValue {
        let total = counts.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        let routes = counts.keys.sorted().map { route in
            (route, JSONValue.object(counts[route]!.keys.sorted().map { (String($0), .int(counts[route]![$0]!)) }))
        }
        return .object([("requests", .int(total)), ("routes", .object(routes))])
    }
}
