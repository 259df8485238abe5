import CPCRE2

/// PCRE2's text for its error codes.
enum PCRE2Error {
    static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = buffer.withUnsafeMutableBufferPointer { pointer in
            pcre2_get_error_message_8(code, pointer.baseAddress, pointer.count)
        }
        guard length > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }
}

/// A pattern that PCRE2 refused to compile, with its message and where in the pattern it stopped.
public struct PCRE2CompileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    /// PCRE2's error code.
    public let code: Int32
    /// Offset in the pattern, in UTF-8 code units, where PCRE2 found the problem.
    public let offset: Int
    /// PCRE2's own message.
    public let message: String

    /// How it reads in messages and output.
    public var description: String {
        "invalid regular expression '\(pattern)': \(message) at offset \(offset)"
    }
}

/// A match that could not finish, most often because it hit a ``MatchLimits`` bound.
public struct PCRE2MatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pattern that was running.
    public let pattern: String
    /// PCRE2's (negative) error code.
    public let code: Int32

    /// Whether the match stopped on a match, depth, heap or JIT stack limit.
    public var isLimitExceeded: Bool {
        [PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_JIT_STACKLIMIT].contains(code)
    }

    /// PCRE2's own message.
    public var message: String { PCRE2Error.message(for: code) }

    /// How it reads in messages and output.
    public var description: String { "regular expression '\(pattern)' stopped: \(message)" }
}
