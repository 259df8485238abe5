/// How usage reads in findings: `2 saved insights on dashboards "Growth" (#4), "Revenue" (#7)`.
enum UsageWords {
    static func charted(_ uses: UsageIndex.Uses, in index: UsageIndex) -> String {
        let insights = "\(uses.insights.count) saved insight\(uses.insights.count == 1 ? "" : "s")"
        guard !uses.dashboards.isEmpty else { return insights + " (on no dashboard)" }
        return "\(insights) on \(dashboards(uses.dashboards, in: index))"
    }

    /// `dashboard "Growth" (#4)` or `dashboards "Growth" (#4), #7, …` (at most ten named).
    static func dashboards(_ ids: [Int], in index: UsageIndex) -> String {
        let list = ids.prefix(10).map(index.dashboardLabel).joined(separator: ", ") + (ids.count > 10 ? ", …" : "")
        return "dashboard\(ids.count == 1 ? "" : "s") \(list)"
    }
}
