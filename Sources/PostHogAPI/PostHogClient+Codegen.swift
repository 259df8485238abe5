import Foundation
import StewardCore

/// PostHog's typed-code generators (posthog-api-2.md §1).
extension PostHogClient {
    /// `GET …/event_definitions/{typescript|golang|python}/`: the generated file with its schema hash and
    /// generator version, or, from older instances, the TypeScript module as text.
    public func generatedCode(_ language: GeneratedCode.Language) async throws(PostHogAPIError) -> GeneratedCode {
        let outcome = try await request("GET", path: "\(language.rawValue)/") { data in try GeneratedCode.decode(data) }
        guard case .value(let code) = outcome else { throw PostHogAPIError.badResponse("no generated code in PostHog's answer") }
        return code
    }
}
