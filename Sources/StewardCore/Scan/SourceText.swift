/// A source file read for calls: its bytes, the same bytes with comments blanked and the inside of every
/// string literal masked (so neither can look like a call to the patterns), and the literals themselves.
///
/// Masking keeps every byte offset and every line break, so a match in the masked text is a place in the file.
public struct SourceText: Sendable {
    /// The file's UTF-8 bytes.
    public let bytes: [UInt8]
    /// The bytes with comments turned to spaces and string contents to `x` (line breaks kept).
    public let masked: [UInt8]
    /// Every string literal, in file order.
    public let literals: [StringLiteral]
    private let lineStarts: [Int]

    /// Reads `bytes` (valid UTF-8) written in a language with `syntax`.
    public init(bytes: [UInt8], syntax: LexicalSyntax) {
        self.bytes = bytes
        var lexer = Lexer(bytes: bytes, syntax: syntax)
        lexer.run()
        masked = lexer.masked
        literals = lexer.literals
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(index + 1) }
        lineStarts = starts
    }

    /// The literal that starts exactly at `offset`, if one does.
    public func literal(at offset: Int) -> StringLiteral? {
        var low = 0
        var high = literals.count
        while low < high {
            let middle = (low + high) / 2
            if literals[middle].range.lowerBound < offset { low = middle + 1 } else { high = middle }
        }
        return low < literals.count && literals[low].range.lowerBound == offset ? literals[low] : nil
    }

    /// The line (from 1) and column (from 1, in UTF-16 code units as SARIF counts them) of a byte offset.
    public func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count
        while low + 1 < high {
            let middle = (low + high) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle }
        }
        var column = 1
        var index = lineStarts[low]
        while index < offset && index < bytes.count {
            let byte = bytes[index]
            if byte & 0xC0 != 0x80 { column += byte >= 0xF0 ? 2 : 1 }
            index += 1
        }
        return (low + 1, column)
    }

    /// The original text of a byte range, with runs of white space made one space.
    public func text(_ range: Range<Int>) -> String {
        let clamped = max(0, range.lowerBound)..<min(bytes.count, max(range.lowerBound, range.upperBound))
        let raw = String(decoding: bytes[clamped], as: UTF8.self)
        return raw.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }
}

/// One pass over the bytes: comments blanked, literals read and masked.
private struct Lexer {
    let bytes: [UInt8]
    let syntax: LexicalSyntax
    var masked: [UInt8]
    var literals: [StringLiteral] = []
    private let lineComments: [[UInt8]]
    private let blockOpen: [UInt8]?
    private let blockClose: [UInt8]?
    private let quotes: [(quote: LexicalSyntax.Quote, delimiter: [UInt8])]
    /// Bytes that may start a comment, a string or a string's prefix letter: every other byte is passed at once.
    private let starts: [Bool]
    private let isPrefix: [Bool]

    init(bytes: [UInt8], syntax: LexicalSyntax) {
        self.bytes = bytes
        self.syntax = syntax
        self.masked = bytes
        lineComments = syntax.lineComments.map { Array($0.utf8) }
        blockOpen = syntax.blockComment.map { Array($0.open.utf8) }
        blockClose = syntax.blockComment.map { Array($0.close.utf8) }
        quotes = syntax.quotes.map { ($0, Array($0.delimiter.utf8)) }.sorted { $0.delimiter.count > $1.delimiter.count }
        var starts = [Bool](repeating: false, count: 256)
        var isPrefix = [Bool](repeating: false, count: 256)
        for comment in lineComments { starts[Int(comment[0])] = true }
        if let open = blockOpen { starts[Int(open[0])] = true }
        for quote in quotes { starts[Int(quote.delimiter[0])] = true }
        for letter in syntax.prefixes.utf8 {
            starts[Int(letter)] = true
            isPrefix[Int(letter)] = true
        }
        self.starts = starts
        self.isPrefix = isPrefix
    }

    private func hasPrefix(_ needle: [UInt8], at index: Int) -> Bool {
        guard index + needle.count <= bytes.count else { return false }
        for offset in 0..<needle.count where bytes[index + offset] != needle[offset] { return false }
        return true
    }

    private static func isIdentifier(_ byte: UInt8) -> Bool { CallArguments.isIdentifier(byte) }

