import Foundation
import StewardCore
import StewardHistory

/// Records a run in history on a thread of its own and hands over what is new and resolved as soon as the
/// recorder knows it, so the reports (which show it) are made while the rows are still being written:
/// at a million definitions both take tens of seconds, and the machine has a core for each.
final class BackgroundRecording: @unchecked Sendable {
    private let condition = NSCondition()
    private var diff: RecordedRun?
    private var outcome: Result<RecordedRun, StewardError>?
    private var diffedAt: UInt64?
    private var finishedAt: UInt64?

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
    func diffed() throws(StewardError) -> RecordedRun {
        condition.lock()
        defer { condition.unlock() }
        while diff == nil && outcome == nil { condition.wait() }
        if let diff { return diff }
        return try outcome!.get()
    }

    /// Waits until the transaction committed (or failed) and returns what was recorded.
    func finished() throws(StewardError) -> RecordedRun {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return try outcome!.get()
    }

    /// How long the rows took after the diff was handed over (once finished).
    var writeSeconds: Double {
        condition.lock()
        defer { condition.unlock() }
        guard let diffedAt, let finishedAt else { return 0 }
        return Double(finishedAt - diffedAt) / 1e9
    }

    private func settle(diff: RecordedRun? = nil, outcome: Result<RecordedRun, StewardError>? = nil) {
        condition.lock()
        let now = DispatchTime.now().uptimeNanoseconds
        if let diff {
            self.diff = diff
            diffedAt = now
        }
        if let outcome {
            self.outcome = outcome
            finishedAt = now
        }
        condition.broadcast()
        condition.unlock()
    }
}
