import Foundation

/// Dashboards, saved insights and actions for a generated project, deterministic for (definitions, seed, now):
/// most insights chart live events, some chart events stale for months, some hidden events, some dynamic
/// names; a few go through actions, a few are funnels with an exclusion, a few still have only legacy
/// `filters`; most sit on one or two dashboards.
struct UsageGenerator {
    let definitions: [SimDefinition]
    let dashboards: Int
    let insights: Int
    let seed: UInt64
    let now: Micros

    /// The default sizes: a dashboard per 1,000 definitions (none below 1,000), four insights per dashboard.
    init(definitions: [SimDefinition], configuration: SimulatorConfiguration, now: Micros) {
        self.definitions = definitions
        let dashboards = configuration.dashboards ?? definitions.count / 1_000
        self.dashboards = dashboards
        insights = configuration.insights ?? dashboards * 4
        seed = configuration.seed
        self.now = now
    }

    static let dashboardNames = [
        "Growth", "Revenue", "Onboarding", "Activation", "Retention", "Checkout", "Product health", "Marketing site",
        "Mobile app", "Billing", "Search quality", "Support", "Experiments", "Weekly business review", "Engagement",
    ]

    func generate() -> (actions: [UsageStore.Action], insights: [UsageStore.Insight], dashboards: [SimDashboard]) {
        guard insights > 0 || dashboards > 0 else { return ([], [], []) }
        var random = SimRandom(seed: seed ^ 0xDA5B_0A4D)
        let day = SimTime.microsPerDay
        let custom = definitions.filter { !$0.isPostHogEvent }
        let live = custom.filter { ($0.lastSeenAt ?? 0) > now - 30 * day && $0.hidden != true && !Self.looksDynamic($0.name) }
        let stale = custom.filter { ($0.lastSeenAt ?? now) < now - 60 * day && $0.hidden != true && !Self.looksDynamic($0.name) }
        let hidden = custom.filter { $0.hidden == true }
        let dynamic = custom.filter { Self.looksDynamic($0.name) }
        let pageviews = ["$pageview", "$screen", "$autocapture"]
        func pick(_ pool: [SimDefinition], or fallback: [SimDefinition]) -> String {
            let from = pool.isEmpty ? (fallback.isEmpty ? custom : fallback) : pool
            return from.isEmpty ? random.pick(pageviews) : random.pick(from).name
        }
        var actions: [UsageStore.Action] = []
        for index in 0..<max(insights > 0 ? 2 : 0, insights / 20) {
            let steps = (0..<(1 + random.int(2))).map { _ in ["event": pick(live, or: custom)] as [String: Any] }
            actions.append(UsageStore.Action(id: index + 1, name: "Action \(index + 1)", steps: steps, createdAt: now - 200 * day))
        }
        var boards: [SimDashboard] = (0..<dashboards).map { index in
            let base = Self.dashboardNames[index % Self.dashboardNames.count]
            return SimDashboard(
                id: index + 1, name: index < Self.dashboardNames.count ? base : "\(base) \(index / Self.dashboardNames.count + 1)",
                description: "", pinned: index < 2, createdAt: now - Micros(100 + random.int(600)) * day,
                createdBy: random.pick(Member.organization).id, lastAccessedAt: nil, deleted: false, creationMode: "default",
                tags: random.int(4) == 0 ? [random.pick(ProjectGenerator.tags)] : [], restrictionLevel: 21, filters: [:], tiles: [])
        }
        var made: [UsageStore.Insight] = []
        var tileID = 1
        for index in 0..<insights {
            let id = index + 1
            var query: Any?
            var filters: [String: Any] = [:]
            var name: String
            let roll = random.int(100)
            func trends(_ series: [[String: Any]]) -> [String: Any] {
                [
                    "kind": "InsightVizNode",
                    "source": ["kind": "TrendsQuery", "series": series, "dateRange": ["date_from": "-30d"], "interval": "day"],
                ]
            }
            switch roll {
            case 0..<62:
                let event = pick(live, or: custom)
                name = "\(event) per day"
                query = trends([["kind": "EventsNode", "event": event, "name": event, "math": "total"]])
            case 62..<74:
                let event = pick(stale, or: custom)
                name = "\(event) trend"
                query = trends([["kind": "EventsNode", "event": event, "name": event]])
            case 74..<80:
                let event = pick(hidden, or: custom)
                name = "\(event) (hidden)"
                query = trends([["kind": "EventsNode", "event": event, "name": event]])
            case 80..<84:
                let event = pick(dynamic, or: custom)
                name = "One-off: \(event)"
                query = trends([["kind": "EventsNode", "event": event, "name": event]])
            case 84..<90 where !actions.isEmpty:
                let action = random.pick(actions)
                name = "\(action.name) over time"
                query = trends([["kind": "ActionsNode", "id": action.id, "name": action.name]])
            case 90..<96:
                let first = pick(live, or: custom), second = pick(live, or: custom), excluded = pick(live, or: custom)
                name = "Funnel \(first) → \(second)"
                query = [
                    "kind": "InsightVizNode",
                    "source": [
                        "kind": "FunnelsQuery",
                        "series": [["kind": "EventsNode", "event": first], ["kind": "EventsNode", "event": second]],
                        "funnelsFilter": ["exclusions": [["kind": "FunnelExclusionEventsNode", "event": excluded]]],
                    ] as [String: Any],
                ]
            default:
                let event = pick(live + stale, or: custom)
                name = "Legacy: \(event)"
                filters = ["insight": "TRENDS", "events": [["id": event, "type": "events", "order": 0]], "date_from": "-30d"]
            }
            var on: [Int] = []
            if !boards.isEmpty, random.int(10) > 0 {
                on.append(boards[random.int(boards.count)].id)
                if random.int(4) == 0 {
                    let second = boards[random.int(boards.count)].id
                    if !on.contains(second) { on.append(second) }
                }
            }
            var insight = UsageStore.Insight(
                id: id, shortID: String(format: "i%07d", id), name: name, description: nil, query: query, filters: filters, saved: true,
                dashboards: on.sorted(), deleted: false, createdAt: now - Micros(10 + random.int(300)) * day,
                lastModifiedAt: now - Micros(random.int(10)) * day, metadataEvents: [])
            insight.metadataEvents = UsageStore.metadataEvents(query, actions: actions)
            made.append(insight)
            for board in on {
                let at = boards.firstIndex { $0.id == board }!
                let count = boards[at].tiles.count
                let layout: [String: Any] = [
                    "sm": ["x": (count % 2) * 6, "y": (count / 2) * 5, "w": 6, "h": 5], "xs": ["x": 0, "y": count * 5, "w": 1, "h": 5],
                ]
                boards[at].tiles.append(SimTile(id: tileID, insightID: id, layouts: layout))
                tileID += 1
            }
        }
        return (actions, made, boards)
    }

    /// Names with a baked-in value: five digits in a row, a UUID, an email or a path.
    static func looksDynamic(_ name: String) -> Bool {
        var run = 0
        for byte in name.utf8 {
            run = (48...57).contains(byte) ? run + 1 : 0
            if run >= 5 { return true }
        }
        return name.contains("@") || name.contains("/") || name.split(separator: "-").count >= 5
    }
}
