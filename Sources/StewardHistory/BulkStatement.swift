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
/// per row. Call `add(_:)` with each row's values, in column order, then `finish()`.
struct BatchInsert {
    private let db: Database
    private let prefix: String
    private let columns: Int32
    private let batchSize: Int
    private let full: BulkStatement
    /// The batch so far, row after row (one flat array: a row's literal is copied in, not kept).
    private var pending: [Value] = []
    private var pendingRows = 0

    enum Value {
        case integer(Int64)
        case text(String)
        case null
    }

    /// `prefix` is everything before `VALUES`, e.g. `INSERT INTO t (a, b)`.
    init(_ db: Database, _ prefix: String, columns: Int32, batchSize: Int = 64) throws {
        self.db = db
        self.prefix = prefix
        self.columns = columns
        self.batchSize = batchSize
        full = try BulkStatement(db, Self.sql(prefix, columns: columns, rows: batchSize))
        pending.reserveCapacity(batchSize * Int(columns))
    }

    private static func sql(_ prefix: String, columns: Int32, rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: Int(columns)).joined(separator: ", ") + ")"
        return prefix + " VALUES " + Array(repeating: row, count: rows).joined(separator: ", ")
    }

    @inline(__always)
    mutating func add(_ values: [Value]) throws {
        precondition(values.count == Int(columns), "a row of \(values.count) values for \(columns) columns")
        pending.append(contentsOf: values)
        pendingRows += 1
        if pendingRows == batchSize { try flush(using: full) }
    }

    /// Writes what is pending.
    mutating func finish() throws {
        guard pendingRows > 0 else { return }
        try flush(using: BulkStatement(db, Self.sql(prefix, columns: columns, rows: pendingRows)))
    }

    private mutating func flush(using statement: BulkStatement) throws {
        var index: Int32 = 1
        for value in pending {
            switch value {
            case .integer(let number): statement.bind(index, number)
            case .text(let text): statement.bind(index, text)
            case .null: statement.bind(index, nil as Int64?)
            }
            index += 1
        }
        try statement.execute()
        pending.removeAll(keepingCapacity: true)
        pendingRows = 0
    }
}

extension BatchInsert.Value {
    static func of(_ value: Int64?) -> Self { value.map(Self.integer) ?? .null }
    static func of(_ value: Int?) -> Self { value.map { .integer(Int64($0)) } ?? .null }
    static func of(_ value: Bool?) -> Self { value.map { .integer($0 ? 1 : 0) } ?? .null }
    static func of(_ value: String?) -> Self { value.map(Self.text) ?? .null }
}
