import Foundation

/// Decodes PostHog list pages and definition arrays straight from bytes, several times faster than
/// JSONDecoder. It accepts exactly what ``EventDefinition``'s `Decodable` conformance accepts; on anything
/// unexpected it returns nil so the caller falls back to JSONDecoder, whose errors say precisely what is wrong.
public enum FastDefinitionDecoder {
    /// A PostHog list response.
    public struct Page: Sendable {
        /// PostHog's count of all definitions.
        public var count: Int?
        /// PostHog's `next` link (never followed).
        public var next: String?
        /// Whether PostHog capped the count.
        public var countIsCapped: Bool?
        /// The definitions on the page.
        public var results: [EventDefinition]
        /// What was bent to read them, by definition id (only definitions that needed it).
        public var coercions: [String: Coercions] = [:]
    }

    /// Decodes `{"count", "next", "previous", "results", "count_is_capped"}`, or nil when the fast path cannot.
    public static func page(_ data: Data) -> Page? {
        data.withUnsafeBytes { raw -> Page? in
            var reader = Reader(raw.bindMemory(to: UInt8.self))
            var page = Page(count: nil, next: nil, countIsCapped: nil, results: [])
            var sawResults = false
            let ok = reader.object { reader, key in
                switch key {
                case "count": page.count = try reader.optionalInt()
                case "next": page.next = try reader.optionalString()
                case "count_is_capped": page.countIsCapped = try reader.optionalBool()
                case "results":
                    sawResults = true
                    page.results = try reader.definitions()
                default: try reader.skipValue()
                }
            }
            guard ok, sawResults, reader.atEnd else { return nil }
            page.coercions = reader.coercions
            return page
        }
    }

    /// Decodes a Steward snapshot, or nil when the fast path cannot (or the version is not this one).
    public static func snapshot(_ data: Data) -> Snapshot? {
        var usage: Data?
        return snapshot(data, usage: &usage)
    }

    /// Decodes a Steward snapshot file, handing back the bytes of its `usage` value (nil when it has none)
    /// for the caller to read and judge.
    public static func snapshot(_ data: Data, usage: inout Data?) -> Snapshot? {
        var usageBytes: Data?
        defer { usage = usageBytes }
        return data.withUnsafeBytes { raw -> Snapshot? in
            var reader = Reader(raw.bindMemory(to: UInt8.self))
            var snapshot = Snapshot(complete: false, definitions: [])
            var format: String?
            var version: Int?
            var complete: Bool?
            var sawDefinitions = false
            let ok = reader.object { reader, key in
                switch key {
                case "format": format = try reader.optionalString()
                case "version": version = try reader.optionalInt()
                case "host": snapshot.host = try reader.optionalString()
                case "project": snapshot.project = try reader.optionalString()
                case "fetched_at": snapshot.fetchedAt = try reader.optionalTimestamp()
                case "count": snapshot.reportedCount = try reader.optionalInt()
                case "complete": complete = try reader.optionalBool()
                case "definitions":
                    sawDefinitions = true
                    snapshot.definitions = try reader.definitions()
                case "usage":
                    reader.skipSpace()
                    let start = reader.index
                    try reader.skipValue()
                    usageBytes = Data(UnsafeBufferPointer(rebasing: reader.bytes[start..<reader.index]))
                default: try reader.skipValue()
                }
            }
            guard ok, reader.atEnd, format == Snapshot.formatName, version.map({ $0 <= Snapshot.currentVersion }) == true,
                let complete, sawDefinitions
            else { return nil }
            snapshot.complete = complete
            snapshot.coercions = reader.coercions
            return snapshot
        }
    }

    /// Decodes a bare array of definitions with what was bent to read them, or nil when the fast path cannot.
    public static func definitions(_ data: Data) -> (definitions: [EventDefinition], coercions: [String: Coercions])? {
        data.withUnsafeBytes { raw -> (definitions: [EventDefinition], coercions: [String: Coercions])? in
            var reader = Reader(raw.bindMemory(to: UInt8.self))
            guard let result = try? reader.definitions(), reader.atEnd else { return nil }
            return (result, reader.coercions)
        }
    }

