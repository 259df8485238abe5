import Foundation

/// PostHog's three code generators (`event_definitions/{typescript,golang,python}/`, posthog-api-2.md §1):
/// the content, `event_count`, `schema_hash` and `generator_version` of each, from the events' schemas.
enum CodeGenerators {
    /// The version each language's generator reports (TypeScript 1.1.0 is the newest; §1.1).
    static func version(_ language: String) -> String { language == "typescript" ? "1.1.0" : "1.0.0" }

    /// `sha256(orjson.dumps({"version", "schemas": [(name, sorted (prop, type, required, optional_in_types))]}, sorted keys))[:32]` (§1.4, v3).
    static func schemaHash(_ events: [GeneratorEvent], version: String) -> String {
        let sorted = events.sorted { codepointLess($0.name, $1.name) }
        var json = "{\"schemas\":["
        for (index, event) in sorted.enumerated() {
            if index > 0 { json += "," }
            let properties = event.properties.sorted { lhs, rhs in
                if lhs.name != rhs.name { return codepointLess(lhs.name, rhs.name) }
                if lhs.propertyType != rhs.propertyType { return codepointLess(lhs.propertyType, rhs.propertyType) }
                if lhs.isRequired != rhs.isRequired { return !lhs.isRequired }
                return !lhs.isOptionalInTypes && rhs.isOptionalInTypes
            }
            json += "[" + quote(event.name) + ",["
            json += properties.map { "[\(quote($0.name)),\(quote($0.propertyType)),\($0.isRequired),\($0.isOptionalInTypes)]" }.joined(
                separator: ",")
            json += "]]"
        }
        json += "],\"version\":" + quote(version) + "}"
        return String(SHA256.hex(Array(json.utf8)).prefix(32))
    }

    /// A string as orjson writes it: `"` and `\` escaped, control characters as short or `\u00XX` escapes, the rest as UTF-8.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `datetime.now().isoformat()`: local, naive, with microseconds.
    static func generatedAt(_ micros: Micros) -> String {
        let seconds = micros / 1_000_000
        let fraction = micros % 1_000_000
        var time = time_t(seconds)
        var parts = tm()
        localtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let date = "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))"
        let clock = "\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))"
        let micro = String(fraction)
        return "\(date)T\(clock)" + (fraction == 0 ? "" : "." + String(repeating: "0", count: 6 - micro.count) + micro)
    }

    /// The parts of a name between runs of characters that are not ASCII letters or digits.
    static func parts(_ text: String) -> [String] {
        text.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }).map(String.init)
    }

    static func capitalized(_ part: String) -> String { part.prefix(1).uppercased() + part.dropFirst().lowercased() }

    /// The file's content for `language`.
    static func content(_ language: String, events: [GeneratorEvent], at micros: Micros) -> String {
        let stamp = generatedAt(micros)
        switch language {
        case "golang": return GoGenerator(events: events, generatedAt: stamp).content()
        case "python": return PythonGenerator(events: events, generatedAt: stamp).content()
        default: return TypeScriptGenerator(events: events, generatedAt: stamp).content()
        }
    }
}

/// Names handed out once each: a name asked for again gets `2`, `3`… after `separator` (posthog-api-2.md §1.6–§1.7).
struct UniqueNames {
    let separator: String
    private var seen: [String: Int] = [:]

    init(separator: String = "") { self.separator = separator }

    mutating func claim(_ name: String) -> String {
        seen[name, default: 0] += 1
        let count = seen[name]!
        return count > 1 ? name + separator + String(count) : name
    }
}