    mutating func run() {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard starts[Int(byte)] else {
                index += 1
                continue
            }
            if let open = blockOpen, let close = blockClose, byte == open[0], hasPrefix(open, at: index) {
                index = blank(from: index, until: close)
                continue
            }
            if lineComments.contains(where: { byte == $0[0] && hasPrefix($0, at: index) }) {
                var end = index
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                for position in index..<end { masked[position] = UInt8(ascii: " ") }
                index = end
                continue
            }
            // Prefix letters (f"…", rb'…') only count at the start of a token.
            if isPrefix[Int(byte)], index == 0 || !Self.isIdentifier(bytes[index - 1]) {
                var end = index
                while end < bytes.count, end - index < 3, isPrefix[Int(bytes[end])] { end += 1 }
                if let quote = quoteAt(end) {
                    let letters = String(decoding: bytes[index..<end], as: UTF8.self)
                    let format = letters.contains { syntax.formatPrefix.contains($0) }
                    let raw = letters.contains { syntax.rawPrefix.contains($0) }
                    index = literal(start: index, body: end, quote: quote, format: format, raw: raw)
                    continue
                }
            }
            if let quote = quoteAt(index), index == 0 || !Self.isIdentifier(bytes[index - 1]) || byte != UInt8(ascii: "'") {
                index = literal(start: index, body: index, quote: quote, format: false, raw: false)
                continue
            }
            index += 1
        }
    }

    private func quoteAt(_ index: Int) -> (quote: LexicalSyntax.Quote, delimiter: [UInt8])? {
        guard index < bytes.count else { return nil }
        return quotes.first { bytes[index] == $0.delimiter[0] && hasPrefix($0.delimiter, at: index) }
    }

    /// Blanks a block comment from its opening to after `close` (or the end of the file); returns where it ends.
    private mutating func blank(from start: Int, until close: [UInt8]) -> Int {
        var index = start + (blockOpen?.count ?? 0)
        while index < bytes.count && !hasPrefix(close, at: index) { index += 1 }
        let end = min(bytes.count, index + close.count)
        for position in start..<end where bytes[position] != UInt8(ascii: "\n") { masked[position] = UInt8(ascii: " ") }
        return end
    }

    /// Reads a literal whose opening delimiter is at `body`; returns the offset after it.
    private mutating func literal(
        start: Int, body: Int, quote: (quote: LexicalSyntax.Quote, delimiter: [UInt8]), format: Bool, raw: Bool
    ) -> Int {
        let delimiter = quote.delimiter
        let escapes = quote.quote.escapes && !raw
        let interpolation: LexicalSyntax.Interpolation? = format ? .brace : (raw ? nil : quote.quote.interpolation)
        var pieces: [StringLiteral.Piece] = []
        var text: [UInt8] = []
        var index = body + delimiter.count
        var closed = false
        func flush() {
            if !text.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))) }
            text.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if hasPrefix(delimiter, at: index) {
                closed = true
                break
            }
            if byte == UInt8(ascii: "\n") && !quote.quote.multiline { break }
            if escapes && byte == UInt8(ascii: "\\") && index + 1 < bytes.count {
                let next = bytes[index + 1]
                if interpolation == .backslashParen && next == UInt8(ascii: "(") {
                    flush()
                    pieces.append(.expression)
                    index = skipBalanced(from: index + 1, open: UInt8(ascii: "("), close: UInt8(ascii: ")"))
                    continue
                }
                index = escape(at: index, into: &text)
                continue
            }
            if let interpolation, let end = interpolationEnd(at: index, interpolation) {
                if end < 0 {
                    // `{{` and `}}` in an f-string are braces.
                    text.append(byte)
                    index += 2
                    continue
                }
                flush()
                pieces.append(.expression)
                index = end
                continue
            }
            text.append(byte)
            index += 1
        }
        flush()
        let contentEnd = index
        let end = closed ? index + delimiter.count : index
        for position in (body + delimiter.count)..<min(contentEnd, bytes.count) where bytes[position] != UInt8(ascii: "\n") {
            masked[position] = UInt8(ascii: "x")
        }
        if closed { literals.append(StringLiteral(range: start..<end, pieces: pieces)) }
        return max(end, start + 1)
    }

    /// Where an interpolation starting at `index` ends (after its closing bracket), -1 for an escaped brace
    /// pair, nil when none starts there.
    private func interpolationEnd(at index: Int, _ interpolation: LexicalSyntax.Interpolation) -> Int? {
        let byte = bytes[index]
        let next = index + 1 < bytes.count ? bytes[index + 1] : 0
        let brace = UInt8(ascii: "{"), closing = UInt8(ascii: "}")
        switch interpolation {
        case .dollarBrace:
            guard byte == UInt8(ascii: "$"), next == brace else { return nil }
            return skipBalanced(from: index + 1, open: brace, close: closing)
        case .hashBrace:
            guard byte == UInt8(ascii: "#"), next == brace else { return nil }
            return skipBalanced(from: index + 1, open: brace, close: closing)
        case .dollar:
            if byte == UInt8(ascii: "$"), next == brace { return skipBalanced(from: index + 1, open: brace, close: closing) }
            if byte == brace, next == UInt8(ascii: "$") { return skipBalanced(from: index, open: brace, close: closing) }
            guard byte == UInt8(ascii: "$"), Self.isIdentifier(next), !(next >= 0x30 && next <= 0x39), next != UInt8(ascii: "$")
            else { return nil }
            var end = index + 1
            while end < bytes.count && Self.isIdentifier(bytes[end]) && bytes[end] != UInt8(ascii: "$") { end += 1 }
            return end
        case .brace:
            if byte == brace && next == brace { return -1 }
            if byte == closing && next == closing { return -1 }
            guard byte == brace else { return nil }
            return skipBalanced(from: index, open: brace, close: closing)
        case .backslashParen:
            return nil
        }
    }

    /// The offset after the bracket closing the one at `start` (or the end of the line when it never closes).
    private func skipBalanced(from start: Int, open: UInt8, close: UInt8) -> Int {
        var depth = 0
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == open { depth += 1 }
            if byte == close {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            if byte == UInt8(ascii: "\n") && index - start > 4_096 { return index }
            index += 1
        }
        return index
    }

    /// Decodes the escape at `index` into `text`; returns the offset after it.
    private func escape(at index: Int, into text: inout [UInt8]) -> Int {
        let next = bytes[index + 1]
        switch next {
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "0"): text.append(0x00)
        case UInt8(ascii: "u"):
            var end = index + 2
            let braced = end < bytes.count && bytes[end] == UInt8(ascii: "{")
            if braced { end += 1 }
            var value: UInt32 = 0
            var digits = 0
            while end < bytes.count, digits < (braced ? 8 : 4), let digit = Self.hex(bytes[end]) {
                value = value * 16 + digit
                digits += 1
                end += 1
            }
            if braced, end < bytes.count, bytes[end] == UInt8(ascii: "}") { end += 1 }
            if digits > 0, let scalar = Unicode.Scalar(value) {
                text.append(contentsOf: Array(String(Character(scalar)).utf8))
                return end
            }
            text.append(next)
        default: text.append(next)
        }
        return index + 2
    }

    private static func hex(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }
}
