/// A property of an event's schema, as PostHog's `SchemaPropertyGroupProperty` holds it (posthog-api-2.md §1.3).
struct SimSchemaProperty: Sendable, Equatable {
    /// The property name (at most 400 characters).
    var name: String
    /// `DateTime`, `String`, `Numeric`, `Boolean`, `Object` (the generators also map `Array`).
    var propertyType: String
    /// Whether the event must carry it.
    var isRequired: Bool
    /// Whether typed code treats it as optional even when required (the newest generators).
    var isOptionalInTypes: Bool = false
    /// What it means.
    var description: String = ""

    static let types = ["DateTime", "String", "Numeric", "Boolean", "Object", "Array"]

    /// Reads one from `{"name", "property_type", "is_required"?, "is_optional_in_types"?, "description"?}`.
    init?(json: [String: Any]) {
        guard let name = json["name"] as? String, !name.isEmpty, name.count <= 400, let type = json["property_type"] as? String
        else { return nil }
        self.name = name
        self.propertyType = type
        self.isRequired = json["is_required"] as? Bool ?? false
        self.isOptionalInTypes = json["is_optional_in_types"] as? Bool ?? false
        self.description = json["description"] as? String ?? ""
    }

    init(name: String, propertyType: String, isRequired: Bool, isOptionalInTypes: Bool = false, description: String = "") {
        self.name = name
        self.propertyType = propertyType
        self.isRequired = isRequired
        self.isOptionalInTypes = isOptionalInTypes
        self.description = description
    }

    /// Deterministic schemas for a generated project: about one custom event in twenty gets one, with one
    /// to four properties of every type, some required.
    static func generated(for definitions: [SimDefinition], seed: UInt64) -> [String: [SimSchemaProperty]] {
        var random = SimRandom(seed: seed ^ 0x5C4E_3A11)
        let pool: [(String, String)] = [
            ("plan", "String"), ("amount", "Numeric"), ("is_trial", "Boolean"), ("started_at", "DateTime"), ("items", "Array"),
            ("context", "Object"), ("source", "String"), ("count", "Numeric"),
        ]
        var schemas: [String: [SimSchemaProperty]] = [:]
        for definition in definitions where !definition.isPostHogEvent {
            guard random.int(20) == 0 || definition.verified == true && random.int(2) == 0 else { continue }
            var properties: [SimSchemaProperty] = []
            var used: Set<String> = []
            for _ in 0..<(1 + random.int(4)) {
                let (name, type) = random.pick(pool)
                guard used.insert(name).inserted else { continue }
                properties.append(SimSchemaProperty(name: name, propertyType: type, isRequired: random.int(3) == 0))
            }
            schemas[definition.id] = properties.sorted { codepointLess($0.name, $1.name) }
        }
        return schemas
    }
}

/// The input every generator reads: the events included, in order, each with its schema's properties.
struct GeneratorEvent: Sendable {
    var name: String
    var properties: [SimSchemaProperty]
}

/// Python's codepoint order on strings, which the hash sorts by (Swift's `<` is not it).
func codepointLess(_ lhs: String, _ rhs: String) -> Bool {
    lhs.unicodeScalars.lexicographicallyPrecedes(rhs.unicodeScalars) { $0.value < $1.value }
}
