#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Messages with the event name taken out: `'signed up' has no owner.` is stored as
/// `'\u{E000}' has no owner.`, one string for every definition without an owner.
public enum MessageTemplate {
    /// Stands for the event name (U+E000, a private-use character).
    public static let placeholder = "\u{E000}"
    private static let placeholderBytes: [UInt8] = [0xEE, 0x80, 0x80]

    /// The template of `message` and true, or `message` itself and false when it does not mention the
    /// name or already holds the placeholder (so expanding could never confuse the two).
    public static func make(_ message: String, naming name: String) -> (String, Bool) {
        var text = message
        var name = name
        return text.withUTF8 { haystack in
            name.withUTF8 { needle in
                guard !needle.isEmpty, needle.count <= haystack.count, !contains(placeholderBytes, in: haystack) else {
                    return (message, false)
                }
                var out: [UInt8] = []
                var index = 0
                var replaced = false
                var copiedUpTo = 0
                let first = needle[0]
                while index + needle.count <= haystack.count {
                    if haystack[index] == first, memoryEqual(haystack, at: index, needle) {
                        if !replaced { out.reserveCapacity(haystack.count) }
                        out.append(contentsOf: haystack[copiedUpTo..<index])
                        out.append(contentsOf: placeholderBytes)
                        index += needle.count
                        copiedUpTo = index
                        replaced = true
                    } else {
                        index += 1
                    }
                }
                guard replaced else { return (message, false) }
                out.append(contentsOf: haystack[copiedUpTo...])
                return (String(decoding: out, as: UTF8.self), true)
            }
        }
    }

    /// Whether `prefix + placeholder + suffix` is exactly the template `make` gives for `prefix + name + suffix`:
    /// the name is not empty, nothing holds the placeholder, and the name occurs nowhere else (not starting
    /// inside `prefix`, not in `suffix`). A rule that words many messages alike around their names builds the
    /// template once and checks each name with this, instead of `make` scanning and copying every message.
    public static func fits(_ prefix: String, naming name: String, _ suffix: String) -> Bool {
        var prefix = prefix
        var name = name
        var suffix = suffix
        return prefix.withUTF8 { head in
            name.withUTF8 { needle in
                suffix.withUTF8 { tail in
                    guard !needle.isEmpty, !contains(placeholderBytes, in: head), !contains(placeholderBytes, in: needle),
                        !contains(placeholderBytes, in: tail), !occurs(needle, in: tail)
                    else { return false }
                    // A match starting inside the prefix would run into the name: `make` would replace that one.
                    for start in 0..<head.count {
                        var matches = true
                        for offset in 0..<needle.count {
                            let position = start + offset
                            let byte = position < head.count ? head[position] : needle[position - head.count]
                            if byte != needle[offset] {
                                matches = false
                                break
                            }
                        }
                        if matches { return false }
                    }
                    return true
                }
            }
        }
    }

    private static func occurs(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        // The C library finds each candidate first byte and compares the rest: a rule's wording around each of a
        // hundred thousand names is scanned for the name, and byte by byte here it was a tenth of dynamic_name's time.
        let (base, needleBase, last) = (haystack.baseAddress!, needle.baseAddress!, haystack.count - needle.count)
        var start = 0
        while start <= last {
            guard let found = memchr(base + start, Int32(needleBase.pointee), last - start + 1) else { return false }
            let offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + offset, needleBase, needle.count) == 0 { return true }
            start = offset + 1
        }
        return false
    }

    /// The message a template stands for.
    public static func expand(_ template: String, naming name: String) -> String {
        var template = template
        return template.withUTF8 { bytes in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + name.utf8.count)
            var index = 0
            while index < bytes.count {
                if bytes[index] == 0xEE, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 {
                    out.append(contentsOf: name.utf8)
                    index += 3
                } else {
                    out.append(bytes[index])
                    index += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func memoryEqual(_ haystack: UnsafeBufferPointer<UInt8>, at offset: Int, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        for position in 0..<needle.count where haystack[offset + position] != needle[position] { return false }
        return true
    }

    private static func contains(_ bytes: [UInt8], in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { occurs($0, in: haystack) }
    }
}

/// Gives findings of one rule that share a message template one string between them. A rule whose
/// templates rarely repeat (a message that also names a suggestion, say) stops being interned after a
/// sample, so the table stays small.
struct MessageInterner {
    private var rules: [String] = []
    private var strings: [[UTF8Key: String]] = []
    private var lookups: [Int] = []
    private var hits: [Int] = []
    /// Each rule's last template: findings in name order come in runs of one template (a rule's wording, a
    /// dynamic name's cluster), and comparing bytes with the last one costs less than hashing them.
    private var last: [UTF8Key?] = []
    private static let sample = 2_048

    mutating func intern(_ template: String, rule: String) -> String {
        // Few rules: a short scan finds the slot (and the id is nearly always the same String storage).
        let slot =
            rules.firstIndex(of: rule)
            ?? {
                rules.append(rule)
                strings.append([:])
                lookups.append(0)
                hits.append(0)
                last.append(nil)
                return rules.count - 1
            }()
        // Past the sample, only a rule whose templates mostly repeat keeps being interned.
        if lookups[slot] >= Self.sample, hits[slot] * 2 < lookups[slot] { return template }
        lookups[slot] += 1
        let key = UTF8Key(template)
        if let previous = last[slot], previous == key {
            hits[slot] += 1
            return previous.string
        }
        if let existing = strings[slot][key] {
            hits[slot] += 1
            last[slot] = UTF8Key(existing)
            return existing
        }
        strings[slot][key] = template
        last[slot] = key
        return template
    }
}
