/// Reads the expression a call passes as its event name: a literal, a constant defined in the same file, a
/// literal with code interpolated, a concatenation or a format call (both dynamic, as templates), or
/// something only running the code could tell (unresolved).
struct NameExpression {
    enum Token: Equatable {
        case literal(StringLiteral)
        case identifier(String)
        case symbol(String)
    }

    /// The longest expression read as a name; longer ones are reported unresolved.
    static let maximumLength = 2_048

    static func tokens(_ source: SourceText, _ range: Range<Int>) -> [Token] {
        let masked = source.masked
        var tokens: [Token] = []
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = masked[index]
            if CallArguments.isSpace(byte) {
                index += 1
                continue
            }
            if let literal = source.literal(at: index) {
                tokens.append(.literal(literal))
                index = max(index + 1, literal.range.upperBound)
                continue
            }
            if CallArguments.isIdentifier(byte) {
                let start = index
                while index < range.upperBound && CallArguments.isIdentifier(masked[index]) { index += 1 }
                tokens.append(.identifier(String(decoding: masked[start..<index], as: UTF8.self)))
                continue
            }
            // Two-byte operators that matter here: ?. :: -> <<
            if index + 1 < range.upperBound {
                let pair = String(decoding: masked[index...index + 1], as: UTF8.self)
                if ["?.", "::", "->", "<<", "!!"].contains(pair) {
                    tokens.append(.symbol(pair))
                    index += 2
                    continue
                }
            }
            tokens.append(.symbol(String(UnicodeScalar(byte))))
            index += 1
        }
        return tokens
    }

    /// What the expression in `range` names.
    static func evaluate(_ source: SourceText, _ range: Range<Int>, constants: ConstantTable, language: ScanLanguage) -> CallName {
        let unresolved = CallName.unresolved(expression: clip(source.text(range)))
        guard range.count <= maximumLength else { return unresolved }
        var tokens = tokens(source, range)
        // Swift's and Kotlin's `!`/`!!`, TypeScript's `as const`: nothing to do with the name.
        while let last = tokens.last, last == .symbol("!") || last == .symbol("!!") { tokens.removeLast() }
        if tokens.count >= 3, tokens[tokens.count - 2] == .identifier("as") { tokens.removeLast(2) }
        if tokens.count == 1, case .literal(let literal) = tokens[0] { return name(of: literal) }
        if let path = identifierPath(tokens[...]) {
            return constants.resolve(path).map(name(of:)) ?? unresolved
        }
        if let template = formatTemplate(tokens) { return .dynamic(template: template) }
        if let template = concatenation(tokens, constants: constants, language: language) { return .dynamic(template: template) }
        return unresolved
    }

    static func name(of literal: StringLiteral) -> CallName {
        literal.isDynamic ? .dynamic(template: literal.template) : .name(literal.template)
    }

    static func clip(_ text: String) -> String { text.count > 80 ? String(text.prefix(79)) + "…" : text }

    /// `A`, `Events.SIGNED_UP`, `self.kSignedUp`, `Events::SIGNED_UP`, `$this->event`: the names of the path.
    static func identifierPath(_ tokens: ArraySlice<Token>) -> [String]? {
        var path: [String] = []
        var expectIdentifier = true
        for token in tokens {
            switch token {
            case .identifier(let name) where expectIdentifier:
                path.append(name)
                expectIdentifier = false
            case .symbol(let symbol) where !expectIdentifier && [".", "?.", "::", "->"].contains(symbol):
                expectIdentifier = true
            default: return nil
            }
        }
        return path.isEmpty || expectIdentifier ? nil : path
    }

    /// A format call or operator whose format string is a literal: `"a_%s" % x`, `"a_{}".format(x)`,
    /// `fmt.Sprintf("a_%s", x)`, `String.format("a_%s", x)`, `String(format: "a_%@", x)`, `sprintf('a_%s', $x)`.
    static func formatTemplate(_ tokens: [Token]) -> String? {
        let formatters: Set<String> = ["Sprintf", "sprintf", "format", "Format", "printf", "Sprint", "formatted"]
        if tokens.count >= 3, case .literal(let literal) = tokens[0], !literal.isDynamic {
            if tokens[1] == .symbol("%") { return printfTemplate(literal.template) }
            if tokens[1] == .symbol("."), case .identifier(let method) = tokens[2], formatters.contains(method) {
                return braceTemplate(printfTemplate(literal.template))
            }
        }
        for (index, token) in tokens.enumerated() {
            guard case .identifier(let function) = token, formatters.contains(function) || function == "String",
                index + 2 < tokens.count, tokens[index + 1] == .symbol("(")
            else { continue }
            var next = index + 2
            // Swift's String(format: "…"): skip the label.
            if next + 1 < tokens.count, tokens[next] == .identifier("format"), tokens[next + 1] == .symbol(":") { next += 2 }
            guard next < tokens.count, case .literal(let literal) = tokens[next], !literal.isDynamic else { continue }
            if function == "String" && next == index + 2 { continue }
            return braceTemplate(printfTemplate(literal.template))
        }
        return nil
    }

    /// `"a_" + x + "_b"` (or PHP's `.`, Ruby's `<<`): literal pieces kept, everything else `<expr>`.
    static func concatenation(_ tokens: [Token], constants: ConstantTable, language: ScanLanguage) -> String? {
        let joiners: Set<String> = language == .php ? [".", "+"] : ["+", "<<"]
        var pieces: [[Token]] = [[]]
        var depth = 0
        for token in tokens {
            if case .symbol(let symbol) = token {
                if ["(", "[", "{"].contains(symbol) { depth += 1 }
                if [")", "]", "}"].contains(symbol) { depth -= 1 }
                if depth == 0, joiners.contains(symbol) {
                    // PHP's `.` between two identifiers is not concatenation, but PHP has `->` for members.
                    pieces.append([])
                    continue
                }
            }
            pieces[pieces.count - 1].append(token)
        }
        guard pieces.count > 1, pieces.allSatisfy({ !$0.isEmpty }) else { return nil }
        var sawLiteral = false
        var template = ""
        for piece in pieces {
            if piece.count == 1, case .literal(let literal) = piece[0] {
                sawLiteral = true
                template += literal.template
            } else if let path = identifierPath(piece[...]), let literal = constants.resolve(path) {
                sawLiteral = true
                template += literal.template
            } else if !template.hasSuffix(CallName.expressionMarker) {
                template += CallName.expressionMarker
            }
        }
        return sawLiteral ? template : nil
    }

    /// `%s`, `%d`, `%v`, `%@`, `%1$s`… become `<expr>`; `%%` is `%`.
    static func printfTemplate(_ format: String) -> String {
        var out = ""
        var characters = format[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            guard character == "%" else {
                out.append(character)
                continue
            }
            if characters.first == "%" {
                out.append("%")
                characters = characters.dropFirst()
                continue
            }
            let flags = characters.prefix { "0123456789.-+ #$lhqzjt".contains($0) }
            let rest = characters.dropFirst(flags.count)
            if let conversion = rest.first, "sdifgeEFGxXoucpqvTt@b".contains(conversion) {
                out += CallName.expressionMarker
                characters = rest.dropFirst()
            } else {
                out.append("%")
            }
        }
        return out
    }

    /// `{}`, `{0}`, `{name}` (Python's str.format, Java's MessageFormat) become `<expr>`; `{{` and `}}` are braces.
    static func braceTemplate(_ format: String) -> String {
        var out = ""
        var characters = format[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            if character == "{", characters.first == "{" {
                out.append("{")
                characters = characters.dropFirst()
            } else if character == "}", characters.first == "}" {
                out.append("}")
                characters = characters.dropFirst()
            } else if character == "{", let close = characters.firstIndex(of: "}"),
                characters[..<close].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" || $0 == "." })
            {
                out += CallName.expressionMarker
                characters = characters[characters.index(after: close)...]
            } else {
                out.append(character)
            }
        }
        return out
    }
}
