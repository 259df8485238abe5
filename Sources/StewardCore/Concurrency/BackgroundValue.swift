import Dispatch

/// A value worked out on a dispatch thread while the caller's thread does something else that must stay on
/// it (a database connection's work): started at `init`, waited for by `value`.
public final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    // Sendable because `result` is written once by the work item, before `done` is signalled, and read only
    // after waiting for that signal.
    private var result: Value?
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on a global dispatch queue.
    public init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async { [self] in
            result = work()
            done.signal()
        }
    }

    /// The value, once the work has finished (waits for it).
    public var value: Value {
        done.wait()
        done.signal()  // later reads do not wait
        return result!
    }
}
