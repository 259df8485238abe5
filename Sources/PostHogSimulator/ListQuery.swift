import Foundation

/// The list endpoint's query string, validated as PostHog validates it (posthog-api.md §2).
struct ListQuery: Sendable {
    var limit = 100
    var offset = 0
    var search: String?
    var eventType = "event"
    var excludeHidden = false
    var excludeStale = false
    var verified: Bool?
    var names: [String] = []
    var excludedNames: [String] = []
    var tags: [String]?
    var ordering: [String] = []

    static let orderingFields = ["name", "last_seen_at", "last_seen_at::date", "created_at", "created_at::date"]

    init(items: [(String, String)]) throws(APIError) {
        func values(_ key: String) -> [String] { items.filter { $0.0 == key }.map(\.1) }
        if let text = values("limit").last {
            guard let value = Int(text) else { throw .validation("A valid integer is required.", attr: "limit") }
            guard value >= 1 else {
                throw .validation("Ensure this value is greater than or equal to 1.", attr: "limit", code: "min_value")
            }
            limit = value
        }
        if let text = values("offset").last {
            guard let value = Int(text) else { throw .validation("A valid integer is required.", attr: "offset") }
            guard value >= 0 else {
                throw .validation("Ensure this value is greater than or equal to 0.", attr: "offset", code: "min_value")
            }
            offset = value
        }
        if let text = values("search").last, !text.trimmingCharacters(in: .whitespaces).isEmpty { search = text }
        if let text = values("event_type").last {
            switch text {
            case "event", "all", "action_event": eventType = "event"
            case "event_custom", "event_posthog": eventType = text
            default: throw .validation("Not a valid event type. Use one of: event, event_custom, event_posthog.", attr: "event_type")
            }
        }
        excludeHidden = values("exclude_hidden").last.map(Self.isTrue) ?? false
        excludeStale = values("exclude_stale").last.map(Self.isTrue) ?? false
        if let text = values("verified").last { verified = Self.isTrue(text) }
        names = values("names").flatMap { $0.split(separator: ",").map(String.init) }
        if let text = values("excluded_properties").last {
            // PostHog does not catch malformed JSON here: it becomes a 500.
            guard let data = text.data(using: .utf8), let list = try? JSONSerialization.jsonObject(with: data) as? [String] else {
                throw APIError.serverError
            }
            excludedNames = list
        }
        if let text = values("tags").last, let data = text.data(using: .utf8),
            let list = try? JSONSerialization.jsonObject(with: data) as? [String]
        {
            tags = list
        }
        ordering = values("ordering").flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            .filter { Self.orderingFields.contains($0.hasPrefix("-") ? String($0.dropFirst()) : $0) }
    }

    /// Django REST Framework's BooleanField spellings of true.
    static func isTrue(_ text: String) -> Bool { ["true", "True", "1", "yes", "on"].contains(text) }

    /// Whether a filter narrows the list enough that PostHog counts it exactly even in a large project.
    var isNarrowing: Bool {
        search != nil || excludeStale || verified != nil || !names.isEmpty || tags != nil || eventType == "event_posthog"
    }

    /// A key for everything but paging, to cache the ordered result between pages.
    var cacheKey: String {
        [
            search ?? "", eventType, "\(excludeHidden)", "\(excludeStale)", verified.map { "\($0)" } ?? "-",
            names.joined(separator: "\u{1}"),
            excludedNames.joined(separator: "\u{1}"), tags?.joined(separator: "\u{1}") ?? "-", ordering.joined(separator: ","),
        ].joined(separator: "\u{2}")
    }
}
