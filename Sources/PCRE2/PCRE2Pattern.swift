import CPCRE2

/// A compiled PCRE2 pattern, JIT-compiled where the platform allows, safe to share between tasks.
///
/// UTF-8 and Unicode properties are always on. Every match runs under ``MatchLimits`` so that a
/// hostile pattern against a hostile subject ends with ``PCRE2MatchError`` instead of hanging.
public struct PCRE2Pattern: Sendable, CustomStringConvertible {
    /// The pattern text as written.
    public let pattern: String
    /// The options it was compiled with.
    public let options: Options
    /// The limits every match runs under.
    public let limits: MatchLimits
    private let storage: Storage

    /// Compile options for a pattern.
    public struct Options: OptionSet, Sendable, Hashable {
        /// PCRE2 option bits.
        public let rawValue: UInt32
        /// Creates one from its parts.
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Letters match regardless of case (`PCRE2_CASELESS`).
        public static let caseInsensitive = Options(rawValue: UInt32(PCRE2_CASELESS))
        /// The pattern must match at the start of the subject (`PCRE2_ANCHORED`).
        public static let anchored = Options(rawValue: UInt32(PCRE2_ANCHORED))
    }

    /// Whether this pattern runs JIT-compiled code (false means the interpreter fallback).
    public var isJITCompiled: Bool { storage.jit }

    /// The number of capture groups in the pattern.
    public var captureCount: Int { storage.captureCount }

    /// How it reads in messages and output.
    public var description: String { pattern }

    /// Compiles `pattern`, throwing PCRE2's own message and the offset of the problem.
    public init(_ pattern: String, options: Options = [], limits: MatchLimits = .default) throws(PCRE2CompileError) {
        self.pattern = pattern
        self.options = options
        self.limits = limits
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let flags = UInt32(PCRE2_UTF) | UInt32(PCRE2_UCP) | options.rawValue
        var text = pattern
        let compiled: OpaquePointer? = text.withUTF8 { bytes in
            pcre2_compile_8(bytes.baseAddress, bytes.count, flags, &errorCode, &errorOffset, nil)
        }
        guard let code = compiled else {
            throw PCRE2CompileError(
                pattern: pattern, code: errorCode, offset: errorOffset,
                message: PCRE2Error.message(for: errorCode))
        }
        // JIT is an optimisation: when it is unavailable (or runs out of memory) the interpreter serves.
        let jit = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE)) == 0
        var captures: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &captures)
        guard let context = pcre2_match_context_create_8(nil) else {
            pcre2_code_free_8(code)
            throw PCRE2CompileError(
                pattern: pattern, code: PCRE2_ERROR_NOMEMORY, offset: 0,
                message: "out of memory creating a match context")
        }
        pcre2_set_match_limit_8(context, limits.matchLimit)
        pcre2_set_depth_limit_8(context, limits.depthLimit)
        pcre2_set_heap_limit_8(context, limits.heapLimitKiB)
        storage = Storage(code: code, context: context, jit: jit, captureCount: Int(captures))
    }

    /// Whether the pattern matches anywhere in `subject` (or at its start, for anchored patterns).
    public func matches(_ subject: String) throws(PCRE2MatchError) -> Bool {
        try firstMatch(in: subject) != nil
    }

    /// The UTF-8 byte range of the first match in `subject`, or nil when there is none.
    public func firstMatch(in subject: String, from start: Int = 0) throws(PCRE2MatchError) -> PCRE2Match? {
        var text = subject
        // withUTF8 only rethrows untyped errors, so the typed error travels in a Result.
        let result: Result<PCRE2Match?, PCRE2MatchError> = text.withUTF8 { bytes in
            Result { () throws(PCRE2MatchError) in try firstMatch(inUTF8: bytes, from: start) }
        }
        return try result.get()
    }

    /// Every non-overlapping match in `subject`, left to right.
    public func allMatches(in subject: String) throws(PCRE2MatchError) -> [PCRE2Match] {
        var text = subject
        let result: Result<[PCRE2Match], PCRE2MatchError> = text.withUTF8 { bytes in
            Result { () throws(PCRE2MatchError) in
                var found: [PCRE2Match] = []
                var position = 0
                while position <= bytes.count, let match = try firstMatch(inUTF8: bytes, from: position) {
                    found.append(match)
                    if match.range.isEmpty {
                        // Step over one whole UTF-8 scalar so an empty match cannot loop or split a character.
                        var next = match.range.upperBound + 1
                        while next < bytes.count, bytes[next] & 0xC0 == 0x80 { next += 1 }
                        position = next
                    } else {
                        position = match.range.upperBound
                    }
                }
                return found
            }
        }
        return try result.get()
    }

    /// Matches against raw UTF-8 bytes, which must be valid UTF-8 (Swift strings always are).
    public func firstMatch(inUTF8 bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0) throws(PCRE2MatchError) -> PCRE2Match? {
        guard start <= bytes.count else { return nil }
        let matchData = MatchDataCache.current
        // An empty buffer may have no base address; PCRE2 wants a valid pointer even for length 0.
        let emptyByte: [UInt8] = [0]
        let rc: Int32 = emptyByte.withUnsafeBufferPointer { empty in
            let base = bytes.baseAddress ?? empty.baseAddress!
            return pcre2_match_8(
                storage.code, base, bytes.count, start, UInt32(PCRE2_NO_UTF_CHECK),
                matchData, storage.context)
        }
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        guard rc >= 0 else { throw PCRE2MatchError(pattern: pattern, code: rc) }
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        let pairs = Int(pcre2_get_ovector_count_8(matchData))
        let groupCount = min(storage.captureCount, pairs - 1)
        var groups: [Range<Int>?] = []
        if groupCount > 0 {
            groups.reserveCapacity(groupCount)
            for index in 1...groupCount {
                let lower = ovector[2 * index], upper = ovector[2 * index + 1]
                // PCRE2_UNSET is ~0, which Swift's size_t (Int) sees as a negative number.
                groups.append(Int(bitPattern: UInt(bitPattern: lower)) < 0 ? nil : Int(lower)..<Int(upper))
            }
        }
        return PCRE2Match(range: Int(ovector[0])..<Int(ovector[1]), groups: groups)
    }

    private final class Storage: @unchecked Sendable {
        // Sendable because PCRE2 documents compiled code and an unmodified match context as shareable across threads.
        let code: OpaquePointer
        let context: OpaquePointer
        let jit: Bool
        let captureCount: Int
        init(code: OpaquePointer, context: OpaquePointer, jit: Bool, captureCount: Int) {
            self.code = code
            self.context = context
            self.jit = jit
            self.captureCount = captureCount
        }
        deinit {
            pcre2_match_context_free_8(context)
            pcre2_code_free_8(code)
        }
    }
}

/// One match: the UTF-8 byte range of the whole match and of each capture group (nil when unset).
public struct PCRE2Match: Sendable, Equatable {
    /// Byte range of the whole match in the subject's UTF-8.
    public let range: Range<Int>
    /// Byte ranges of the capture groups, in order; nil for a group that did not take part.
    public let groups: [Range<Int>?]
}
