import Dispatch

/// Runs CPU-bound work that spreads itself over every core (`DispatchQueue.concurrentPerform`) on a
/// dispatch thread, suspending the caller's task meanwhile, so the few threads of Swift's concurrency pool
/// stay free for whatever else the process serves (a test's in-process simulator, say).
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}
