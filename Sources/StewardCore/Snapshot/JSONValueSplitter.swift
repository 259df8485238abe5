import Foundation

/// Finds the top-level JSON values in a byte buffer, so that concatenated pages (`cat page*.json`)
/// can be read one by one, and reports syntax problems by line and column.
///
/// It checks structure (brackets, strings, escapes) only; each value is then decoded by JSONDecoder.
enum JSONValueSplitter {
    struct Failure: Error {
        var line: Int
        var column: Int
        var problem: String
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    static func split(_ data: Data) throws -> [Range<Int>] {
        try data.withUnsafeBytes { raw -> [Range<Int>] in
            let bytes = raw.bindMemory(to: UInt8.self)
            var values: [Range<Int>] = []
            var index = 0
            let base = 0
            // A UTF-8 byte order mark is tolerated at the start.
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
            func failure(_ at: Int, _ problem: String) -> Failure {
                var line = 1, column = 1
                for position in 0..<min(at, bytes.count) {
                    if bytes[position] == 0x0A { line += 1; column = 1 } else if bytes[position] & 0xC0 != 0x80 { column += 1 }
                }
                return Failure(line: line, column: column, problem: problem)
            }
            while true {
                while index < bytes.count, isWhitespace(bytes[index]) { index += 1 }
                if index == bytes.count { break }
                let start = index
                var stack: [UInt8] = []
                repeat {
                    let byte = bytes[index]
                    switch byte {
                    case UInt8(ascii: "{"), UInt8(ascii: "["):
                        stack.append(byte)
                        index += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        let opener = byte == UInt8(ascii: "}") ? UInt8(ascii: "{") : UInt8(ascii: "[")
                        guard stack.last == opener else {
                            throw failure(index, "unexpected '\(Character(Unicode.Scalar(byte)))'")
                        }
                        stack.removeLast()
                        index += 1
                    case UInt8(ascii: "\""):
                        index += 1
                        var closed = false
                        while index < bytes.count {
                            let inner = bytes[index]
                            if inner == UInt8(ascii: "\\") { index += 2; continue }
                            if inner < 0x20 { throw failure(index, "control character inside a string") }
                            index += 1
                            if inner == UInt8(ascii: "\"") { closed = true; break }
                        }
                        guard closed else { throw failure(start, "a string is never closed") }
                    default:
                        guard stack.isEmpty else { index += 1; continue }
                        // A bare top-level value: a number or true/false/null, nothing else.
                        var end = index
                        while end < bytes.count, !isWhitespace(bytes[end]), !"{}[]\"".utf8.contains(bytes[end]) { end += 1 }
                        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self)
                        guard ["true", "false", "null"].contains(word) || Double(word) != nil else {
                            throw failure(index, "unexpected '\(word.prefix(20))'")
                        }
                        index = end
                    }
                } while !stack.isEmpty && index < bytes.count
                guard stack.isEmpty else {
                    throw failure(
                        bytes.count, "the file ends inside a JSON \(stack.last == UInt8(ascii: "{") ? "object" : "array") (truncated?)")
                }
                values.append((base + start)..<(base + index))
            }
            return values
        }
    }
}
