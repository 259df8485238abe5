import GRDB
import StewardCore

/// The texts a finding row points at: message and value templates (the event name taken out, as
/// `MessageTemplate` makes them) and literal texts, each stored once in `finding_text`. The findings of a
/// project share a few thousand texts, so a row holds two small integers instead of a sentence.
///
/// Two ways to meet texts: through the database as they come (``init(_:layout:)``, a nightly run's few
/// findings), or with every stored text read first (``loaded(_:)``, a run that opens thousands), which needs
/// no database until ``insertAdded(into:)`` and so can run on the thread that makes the rows.
struct FindingText {
    private var known: [Key: Int64] = [:]
    /// The last text seen in each slot (its UTF-8 length modulo 64): findings share their rule's message template (one String
    /// storage), so most lookups end in `==` on the same storage, which answers without reading the bytes,
    /// instead of hashing them. The slot holds the String, so its storage cannot be freed and reused.
    private var recent = [(text: String, template: Bool, row: Int64)?](repeating: nil, count: 64)
    /// How a text not in `known` is found and stored; nil when every stored text was read into `known`.
    private let database: Access?
    /// Without `database`: the id the next new text gets, and the new texts, for `insertAdded(into:)`.
    private var nextRow: Int64 = 1
    private var added: [(row: Int64, template: Bool, text: String)] = []

    /// Texts are keyed by their bytes (see `UTF8Key`): every finding of a first run looks its texts up.
    private struct Key: Hashable {
        var template: Bool
        var text: UTF8Key
    }

    /// How `finding_text` is laid out: as migration v3 made it (a unique index on the text), or from v4 on
    /// (looked up by `hash`).
    enum Layout {
        case unhashed
        case hashed
    }

    private struct Access {
        let db: Database
        let lookup: BulkStatement
        let insert: BulkStatement
        let layout: Layout
        /// Whether `finding_text` was empty when this began (a small first run, migration v3 filling the new
        /// table): then every text not in `known` is new, and none is looked up.
        let startedEmpty: Bool
    }

    /// Texts looked up in the database as they are met, and stored at once when new: for runs that open few
    /// findings against a history of many texts.
    init(_ db: Database, layout: Layout = .hashed) throws {
        let (lookup, insert) =
            switch layout {
            case .hashed:
                (
                    try BulkStatement(db, "SELECT id FROM finding_text WHERE hash = ?3 AND template = ?1 AND text = ?2"),
                    try BulkStatement(db, "INSERT INTO finding_text (template, text, hash) VALUES (?1, ?2, ?3)")
                )
            case .unhashed:
                (
                    try BulkStatement(db, "SELECT id FROM finding_text WHERE template = ? AND text = ?"),
                    try BulkStatement(db, "INSERT INTO finding_text (template, text) VALUES (?, ?)")
                )
            }
        let startedEmpty = try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM finding_text)")!
        database = Access(db: db, lookup: lookup, insert: insert, layout: layout, startedEmpty: startedEmpty)
    }

    /// Every stored text read at once, for a run that opens more findings than history has texts (a first run,
    /// a new policy): lookups then need no database, so rows can be made on another thread. New texts are
    /// numbered after the largest id and stored by ``insertAdded(into:)`` in the same transaction.
    static func loaded(_ db: Database) throws -> FindingText {
        var texts = FindingText(database: nil)
        let rows = try BulkStatement(db, "SELECT id, template, text FROM finding_text")
        var largest: Int64 = 0
        while try rows.next() {
            let row = rows.int64(0)
            texts.known[Key(template: rows.int64(1) != 0, text: UTF8Key(rows.text(2)))] = row
            largest = max(largest, row)
        }
        texts.nextRow = largest + 1
        return texts
    }

    private init(database: Access?) { self.database = database }

    /// Stores the texts this run added (after ``loaded(_:)``).
    mutating func insertAdded(into db: Database) throws {
        var insert = try BatchInsert(db, "INSERT INTO finding_text (id, template, text, hash)", columns: 4)
        for (row, template, text) in added {
            try insert.add { values in
                values.integer(row)
                values.boolean(template)
                values.text(text)
                values.integer(Self.hash(text))
            }
        }
        try insert.finish()
        added = []
    }

    /// The 64-bit hash `finding_text` is looked up by.
    static func hash(_ text: String) -> Int64 {
        var hash = StableHash()
        hash.combine(text)
        return hash.int64
    }

    /// The row of `text` as a template (`template` true: the event name is `MessageTemplate.placeholder`) or
    /// as it is, added when history does not have it yet.
    mutating func row(_ text: String, template: Bool) throws -> Int64 {
        let slot = text.utf8.count & (recent.count - 1)
        if let entry = recent[slot], entry.template == template, entry.text == text { return entry.row }
        let row = try stored(text, template: template)
        recent[slot] = (text, template, row)
        return row
    }

    private mutating func stored(_ text: String, template: Bool) throws -> Int64 {
        let key = Key(template: template, text: UTF8Key(text))
        if let row = known[key] { return row }
        let row: Int64
        if let database {
            let hash = database.layout == .hashed ? Self.hash(text) : nil
            if !database.startedEmpty, let found = try Self.find(text, template: template, hash: hash, in: database) {
                row = found
            } else {
                database.insert.bind(1, template)
                database.insert.bind(2, text)
                if let hash { database.insert.bind(3, hash) }
                try database.insert.execute()
                row = database.db.lastInsertedRowID
            }
        } else {
            row = nextRow
            nextRow += 1
            added.append((row, template, text))
        }
        known[key] = row
        return row
    }

    private static func find(_ text: String, template: Bool, hash: Int64?, in database: Access) throws -> Int64? {
        let lookup = database.lookup
        lookup.bind(1, template)
        lookup.bind(2, text)
        if let hash { lookup.bind(3, hash) }
        guard try lookup.next() else { return nil }
        defer { lookup.reset() }
        return lookup.int64(0)
    }

    /// The row of a finding's value: a template when it names the event (most values are the name itself).
    mutating func valueRow(_ value: String?, naming name: String) throws -> Int64? {
        guard let value else { return nil }
        let (text, template) = value == name ? (MessageTemplate.placeholder, true) : MessageTemplate.make(value, naming: name)
        return try row(text, template: template)
    }

    /// How a severity is stored: 3 error, 2 warning, 1 info (0 for off, which is never recorded).
    static func severityCode(_ severity: Severity) -> Int64 {
        switch severity {
        case .error: return 3
        case .warning: return 2
        case .info: return 1
        case .off: return 0
        }
    }

    /// The severity a stored code stands for.
    static func severity(code: Int64) -> Severity {
        switch code {
        case 3: return .error
        case 1: return .info
        default: return .warning
        }
    }

    /// A stored text as the finding said it: templates get the event name back.
    static func expand(_ text: String, template: Bool, naming name: String) -> String {
        template ? MessageTemplate.expand(text, naming: name) : text
    }
}

/// A `FindingText` read whole (``FindingText/loaded(_:)``), lent to the thread that makes finding rows.
final class LoadedTexts: @unchecked Sendable {
    // Sendable because one thread at a time uses it: the row maker during the pipeline, then the connection's
    // thread once the pipeline has returned (which waits for the maker to stop).
    var value: FindingText

    init(_ value: FindingText) { self.value = value }
}
