import Foundation

/// A dashboard as PostHog keeps it (posthog-api-2.md §4.2–§4.4): soft-deleted, never destroyed; its tiles hold
/// an insight, a text or a button, each with `sm` (12 columns) and `xs` (1 column) layouts.
struct SimDashboard: @unchecked Sendable {
    // The JSON it holds (filters, layouts) is what JSONSerialization parsed: never mutated in place.
    var id: Int
    var name: String
    var description: String
    var pinned: Bool
    var createdAt: Micros
    var createdBy: Int
    var lastAccessedAt: Micros?
    var deleted: Bool
    /// `default`, `template`, `duplicate` or `unlisted`.
    var creationMode: String
    var tags: [String]
    /// 21: everyone in the project can edit; 37: only collaborators.
    var restrictionLevel: Int
    var filters: [String: Any]
    var tiles: [SimTile]

    /// Tiles not deleted, sorted by `(y, x)` of `layout`, a missing value counting as 100 (§4.4).
    func liveTiles(layout: String = "sm") -> [SimTile] {
        tiles.filter { !$0.deleted }.enumerated().sorted { left, right in
            let a = left.element.position(layout), b = right.element.position(layout)
            return (a.y, a.x, left.offset) < (b.y, b.x, right.offset)
        }.map(\.element)
    }
}

/// One tile: exactly one of insight, text and button is set.
struct SimTile: @unchecked Sendable {
    var id: Int
    var insightID: Int?
    var textID: Int?
    var textBody: String?
    var textModifiedAt: Micros?
    var button: [String: Any]?
    var layouts: [String: Any]
    var color: String?
    var deleted = false
    var filtersOverrides: [String: Any] = [:]
    var showDescription: Bool?
    var transparentBackground: Bool?

    /// `(x, y)` of a layout size, 100 for what is missing.
    func position(_ layout: String) -> (x: Int, y: Int) {
        let size = layouts[layout] as? [String: Any]
        return ((size?["x"] as? Int) ?? 100, (size?["y"] as? Int) ?? 100)
    }

    /// The `sm` width and height, PostHog's default 6×5 when missing.
    var smallSize: (w: Int, h: Int) {
        let size = layouts["sm"] as? [String: Any]
        return (min(12, max(1, (size?["w"] as? Int) ?? 6)), max(1, (size?["h"] as? Int) ?? 5))
    }
}
