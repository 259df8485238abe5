import Foundation
import PostHogAPI
import StewardCore

/// Reading what depends on each event: every saved insight and action, indexed by event.
public enum UsageReading {
    /// The index and the insights' names, for `steward usage` and prune; a refusal (a scope the key lacks) is a
    /// usage error that starts with `doing` and names the scope.
    public static func read(
        _ remote: DefinitionSource.RemoteOptions, doing: String, otherwise: String = "."
    ) async throws(StewardError) -> (
        index: UsageIndex, names: [Int: String]
    ) {
        do {
            let client = try remote.makeClient()
            let steps = try await client.actionSteps()
            let insights = try await client.savedInsights()
            let index = UsageIndex(
                insights: insights.map { UsageIndex.Insight(id: $0.id, dashboards: $0.dashboards, query: $0.query, filters: $0.filters) },
                actionSteps: steps)
            var names: [Int: String] = [:]
            for insight in insights { if let name = insight.name { names[insight.id] = name } }
            return (index, names)
        } catch {
            switch error {
            case .missingScope(let scope, _), .projectForbidden(let scope):
                throw StewardError(
                    .usage,
                    "\(doing), but PostHog refused to list insights or actions (\(scope)); give the key insight:read and action:read\(otherwise)"
                )
            default:
                throw error.stewardError
            }
        }
    }

}
