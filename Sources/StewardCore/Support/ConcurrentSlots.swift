/// Results of concurrent work items, one slot each, read after all of them finish.
final class ConcurrentSlots<Value>: @unchecked Sendable {
    // Sendable because each slot is written by exactly one work item and read only after concurrentPerform returns.
    private let storage: UnsafeMutablePointer<Value?>
    /// Number of slots.
    let count: Int

    init(count: Int) {
        self.count = count
        storage = UnsafeMutablePointer<Value?>.allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil, count: max(count, 1))
    }

    subscript(index: Int) -> Value? {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// Moves a slot's value out, leaving it empty, so it is freed as soon as the caller is done with it.
    func take(_ index: Int) -> Value? {
        let value = storage[index]
        storage[index] = nil
        return value
    }

    deinit {
        storage.deinitialize(count: max(count, 1))
        storage.deallocate()
    }
}
