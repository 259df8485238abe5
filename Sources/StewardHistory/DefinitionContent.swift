import StewardCore

/// The part of a definition whose change makes a new `definition_version`: the governed metadata.
///
/// `last_seen_at` is left out on purpose: it is usage, not metadata, and moves every day an event is sent,
/// so including it would copy most of a project into history each night.
struct DefinitionContent {
    let name: String
    let ownerID: Int64?
    let owner: String?
    let description: String?
    let tags: String
    let hidden: Bool?
    let verified: Bool?
    let verifiedAt: String?
    let enforcementMode: String?
    let createdAt: String?
    let updatedAt: String?

    init(_ definition: EventDefinition) {
        name = definition.name
        let user = definition.owner
        ownerID = user?.id.map(Int64.init)
        owner = user?.displayName
        description = definition.description
        tags = JSONText.array(definition.tags)
        hidden = definition.hidden
        verified = definition.verified
        verifiedAt = definition.verifiedAt?.iso8601
        enforcementMode = definition.enforcementMode?.rawValue
        createdAt = definition.createdAt?.iso8601
        updatedAt = definition.updatedAt?.iso8601
    }

    /// A stable 64-bit fingerprint of every field above.
    var fingerprint: Int64 {
        var hash = StableHash()
        hash.combine(name)
        hash.combine(ownerID ?? Int64.min)
        hash.combine(owner)
        hash.combine(description)
        hash.combine(tags)
        hash.combine(hidden.map { $0 ? "1" : "0" })
        hash.combine(verified.map { $0 ? "1" : "0" })
        hash.combine(verifiedAt)
        hash.combine(enforcementMode)
        hash.combine(createdAt)
        hash.combine(updatedAt)
        return hash.int64
    }
}

/// Minimal JSON text for the few values history stores as JSON (tag lists).
enum JSONText {
    /// `["a","b"]` with JSON string escaping.
    static func array(_ strings: [String]) -> String {
        if strings.isEmpty { return "[]" }
        var out = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { out += "," }
            out += "\""
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 {
                        let hex = String(scalar.value, radix: 16)
                        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            out += "\""
        }
        return out + "]"
    }
}