    struct Unexpected: Error {}

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Users seen on this page: a few people own thousands of definitions, so equal users share one reference.
        var users: [Int: SharedUser] = [:]
        /// Users named by a string, shared the same way.
        var usersByText: [String: SharedUser] = [:]
        /// Users as written, by the hash of their bytes: the same owner written out on thousands of definitions is
        /// decoded once and afterwards matched byte for byte against where it was first read on this page.
        var usersByBytes: [Int: [(start: Int, count: Int, user: SharedUser)]] = [:]
        /// What was bent to read each definition, by id (only those that needed it).
        var coercions: [String: Coercions] = [:]
        /// What was bent so far in the definition being read.
        var current: Coercions = []

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool {
            mutating get {
                skipSpace()
                return index == bytes.count
            }
        }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }

        mutating func peek() throws -> UInt8 {
            skipSpace()
            guard index < bytes.count else { throw Unexpected() }
            return bytes[index]
        }

        mutating func expect(_ byte: UInt8) throws {
            guard try peek() == byte else { throw Unexpected() }
            index += 1
        }

        /// Reads an object, handing each key to `field`, which must consume the value. Returns false on malformed input.
        mutating func object(_ field: (inout Reader, String) throws -> Void) -> Bool {
            do {
                try objectFields(field)
                return true
            } catch {
                return false
            }
        }

        mutating func objectFields(_ field: (inout Reader, String) throws -> Void) throws {
            try expect(UInt8(ascii: "{"))
            if try peek() == UInt8(ascii: "}") { index += 1; return }
            while true {
                let key = try string()
                try expect(UInt8(ascii: ":"))
                try field(&self, key)
                let next = try peek()
                index += 1
                if next == UInt8(ascii: "}") { return }
                guard next == UInt8(ascii: ",") else { throw Unexpected() }
            }
        }

        mutating func isNull() throws -> Bool {
            guard try peek() == UInt8(ascii: "n") else { return false }
            try literal("null")
            return true
        }

        mutating func literal(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw Unexpected() }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw Unexpected() }
            index += count
        }

        mutating func string() throws -> String {
            try expect(UInt8(ascii: "\""))
            let start = index
            // Fast path: no escapes.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                index += 1
            }
            var scalars = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""): return String(decoding: scalars, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { throw Unexpected() }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escaped)
                    case UInt8(ascii: "n"): scalars.append(0x0A)
                    case UInt8(ascii: "t"): scalars.append(0x09)
                    case UInt8(ascii: "r"): scalars.append(0x0D)
                    case UInt8(ascii: "b"): scalars.append(0x08)
                    case UInt8(ascii: "f"): scalars.append(0x0C)
                    case UInt8(ascii: "u"):
                        var value = try hex4()
                        if (0xD800..<0xDC00).contains(value) {
                            try literal("\\u")
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw Unexpected() }
                            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(value) else { throw Unexpected() }
                        scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: throw Unexpected()
                    }
                default:
                    guard byte >= 0x20 else { throw Unexpected() }
                    scalars.append(byte)
                }
            }
            throw Unexpected()
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count else { throw Unexpected() }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                index += 1
                let digit: UInt8
                switch byte {
                case 48...57: digit = byte - 48
                case 65...70: digit = byte - 55
                case 97...102: digit = byte - 87
                default: throw Unexpected()
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        mutating func optionalString() throws -> String? { try isNull() ? nil : string() }

        mutating func int() throws -> Int {
            skipSpace()
            var negative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
            let start = index
            var value = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                let (product, overflow) = value.multipliedReportingOverflow(by: 10)
                let (sum, carry) = product.addingReportingOverflow(Int(bytes[index] - 48))
                guard !overflow, !carry else { throw Unexpected() }
                value = sum
                index += 1
            }
            // Fractions and exponents are not integers; the slow path decides what they mean.
            guard index > start, index >= bytes.count || !(bytes[index] == UInt8(ascii: ".") || bytes[index] | 0x20 == UInt8(ascii: "e"))
            else { throw Unexpected() }
            return negative ? -value : value
        }

        mutating func optionalInt() throws -> Int? { try isNull() ? nil : int() }

        mutating func bool() throws -> Bool {
            switch try peek() {
            case UInt8(ascii: "t"): try literal("true"); return true
            case UInt8(ascii: "f"): try literal("false"); return false
            default: throw Unexpected()
            }
        }

        mutating func optionalBool() throws -> Bool? { try isNull() ? nil : bool() }

        mutating func optionalTimestamp() throws -> Timestamp? {
            if try isNull() { return nil }
            try expect(UInt8(ascii: "\""))
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") { throw Unexpected() }
                index += 1
            }
            guard index < bytes.count, let timestamp = Timestamp.parse(UnsafeBufferPointer(rebasing: bytes[start..<index])) else {
                throw Unexpected()
            }
            index += 1
            return timestamp
        }

        /// A list of strings as PostHog means it: null entries dropped, a single string read as a list of one;
        /// `odd` is set when either was needed.
        mutating func lenientStrings(odd: Coercions) throws -> [String]? {
            if try isNull() { return nil }
            if try peek() == UInt8(ascii: "\"") {
                current.insert(odd)
                return [try string()]
            }
            var values: [String] = []
            try expect(UInt8(ascii: "["))
            if try peek() == UInt8(ascii: "]") { index += 1; return values }
            while true {
                if try isNull() { current.insert(odd) } else { values.append(try string()) }
                let next = try peek()
                index += 1
                if next == UInt8(ascii: "]") { return values }
                guard next == UInt8(ascii: ",") else { throw Unexpected() }
            }
        }

        /// A flag as PostHog means it; a string or a number is read as true or false and `odd` is set.
        mutating func lenientBool(odd: Coercions) throws -> Bool? {
            switch try peek() {
            case UInt8(ascii: "n"):
                try literal("null")
                return nil
            case UInt8(ascii: "t"), UInt8(ascii: "f"): return try bool()
            case UInt8(ascii: "\""):
                current.insert(odd)
                return Coercions.flag(fromText: try string())
            default:
                current.insert(odd)
                return try int() != 0
            }
        }

        mutating func skipValue() throws {
            switch try peek() {
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "{"): try objectFields { reader, _ in try reader.skipValue() }
            case UInt8(ascii: "["):
                index += 1
                if try peek() == UInt8(ascii: "]") { index += 1; return }
                while true {
                    try skipValue()
                    let next = try peek()
                    index += 1
                    if next == UInt8(ascii: "]") { return }
                    guard next == UInt8(ascii: ",") else { throw Unexpected() }
                }
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default:
                skipSpace()
                let start = index
                while index < bytes.count, "-+.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
                guard index > start else { throw Unexpected() }
            }
        }

        mutating func definitions() throws -> [EventDefinition] {
            try expect(UInt8(ascii: "["))
            var result: [EventDefinition] = []
            if try peek() == UInt8(ascii: "]") { index += 1; return result }
            while true {
                result.append(try definition())
                let next = try peek()
                index += 1
                if next == UInt8(ascii: "]") { return result }
                guard next == UInt8(ascii: ",") else { throw Unexpected() }
            }
        }

        mutating func sharedUser() throws -> SharedUser? {
            if try peek() == UInt8(ascii: "\"") {
                current.insert(.userAsText)
                let text = try string()
                // An empty string names nobody, as null does.
                if text.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
                if let known = usersByText[text] { return known }
                let shared = SharedUser(Coercions.user(fromText: text))
                usersByText[text] = shared
                return shared
            }
            guard try peek() == UInt8(ascii: "{"), let end = objectEnd() else { return try share(user()) }
            let start = index
            let count = end - start
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<end])))
            let key = hasher.finalize()
            for seen in usersByBytes[key] ?? [] where seen.count == count {
                if memcmp(bytes.baseAddress! + seen.start, bytes.baseAddress! + start, count) == 0 {
                    index = end
                    return seen.user
                }
            }
            let shared = try share(user())
            // An object's fields bend nothing (only a bare id or text does), so the same bytes always read the same.
            if let shared, index == end { usersByBytes[key, default: []].append((start, count, shared)) }
            return shared
        }

        /// `user` as the reference already made for an equal user with its id, or a new one.
        mutating func share(_ user: User?) -> SharedUser? {
            guard let user else { return nil }
            if let id = user.id, let known = users[id], known.user == user { return known }
            let shared = SharedUser(user)
            if let id = user.id { users[id] = shared }
            return shared
        }

        /// Where the object starting at `index` ends (just past its closing brace), found by scanning its bytes
        /// without reading them; nil when the page ends first. Whether the object is valid JSON is the decoder's to say.
        func objectEnd() -> Int? {
            var depth = 0
            var position = index
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    position += 1
                    while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                        position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
                    }
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return position + 1 }
                default: break
                }
                position += 1
            }
            return nil
        }

        mutating func user() throws -> User? {
            if try isNull() { return nil }
            if try peek() != UInt8(ascii: "{") {
                current.insert(.userAsID)
                return User(id: try int())
            }
            var user = User()
            try objectFields { reader, key in
                switch key {
                case "id": user.id = try reader.optionalInt()
                case "uuid": user.uuid = try reader.optionalString()
                case "distinct_id": user.distinctId = try reader.optionalString()
                case "first_name": user.firstName = try reader.optionalString()
                case "last_name": user.lastName = try reader.optionalString()
                case "email": user.email = try reader.optionalString()
                case "is_email_verified": user.isEmailVerified = try reader.optionalBool()
                case "role_at_organization": user.roleAtOrganization = try reader.optionalString()
                default: try reader.skipValue()
                }
            }
            return user
        }

        /// An object whose keys are matched as bytes against `keys` (no String per key); unknown keys get -1.
        mutating func objectFields(keys: [[UInt8]], _ field: (inout Reader, Int) throws -> Void) throws {
            try expect(UInt8(ascii: "{"))
            if try peek() == UInt8(ascii: "}") { index += 1; return }
            while true {
                try expect(UInt8(ascii: "\""))
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { throw Unexpected() }
                    index += 1
                }
                guard index < bytes.count else { throw Unexpected() }
                let length = index - start
                var match = -1
                for (position, key) in keys.enumerated() where key.count == length {
                    if key.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress! + start, length) == 0 }) {
                        match = position
                        break
                    }
                }
                index += 1
                try expect(UInt8(ascii: ":"))
                try field(&self, match)
                let next = try peek()
                index += 1
                if next == UInt8(ascii: "}") { return }
                guard next == UInt8(ascii: ",") else { throw Unexpected() }
            }
        }

        /// The keys of a definition the decoder reads, each matched as bytes; position in `allCases` is its index.
        enum DefinitionKey: Int, CaseIterable {
            case id, name, owner, description, tags, createdAt, updatedAt, updatedBy, lastSeenAt, verified, verifiedAt, verifiedBy,
                hidden, enforcementMode, primaryProperty, promotedProperty, isAction, postToSlack, defaultColumns, mediaPreviewURLs

            /// The key as PostHog writes it.
            var json: String {
                switch self {
                case .id: return "id"
                case .name: return "name"
                case .owner: return "owner"
                case .description: return "description"
                case .tags: return "tags"
                case .createdAt: return "created_at"
                case .updatedAt: return "updated_at"
                case .updatedBy: return "updated_by"
                case .lastSeenAt: return "last_seen_at"
                case .verified: return "verified"
                case .verifiedAt: return "verified_at"
                case .verifiedBy: return "verified_by"
                case .hidden: return "hidden"
                case .enforcementMode: return "enforcement_mode"
                case .primaryProperty: return "primary_property"
                case .promotedProperty: return "promoted_property"
                case .isAction: return "is_action"
                case .postToSlack: return "post_to_slack"
                case .defaultColumns: return "default_columns"
                case .mediaPreviewURLs: return "media_preview_urls"
                }
            }

            /// Every key's bytes, in case order, for ``Reader/objectFields(keys:_:)``.
            static let bytes: [[UInt8]] = allCases.map { Array($0.json.utf8) }
        }

        mutating func definition() throws -> EventDefinition {
            var id: String?
            var name: String?
            var promoted: String?
            var d = EventDefinition(id: "", name: "")
            current = []
            try objectFields(keys: DefinitionKey.bytes) { reader, position in
                switch DefinitionKey(rawValue: position) {
                case .id:
                    if try reader.isNull() {
                        id = nil
                    } else if try reader.peek() == UInt8(ascii: "\"") {
                        id = try reader.string()
                    } else {
                        id = String(try reader.int())
                    }
                case .name:
                    name = try reader.string()
                case .owner:
                    d.ownerStorage = try reader.sharedUser()
                case .description:
                    d.description = try reader.optionalString()
                case .tags:
                    d.tags = try reader.lenientStrings(odd: .nullTags) ?? []
                case .createdAt:
                    d.createdAt = try reader.optionalTimestamp()
                case .updatedAt:
                    d.updatedAt = try reader.optionalTimestamp()
                case .updatedBy:
                    d.updatedByStorage = try reader.sharedUser()
                case .lastSeenAt:
                    d.lastSeenAt = try reader.optionalTimestamp()
                case .verified:
                    d.verified = try reader.lenientBool(odd: .flagAsText)
                case .verifiedAt:
                    d.verifiedAt = try reader.optionalTimestamp()
                case .verifiedBy:
                    d.verifiedByStorage = try reader.sharedUser()
                case .hidden:
                    d.hidden = try reader.lenientBool(odd: .flagAsText)
                case .enforcementMode:
                    d.enforcementMode = try reader.optionalString().map(EnforcementMode.init(rawValue:))
                case .primaryProperty:
                    d.primaryProperty = try reader.optionalString()
                case .promotedProperty:
                    promoted = try reader.optionalString()
                case .isAction:
                    d.isAction = try reader.lenientBool(odd: .isActionAsText)
                case .postToSlack:
                    d.postToSlack = try reader.lenientBool(odd: .flagAsText)
                case .defaultColumns:
                    d.defaultColumns = try reader.lenientStrings(odd: .oddStringList)
                case .mediaPreviewURLs:
                    d.mediaPreviewURLs = try reader.lenientStrings(odd: .oddStringList)
                case nil: try reader.skipValue()
                }
            }
            guard let name else { throw Unexpected() }
            d.name = name
            d.id = id ?? name
            if d.primaryProperty == nil { d.primaryProperty = promoted }
            if !current.isEmpty { coercions[d.id, default: []].formUnion(current) }
            return d
        }
    }
}
