import Foundation
import PostHogAPI
import StewardCore
import StewardHistory
import StewardReports

/// `steward publish`: a recorded audit put into PostHog as one dashboard, found again by name and tag on every
/// run and updated in place (never a second one). Created through `create_from_template_json` where the key may
/// call it, else through `POST dashboards`, `PATCH tiles` and `POST insights`; laid out with `reorder_tiles`;
/// its insight tiles checked with `run_insights`.
public struct PublishPipeline: Sendable {
    /// The tag that marks the dashboard as Steward's, beside its name.
    public static let tag = "steward:health"

    /// What publishing did.
    public struct Outcome: Sendable, Encodable {
        /// The dashboard's id.
        public var dashboard: Int
        /// Its name.
        public var name: String
        /// `created from template`, `created` (the fallback) or `updated`.
        public var how: String
        /// The run published.
        public var run: Int64
        /// Tiles Steward keeps on it.
        public var tiles: Int
        /// Insight tiles that failed to compute, with PostHog's reason.
        public var failedTiles: [String]
        /// What to say once (a key refused an action, tiles not checked).
        public var notes: [String]
        /// The dashboard's address in PostHog's UI.
        public var url: String

        enum CodingKeys: String, CodingKey {
            case dashboard, name, how, run, tiles, failedTiles = "failed_tiles", notes, url
        }
    }

    /// Creates one.
    public init() {}

    /// Publishes run `run` of the history at `historyPath` to the dashboard named `name`.
    public func publish(
        historyPath: String, run: RunReference, name: String, remote: DefinitionSource.RemoteOptions
    ) async throws(StewardError) -> Outcome {
        let report = try ReportFromHistory().report(path: historyPath, run: run)
        let client: PostHogClient
        do { client = try remote.makeClient() } catch { throw error.stewardError }
        do throws(PostHogAPIError) {
            return try await publish(report, name: name, client: client)
        } catch {
            throw error.stewardError
        }
    }

