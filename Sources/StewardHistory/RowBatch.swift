import Dispatch
import StewardCore
import Synchronization

/// Rows for a `BatchInsert`, value after value in column order: integers, and texts as bytes in one flat
/// buffer. A row costs no allocation, no retain of a String and no enum to destroy, and a batch holds
/// nothing of SQLite's, so one can be made on any thread and written on the connection's.
struct RowBatch: Sendable {
    /// The integer, or a text's offset in `bytes`, with a text's length (-1: an integer, -2: null).
    struct Slot: Sendable {
        var number: Int64
        var length: Int32
    }

    let columns: Int
    private(set) var values: [Slot] = []
    private(set) var bytes: [UInt8] = []
    /// Complete rows so far.
    private(set) var rows = 0

    init(columns: Int, capacity rows: Int) {
        self.columns = columns
        values.reserveCapacity(rows * columns)
        bytes.reserveCapacity(rows * 256)
    }

    mutating func integer(_ value: Int64) { values.append(Slot(number: value, length: -1)) }

    mutating func integer(_ value: Int64?) {
        if let value { integer(value) } else { null() }
    }

    mutating func integer(_ value: Int?) { integer(value.map(Int64.init)) }

    /// 1 for true, 0 for false.
    mutating func boolean(_ value: Bool?) { integer(value.map { $0 ? Int64(1) : 0 }) }

    mutating func null() { values.append(Slot(number: 0, length: -2)) }

    mutating func text(_ value: String?) {
        guard let value else { return null() }
        let start = bytes.count
        if value.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil { bytes.append(contentsOf: value.utf8) }
        values.append(Slot(number: Int64(start), length: Int32(bytes.count - start)))
    }

    /// A text written straight into the batch's bytes by `write` (a timestamp, a JSON array).
    mutating func text(writing write: (inout [UInt8]) -> Void) {
        let start = bytes.count
        write(&bytes)
        values.append(Slot(number: Int64(start), length: Int32(bytes.count - start)))
    }

    /// Ends a row, which must have had a value for every column.
    mutating func endRow() {
        rows += 1
        precondition(values.count == rows * columns, "a row of the wrong number of values for \(columns) columns")
    }

    /// Empties the batch, keeping its buffers.
    mutating func removeAll() {
        values.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        rows = 0
    }
}

/// Batches made on a dispatch thread while the caller's thread, which owns the database connection, writes
/// them: the Swift work of a row (reading a definition, formatting its timestamps, finding a finding's
/// texts) runs beside SQLite's. At most `ring` batches wait, so memory stays bounded at any project size.
enum RowPipeline {
    private final class State: @unchecked Sendable {
        // Sendable because a slot is written by the maker only after `free` lets it, and read by the writer
        // only after `filled` says so; `cancelled` is atomic.
        /// A batch, or what stopped the maker while it made that batch.
        let slots: ConcurrentSlots<Result<RowBatch, any Error>>
        let free: DispatchSemaphore
        let filled = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let cancelled = Atomic<Bool>(false)

        init(ring: Int) {
            slots = ConcurrentSlots(count: ring)
            free = DispatchSemaphore(value: ring)
        }
    }

    /// Rows `0..<count`, made by `make(index, &batch)` into batches of `batchSize` on another thread, each
    /// handed to `write` on this one in order. When `make` or `write` throws, the maker stops and the error is
    /// thrown here.
    static func run(
        count: Int, batchSize: Int, columns: Int, ring: Int = 4, make: @escaping @Sendable (Int, inout RowBatch) throws -> Void,
        write: (RowBatch) throws -> Void
    ) throws {
        let batches = (count + batchSize - 1) / batchSize
        guard batches > 0 else { return }
        let state = State(ring: ring)
        DispatchQueue.global().async {
            for number in 0..<batches {
                if state.cancelled.load(ordering: .acquiring) { break }
                state.free.wait()
                if state.cancelled.load(ordering: .acquiring) { break }
                let made = Result { () throws -> RowBatch in
                    var batch = RowBatch(columns: columns, capacity: batchSize)
                    for index in (number * batchSize)..<min(count, (number + 1) * batchSize) {
                        try make(index, &batch)
                        batch.endRow()
                    }
                    return batch
                }
                state.slots[number % ring] = made
                state.filled.signal()
                if case .failure = made { break }
            }
            state.finished.signal()
        }
        // However this ends, the maker has stopped before the caller's data can go away.
        defer {
            state.cancelled.store(true, ordering: .releasing)
            state.free.signal()
            state.finished.wait()
        }
        for number in 0..<batches {
            state.filled.wait()
            let batch = try state.slots.take(number % ring)!.get()
            state.free.signal()
            try write(batch)
        }
    }
}
