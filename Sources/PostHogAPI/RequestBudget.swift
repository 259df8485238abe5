import Foundation

/// Keeps requests within PostHog's per-key throttles (480/minute, 4,800/hour by default) so the server has no
/// reason to answer 429: a sliding log of send times per window, as the server's own throttle keeps.
public actor RequestBudget {
    private struct Window {
        let limit: Int
        let seconds: TimeInterval
        var sent: [TimeInterval] = []
        var head = 0
    }

    private var windows: [Window]
    private let clock: @Sendable () -> TimeInterval
    private let sleep: @Sendable (TimeInterval) async -> Void
    /// Total seconds spent waiting for the budget.
    public private(set) var waited: TimeInterval = 0

    /// A budget of `perMinute` and `perHour` requests (0 turns a window off).
    public init(
        perMinute: Int = 480, perHour: Int = 4_800,
        clock: @escaping @Sendable () -> TimeInterval = { Date().timeIntervalSince1970 },
        sleep: @escaping @Sendable (TimeInterval) async -> Void = { try? await Task.sleep(nanoseconds: UInt64($0 * 1e9)) }
    ) {
        windows = []
        // A small margin keeps clock skew between us and the server from tipping the last request over.
        if perMinute > 0 { windows.append(Window(limit: max(1, perMinute - max(1, perMinute / 50)), seconds: 60)) }
        if perHour > 0 { windows.append(Window(limit: max(1, perHour - max(1, perHour / 50)), seconds: 3_600)) }
        self.clock = clock
        self.sleep = sleep
    }

    /// Waits until a request fits every window, then records it.
    public func acquire() async {
        while true {
            let now = clock()
            var wait: TimeInterval = 0
            for index in windows.indices {
                var window = windows[index]
                while window.head < window.sent.count, window.sent[window.head] <= now - window.seconds { window.head += 1 }
                if window.head > 4_096 {
                    window.sent.removeFirst(window.head)
                    window.head = 0
                }
                if window.sent.count - window.head >= window.limit {
                    wait = max(wait, window.sent[window.head] + window.seconds - now + 0.01)
                }
                windows[index] = window
            }
            if wait <= 0 {
                for index in windows.indices { windows[index].sent.append(now) }
                return
            }
            waited += wait
            await sleep(wait)
        }
    }
}
