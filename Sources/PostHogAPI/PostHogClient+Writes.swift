import Foundation
import StewardCore

/// PostHog's answer to `bulk_update_tags` and `bulk_update_verified`: what was written and what was skipped.
public struct BulkUpdateResult: Sendable, Equatable {
    /// Ids written, with their full tag list after the update (tags) or their verified state (verified).
    public var updated: [String]
    /// Ids PostHog skipped, with its reason (`Not found`).
    public var skipped: [(id: String, reason: String)]

    /// Whether the two hold the same values.
    public static func == (lhs: BulkUpdateResult, rhs: BulkUpdateResult) -> Bool {
        lhs.updated == rhs.updated && lhs.skipped.map(\.id) == rhs.skipped.map(\.id)
    }
}

/// The writes a fix makes (posthog-api.md §4–§5). Every write is idempotent (a PATCH sets fields, a bulk
/// add or remove of the same tags twice leaves the same tags), so a retry after a lost answer is safe.
extension PostHogClient {
    /// PostHog's limits on `bulk_update_tags`: ids per request, tags per request, and ids × tags.
    public static let bulkMaxIDs = 500
    /// Tags per `bulk_update_tags` request, at most.
    public static let bulkMaxTags = 100
    /// Ids × tags per `bulk_update_tags` request, at most.
    public static let bulkMaxChanges = 10_000

    /// `PATCH …/event_definitions/{id}/` with the given JSON fields; returns the definition as PostHog now has it.
    public func patch(id: String, fields: [String: Any]) async throws(PostHogAPIError) -> EventDefinition {
        let body = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data("{}".utf8)
        let outcome = try await request("PATCH", path: "\(Self.pathComponent(id))/", body: body) { data in
            try JSONDecoder().decode(EventDefinition.self, from: data)
        }
        guard case .value(let definition) = outcome else { throw .badResponse("no definition in PostHog's answer") }
        return definition
    }

    /// `POST …/bulk_update_tags/` for at most 500 ids and 100 tags (ids × tags ≤ 10,000).
    public func bulkUpdateTags(ids: [String], action: String, tags: [String]) async throws(PostHogAPIError) -> BulkUpdateResult {
        precondition(
            ids.count <= Self.bulkMaxIDs && tags.count <= Self.bulkMaxTags && ids.count * max(1, tags.count) <= Self.bulkMaxChanges)
        let body =
            (try? JSONSerialization.data(withJSONObject: ["ids": ids, "action": action, "tags": tags], options: [.sortedKeys])) ?? Data()
        return try await bulk("bulk_update_tags/", body: body)
    }

    /// `POST …/bulk_update_verified/` for at most 500 ids.
    public func bulkUpdateVerified(ids: [String], verified: Bool) async throws(PostHogAPIError) -> BulkUpdateResult {
        precondition(ids.count <= Self.bulkMaxIDs)
        let body = (try? JSONSerialization.data(withJSONObject: ["ids": ids, "verified": verified], options: [.sortedKeys])) ?? Data()
        return try await bulk("bulk_update_verified/", body: body)
    }

    private func bulk(_ path: String, body: Data) async throws(PostHogAPIError) -> BulkUpdateResult {
        let outcome = try await request("POST", path: path, body: body) { data -> BulkUpdateResult in
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not an object"))
            }
            let updated = (object["updated"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let skipped = (object["skipped"] as? [[String: Any]] ?? []).compactMap { item -> (String, String)? in
                (item["id"] as? String).map { ($0, item["reason"] as? String ?? "skipped") }
            }
            return BulkUpdateResult(updated: updated, skipped: skipped)
        }
        guard case .value(let result) = outcome else { throw .badResponse("no result in PostHog's answer") }
        return result
    }

    static func pathComponent(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? id
    }
}
