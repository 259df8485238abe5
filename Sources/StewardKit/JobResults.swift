import Foundation
import StewardCore

/// One result per job of a `DispatchQueue.concurrentPerform`, each written by its own job and read after.
final class JobResults<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<Value, StewardError>?]

    init(count: Int) {
        results = Array(repeating: nil, count: count)
    }

    subscript(index: Int) -> Result<Value, StewardError>? {
        get { lock.withLock { results[index] } }
        set { lock.withLock { results[index] = newValue } }
    }
}
