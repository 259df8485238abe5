import Foundation
import PostHogAPI
import StewardCore

/// Reading what depends on each event: every saved insight, dashboard and action, indexed by event.
public enum UsageReading {
    /// Reads saved insights, then dashboards and actions side by side, with `client` (its budget and
    /// connections).
    public static func data(
        with client: PostHogClient, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws(PostHogAPIError) -> UsageData {
        do {
            // Insights first (their first page says whether the key may read usage at all), then the two short
            // lists side by side.
            let insights = try await client.savedInsights(progress: progress)
            async let actions = client.actions()
            async let dashboards = client.dashboards()
            return UsageData(insights: insights, dashboards: try await dashboards, actions: try await actions)
        } catch let error as PostHogAPIError {
            throw error
        } catch {
            throw .badResponse("\(error)")
        }
    }

    /// For audits and snapshots: the data, or why it is unavailable (said once, never an error).
    public static func attempt(
        with client: PostHogClient, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async -> (data: UsageData?, note: String?) {
        do {
            return (try await data(with: client, progress: progress), nil)
        } catch {
            return (nil, unavailableNote(error))
        }
    }

    /// "usage unavailable: …", naming the scope a refusal gives.
    static func unavailableNote(_ error: PostHogAPIError) -> String {
        switch error {
        case .missingScope(let scope, _):
            return "usage unavailable: the key lacks \(scope) (give it insight:read, dashboard:read and action:read)"
        case .projectForbidden(let detail):
            return "usage unavailable: PostHog refused to list insights, dashboards or actions (\(detail))"
        default:
            return "usage unavailable: \(error.description)"
        }
    }

    /// Query counts for a few events (`…/metrics/`, tried once: PostHog gives that action no scopes, so a
    /// personal key most likely gets 403, said once).
    public static func queryCounts(
        with client: PostHogClient, for definitions: [(id: String, name: String)]
    ) async -> (counts: [String: Int], note: String?) {
        guard let first = definitions.first else { return ([:], nil) }
        var counts: [String: Int] = [:]
        do {
            counts[first.name] = try await client.queryUsage(definitionID: first.id)
        } catch {
            switch error {
            case .missingScope, .projectForbidden:
                return (
                    [:], "query counts unavailable: PostHog does not let this key read event metrics (…/metrics/ answered 403)"
                )
            default:
                return ([:], "query counts unavailable: \(error.description)")
            }
        }
        for definition in definitions.dropFirst() {
            guard let count = try? await client.queryUsage(definitionID: definition.id) else { continue }
            counts[definition.name] = count
        }
        return (counts, nil)
    }

    /// The index and the insights' names, for `steward usage` and prune; a refusal (a scope the key lacks) is a
    /// usage error that starts with `doing` and names the scope.
    public static func read(
        _ remote: DefinitionSource.RemoteOptions, doing: String, otherwise: String = "."
    ) async throws(StewardError) -> UsageIndex {
        do {
            return try await data(with: try remote.makeClient()).index
        } catch {
            switch error {
            case .missingScope(let scope, _), .projectForbidden(let scope):
                throw StewardError(
                    .usage,
                    "\(doing), but PostHog refused to list insights, dashboards or actions (\(scope)); give the key insight:read, dashboard:read and action:read\(otherwise)"
                )
            default:
                throw error.stewardError
            }
        }
    }
}