    func publish(_ report: AuditReport, name: String, client: PostHogClient) async throws(PostHogAPIError) -> Outcome {
        var notes: [String] = []
        let listed = try await client.dashboards(query: [("tags", Self.tag)])
        let names = Dictionary(try await client.dashboards().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let content = HealthDashboard(report, dashboardNames: names, host: client.endpoint.hostDescription)
        let mine = listed.filter { $0.name == name }.sorted { $0.id < $1.id }
        if mine.count > 1 {
            notes.append(
                "\(mine.count) dashboards are named \"\(name)\" with the tag \(Self.tag); updated #\(mine[0].id), the oldest (delete the others in PostHog)"
            )
        }
        var how: String
        var dashboard: PostHogClient.DashboardRecord
        if let existing = mine.first {
            dashboard = try await update(existing.id, with: content, client: client)
            how = "updated"
        } else {
            do throws(PostHogAPIError) {
                dashboard = try await client.createDashboard(template: Self.template(content, name: name))
                how = "created from template"
                if !dashboard.tags.contains(Self.tag) {
                    // Tags come from a template only with PostHog's tagging feature; set them as a plain field.
                    dashboard = try await client.patchDashboard(id: dashboard.id, ["tags": dashboard.tags + [Self.tag]])
                }
            } catch {
                guard error.refusesPersonalKeys else { throw error }
                notes.append(
                    "PostHog does not let personal API keys call create_from_template_json; the dashboard was built with POST dashboards, PATCH tiles and POST insights"
                )
                dashboard = try await client.createDashboard([
                    "name": name, "description": content.description, "tags": [Self.tag],
                ])
                dashboard = try await update(dashboard.id, with: content, client: client)
                how = "created"
            }
        }
        // The layout: Steward's tiles first, two columns, in the order of the content; other tiles are left alone.
        let order = Self.ownTiles(dashboard, content)
        if !order.isEmpty {
            dashboard = try await client.reorderTiles(dashboard: dashboard.id, order: order, layout: "two_column")
        }
        var failed: [String] = []
        do throws(PostHogAPIError) {
            for tile in try await client.runInsights(dashboard: dashboard.id) where tile.error != nil {
                failed.append("tile \(tile.tileID) (\(tile.name ?? "insight \(tile.insightID ?? 0)")): \(tile.error!)")
            }
        } catch {
            switch error {
            case .missingScope(let scope, _): notes.append("the insight tiles were not checked: the key lacks \(scope)")
            case .projectForbidden(let detail): notes.append("the insight tiles were not checked: \(detail)")
            default: throw error
            }
        }
        let project = client.endpoint.project
        return Outcome(
            dashboard: dashboard.id, name: name, how: how, run: report.history?.runID ?? 0, tiles: order.count, failedTiles: failed,
            notes: notes, url: "\(client.endpoint.base.absoluteString)/project/\(project)/dashboard/\(dashboard.id)")
    }

    /// The template `create_from_template_json` takes (posthog-api-2.md §4.10).
    static func template(_ content: HealthDashboard, name: String) -> [String: Any] {
        var tiles: [[String: Any]] = content.texts.map { ["type": "TEXT", "body": $0.body, "layouts": [:] as [String: Any]] }
        if !content.atRiskEvents.isEmpty {
            tiles.insert(
                [
                    "type": "INSIGHT", "name": HealthDashboard.insightName,
                    "description": "Daily count of the most-charted at-risk events.",
                    "query": content.insightQuery, "layouts": [:] as [String: Any],
                ], at: min(2, tiles.count))
        }
        return [
            "template_name": name, "dashboard_description": content.description, "dashboard_filters": [:] as [String: Any],
            "tags": [Self.tag], "tiles": tiles,
        ]
    }

    /// Brings an existing dashboard's Steward tiles to `content`: text tiles matched by their heading line and
    /// rewritten, missing ones added; the insight tile (by its name) re-queried, added, or removed when no
    /// event is at risk. Tiles people added are left alone.
    func update(_ id: Int, with content: HealthDashboard, client: PostHogClient) async throws(PostHogAPIError)
        -> PostHogClient.DashboardRecord
    {
        var dashboard = try await client.dashboard(id: id)
        var tiles: [[String: Any]] = []
        for text in content.texts {
            if let tile = dashboard.tiles.first(where: { $0.text.map { Self.heading($0) == text.heading } ?? false }) {
                if tile.text != text.body { tiles.append(["id": tile.id, "text": ["body": text.body]]) }
            } else {
                tiles.append(["text": ["body": text.body], "layouts": [:] as [String: Any]])
            }
        }
        let insightTile = dashboard.tiles.first { $0.insightName == HealthDashboard.insightName }
        if content.atRiskEvents.isEmpty, let insightTile {
            tiles.append(["id": insightTile.id, "deleted": true])
        }
        var fields: [String: Any] = ["description": content.description]
        if !tiles.isEmpty { fields["tiles"] = tiles }
        dashboard = try await client.patchDashboard(id: id, fields)
        if !content.atRiskEvents.isEmpty {
            if let insight = insightTile?.insightID {
                try await client.patchInsight(id: insight, ["query": content.insightQuery])
            } else {
                _ = try await client.createInsight([
                    "name": HealthDashboard.insightName, "description": "Daily count of the most-charted at-risk events.",
                    "query": content.insightQuery, "saved": true, "dashboards": [id],
                ])
            }
            dashboard = try await client.dashboard(id: id)
        }
        return dashboard
    }

    /// Steward's own tiles, in the content's order: score, changes, the insight, then the rest.
    static func ownTiles(_ dashboard: PostHogClient.DashboardRecord, _ content: HealthDashboard) -> [Int] {
        var order: [Int] = []
        for (index, text) in content.texts.enumerated() {
            if let tile = dashboard.tiles.first(where: { $0.text.map { heading($0) == text.heading } ?? false }) { order.append(tile.id) }
            if index == 1, let insight = dashboard.tiles.first(where: { $0.insightName == HealthDashboard.insightName }) {
                order.append(insight.id)
            }
        }
        return order
    }

    static func heading(_ body: String) -> String { String(body.prefix { $0 != "\n" }) }
}
