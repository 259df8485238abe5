import Foundation
import PCRE2
import Yams

/// A YAML node from a policy file with typed, strict accessors whose errors carry `file:line:column`.
struct PolicyNode {
    let node: Node
    let file: String

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    func error(_ message: String) -> PolicyError { PolicyError(message, at: location) }

    /// The entries of a mapping in file order, rejecting non-string and duplicate keys.
    func mapping(_ what: String) throws(PolicyError) -> [(key: String, keyNode: PolicyNode, value: PolicyNode)] {
        guard case .mapping(let mapping) = node else { throw error("\(what) must be a mapping (key: value), found \(kindName)") }
        var seen: Set<String> = []
        var entries: [(key: String, keyNode: PolicyNode, value: PolicyNode)] = []
        for (key, value) in mapping {
            let keyNode = PolicyNode(node: key, file: file)
            guard case .scalar(let scalar) = key else { throw keyNode.error("keys in \(what) must be plain names") }
            guard seen.insert(scalar.string).inserted else { throw keyNode.error("duplicate key '\(scalar.string)' in \(what)") }
            entries.append((scalar.string, keyNode, PolicyNode(node: value, file: file)))
        }
        return entries
    }

    /// Checks that every key is one of `allowed`, suggesting the closest when it is not.
    func requireKeys(in allowed: [String], _ what: String) throws(PolicyError) -> [(key: String, keyNode: PolicyNode, value: PolicyNode)] {
        let entries = try mapping(what)
        for entry in entries where !allowed.contains(entry.key) {
            throw entry.keyNode.error(
                "unknown key '\(entry.key)' in \(what)\(Suggestion.didYouMean(entry.key, among: allowed)); allowed: \(allowed.joined(separator: ", "))"
            )
        }
        return entries
    }

    var isNull: Bool {
        if case .scalar(let scalar) = node, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
            return true
        }
        return false
    }

    /// The kind of node without its text: "text", "a list", …
    var kindOnly: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar: return isNull ? "nothing (null)" : "a single value"
        }
    }

    var kindName: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if isNull { return "nothing (null)" }
            if scalar.style == .plain, node.bool != nil { return "a boolean (\(scalar.string))" }
            if scalar.style == .plain, node.int != nil { return "a number (\(scalar.string))" }
            return "the text '\(scalar.string.prefix(40))'"
        }
    }

    func string(_ what: String) throws(PolicyError) -> String {
        guard case .scalar(let scalar) = node, !isNull else { throw error("\(what) must be a string, found \(kindName)") }
        return scalar.string
    }

    func nonEmptyString(_ what: String) throws(PolicyError) -> String {
        let text = try string(what)
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw error("\(what) must not be empty") }
        return text
    }

    func boolean(_ what: String) throws(PolicyError) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain, ["true", "false"].contains(scalar.string.lowercased()) else {
            throw error("\(what) must be true or false, found \(kindName)")
        }
        return scalar.string.lowercased() == "true"
    }

    func integer(_ what: String, minimum: Int = Int.min, maximum: Int = Int.max) throws(PolicyError) -> Int {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string) else {
            throw error("\(what) must be a whole number, found \(kindName)")
        }
        guard value >= minimum, value <= maximum else {
            throw error(
                maximum == Int.max
                    ? "\(what) must be at least \(minimum), found \(value)"
                    : "\(what) must be between \(minimum) and \(maximum), found \(value)")
        }
        return value
    }

    func list(_ what: String) throws(PolicyError) -> [PolicyNode] {
        guard case .sequence(let sequence) = node else { throw error("\(what) must be a list, found \(kindName)") }
        return sequence.map { PolicyNode(node: $0, file: file) }
    }

    func strings(_ what: String) throws(PolicyError) -> [String] {
        var values: [String] = []
        for (index, item) in try list(what).enumerated() {
            values.append(try item.string("item \(index + 1) of \(what)"))
        }
        return values
    }

    /// Compiles a PCRE2 pattern; a compile error points at the pattern's line with PCRE2's message and offset.
    func regex(_ what: String) throws(PolicyError) -> PCRE2Pattern {
        let text = try string(what)
        do {
            return try PCRE2Pattern(text)
        } catch {
            throw self.error("invalid regular expression in \(what) '\(text)': \(error.message) at offset \(error.offset) of the pattern")
        }
    }

    func regexes(_ what: String) throws(PolicyError) -> [PCRE2Pattern] {
        var values: [PCRE2Pattern] = []
        for (index, item) in try list(what).enumerated() {
            values.append(try item.regex("item \(index + 1) of \(what)"))
        }
        return values
    }

    /// A calendar date `YYYY-MM-DD` (or a full timestamp), as midnight UTC.
    func date(_ what: String) throws(PolicyError) -> Timestamp {
        let text = try string(what)
        guard let timestamp = Timestamp(iso8601: text) else {
            throw error("\(what) must be a date like 2027-03-31, found '\(text)'")
        }
        return timestamp
    }

    func selector(_ what: String) throws(PolicyError) -> DefinitionSelector {
        var selector = DefinitionSelector()
        for entry in try requireKeys(in: ["names", "name_matches", "tags", "events"], what) {
            switch entry.key {
            case "names": selector.names = Set(try entry.value.strings("\(what).names"))
            case "name_matches": selector.nameMatches = try entry.value.regexes("\(what).name_matches")
            case "tags": selector.tags = Set(try entry.value.strings("\(what).tags").map { $0.lowercased() })
            default:
                let text = try entry.value.string("\(what).events")
                guard let origin = DefinitionSelector.Origin(rawValue: text) else {
                    throw entry.value.error("\(what).events must be one of custom, posthog, all; found '\(text)'")
                }
                selector.origin = origin
            }
        }
        return selector
    }
}

/// "Did you mean …?" for misspelled keys, rule ids and values.
enum Suggestion {
    static func didYouMean(_ word: String, among candidates: [String]) -> String {
        let best = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }.min { $0.1 < $1.1 }
        guard let (candidate, cost) = best, cost <= max(2, word.count / 3) else { return "" }
        return " (did you mean '\(candidate)'?)"
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
