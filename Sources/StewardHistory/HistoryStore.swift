import Foundation
import GRDB
import StewardCore

/// The audit history: one SQLite file (WAL, busy timeout, foreign keys), shared safely by concurrent
/// `steward` processes. Callers speak in intents (`record`, `runs`, `detail`, `prune`), never SQL.
public struct HistoryStore: Sendable {
    /// The default file, relative to the working directory.
    public static let defaultPath = ".steward/history.sqlite"

    /// The page size of a new history file. A first run writes tens of megabytes, every page twice (into the
    /// log, then into the file at the checkpoint): 16 KiB pages make a quarter as many frames, B-tree splits
    /// and log entries as SQLite's 4 KiB default (a first run of 100,000 definitions' rows from the SQLite
    /// shell: 0.62–0.65 s → 0.49–0.55 s, its commit 0.15–0.18 s → 0.10–0.11 s). Older files keep theirs.
    static let pageSize = 16_384

    /// The page cache: 16 MiB (SQLite turns the size into a number of pages of the page size it has then).
    static let cacheSize = "PRAGMA cache_size = -16384"

    /// How long a writer waits for another process's transaction before giving up.
    public static let defaultBusyTimeout: TimeInterval = 120

    /// The file's path as given.
    public let path: String
    let queue: DatabaseQueue

