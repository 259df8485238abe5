/// The arguments of one call (or the fields of a struct or hash literal) in masked source, each with its
/// label when it has one (`event=`, `event:`, `'event' =>`, `:event =>`), read without running anything.
struct CallArguments {
    /// One argument: where its value is and the label naming it.
    struct Argument {
        var label: String?
        var value: Range<Int>
    }

    var arguments: [Argument]

    /// The longest argument list read, so an unclosed call cannot make a scan read the rest of the file.
    static let maximumLength = 16_384

    /// Reads the list that starts after the opener at `start - 1` (`(`, `{`, `[`) or, with `untilLineEnd`, runs to the end of the line.
    init(_ source: SourceText, from start: Int, closer: UInt8?, language: ScanLanguage) {
        let masked = source.masked
        var arguments: [Argument] = []
        var depth = 0
        var argumentStart = start
        var index = start
        let limit = min(masked.count, start + Self.maximumLength)
        func close(at end: Int) {
            let range = Self.trimmed(masked, argumentStart..<end)
            if !range.isEmpty { arguments.append(Self.labelled(source, range, language: language)) }
        }
        while index < limit {
            let byte = masked[index]
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 0 {
                    close(at: index)
                    self.arguments = arguments
                    return
                }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 {
                    close(at: index)
                    argumentStart = index + 1
                }
            case UInt8(ascii: "\n"), UInt8(ascii: ";"):
                if closer == nil, depth == 0 {
                    close(at: index)
                    self.arguments = arguments
                    return
                }
            default: break
            }
            index += 1
        }
        close(at: index)
        self.arguments = arguments
    }

    private init(arguments: [Argument]) { self.arguments = arguments }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }

    /// Whether a byte may be part of an identifier in any of the languages (`$` for JavaScript and PHP, any UTF-8 byte above ASCII).
    static func isIdentifier(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
            || byte == 0x24 || byte >= 0x80
    }

    static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && isSpace(bytes[lower]) { lower += 1 }
        while upper > lower && isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Splits `label <sep> value` off an argument.
    private static func labelled(_ source: SourceText, _ range: Range<Int>, language: ScanLanguage) -> Argument {
        let masked = source.masked
        var index = range.lowerBound
        var label: String?
        if let literal = source.literal(at: index), case .text(let key)? = literal.pieces.first, literal.pieces.count == 1 {
            // 'event' => …, "event": …
            index = literal.range.upperBound
            label = key
        } else {
            if masked[index] == UInt8(ascii: ":") { index += 1 }  // Ruby's :event => …
            let nameStart = index
            while index < range.upperBound && isIdentifier(masked[index]) { index += 1 }
            guard index > nameStart else { return Argument(label: nil, value: range) }
            label = String(decoding: masked[nameStart..<index], as: UTF8.self)
        }
        while index < range.upperBound && isSpace(masked[index]) { index += 1 }
        guard index < range.upperBound else { return Argument(label: nil, value: range) }
        let separator = masked[index]
        let following = index + 1 < range.upperBound ? masked[index + 1] : 0
        var valueStart: Int
        if separator == UInt8(ascii: "="), following == UInt8(ascii: ">") {
            valueStart = index + 2
        } else if separator == UInt8(ascii: "="), following != UInt8(ascii: "="), language != .javascript || label == nil {
            valueStart = index + 1
        } else if separator == UInt8(ascii: ":"), following != UInt8(ascii: ":") {
            valueStart = index + 1
        } else {
            return Argument(label: nil, value: range)
        }
        while valueStart < range.upperBound && isSpace(masked[valueStart]) { valueStart += 1 }
        return Argument(label: label, value: valueStart..<range.upperBound)
    }

    /// The arguments of a struct, object, array or hash literal that is the whole of `range`, if it is one.
    static func literalFields(_ source: SourceText, _ range: Range<Int>, language: ScanLanguage) -> CallArguments? {
        let masked = source.masked
        var index = range.lowerBound
        // PHP's array( … ) is the same as [ … ].
        if range.count > 6, masked[index..<index + 5].elementsEqual("array".utf8) {
            index += 5
            while index < range.upperBound && isSpace(masked[index]) { index += 1 }
        }
        guard index < range.upperBound, [UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "(")].contains(masked[index]),
            masked[range.upperBound - 1] == UInt8(ascii: "}") || masked[range.upperBound - 1] == UInt8(ascii: "]")
                || masked[range.upperBound - 1] == UInt8(ascii: ")")
        else { return nil }
        let inner = CallArguments(source, from: index + 1, closer: masked[range.upperBound - 1], language: language)
        return CallArguments(arguments: inner.arguments)
    }
}
