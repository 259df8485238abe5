import Foundation

/// Runs blocking work (a database transaction's steps) on a thread of its own with a roomy stack, suspending
/// the caller's task meanwhile: it neither occupies one of the few threads of Swift's concurrency pool nor
/// competes with the dispatch threads that CPU-bound stages spread over.
public func onOwnThread<T: Sendable>(named name: String, _ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: work()) }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }
}