    /// Opens the history at `path`. With `create`, a missing file (and its folder) is made and migrated;
    /// without it, a missing file is an error. A file that is not a Steward history, is corrupt, or was
    /// written by a newer Steward is refused (exit 4) and never modified.
    public static func open(at path: String, create: Bool, busyTimeout: TimeInterval = defaultBusyTimeout)
        throws(StewardError) -> HistoryStore
    {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: path, isDirectory: &isDirectory)
        if isDirectory.boolValue {
            throw StewardError(.storage, "history database \(path) is a directory; give --db a file path.")
        }
        if !exists {
            guard create else {
                throw StewardError(.storage, "no history database at \(path): run `steward audit` first, or point --db at one.")
            }
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                do {
                    try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw StewardError(.storage, "cannot create the folder for history database \(path): \(error.localizedDescription)")
                }
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        configuration.label = "steward-history"
        // A run writer holds one transaction across several accesses (its steps run beside the linter and the reports).
        configuration.allowsUnsafeTransactions = true
        configuration.prepareDatabase { db in
            // 16 MiB of pages: a first run writes its rows in key order, so a larger cache bought no speed at a
            // million definitions, and the recording runs beside the linter's memory peak.
            try db.execute(sql: Self.cacheSize)
            // WAL with synchronous=NORMAL cannot corrupt the file; a power cut may lose the last run only.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        // Two Steward processes may make or migrate the same new file at once. Switching it to WAL and
        // migrating are answered SQLITE_BUSY at once (SQLite does not wait on a changed snapshot), so the
        // whole sequence is tried again, briefly, until the other has finished; by then it is a history.
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                return try openOnce(at: path, create: create, configuration: configuration)
            } catch let error as DatabaseError
                where [.SQLITE_BUSY, .SQLITE_LOCKED].contains(error.resultCode.primaryResultCode) && Date() < deadline
            {
                Thread.sleep(forTimeInterval: 0.05)
            } catch {
                throw HistoryStore.describe(error, path: path)
            }
        }
    }

    /// One attempt at opening (and, for a new or older file, migrating) the history; SQLite's errors are thrown as they are.
    private static func openOnce(at path: String, create: Bool, configuration: Configuration) throws -> HistoryStore {
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let identity = try queue.read { db in try HistoryMigrator.identify(db) }
            switch identity {
            case .foreign:
                throw StewardError(
                    .storage,
                    "\(path) is a SQLite database but not a Steward history; Steward left it untouched. Point --db at another file.")
            case .steward(let applied):
                let unknown = HistoryMigrator.unknown(in: applied)
                if !unknown.isEmpty {
                    throw StewardError(
                        .storage,
                        "\(path) was written by a newer Steward (schema step '\(unknown[0])' is unknown to this version); upgrade Steward to use it. The file was left untouched."
                    )
                }
                let strangers = try queue.read { db in try HistoryMigrator.strangers(db) }
                if !strangers.isEmpty {
                    throw StewardError(
                        .storage,
                        "\(path) holds schema objects Steward did not create (\(strangers.prefix(5).joined(separator: ", "))); a trigger or view there would run inside Steward's writes, so the file was left untouched. Remove them, or point --db at another file."
                    )
                }
                if applied.count < HistoryMigration.all.count { try HistoryMigrator.migrate(queue) }
                // A file whose first run never finished (a crash, a kill) is still in rollback mode.
                try? queue.writeWithoutTransaction(Self.settleJournal)
            case .empty:
                guard create else {
                    throw StewardError(.storage, "\(path) holds no history yet: run `steward audit` first.")
                }
                try queue.writeWithoutTransaction { db in
                    // Set before the file's first page is written (it cannot change once the file is in WAL mode).
                    try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)")
                    // The cache was sized in pages of the old size: 16 MiB of 4 KiB pages would become 64 MiB.
                    try db.execute(sql: Self.cacheSize)
                    // A new file keeps SQLite's rollback journal until its first run is in (see `settleJournal`),
                    // with every sync that journal needs to survive a power cut.
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                }
                try HistoryMigrator.migrate(queue, together: true)
            }
            return HistoryStore(path: path, queue: queue)
        }
    }

    /// A storage error (exit 4) that says what is wrong with the file and that it was left as it was.
    static func describe(_ error: any Error, path: String) -> StewardError {
        if let error = error as? StewardError { return error }
        if let damage = error as? HistoryDamage {
            return StewardError(
                .storage,
                "history database \(path) is damaged: \(damage.detail) (Steward never writes that); nothing was written. Restore a backup or move it aside to start a new history."
            )
        }
        guard let database = error as? DatabaseError else {
            return StewardError(.storage, "history database \(path): \(error)")
        }
        let detail = database.message ?? "\(database.resultCode)"
        switch database.resultCode.primaryResultCode {
        case .SQLITE_NOTADB:
            return StewardError(
                .storage, "\(path) is not a SQLite database (\(detail)); Steward left it untouched. Point --db at another file.")
        case .SQLITE_CORRUPT:
            return StewardError(
                .storage,
                "history database \(path) is corrupt (\(detail)); nothing was written. Restore a backup or move it aside to start a new history."
            )
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return StewardError(
                .storage, "history database \(path) stayed locked by another process (\(detail)); nothing was written. Try again.")
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            return StewardError(.storage, "cannot write history database \(path) (\(detail)); check its permissions.")
        case .SQLITE_FULL:
            return StewardError(.storage, "the disk holding history database \(path) is full; nothing was written.")
        default:
            return StewardError(.storage, "history database \(path): \(detail); nothing was written.")
        }
    }

    /// Runs `body` in a read transaction, mapping SQLite errors to storage errors.
    func read<T>(_ body: (Database) throws -> T) throws(StewardError) -> T {
        do { return try queue.read(body) } catch { throw HistoryStore.describe(error, path: path) }
    }

    /// Runs `body` with the write connection and no transaction of its own (a run writer's steps, inside the
    /// transaction the writer holds).
    func access<T>(_ body: (Database) throws -> T) throws(StewardError) -> T {
        do { return try queue.writeWithoutTransaction(body) } catch { throw HistoryStore.describe(error, path: path) }
    }

    /// Runs `body` in an immediate write transaction: all of it is stored, or none of it.
    func write<T>(_ body: (Database) throws -> T) throws(StewardError) -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                var value: T?
                try db.inTransaction(.immediate) {
                    value = try body(db)
                    return .commit
                }
                return value!
            }
        } catch {
            throw HistoryStore.describe(error, path: path)
        }
    }

    /// Folds the write-ahead log back into the main file so the folder holds one file between runs (and turns
    /// a new file to WAL once its first run is in). Best effort: another process reading at the same moment
    /// only postpones it.
    func checkpoint() {
        _ = try? queue.writeWithoutTransaction { db in
            try? Self.settleJournal(db)
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// Turns a file still in rollback-journal mode to WAL. A new file's first run is its largest write
    /// (every definition and finding of the project): written in WAL mode, each page would go into the log,
    /// then be copied into the file at the checkpoint, and be synced twice; with the rollback journal it is
    /// written once (new pages need no journal entry). A first run of 100,000 definitions ends about
    /// 0.1 s sooner. Other processes cannot read the file while that run commits, which matters only
    /// for a file that holds nothing yet; from then on the file is in WAL mode, where readers never wait.
    ///
    /// Best effort: SQLite keeps the mode while another connection is writing, and the next run's end or the
    /// next open tries again.
    static func settleJournal(_ db: Database) throws {
        guard try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" else { return }
        if try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" {
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
    }

    /// `PRAGMA integrity_check`'s answer: `["ok"]` for a sound file.
    public func integrityCheck() throws(StewardError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }
}
