import Foundation
import StewardCore

/// Looking one definition up by name (posthog-api-2.md §2.3).
extension PostHogClient {
    /// `GET …/event_definitions/by_name/?name=…`: the definition, or nil when PostHog has none of that name.
    /// A 404 that is not about the name (a project that does not exist) is still an error.
    public func definition(named name: String) async throws(PostHogAPIError) -> EventDefinition? {
        do throws(PostHogAPIError) {
            let outcome = try await request("GET", path: "by_name/", query: [("name", name)]) { data in
                try JSONDecoder().decode(EventDefinition.self, from: data)
            }
            guard case .value(let definition) = outcome else { throw PostHogAPIError.badResponse("no definition in PostHog's answer") }
            return definition
        } catch {
            if case .projectNotFound(let detail) = error, detail.contains("Event definition with name") { return nil }
            throw error
        }
    }
}

/// Creating and deleting definitions (posthog-api-2.md §2.1–§2.2), for a tracking plan's missing events and
/// their undo.
extension PostHogClient {
    /// What a create came to.
    public enum Created: Sendable {
        /// PostHog made it (201).
        case created(EventDefinition)
        /// PostHog already holds a definition of that name (400, attr `name`): it is returned as `by_name` reads
        /// it, never created twice (also what a retried POST whose first answer was lost meets).
        case existed(EventDefinition)
    }

    /// `POST …/event_definitions/` with `body`; a name that exists is read back with `by_name` instead.
    public func create(_ body: [String: any Sendable]) async throws(PostHogAPIError) -> Created {
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data("{}".utf8)
        do throws(PostHogAPIError) {
            let outcome = try await request("POST", body: data) { data in try JSONDecoder().decode(EventDefinition.self, from: data) }
            guard case .value(let definition) = outcome else { throw PostHogAPIError.badResponse("no definition in PostHog's answer") }
            return .created(definition)
        } catch {
            guard case .rejected(400, let detail) = error, detail.contains("already exists"), let name = body["name"] as? String else {
                throw error
            }
            guard let existing = try await definition(named: name) else {
                throw .badResponse("PostHog said '\(name)' already exists, but by_name does not find it")
            }
            return .existed(existing)
        }
    }

    /// `DELETE …/event_definitions/{id}/` (204); false when PostHog no longer has it (404).
    public func delete(id: String) async throws(PostHogAPIError) -> Bool {
        do throws(PostHogAPIError) {
            _ = try await request("DELETE", path: "\(Self.pathComponent(id))/") { _ in true }
            return true
        } catch {
            if case .projectNotFound(let detail) = error, !detail.contains("Project") { return false }
            throw error
        }
    }
}
