/// The events PostHog's own SDKs and products send, which are not the project's to rename or own.
///
/// The names come from PostHog's taxonomy and SDK sources, generated into `data/posthog-events.tsv` and
/// embedded (`PostHogEvents+Generated.swift`, by `scripts/generate-posthog-events.py`): exact names, the
/// case variants the mobile SDKs send (`Application Opened` beside the taxonomy's `Application opened`),
/// PostHog's legacy non-`$` names (`mcp_tool_call`), and `$` families by prefix (`$ai_…`, `$mcp_…`).
public enum PostHogEvents {
    /// Exact names PostHog sends, with where each comes from (`taxonomy`, `sdk: posthog-js surveys`).
    public static let sources: [String: String] = Dictionary(
        generatedNames.map { ($0.name, $0.source) }, uniquingKeysWith: { first, _ in first })

    /// Exact names PostHog sends.
    public static let names: Set<String> = Set(sources.keys)

    /// Prefixes of `$` families PostHog keeps adding to (`$ai_`, `$survey_`).
    public static let prefixes: [String] = generatedPrefixes.map(\.prefix)

    /// Whether `name` is one of PostHog's own events.
    public static func contains(_ name: String) -> Bool { origin(of: name) != nil }

    /// Where PostHog's event `name` comes from (`taxonomy`, `sdk: posthog-ios, …`, `the $ai_ family
    /// (taxonomy family)`), or nil when it is not PostHog's.
    public static func origin(of name: String) -> String? {
        if let source = sources[name] { return source }
        guard name.utf8.first == UInt8(ascii: "$") else { return nil }
        guard let family = generatedPrefixes.first(where: { name.hasPrefix($0.prefix) }) else { return nil }
        return "the \(family.prefix) family (\(family.source))"
    }
}
