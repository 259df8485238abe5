import Foundation

/// A string as a dictionary key, hashed and compared by its UTF-8 bytes.
///
/// `String`'s own `Hashable` works on canonical equivalence, normalising scalar by scalar as it hashes;
/// where a table is keyed by texts that are only ever compared as they were written (message templates,
/// stored texts), hashing the bytes costs a fraction and never treats two different byte sequences as one.
public struct UTF8Key: Hashable, Comparable, Sendable {
    /// The string.
    public let string: String

    /// Wraps a string.
    public init(_ string: String) { self.string = string }

    /// Hashes the string's UTF-8 bytes.
    public func hash(into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Byte order (as SQLite's BINARY collation orders text): the first differing byte, else the shorter first.
    public static func < (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        var (left, right) = (lhs.string, rhs.string)
        return left.withUTF8 { a in
            right.withUTF8 { b in
                let common = min(a.count, b.count)
                let compared = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                return compared != 0 ? compared < 0 : a.count < b.count
            }
        }
    }

    /// Byte for byte equality.
    public static func == (lhs: UTF8Key, rhs: UTF8Key) -> Bool {
        var (left, right) = (lhs.string, rhs.string)
        return left.withUTF8 { a in
            right.withUTF8 { b in
                a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
            }
        }
    }
}
