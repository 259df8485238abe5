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
