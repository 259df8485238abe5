import PCRE2

/// The patterns of one `.gitignore`, matched as git does: later lines win, `!` re-includes, a trailing `/`
/// matches directories only, a pattern with a `/` before its end is anchored to the file's folder, `**`
/// spans folders, and anything else matches a name at any depth.
struct GitIgnore: Sendable {
    struct Rule: Sendable {
        let regex: PCRE2Pattern
        let negated: Bool
        let directoryOnly: Bool
        let anchored: Bool
    }

    /// The folder the file is in, relative to the scan root ("" for the root), with a trailing `/` otherwise.
    let base: String
    let rules: [Rule]

    init(text: String, base: String) {
        self.base = base
        var rules: [Rule] = []
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var line = Substring(rawLine)
            // Trailing spaces are ignored unless escaped.
            while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line = line.dropLast() }
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            var negated = false
            if line.hasPrefix("!") {
                negated = true
                line = line.dropFirst()
            } else if line.hasPrefix("\\!") || line.hasPrefix("\\#") {
                line = line.dropFirst()
            }
            var directoryOnly = false
            if line.hasSuffix("/") {
                directoryOnly = true
                line = line.dropLast()
            }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line = line.dropFirst() }
            guard !line.isEmpty, let regex = try? PCRE2Pattern(Self.regex(glob: String(line))) else { continue }
            rules.append(Rule(regex: regex, negated: negated, directoryOnly: directoryOnly, anchored: anchored))
        }
        self.rules = rules
    }

    /// The glob as an anchored regular expression.
    static func regex(glob: String) -> String {
        var out = "^"
        let characters = Array(glob)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "*":
                if index + 1 < characters.count, characters[index + 1] == "*" {
                    let atStart = index == 0 || characters[index - 1] == "/"
                    let atEnd = index + 2 == characters.count
                    let slashAfter = index + 2 < characters.count && characters[index + 2] == "/"
                    if atStart && slashAfter {
                        out += "(?:.*/)?"
                        index += 3
                        continue
                    }
                    if atStart && atEnd {
                        out += ".*"
                        index += 2
                        continue
                    }
                    out += "[^/]*"
                    index += 2
                    continue
                }
                out += "[^/]*"
            case "?": out += "[^/]"
            case "[":
                if let close = characters[(index + 1)...].firstIndex(of: "]"), close > index + 1 {
                    var set = String(characters[(index + 1)..<close])
                    if set.hasPrefix("!") { set = "^" + set.dropFirst() }
                    out += "[" + set.replacingOccurrences(of: "\\", with: "\\\\") + "]"
                    index = close + 1
                    continue
                }
                out += "\\["
            case "\\":
                if index + 1 < characters.count {
                    out += escape(characters[index + 1])
                    index += 2
                    continue
                }
            default: out += escape(character)
            }
            index += 1
        }
        return out + "$"
    }

    private static func escape(_ character: Character) -> String {
        character.isLetter || character.isNumber || character == "_" || character == "/" || character == "-"
            ? String(character) : "\\" + String(character)
    }

    /// Whether this file decides `path` (relative to the scan root): true ignored, false re-included, nil silent.
    func decision(path: String, name: String, isDirectory: Bool) -> Bool? {
        guard path.hasPrefix(base) else { return nil }
        let relative = String(path.dropFirst(base.count))
        for rule in rules.reversed() where !rule.directoryOnly || isDirectory {
            let subject = rule.anchored ? relative : name
            if (try? rule.regex.matches(subject)) == true { return !rule.negated }
        }
        return nil
    }
}
