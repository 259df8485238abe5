import GRDB
import StewardCore

/// The texts a finding row points at: message and value templates (the event name taken out, as
/// `MessageTemplate` makes them) and literal texts, each stored once in `finding_text`. The findings of a
/// project share a few thousand texts, so a row holds two small integers instead of a sentence.
struct FindingText {
    private let db: Database
    private var known: [Key: Int64] = [:]
    private let lookup: BulkStatement
    private let insert: BulkStatement
    /// The last text seen in each slot (its UTF-8 length modulo 64): findings share their rule's message template (one String
    /// storage), so most lookups end in `==` on the same storage, which answers without reading the bytes,
    /// instead of hashing them. The slot holds the String, so its storage cannot be freed and reused.
    private var recent = [(text: String, template: Bool, row: Int64)?](repeating: nil, count: 64)

    /// Texts are keyed by their bytes (see `UTF8Key`): every finding of a first run looks its texts up.
    private struct Key: Hashable {
        var template: Bool
        var text: UTF8Key
    }

    /// Whether `finding_text` was empty when this began: then every text not in `known` is new, and a first
    /// run looks none of its texts up.
    private let startedEmpty: Bool
    private let layout: Layout

    /// How `finding_text` is laid out: as migration v3 made it (a unique index on the text), or from v4 on
    /// (looked up by `hash`).
    enum Layout {
        case unhashed
        case hashed
    }

    init(_ db: Database, layout: Layout = .hashed) throws {
        self.db = db
        self.layout = layout
        switch layout {
        case .hashed:
            lookup = try BulkStatement(db, "SELECT id FROM finding_text WHERE hash = ?3 AND template = ?1 AND text = ?2")
            insert = try BulkStatement(db, "INSERT INTO finding_text (template, text, hash) VALUES (?1, ?2, ?3)")
        case .unhashed:
            lookup = try BulkStatement(db, "SELECT id FROM finding_text WHERE template = ? AND text = ?")
            insert = try BulkStatement(db, "INSERT INTO finding_text (template, text) VALUES (?, ?)")
        }
        startedEmpty = try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM finding_text)")!
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
        let hash = layout == .hashed ? Self.hash(text) : nil
        let row: Int64
        if !startedEmpty, let found = try find(text, template: template, hash: hash) {
            row = found
        } else {
            insert.bind(1, template)
            insert.bind(2, text)
            if let hash { insert.bind(3, hash) }
            try insert.execute()
            row = db.lastInsertedRowID
        }
        known[key] = row
        return row
    }

    private func find(_ text: String, template: Bool, hash: Int64?) throws -> Int64? {
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
