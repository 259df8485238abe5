import PCRE2

/// String constants a file defines (`const SIGNED_UP = 'signed_up'`, `SIGNED_UP = "signed_up"`,
/// `static let signedUp = "signed_up"`, `case signedUp = "signed_up"`, `SignedUp: 'signed_up'`), so a call
/// that names one is read as the name it holds. A name defined twice with different values is left unresolved.
struct ConstantTable {
    private var assigned: [String: StringLiteral?] = [:]
    private var members: [String: StringLiteral?] = [:]

    // `NAME =`, `NAME: Type =`, `NAME :=`, then a literal (checked against the lexer's literals).
    private static let assignment = compile(#"(?<![\w$.])([A-Za-z_$][\w$]*)(?:\s*:\s*[A-Za-z_][\w.<>?\[\]]*)?\s*:?=(?![=>])\s*"#)
    // `NAME: literal` (object members, Go and Dart maps) and `'NAME' => literal`.
    private static let member = compile(#"(?<![\w$.])([A-Za-z_$][\w$]*)\s*:(?!:)\s*"#)

    private static func compile(_ pattern: String) -> PCRE2Pattern {
        do {
            return try PCRE2Pattern(pattern)
        } catch {
            preconditionFailure("built-in constant pattern does not compile: \(error)")
        }
    }

    init(_ source: SourceText) {
        assigned = Self.collect(Self.assignment, in: source)
        members = Self.collect(Self.member, in: source)
    }

    private static func collect(_ pattern: PCRE2Pattern, in source: SourceText) -> [String: StringLiteral?] {
        var table: [String: StringLiteral?] = [:]
        source.masked.withUnsafeBufferPointer { buffer in
            var position = 0
            while position < buffer.count, let match = try? pattern.firstMatch(inUTF8: buffer, from: position) {
                position = max(match.range.upperBound, position + 1)
                guard let nameRange = match.groups[0], let literal = source.literal(at: match.range.upperBound) else { continue }
                // Only a literal that is the whole value: `X = "a" + b` is not a constant.
                var after = literal.range.upperBound
                while after < buffer.count, buffer[after] == 0x20 || buffer[after] == 0x09 { after += 1 }
                if after < buffer.count,
                    ![
                        UInt8(ascii: "\n"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "}"),
                        UInt8(ascii: ")"), UInt8(ascii: "\r"), UInt8(ascii: "/"), UInt8(ascii: "#"),
                    ].contains(buffer[after])
                {
                    continue
                }
                let name = String(decoding: buffer[nameRange], as: UTF8.self)
                if let existing = table[name] {
                    if existing?.template != literal.template { table[name] = .some(nil) }
                } else {
                    table[name] = literal
                }
            }
        }
        return table
    }

    /// The literal a path of names stands for: a lone name from the assignments, a member path by its last name.
    func resolve(_ path: [String]) -> StringLiteral? {
        guard let last = path.last else { return nil }
        if path.count == 1 { return assigned[last] ?? nil }
        if let found = assigned[last] { return found }
        return members[last] ?? nil
    }
}
