import GRDB
import GRDBSQLite

/// A prepared statement stepped through SQLite's C API, for the paths that touch hundreds of thousands of
/// rows per run (GRDB's argument arrays and `Row` values cost more than the SQL itself there).
/// Everything else goes through GRDB's record types and queries.
struct BulkStatement {
    private let statement: Statement
    private let db: Database
    private var handle: OpaquePointer { statement.sqliteStatement }

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.makeStatement(sql: sql)
    }

    // SQLITE_TRANSIENT: SQLite copies the bytes before bind returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: Int?) { bind(index, value.map(Int64.init)) }

    func bind(_ index: Int32, _ value: Bool?) { bind(index, value.map { $0 ? Int64(1) : 0 }) }

    func bind(_ index: Int32, _ value: String?) {
        guard var value else {
            sqlite3_bind_null(handle, index)
            return
        }
        value.withUTF8 { bytes in
            _ = sqlite3_bind_text(
                handle, index, UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(bytes.count), Self.transient)
        }
    }

    /// Binds bytes that stay where they are until the statement has run (SQLITE_STATIC: nothing is copied).
    func bindStatic(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            // SQLite reads a NULL pointer as NULL: an empty text is bound as a copied empty string.
            _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            return
        }
        _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
    }

    /// Drops every binding (texts bound in place must not outlive their bytes).
    func clearBindings() { sqlite3_clear_bindings(handle) }

    /// Runs a statement that returns no rows, then readies it for the next bindings.
    func execute() throws {
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw error(code) }
    }

    /// Steps a query: true while it yields a row.
    func next() throws -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else { throw error(code) }
        return false
    }

    /// Readies a query that stopped at a row for new bindings.
    func reset() { sqlite3_reset(handle) }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    private func error(_ code: Int32) -> DatabaseError {
        let message = sqlite3_errmsg(db.sqliteConnection).map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}

/// Inserts rows many at a time (`INSERT … VALUES (…), (…), …`): one statement step per batch instead of
/// per row. Add each row with `add { row in … }` (its values in column order), or many with
/// `add(count:made:)`, whose rows are made on another core while this thread writes; then `finish()`.
///
/// Rows wait in a `RowBatch` (numbers and text bytes in two flat buffers) until the batch is full, and its
/// texts are bound in place (SQLITE_STATIC) when it is written: a first run writes half a million rows.
struct BatchInsert {
    private let db: Database
    private let prefix: String
    private let columns: Int
    private let batchSize: Int
    private let full: BulkStatement
    private var pending: RowBatch

    /// `prefix` is everything before `VALUES`, e.g. `INSERT INTO t (a, b)`.
    init(_ db: Database, _ prefix: String, columns: Int, batchSize: Int = 64) throws {
        self.db = db
        self.prefix = prefix
        self.columns = columns
        self.batchSize = batchSize
        full = try BulkStatement(db, Self.sql(prefix, columns: columns, rows: batchSize))
        pending = RowBatch(columns: columns, capacity: batchSize)
    }

    private static func sql(_ prefix: String, columns: Int, rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return prefix + " VALUES " + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    /// Adds one row, whose values `fill` gives in column order; writes the batch once it is full. (When `fill`
    /// throws, the insert is left half a row in: the caller's transaction rolls back.)
    mutating func add(_ fill: (inout RowBatch) throws -> Void) throws {
        try fill(&pending)
        pending.endRow()
        if pending.rows == batchSize {
            try write(pending)
            pending.removeAll()
        }
    }

    /// Adds rows `0..<count`, each made by `make(index, &row)` on another core while this thread writes the
    /// batches already made. For many rows whose making costs as much as their writing.
    mutating func add(count: Int, made make: @escaping @Sendable (Int, inout RowBatch) throws -> Void) throws {
        try finish()
        try RowPipeline.run(count: count, batchSize: batchSize, columns: columns, make: make) { batch in try write(batch) }
    }

    /// Writes what is pending.
    mutating func finish() throws {
        guard pending.rows > 0 else { return }
        try write(pending)
        pending.removeAll()
    }

    private func write(_ batch: RowBatch) throws {
        let statement = batch.rows == batchSize ? full : try BulkStatement(db, Self.sql(prefix, columns: columns, rows: batch.rows))
        try batch.bytes.withUnsafeBufferPointer { text in
            var index: Int32 = 1
            for value in batch.values {
                switch value.length {
                case -1: statement.bind(index, value.number)
                case -2: statement.bind(index, nil as Int64?)
                default:
                    statement.bindStatic(
                        index, UnsafeBufferPointer(rebasing: text[Int(value.number)..<Int(value.number) + Int(value.length)]))
                }
                index += 1
            }
            // The texts are bound in place: the step runs while the bytes are still there, and the bindings are
            // cleared before they can be freed or moved.
            defer { statement.clearBindings() }
            try statement.execute()
        }
    }
}
