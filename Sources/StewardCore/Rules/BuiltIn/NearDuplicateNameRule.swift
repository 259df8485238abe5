/// No two visible events are the same name spelled differently (`Signed Up`, `signed_up`, `signedUp`).
public struct NearDuplicateNameRule: CollectingRule {
    /// The rule's id, summary, rationale, options and examples.
    public static let description = RuleDescription(
        identifier: "near_duplicate_name",
        name: "Near-duplicate name",
        summary:
            "Visible event names do not collide once case, separators, camelCase boundaries and simple plural and tense endings are folded.",
        rationale:
            "Near-duplicates split one event's data in two, and every insight silently counts half. PostHog cannot rename events: verify the canonical one and hide the rest.",
        defaultSeverity: .warning,
        triggering: [
            RuleExample(
                [.example("signed_up", verified: false), .example("Signed Up")], note: "`Signed Up` is verified, so it is the canonical one"
            ),
            RuleExample([.example("signedUp", verified: false), .example("signed_up")]),
            RuleExample([.example("report_exports", verified: false), .example("report_export")]),
            RuleExample([
                .example("checkout-completed", verified: false, lastSeenDaysAgo: 30), .example("checkout_complete", verified: false),
            ]),
        ],
        nonTriggering: [
            .names(["signed_up", "user_signed_up"]),
            RuleExample([.example("signed_up"), .example("Signed Up", hidden: true)], note: "the duplicate is already hidden"),
            .names(["order_sent", "order_send_failed"]),
        ])

    /// The rule with its configured options; throws for options it rejects.
    public init(configuration: RuleConfiguration) throws(PolicyError) {}

    /// The folded form two names share when they are near-duplicates.
    public static func foldedKey(_ name: String) -> String {
        var key: [UInt8] = []
        var token: [UInt8] = []
        fold(name, into: &key, token: &token)
        return String(decoding: key, as: UTF8.self)
    }

    /// Appends the folded form of `name` to `key` (see ``foldedKey(_:)``); `token` is working space, so a
    /// caller folding many names reuses both buffers instead of allocating per name.
    static func fold(_ name: String, into key: inout [UInt8], token: inout [UInt8]) {
        var text = name
        text.withUTF8 { bytes in
            key.reserveCapacity(key.count + bytes.count)
            if !bytes.contains(where: { $0 >= 0x80 }) {
                // ASCII fast path (almost every real name): tokens straight from the bytes.
                token.removeAll(keepingCapacity: true)
                var previousWasLowerOrDigit = false
                for byte in bytes {
                    let isUpper = byte >= 65 && byte <= 90
                    let isLower = byte >= 97 && byte <= 122
                    let isDigit = byte >= 48 && byte <= 57
                    if isUpper || isLower || isDigit {
                        if isUpper, previousWasLowerOrDigit, !token.isEmpty {
                            stem(&token)
                            key.append(contentsOf: token)
                            token.removeAll(keepingCapacity: true)
                        }
                        token.append(isUpper ? byte + 32 : byte)
                        previousWasLowerOrDigit = isLower || isDigit
                    } else {
                        if !token.isEmpty {
                            stem(&token)
                            key.append(contentsOf: token)
                            token.removeAll(keepingCapacity: true)
                        }
                        previousWasLowerOrDigit = false
                    }
                }
                if !token.isEmpty {
                    stem(&token)
                    key.append(contentsOf: token)
                }
            } else {
                for token in tokens(of: name) {
                    var bytes = Array(token.utf8)
                    stem(&bytes)
                    key.append(contentsOf: bytes)
                }
            }
        }
    }

