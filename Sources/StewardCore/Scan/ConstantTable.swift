/// String constants a file defines (`const SIGNED_UP = 'signed_up'`, `SIGNED_UP = "signed_up"`,
/// `static let signedUp = "signed_up"`, `case signedUp = "signed_up"`, `SIGNED_UP: str = "…"`, Go's `:=`,
/// `SignedUp: 'signed_up'` in an object), so a call that names one is read as the name it holds. A name
/// defined twice with different values is left unresolved.
///
/// Read from the literals the lexer found, looking back from each to the `=` or `:` and the name before
/// it, so a file costs one step per literal rather than a pattern run over all of it.
struct ConstantTable {
    private var assigned: [String: StringLiteral?] = [:]
    private var members: [String: StringLiteral?] = [:]

    init(_ source: SourceText) {
        let bytes = source.masked
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        func identifier(endingAt end: Int) -> Range<Int>? {
            var start = end
            while start > 0 && CallArguments.isIdentifier(bytes[start - 1]) { start -= 1 }
            guard start < end, !(bytes[start] >= 0x30 && bytes[start] <= 0x39) else { return nil }
            return start..<end
        }
        for literal in source.literals {
            // Only a literal that is the whole value: `X = "a" + b` is not a constant.
            var after = literal.range.upperBound
            while after < bytes.count, isSpace(bytes[after]) { after += 1 }
            if after < bytes.count, !Self.terminators.contains(bytes[after]) { continue }
            var index = literal.range.lowerBound
            while index > 0, isSpace(bytes[index - 1]) { index -= 1 }
            guard index > 0 else { continue }
            let sign = bytes[index - 1]
            var isMember = false
            if sign == UInt8(ascii: "=") {
                index -= 1
                if index > 0, [UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">")].contains(bytes[index - 1]) {
                    continue
                }
                if index > 0, bytes[index - 1] == UInt8(ascii: ":") { index -= 1 }  // Go's :=
            } else if sign == UInt8(ascii: ":"), index < 2 || bytes[index - 2] != UInt8(ascii: ":") {
                index -= 1
                isMember = true
            } else {
                continue
            }
            while index > 0, isSpace(bytes[index - 1]) { index -= 1 }
            guard var name = identifier(endingAt: index) else { continue }
            if !isMember {
                // `NAME: Type = "…"`: the name is before the annotation.
                var before = name.lowerBound
                while before > 0, isSpace(bytes[before - 1]) { before -= 1 }
                if before > 0, bytes[before - 1] == UInt8(ascii: ":"), before < 2 || bytes[before - 2] != UInt8(ascii: ":") {
                    before -= 1
                    while before > 0, isSpace(bytes[before - 1]) { before -= 1 }
                    guard let annotated = identifier(endingAt: before) else { continue }
                    name = annotated
                }
            }
            // `self.x = "…"` and `a.b: "…"` are not constants of this file.
            if name.lowerBound > 0, bytes[name.lowerBound - 1] == UInt8(ascii: ".") { continue }
            let key = String(decoding: bytes[name], as: UTF8.self)
            if isMember {
                Self.add(literal, as: key, to: &members)
            } else {
                Self.add(literal, as: key, to: &assigned)
            }
        }
    }

    private static let terminators: Set<UInt8> = [
        UInt8(ascii: "\n"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: ")"), UInt8(ascii: "\r"),
        UInt8(ascii: "/"), UInt8(ascii: "#"),
    ]

    private static func add(_ literal: StringLiteral, as name: String, to table: inout [String: StringLiteral?]) {
        if let existing = table[name] {
            if existing?.template != literal.template { table[name] = .some(nil) }
        } else {
            table[name] = literal
        }
    }

    /// The literal a path of names stands for: a lone name from the assignments, a member path by its last name.
    func resolve(_ path: [String]) -> StringLiteral? {
        guard let last = path.last else { return nil }
        if path.count == 1 { return assigned[last] ?? nil }
        if let found = assigned[last] { return found }
        return members[last] ?? nil
    }
}
