import StewardCore

/// A fix plan as `steward fix --plan-out` shows it: each change as before → after, then counts.
public enum FixPlanView {
    /// The plan as a reviewer reads it: each change as before → after, then a summary by action.
    public static func text(_ plan: FixPlan, limit: Int = 200) -> String {
        var lines: [String] = []
        for action in plan.actions.prefix(limit) {
            lines.append(
                "\(TerminalText.sanitize(TextReporter.clip(action.eventName))) [\(action.field.rawValue)] "
                    + "\(TerminalText.sanitize(action.before.description)) → \(TerminalText.sanitize(action.after.description))"
                    + (action.safe ? "" : "  (unsafe)") + "  ← \(action.rules.joined(separator: ", "))")
        }
        if plan.actions.count > limit { lines.append("… and \(plan.actions.count - limit) more changes (all are in the plan file)") }
        var byField: [String: Int] = [:]
        for action in plan.actions { byField[action.field.rawValue, default: 0] += 1 }
        lines.append("")
        let targets = Set(plan.actions.map(\.eventID))
        let boards = targets.filter { FixAction.dashboard(of: $0) != nil }.count
        lines.append(
            "\(plan.actions.count) change\(plan.actions.count == 1 ? "" : "s") to \(targets.count - boards) definitions"
                + (boards > 0 ? " and \(boards) dashboard\(boards == 1 ? "" : "s")" : "")
                + (byField.isEmpty ? "" : ": " + byField.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        )
        if !plan.skipped.isEmpty {
            var reasons: [String: Int] = [:]
            for item in plan.skipped { reasons[item.reason.components(separatedBy: " (").first ?? item.reason, default: 0] += 1 }
            lines.append("not planned: " + reasons.sorted { $0.value > $1.value }.map { "\($0.value) \($0.key)" }.joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plan's counts as JSON: `{"changes", "definitions", "by_field": {field: n}, "not_planned": {reason: n}}`.
    public static func json(_ plan: FixPlan) -> String {
        struct Body: Encodable {
            var changes: Int
            var definitions: Int
            var byField: [String: Int]
            var notPlanned: [String: Int]

            enum CodingKeys: String, CodingKey { case changes, definitions, byField = "by_field", notPlanned = "not_planned" }
        }
        var byField: [String: Int] = [:]
        for action in plan.actions { byField[action.field.rawValue, default: 0] += 1 }
        var reasons: [String: Int] = [:]
        for item in plan.skipped { reasons[item.reason.components(separatedBy: " (").first ?? item.reason, default: 0] += 1 }
        return ViewJSON.encode(
            Body(changes: plan.actions.count, definitions: Set(plan.actions.map(\.eventID)).count, byField: byField, notPlanned: reasons))
    }
}
