import Foundation
import StewardCore

/// Decides which policy files an invocation uses: `--policy` paths, else what `steward.yml` says (its `policy`
/// list, then its own policy keys), else the `default` preset.
public enum PolicyResolution {
    /// The file a project keeps its settings and policy in, looked for in the working directory.
    public static let projectFile = PolicyLoader.projectFileName

    /// The references to load, in order; a bad `steward.yml` is a usage error.
    public static func references(
        explicit: [String], directory: String = FileManager.default.currentDirectoryPath
    ) throws(StewardError) -> [String] {
        if !explicit.isEmpty { return explicit }
        return try SettingsResolver.load(directory: directory).policy(flags: []).value
    }

    /// Loads the policy, mapping policy errors to usage errors (exit 2).
    public static func load(explicit: [String]) throws(StewardError) -> Policy {
        let references = try references(explicit: explicit)
        do {
            return try PolicyLoader().load(references)
        } catch {
            throw error.stewardError
        }
    }

    /// The rules that judge what depends on each event.
    public static let usageRules = [
        StaleInUseRule.description.identifier, HiddenInUseRule.description.identifier, UnusedEventRule.description.identifier,
    ]

    /// Whether `policy` enables a usage rule (so the audit reads saved insights and actions).
    public static func usesUsage(_ policy: Policy) -> Bool {
        usageRules.contains { id in policy.configuration(for: id, overrides: []).map { $0.severity != .off } ?? false }
            || policy.overrides.contains {
                $0.rules.contains { usageRules.contains($0.key) && ($0.value.severity.map { $0 != .off } ?? false) }
            }
    }

    /// The rules that judge a tracking plan.
    public static let planRules = [
        PlannedMissingRule.description.identifier, UnplannedEventRule.description.identifier, PlanDriftRule.description.identifier,
    ]

    /// What to say when a tracking plan is configured but the policy enables none of the plan rules.
    public static func planWarnings(for policy: Policy, plan: TrackingPlan?) -> [String] {
        guard let plan else { return [] }
        let enabled = planRules.contains { id in policy.configuration(for: id, overrides: []).map { $0.severity != .off } ?? false }
        guard !enabled else { return [] }
        return [
            "a tracking plan is configured (\(plan.file)) but the policy enables none of \(planRules.joined(separator: ", ")); name them under `rules:` to judge PostHog against it"
        ]
    }

    /// What to say about a policy before it is used: one that enables no rule passes everything, so it is
    /// a warning (an error with `strict`), never a silent pass.
    public static func warnings(for policy: Policy, strict: Bool) throws(StewardError) -> [String] {
        let enabled = RuleRegistry.builtIn.identifiers.contains { id in
            policy.configuration(for: id, overrides: []).map { $0.severity != .off } ?? false
        }
        let overridden = policy.overrides.contains { $0.rules.values.contains { $0.severity.map { $0 != .off } ?? false } }
        guard !enabled && !overridden else { return [] }
        let message =
            "the policy (\(policy.sources.joined(separator: ", "))) enables no rule, so nothing is checked and every gate passes; name rules under `rules:` or extend a preset (extends: [default])"
        if strict { throw StewardError(.usage, message + " (--strict makes this an error).") }
        return [message + "."]
    }
}

extension Linter {
    /// A linter whose policy problems (options a rule rejects) are usage errors (exit 2).
    static func checked(policy: Policy, now: Timestamp, plan: TrackingPlan? = nil, usage: UsageIndex? = nil) throws(StewardError) -> Linter
    {
        do {
            return try Linter(policy: policy, now: now, plan: plan, usage: usage)
        } catch {
            throw error.stewardError
        }
    }
}