    /// Splits on anything that is not a letter or digit and at camelCase boundaries, lower-cased.
    static func tokens(of name: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var previousWasLower = false
        for scalar in name.unicodeScalars {
            let properties = scalar.properties
            if properties.isAlphabetic || properties.numericType != nil {
                if properties.isUppercase, previousWasLower, !current.isEmpty {
                    tokens.append(current)
                    current = ""
                }
                current += properties.lowercaseMapping
                previousWasLower = properties.isLowercase || properties.numericType != nil
            } else {
                if !current.isEmpty { tokens.append(current) }
                current = ""
                previousWasLower = false
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Folds plural and tense endings in place so that create/created/creates/creating share one stem.
    static func stem(_ word: inout [UInt8]) {
        guard word.count > 3, !word.contains(where: { $0 >= 0x80 }) else { return }
        func ends(_ suffix: StaticString) -> Bool {
            let count = suffix.utf8CodeUnitCount
            guard word.count > count else { return false }
            let tail = UnsafeBufferPointer(start: suffix.utf8Start, count: count)
            var offset = word.count - count
            for byte in tail {
                if word[offset] != byte { return false }
                offset += 1
            }
            return true
        }
        if ends("ies") {
            word.removeLast(3)
            word.append(UInt8(ascii: "y"))
        } else if ends("ing"), word.count > 5 {
            word.removeLast(3)
        } else if ends("ed"), word.count > 4 {
            word.removeLast(2)
        } else if ends("sses") || ends("shes") || ends("ches") || ends("xes") || ends("zes") {
            word.removeLast(2)
        } else if ends("s"), !ends("ss"), !ends("us"), !ends("is") {
            word.removeLast(1)
        }
        if word.count > 3, word.last == UInt8(ascii: "e") { word.removeLast() }
        if word.count > 2, word[word.count - 1] == word[word.count - 2] {
            let last = word[word.count - 1]
            if last != UInt8(ascii: "a"), last != UInt8(ascii: "e"), last != UInt8(ascii: "i"), last != UInt8(ascii: "o"),
                last != UInt8(ascii: "u")
            {
                word.removeLast()
            }
        }
    }

    /// Judges the definitions together, emitting each violation with its definition's position.
    public func check(_ definitions: DefinitionSubset, in context: LintContext, emit: (Int, Violation) -> Void) {
        check(definitions, hashing: Self.stableHash, emit: emit)
    }

    private static func stableHash(_ key: [UInt8]) -> Int64 {
        var hash = StableHash()
        hash.combine(bytes: key)
        return hash.int64
    }

    /// ``check(_:in:emit:)`` with the hash of a folded key given, so tests can make every key collide.
    func check(_ definitions: DefinitionSubset, hashing: ([UInt8]) -> Int64, emit: (Int, Violation) -> Void) {
        // One pass over a 64-bit hash of each folded key, folded into buffers reused from name to name: most
        // keys are unique, so only a name whose hash was seen before gets its key as a string, and so does
        // the one seen first (a million keys as strings held ~100 MB for the length of the pass). Members
        // are grouped by the whole key, so two keys that merely share a hash never make a group.
        var key: [UInt8] = []
        var token: [UInt8] = []
        var first: [Int64: Int] = [:]
        first.reserveCapacity(definitions.count)
        var groups: [String: [Int]] = [:]
        var grouped = Set<Int>()
        for index in definitions.indices where !definitions[index].isHidden {
            key.removeAll(keepingCapacity: true)
            Self.fold(definitions[index].name, into: &key, token: &token)
            guard !key.isEmpty else { continue }
            let hash = hashing(key)
            guard let earlier = first.updateValue(index, forKey: hash) else { continue }
            first[hash] = earlier
            if grouped.insert(earlier).inserted { groups[Self.foldedKey(definitions[earlier].name), default: []].append(earlier) }
            groups[String(decoding: key, as: UTF8.self), default: []].append(index)
        }
        for (key, members) in groups.sorted(by: { $0.key < $1.key }) {
            let distinct = Set(members.map { definitions[$0].name })
            guard distinct.count > 1 else { continue }
            let canonical = members.min { Self.isMoreCanonical(definitions[$0], than: definitions[$1]) }!
            let canonicalName = definitions[canonical].name
            let why = definitions[canonical].isVerified ? "verified" : "most recently seen"
            // Quoted and sorted once per group; each member's message leaves itself out of the list.
            let quoted = members.map { (member: $0, text: "'\(definitions[$0].name)'") }.sorted { $0.text < $1.text }
            for member in members where member != canonical {
                let others = quoted.lazy.filter { $0.member != member }
                let shownCount = min(5, members.count - 1)
                var shown = others.prefix(shownCount).map(\.text).joined(separator: ", ")
                if members.count - 1 > shownCount { shown += " and \(members.count - 1 - shownCount) more" }
                emit(
                    member,
                    Violation(
                        "'\(definitions[member].name)' is the same name as \(shown) once case, separators and endings are folded; keep '\(canonicalName)' (\(why)) and hide this one.",
                        value: definitions[member].name, group: key, fix: .hide))
            }
        }
    }

    /// Verified first, then most recently seen, then oldest, then by name: a total order, so the choice is stable.
    static func isMoreCanonical(_ a: EventDefinition, than b: EventDefinition) -> Bool {
        if a.isVerified != b.isVerified { return a.isVerified }
        if a.lastSeenAt != b.lastSeenAt { return (a.lastSeenAt ?? Timestamp(seconds: .min)) > (b.lastSeenAt ?? Timestamp(seconds: .min)) }
        if a.createdAt != b.createdAt { return (a.createdAt ?? Timestamp(seconds: .max)) < (b.createdAt ?? Timestamp(seconds: .max)) }
        return a.name < b.name
    }
}
