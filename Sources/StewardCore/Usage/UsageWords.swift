/// How usage reads in findings: "2 saved insights on dashboards 4, 7".
enum UsageWords {
    static func charted(_ uses: UsageIndex.Uses) -> String {
        let insights = "\(uses.insights.count) saved insight\(uses.insights.count == 1 ? "" : "s")"
        guard !uses.dashboards.isEmpty else { return insights + " (on no dashboard)" }
        let list = uses.dashboards.prefix(10).map(String.init).joined(separator: ", ") + (uses.dashboards.count > 10 ? ", …" : "")
        return "\(insights) on dashboard\(uses.dashboards.count == 1 ? "" : "s") \(list)"
    }
}
