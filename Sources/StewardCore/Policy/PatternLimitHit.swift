import PCRE2

/// A policy's name pattern stopped at PCRE2's match limit on one name, so whether it applies is unknown.
///
/// Scope, override and `when` patterns decide which rules judge a definition; treating "unknown" as
/// "no match" would quietly exclude, or spare, exactly the names a catastrophic pattern meets.
public struct PatternLimitHit: Error, Sendable, CustomStringConvertible {
    /// Where the pattern is written: `scope.exclude_names`, `overrides[2].when.name_matches`, …
    public var place: String
    /// The pattern.
    public var pattern: String
    /// The name it was matched against.
    public var name: String
    /// PCRE2's words for the limit.
    public var detail: String

    /// How it reads in messages and output.
    public var description: String {
        "\(place): the pattern '\(pattern)' stopped at PCRE2's match limit on the name '\(name)' (\(detail)), so Steward cannot tell whether it applies; simplify it, for example remove nested quantifiers such as (a+)+."
    }

    /// The same problem as a usage error (exit 2): the policy must be fixed before it can judge.
    public var stewardError: StewardError { StewardError(.usage, description) }

    /// Whether any of `patterns` matches `name`, throwing at the first that cannot tell.
    static func any(_ patterns: [PCRE2Pattern], match name: String, at place: String) throws(PatternLimitHit) -> Bool {
        for pattern in patterns {
            do {
                if try pattern.matches(name) { return true }
            } catch {
                throw PatternLimitHit(place: place, pattern: pattern.pattern, name: name, detail: error.message)
            }
        }
        return false
    }
}
