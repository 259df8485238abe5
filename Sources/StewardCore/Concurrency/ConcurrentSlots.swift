/// Results of concurrent work items (`DispatchQueue.concurrentPerform`), one slot each, each written by
/// its own item and read after all of them finish.
public final class ConcurrentSlots<Value>: @unchecked Sendable {
    // Sendable because each slot is written by exactly one work item and read only after concurrentPerform returns.
    private let storage: UnsafeMutablePointer<Value?>
    /// Number of slots.
    public let count: Int

    /// `count` empty slots.
    public init(count: Int) {
        self.count = count
        storage = UnsafeMutablePointer<Value?>.allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: max(count, 1))
    }

    /// The value of slot `index`, nil until its item has written it.
    public subscript(index: Int) -> Value? {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// Moves a slot's value out, leaving it empty, so it is freed as soon as the caller is done with it.
    public func take(_ index: Int) -> Value? {
        let value = storage[index]
        storage[index] = nil
        return value
    }

    deinit {
        storage.deinitialize(count: max(count, 1))
        storage.deallocate()
    }
}
