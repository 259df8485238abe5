import Foundation

/// How often and how long to retry: exponential backoff with full jitter for failures, the server's word for 429s.
public struct RetryPolicy: Sendable {
    /// Attempts per request for 5xx, network failures and malformed bodies.
    public var maxAttempts: Int = 6
    /// The first backoff; each retry doubles it.
    public var baseDelay: TimeInterval = 0.25
    /// The longest single backoff.
    public var maxDelay: TimeInterval = 20
    /// How many 429s one request may wait out before giving up.
    public var maxThrottleWaits: Int = 30
    /// The longest a single 429 wait may be before it is treated as a failure.
    public var maxThrottleWait: TimeInterval = 3_700
    /// Seconds without a byte before a request counts as timed out.
    public var requestTimeout: TimeInterval = 60
    /// Seconds one attempt may take in all, so a server that trickles bytes cannot hold Steward.
    public var requestDeadline: TimeInterval = 180
    /// The largest response body accepted (after decompression): a page of 10,000 definitions is about 10 MiB.
    public var maximumResponseBytes = 128 << 20
    /// A 429 asking for a longer wait than this is announced on stderr, terminal or not.
    public var announceThrottleWaitsOver: TimeInterval = 10

    /// The defaults above.
    public init() {}

    /// The backoff before attempt `attempt` (1 = first retry): uniformly random up to the exponential cap.
    func backoff(attempt: Int, random: Double) -> TimeInterval {
        let cap = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        return cap * (0.5 + random / 2)
    }

    /// Seconds to wait after a 429: `Retry-After` when present, else the number in PostHog's detail text.
    static func throttleWait(headers: [String: String], detail: String?) -> TimeInterval? {
        if let header = headers["retry-after"], let seconds = TimeInterval(header.trimmingCharacters(in: .whitespaces)) {
            return seconds
        }
        // "Request was throttled. Expected available in 59 seconds."
        guard let detail, let range = detail.range(of: #"available in (\d+(\.\d+)?) second"#, options: .regularExpression) else {
            return nil
        }
        let digits = detail[range].filter { $0.isNumber || $0 == "." }
        return TimeInterval(digits)
    }
}
