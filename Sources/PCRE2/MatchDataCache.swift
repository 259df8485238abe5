import CPCRE2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One PCRE2 match-data block per thread, reused across matches and patterns.
///
/// Match data must never be shared between concurrent matches; a thread runs one match at a time,
/// and matching never suspends, so a per-thread block is safe and saves an allocation per match.
enum MatchDataCache {
    /// Room for the whole match and 63 capture groups; patterns with more groups report the first 63.
    static let pairs: UInt32 = 64

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            pcre2_match_data_free_8(OpaquePointer(pointer))
        }
        return key
    }()

    static var current: OpaquePointer {
        if let existing = pthread_getspecific(key) {
            return OpaquePointer(existing)
        }
        guard let created = pcre2_match_data_create_8(pairs, nil) else {
            fatalError("PCRE2 could not allocate match data: out of memory")
        }
        pthread_setspecific(key, UnsafeRawPointer(created))
        return created
    }
}
