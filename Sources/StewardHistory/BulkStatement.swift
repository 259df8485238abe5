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
/// per row. Give each row's values in column order (`integer`, `text`, `null`, …), then `endRow()`; at the
/// end, `finish()`.
///
/// Values are kept in two flat buffers until the batch is full: numbers and kinds in one, the bytes of texts
/// in another, bound in place (SQLITE_STATIC) when the batch is written. A row costs no allocation, no
/// retain of a String and no enum to destroy: a first run writes half a million rows this way.
struct BatchInsert {
    private let db: Database
    private let prefix: String
    private let columns: Int32
    private let batchSize: Int
    private let full: BulkStatement
    /// The batch so far, value after value: an integer, or a text as (offset, length) into `bytes`.
    private var values: [Slot] = []
    private var bytes: [UInt8] = []
    private var pendingRows = 0

    private struct Slot {
        /// The integer, or a text's offset in `bytes`.
        var number: Int64
        /// A text's length in bytes; -1 for an integer, -2 for null.
        var length: Int32
    }

    /// `prefix` is everything before `VALUES`, e.g. `INSERT INTO t (a, b)`.
    init(_ db: Database, _ prefix: String, columns: Int32, batchSize: Int = 64) throws {
        self.db = db
        self.prefix = prefix
        self.columns = columns
        self.batchSize = batchSize
        full = try BulkStatement(db, Self.sql(prefix, columns: columns, rows: batchSize))
        values.reserveCapacity(batchSize * Int(columns))
        bytes.reserveCapacity(batchSize * 256)
    }

    private static func sql(_ prefix: String, columns: Int32, rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: Int(columns)).joined(separator: ", ") + ")"
        return prefix + " VALUES " + Array(repeating: row, count: rows).joined(separator: ", ")
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

    /// Ends a row; writes the batch once it holds `batchSize` rows.
    mutating func endRow() throws {
        pendingRows += 1
        precondition(values.count == pendingRows * Int(columns), "a row of the wrong number of values for \(columns) columns")
        if pendingRows == batchSize { try flush(using: full) }
    }

    /// Writes what is pending.
    mutating func finish() throws {
        guard pendingRows > 0 else { return }
        try flush(using: BulkStatement(db, Self.sql(prefix, columns: columns, rows: pendingRows)))
    }

    private mutating func flush(using statement: BulkStatement) throws {
        try bytes.withUnsafeBufferPointer { text in
            var index: Int32 = 1
            for value in values {
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
        values.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        pendingRows = 0
    }
}
