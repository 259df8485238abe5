import StewardCore
import StewardReports

/// What every command that writes a fix plan does once the plan is written (`plan apply`, `prune`): the
/// reading notes, the plan as text or json, and where it went.
enum FixPlanWriting {
    /// Runs `write` with progress on a terminal, then shows its outcome.
    static func run(
        planOut: String, format: TextOrJSONFormat, noun: String,
        _ write: () async throws -> (plan: FixPlan, text: String, notes: [String])
    ) async throws {
        let outcome: (plan: FixPlan, text: String, notes: [String])
        do {
            outcome = try await write()
            await ProgressLine.shared.finish()
        } catch {
            await ProgressLine.shared.finish()
            throw error
        }
        for note in outcome.notes { Console.note("note: \(note)") }
        try Console.out(format.format == "json" ? FixPlanView.json(outcome.plan) : outcome.text)
        Console.note("wrote \(planOut): \(outcome.plan.actions.count) \(noun); review it, then `steward fix --apply \(planOut)`")
    }
}
