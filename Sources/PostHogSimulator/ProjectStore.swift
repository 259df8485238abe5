import Foundation

/// The simulated project's state and PostHog's rules for reading and writing it.
actor ProjectStore {
    /// Above this many definitions PostHog stops counting exactly (posthog-api.md §2.1).
    static let largeProject = 50_000
    static let countCap = 10_000
    /// Above this many, the default ordering is by name (§2.2).
    static let nameOrderThreshold = 100_000
    static let staleDays: Int64 = 30
    static let coreEvents: Set<String> = [
        "$pageview", "$pageleave", "$autocapture", "$screen", "$identify", "$groupidentify",
        "$feature_flag_called", "$exception", "$rageclick",
    ]

    let configuration: SimulatorConfiguration
    let members: [Int: Member]
    private var slots: [SimDefinition?] = []
    private var byID: [String: Int] = [:]
    private var byName: [String: Int] = [:]
    private var liveCount = 0
    private var orderCache: [String: [Int]] = [:]
    private var churnRandom: SimRandom
    private var churnCounter = 0
    /// Event schemas by definition id: the properties of every property group attached (posthog-api-2.md §1.3).
    private var schemas: [String: [SimSchemaProperty]] = [:]

    init(configuration: SimulatorConfiguration, definitions: [SimDefinition]) {
        self.configuration = configuration
        var members: [Int: Member] = [:]
        for member in Member.organization + [Member.outsider] { members[member.id] = member }
        self.members = members
        churnRandom = SimRandom(seed: configuration.seed ^ 0xC0FFEE)
        (slots, byID, byName, liveCount) = Self.indexed(definitions)
        schemas = configuration.dataFile == nil ? SimSchemaProperty.generated(for: definitions, seed: configuration.seed) : [:]
    }

    private static func indexed(_ definitions: [SimDefinition]) -> ([SimDefinition?], [String: Int], [String: Int], Int) {
        (
            definitions, Dictionary(definitions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first }),
            Dictionary(definitions.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first }), definitions.count
        )
    }

    /// Replaces the whole state (the `/_sim/reset` route).
    func reset(to definitions: [SimDefinition]) {
        (slots, byID, byName, liveCount) = Self.indexed(definitions)
        orderCache = [:]
        churnCounter = 0
        churnRandom = SimRandom(seed: configuration.seed ^ 0xC0FFEE)
        schemas = configuration.dataFile == nil ? SimSchemaProperty.generated(for: definitions, seed: configuration.seed) : [:]
    }

    var now: Micros { configuration.now ?? SimTime.now() }

    // MARK: - Reading

    struct Page: Sendable {
        var count: Int
        var capped: Bool
        var results: [SimDefinition]
        var hasNext: Bool
    }

    func list(_ query: ListQuery) throws(APIError) -> Page {
        if configuration.statementBudget > 0, query.limit > configuration.statementBudget {
            throw APIError.listTimeout
        }
        let order = ordered(query)
        let isLarge = liveCount > Self.largeProject
        let capped = isLarge && !query.isNarrowing && order.count > Self.countCap
        let count = capped ? Self.countCap : order.count
        let start = min(query.offset, order.count)
        let end = min(order.count, start &+ query.limit)
        let results = order[start..<end].map { slots[$0]! }
        // DRF builds `next` when offset + limit < count; a capped count keeps paging while pages come back full.
        let hasNext = capped ? results.count == query.limit : query.offset + query.limit < count
        return Page(count: count, capped: capped, results: results, hasNext: hasNext)
    }

    private func ordered(_ query: ListQuery) -> [Int] {
        if let cached = orderCache[query.cacheKey] { return cached }
        let staleLine = now - Self.staleDays * SimTime.microsPerDay
        let terms = query.search.map { $0.lowercased().split(separator: " ").map(String.init) } ?? []
        let names = Set(query.names)
        let excluded = Set(query.excludedNames)
        let tags = query.tags.map { Set($0.map { $0.lowercased() }) }
        var matches: [Int] = []
        matches.reserveCapacity(liveCount)
        for (index, slot) in slots.enumerated() {
            guard let definition = slot else { continue }
            switch query.eventType {
            case "event_custom": if definition.isPostHogEvent { continue }
            case "event_posthog": if !definition.isPostHogEvent { continue }
            default: break
            }
            if !terms.isEmpty {
                let lower = definition.name.lowercased()
                if !terms.allSatisfy({ Self.like(lower, $0) }) { continue }
            }
            if query.excludeHidden, definition.hidden == true { continue }
            if query.excludeStale, let seen = definition.lastSeenAt, seen < staleLine { continue }
            if let verified = query.verified {
                let isVerified = definition.verified == true || Self.coreEvents.contains(definition.name)
                if isVerified != verified { continue }
            }
            if !names.isEmpty, !names.contains(definition.name) { continue }
            if excluded.contains(definition.name) { continue }
            if let tags, !definition.tags.contains(where: tags.contains) { continue }
            matches.append(index)
        }
        var keys = query.ordering
        if keys.isEmpty {
            keys = liveCount > Self.nameOrderThreshold && !query.excludeStale ? ["name"] : ["-last_seen_at::date", "name"]
            if query.search != nil { keys.insert("length(name)", at: 0) }
        }
        if !keys.contains("name") && !keys.contains("-name") { keys.append("name") }
        matches = Self.sorted(matches, slots: slots, keys: keys.compactMap(SortKey.init))
        orderCache[query.cacheKey] = matches
        return matches
    }

    /// SQL `ILIKE '%term%'` where `%` and `_` in the term stay wildcards (PostHog does not escape them).
    static func like(_ text: String, _ term: String) -> Bool {
        guard term.contains("%") || term.contains("_") else { return text.contains(term) }
        let pattern =
            "^.*" + term.map { $0 == "%" ? ".*" : $0 == "_" ? "." : NSRegularExpression.escapedPattern(for: String($0)) }.joined() + ".*$"
        return text.range(of: pattern, options: .regularExpression) != nil
    }

    /// One ordering term, parsed once rather than on every comparison.
    enum SortKey {
        case name(descending: Bool), nameLength, lastSeen(descending: Bool, byDay: Bool), created(descending: Bool, byDay: Bool)

        init?(_ text: String) {
            let descending = text.hasPrefix("-")
            switch descending ? String(text.dropFirst()) : text {
            case "name": self = .name(descending: descending)
            case "length(name)": self = .nameLength
            case "last_seen_at": self = .lastSeen(descending: descending, byDay: false)
            case "last_seen_at::date": self = .lastSeen(descending: descending, byDay: true)
            case "created_at": self = .created(descending: descending, byDay: false)
            case "created_at::date": self = .created(descending: descending, byDay: true)
            default: return nil
            }
        }
    }

    /// Sorts slot indices by the keys. Each key becomes an integer column whose ascending order is the wanted
    /// order (NULLs placed as PostgreSQL places them), so comparisons touch integers, not definitions; names
    /// compare by their first eight bytes and fall back to the whole name only on a tie.
    static func sorted(_ indices: [Int], slots: [SimDefinition?], keys: [SortKey]) -> [Int] {
        func ordered(_ value: Int64?, descending: Bool) -> Int64 {
            guard let value else { return descending ? Int64.max : Int64.min }
            return descending ? ~value : value
        }
        var columns: [[Int64]] = []
        var nameColumns: [(column: Int, descending: Bool)] = []
        for key in keys {
            var column = [Int64](repeating: 0, count: slots.count)
            for index in indices {
                let definition = slots[index]!
                switch key {
                case .name(let descending):
                    var prefix: UInt64 = 0
                    var taken = 0
                    for byte in definition.name.utf8.prefix(8) { prefix = prefix << 8 | UInt64(byte); taken += 1 }
                    prefix <<= UInt64(8 * (8 - taken))
                    column[index] = ordered(Int64(bitPattern: prefix ^ 0x8000_0000_0000_0000), descending: descending)
                case .nameLength: column[index] = Int64(definition.name.unicodeScalars.count)
                case .lastSeen(let descending, let byDay):
                    column[index] = ordered(definition.lastSeenAt.map { byDay ? SimTime.day($0) : $0 }, descending: descending)
                case .created(let descending, let byDay):
                    column[index] = ordered(definition.createdAt.map { byDay ? SimTime.day($0) : $0 }, descending: descending)
                }
            }
            if case .name(let descending) = key { nameColumns.append((columns.count, descending)) }
            columns.append(column)
        }
        let names = slots.map { $0?.name ?? "" }
        return indices.sorted { a, b in
            for (position, column) in columns.enumerated() {
                if column[a] != column[b] { return column[a] < column[b] }
                if let name = nameColumns.first(where: { $0.column == position }) {
                    let result = compareBytes(names[a], names[b])
                    if result != 0 { return name.descending ? result > 0 : result < 0 }
                }
            }
            return false
        }
    }

    /// Code-point order, compared on UTF-8 bytes (the same order as Swift's `<` for normalized text, many times faster).
    static func compareBytes(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let common = Swift.min(x.count, y.count)
                if common > 0 {
                    let result = memcmp(x.baseAddress!, y.baseAddress!, common)
                    if result != 0 { return result < 0 ? -1 : 1 }
                }
                return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
            }
        }
    }

    func definition(id: String) throws(APIError) -> SimDefinition {
        guard let index = byID[id], var definition = slots[index] else { throw missing() }
        // Reading one definition creates its enterprise row, as PostHog's `_get_event_definition` does.
        if !definition.hasEnterpriseRow {
            definition.hasEnterpriseRow = true
            definition.description = ""
            definition.verified = false
            definition.hidden = definition.hidden ?? false
            slots[index] = definition
        }
        return definition
    }

    /// When each named event was last seen (names never seen, or unknown, are left out): what a tile's
    /// series can show.
    func lastSeen(of names: [String]) -> [String: Micros] {
        var found: [String: Micros] = [:]
        for name in names {
            if let index = byName[name], let seen = slots[index]?.lastSeenAt { found[name] = seen }
        }
        return found
    }

    func definition(named name: String) -> SimDefinition? {
        guard let index = byName[name], slots[index] != nil else { return nil }
        return try? definition(id: slots[index]!.id)
    }

    func missing() -> APIError {
        configuration.missingIDStatus == 404 ? APIError.notFound("Event definition not found.") : APIError.serverError
    }

    /// Every live definition, in creation order (the `/_sim/export` route).
    func export() -> [SimDefinition] { slots.compactMap { $0 } }

    var count: Int { liveCount }

    func primaryProperties(names: [String]) -> [(String, String)] {
        names.compactMap { name in
            guard let index = byName[name], let definition = slots[index], let property = definition.primaryProperty, !property.isEmpty
            else { return nil }
            return (name, property)
        }
    }

    /// Custom events plus `$pageview`, `$pageleave` and `$screen`, by name, for the code generators.
    /// The events the code generators include, by name, with their schemas' properties (posthog-api-2.md
    /// §1.2, newest): PostHog's core events, verified events, and custom events that have a schema.
    func generatorEvents() -> [GeneratorEvent] {
        var events: [GeneratorEvent] = []
        for case let definition? in slots {
            let schema = schemas[definition.id]
            let included =
                CoreEvents.names.contains(definition.name) || definition.verified == true || (!definition.isPostHogEvent && schema != nil)
            if included { events.append(GeneratorEvent(name: definition.name, properties: schema ?? [])) }
        }
        return events.sorted { codepointLess($0.name, $1.name) }
    }

    /// Attaches a schema to the event named `name` (replacing any), or removes it with nil; false when no such event.
    func setSchema(name: String, properties: [SimSchemaProperty]?) -> Bool {
        guard let index = byName[name], let definition = slots[index] else { return false }
        // A group's properties are ordered by name (SchemaPropertyGroupProperty's Meta ordering).
        schemas[definition.id] = properties?.sorted { codepointLess($0.name, $1.name) }
        return true
    }

    // MARK: - Writing

    private func store(_ definition: SimDefinition, at index: Int) {
        slots[index] = definition
        orderCache = [:]
    }

    func create(body: [String: Any], userID: Int) throws(APIError) -> SimDefinition {
        guard let nameValue = body["name"], !(nameValue is NSNull) else {
            throw .validation("This field is required.", attr: "name", code: "required")
        }
        guard let name = nameValue as? String else { throw .validation("Not a valid string.", attr: "name") }
        guard !name.isEmpty else { throw .validation("This field may not be blank.", attr: "name", code: "blank") }
        guard name.count <= 400 else {
            throw .validation("Ensure this field has no more than 400 characters.", attr: "name", code: "max_length")
        }
        guard byName[name] == nil || slots[byName[name]!] == nil else {
            throw .validation("Event definition with name '\(name)' already exists")
        }
        var random = SimRandom(seed: configuration.seed &+ UInt64(slots.count) &* 31)
        var definition = SimDefinition(
            id: ProjectGenerator.uuid7(millis: now / 1_000, random: &random), name: name, ownerID: nil, description: "", tags: [],
            createdAt: nil, updatedAt: now, updatedByID: userID, lastSeenAt: nil, verified: false, verifiedAt: nil, verifiedByID: nil,
            hidden: false, enforcementMode: "allow", primaryProperty: nil, defaultColumns: [], hasEnterpriseRow: true)
        try apply(body, to: &definition, userID: userID, isCreate: true)
        insert(definition)
        return definition
    }

    /// Adds a new row, indexed by id and name.
    private func insert(_ definition: SimDefinition) {
        slots.append(definition)
        byID[definition.id] = slots.count - 1
        byName[definition.name] = slots.count - 1
        liveCount += 1
        orderCache = [:]
    }

    /// What ingestion does when an event of `name` arrives (posthog-api-2.md §2.2): an existing row gets
    /// `last_seen_at` (and a missing `created_at`) set to now; an unknown name gets a new row with a new UUID
    /// and no description or tags, as `INSERT … ON CONFLICT DO UPDATE SET last_seen_at` leaves it.
    func capture(name: String) -> SimDefinition {
        if let index = byName[name], var definition = slots[index] {
            definition.lastSeenAt = now
            if definition.createdAt == nil { definition.createdAt = now }
            store(definition, at: index)
            return definition
        }
        var random = SimRandom(seed: configuration.seed &+ UInt64(slots.count) &* 37)
        let definition = SimDefinition(
            id: ProjectGenerator.uuid7(millis: now / 1_000, random: &random), name: name, ownerID: nil, description: nil, tags: [],
            createdAt: now, updatedAt: now, updatedByID: nil, lastSeenAt: now, verified: nil, verifiedAt: nil, verifiedByID: nil,
            hidden: nil, enforcementMode: "allow", primaryProperty: nil, defaultColumns: [], hasEnterpriseRow: false)
        insert(definition)
        return definition
    }

    func update(id: String, body: [String: Any], userID: Int) throws(APIError) -> SimDefinition {
        var definition = try definition(id: id)
        guard configuration.taxonomyAddOn else { throw APIError.paymentRequired }
        try apply(body, to: &definition, userID: userID, isCreate: false)
        definition.updatedAt = max(now, definition.updatedAt + 1)
        definition.updatedByID = userID
        store(definition, at: byID[id]!)
        return definition
    }

    func delete(id: String) throws(APIError) {
        guard let index = byID[id], let definition = slots[index] else { throw missing() }
        slots[index] = nil
        byID[id] = nil
        byName[definition.name] = nil
        schemas[id] = nil
        liveCount -= 1
        orderCache = [:]
    }

    /// The enterprise serializer's validation and update rules (posthog-api.md §3.3, §4).
    private func apply(_ body: [String: Any], to definition: inout SimDefinition, userID: Int, isCreate: Bool) throws(APIError) {
        if let value = body["owner"] {
            if value is NSNull {
                definition.ownerID = nil
            } else {
                guard let id = Self.integer(value) else {
                    throw .validation(
                        "Incorrect type. Expected pk value, received \(Self.typeName(value)).", attr: "owner", code: "incorrect_type")
                }
                guard let member = members[id] else {
                    throw .validation("Invalid pk \"\(id)\" - object does not exist.", attr: "owner", code: "does_not_exist")
                }
                guard Member.organization.contains(member) else {
                    throw .validation("Owner must be a member of this organization", attr: "owner")
                }
                definition.ownerID = id
            }
        }
        if let value = body["description"] {
            if value is NSNull {
                definition.description = nil
            } else {
                guard let text = value as? String else { throw .validation("Not a valid string.", attr: "description") }
                definition.description = text
            }
        }
        if let value = body["tags"] {
            definition.tags = try Self.cleanTags(value)
        }
        if let value = body["enforcement_mode"] {
            guard let mode = value as? String, ["allow", "reject"].contains(mode) else {
                throw .validation("\"\(value)\" is not a valid choice.", attr: "enforcement_mode", code: "invalid_choice")
            }
            if mode == "reject", !configuration.rejectFlag {
                throw .validation("Setting schema enforcement mode to \"reject\" requires the schema-enforcement-reject feature flag")
            }
            definition.enforcementMode = mode
        }
        if let value = body["primary_property"] {
            if value is NSNull {
                definition.primaryProperty = nil
            } else {
                guard let text = value as? String else { throw .validation("Not a valid string.", attr: "primary_property") }
                guard !text.isEmpty else { throw .validation("This field may not be blank.", attr: "primary_property", code: "blank") }
                definition.primaryProperty = text
            }
        }
        if let value = body["default_columns"] {
            guard let list = value as? [String] else {
                throw .validation(
                    "Expected a list of items but got type \"\(Self.typeName(value))\".", attr: "default_columns", code: "not_a_list")
            }
            definition.defaultColumns = list
        }
        let verified = body["verified"].flatMap(Self.boolean)
        let hidden = body["hidden"].flatMap(Self.boolean)
        if body["verified"] != nil, verified == nil { throw .validation("Must be a valid boolean.", attr: "verified") }
        if body["hidden"] != nil, hidden == nil { throw .validation("Must be a valid boolean.", attr: "hidden") }
        if verified == true, hidden == true { throw .validation("An event cannot be both hidden and verified") }
        if let verified {
            if verified {
                if definition.verified != true {
                    definition.verifiedAt = now
                    definition.verifiedByID = userID
                }
                definition.verified = true
                definition.hidden = false
            } else {
                definition.verified = false
                definition.verifiedAt = nil
                definition.verifiedByID = nil
            }
        }
        if let hidden {
            definition.hidden = hidden
            if hidden {
                definition.verified = false
                definition.verifiedAt = nil
                definition.verifiedByID = nil
            }
        }
        definition.hasEnterpriseRow = true
        if isCreate, definition.description == nil { definition.description = "" }
    }

    /// JSONSerialization hands booleans over as NSNumbers of ObjC type `c`.
    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    static func integer(_ value: Any) -> Int? {
        if let number = value as? NSNumber, !isBoolean(number) {
            let type = String(cString: number.objCType)
            return type == "d" || type == "f"
                ? (number.doubleValue == number.doubleValue.rounded() ? number.intValue : nil) : number.intValue
        }
        if let text = value as? String { return Int(text) }
        return nil
    }

    static func boolean(_ value: Any) -> Bool? {
        if let number = value as? NSNumber, isBoolean(number) { return number.boolValue }
        if let text = value as? String {
            if ["true", "True", "1"].contains(text) { return true }
            if ["false", "False", "0"].contains(text) { return false }
        }
        if let number = value as? NSNumber { return number.intValue == 1 ? true : number.intValue == 0 ? false : nil }
        return nil
    }

    /// A `tags` field as PostHog's tagged-item serializer keeps it: each a string, stripped, lower-cased,
    /// blanks and repeats dropped, sorted.
    static func cleanTags(_ value: Any) throws(APIError) -> [String] {
        guard let list = value as? [Any] else {
            throw .validation("Expected a list of items but got type \"\(typeName(value))\".", attr: "tags", code: "not_a_list")
        }
        var tags: [String] = []
        for (index, item) in list.enumerated() {
            guard let text = item as? String else { throw .validation("Not a valid string.", attr: "tags__\(index)") }
            let tag = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if !tag.isEmpty, !tags.contains(tag) { tags.append(tag) }
        }
        return tags.sorted()
    }

    static func typeName(_ value: Any) -> String {
        switch value {
        case is String: return "str"
        case let number as NSNumber: return isBoolean(number) ? "bool" : String(cString: number.objCType) == "d" ? "float" : "int"
        case is [Any]: return "list"
        case is [String: Any]: return "dict"
        default: return "NoneType"
        }
    }

    // MARK: - Bulk

    func bulkUpdateTags(ids: [String], action: String, tags: [String]) -> (updated: [(String, [String])], skipped: [(String, String)]) {
        var updated: [(String, [String])] = []
        var skipped: [(String, String)] = []
        for id in ids {
            guard let index = byID[id], var definition = slots[index] else {
                skipped.append((id, "Not found"))
                continue
            }
            var current = Set(definition.tags)
            switch action {
            case "add": current.formUnion(tags)
            case "remove": current.subtract(tags)
            default: current = Set(tags)
            }
            let sorted = current.sorted()
            if sorted != definition.tags {
                definition.tags = sorted
                definition.updatedAt = max(now, definition.updatedAt + 1)
                definition.hasEnterpriseRow = true
                store(definition, at: index)
            }
            updated.append((id, sorted))
        }
        return (updated, skipped)
    }

    func bulkUpdateVerified(ids: [String], verified: Bool, userID: Int) -> (updated: [(String, Bool)], skipped: [(String, String)]) {
        var updated: [(String, Bool)] = []
        var skipped: [(String, String)] = []
        var seen: Set<String> = []
        for id in ids where seen.insert(id).inserted {
            guard let index = byID[id], var definition = slots[index] else {
                skipped.append((id, "Not found"))
                continue
            }
            // Already in the asked state: listed in neither answer.
            if (definition.verified ?? false) == verified { continue }
            definition.verified = verified
            definition.verifiedAt = verified ? now : nil
            definition.verifiedByID = verified ? userID : nil
            if verified { definition.hidden = false }
            definition.updatedAt = max(now, definition.updatedAt + 1)
            definition.hasEnterpriseRow = true
            store(definition, at: index)
            updated.append((id, verified))
        }
        return (updated, skipped)
    }

    // MARK: - Churn

    /// Creates and deletes definitions, as ingestion and people do while a crawl pages through.
    func churn() {
        let amount = configuration.churnPerRequest
        guard amount > 0 else { return }
        for _ in 0..<amount {
            churnCounter += 1
            var random = churnRandom
            let name = "churn_event_\(churnCounter)_\(ProjectGenerator.nouns[random.int(ProjectGenerator.nouns.count)])_created"
            let id = ProjectGenerator.uuid7(millis: now / 1_000, random: &random)
            slots.append(
                SimDefinition(
                    id: id, name: name, ownerID: nil, description: nil, tags: [], createdAt: now, updatedAt: now, updatedByID: nil,
                    lastSeenAt: now, verified: nil, verifiedAt: nil, verifiedByID: nil, hidden: nil, enforcementMode: "allow",
                    primaryProperty: nil, defaultColumns: [], hasEnterpriseRow: false))
            byID[id] = slots.count - 1
            byName[name] = slots.count - 1
            liveCount += 1
            // Delete one of the churn-created or generated definitions at random.
            let victim = random.int(slots.count)
            if let definition = slots[victim], victim != slots.count - 1 {
                slots[victim] = nil
                byID[definition.id] = nil
                byName[definition.name] = nil
                liveCount -= 1
            }
            churnRandom = random
        }
        orderCache = [:]
    }
}
