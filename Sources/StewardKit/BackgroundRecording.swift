import Foundation
import StewardCore
import StewardHistory

/// Records a run in history on a thread of its own and hands over what is new and resolved as soon as the
/// recorder knows it, so the reports (which show it) are made while the rows are still being written:
/// at a million definitions both take tens of seconds, and the machine has a core for each.
/// Waiting for it suspends the caller's task instead of blocking a thread of the concurrency pool.
final class BackgroundRecording: @unchecked Sendable {
    private let lock = NSLock()
    private var diff: RecordedRun?
    private var outcome: Result<RecordedRun, StewardError>?
    private var diffedAt: UInt64?
    private var finishedAt: UInt64?
    private var diffWaiters: [CheckedContinuation<Void, Never>] = []
    private var finishWaiters: [CheckedContinuation<Void, Never>] = []

    /// Starts recording `input` in `store`.
    init(store: HistoryStore, input: RunInput) {
        let thread = Thread { [self] in
            let result: Result<RecordedRun, StewardError>
            do throws(StewardError) {
                result = .success(try store.record(input) { self.settle(diff: $0) })
            } catch {
                result = .failure(error)
            }
            settle(outcome: result)
        }
        thread.name = "steward-history"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// What is new and resolved, once known; throws when recording failed before it was.
    func diffed() async throws(StewardError) -> RecordedRun {
        await wait(untilDiffed: true)
        let state = lock.withLock { diff.map { Result<RecordedRun, StewardError>.success($0) } ?? outcome! }
        return try state.get()
    }

    /// Waits until the transaction committed (or failed) and returns what was recorded.
    func finished() async throws(StewardError) -> RecordedRun {
        await wait(untilDiffed: false)
        return try lock.withLock { outcome! }.get()
    }

    /// How long the rows took after the diff was handed over (once finished).
    var writeSeconds: Double {
        lock.withLock {
            guard let diffedAt, let finishedAt else { return 0 }
            return Double(finishedAt - diffedAt) / 1e9
        }
    }

    private func wait(untilDiffed: Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            let ready = outcome != nil || (untilDiffed && diff != nil)
            if !ready {
                if untilDiffed { diffWaiters.append(continuation) } else { finishWaiters.append(continuation) }
            }
            lock.unlock()
            if ready { continuation.resume() }
        }
    }

    private func settle(diff: RecordedRun? = nil, outcome: Result<RecordedRun, StewardError>? = nil) {
        lock.lock()
        let now = DispatchTime.now().uptimeNanoseconds
        var waking: [CheckedContinuation<Void, Never>] = []
        if let diff {
            self.diff = diff
            diffedAt = now
            waking += diffWaiters
            diffWaiters = []
        }
        if let outcome {
            self.outcome = outcome
            finishedAt = now
            waking += diffWaiters + finishWaiters
            (diffWaiters, finishWaiters) = ([], [])
        }
        lock.unlock()
        for continuation in waking { continuation.resume() }
    }
}
