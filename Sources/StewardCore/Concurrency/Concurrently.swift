import Dispatch

/// A value handed to `DispatchQueue.concurrentPerform` work items that each touch their own part of it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Data-parallel loops over every core, for the CPU-bound passes (fingerprints, digests) that scale with a project.
public enum Concurrently {
    /// `transform(i)` for every index, computed in chunks on every core, in index order.
    public static func map<T>(count: Int, chunk: Int = 65_536, _ transform: (Int) -> T) -> [T] {
        guard count > chunk else { return (0..<count).map(transform) }
        let chunks = (count + chunk - 1) / chunk
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            let slots = UncheckedSendable(buffer)
            withoutActuallyEscaping(transform) { transform in
                let transform = UncheckedSendable(transform)
                DispatchQueue.concurrentPerform(iterations: chunks) { item in
                    for index in (item * chunk)..<min(count, (item + 1) * chunk) {
                        (slots.value.baseAddress! + index).initialize(to: transform.value(index))
                    }
                }
            }
            initialized = count
        }
    }
}
