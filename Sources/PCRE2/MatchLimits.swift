import CPCRE2

/// Bounds on the work one match may do, so user-supplied patterns cannot hang an audit.
public struct MatchLimits: Sendable, Hashable {
    /// Maximum number of internal match-function calls (backtracking steps), PCRE2's `match_limit`.
    public var matchLimit: UInt32
    /// Maximum backtracking depth for the interpreter, PCRE2's `depth_limit`.
    public var depthLimit: UInt32
    /// Maximum heap the interpreter may use for backtracking, in KiB.
    public var heapLimitKiB: UInt32

    /// Creates limits; see PCRE2's `pcre2_set_match_limit` and friends.
    public init(matchLimit: UInt32, depthLimit: UInt32, heapLimitKiB: UInt32) {
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        self.heapLimitKiB = heapLimitKiB
    }

    /// Generous for any real event name (PostHog caps names at 400 characters), tight for catastrophic backtracking.
    public static let `default` = MatchLimits(matchLimit: 1_000_000, depthLimit: 10_000, heapLimitKiB: 16_384)
}
