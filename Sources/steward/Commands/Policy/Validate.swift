import ArgumentParser
import StewardCore
import StewardKit

extension Steward.PolicyCommand {
    /// `steward policy validate [PATH…]`.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check policy files strictly: YAML, keys, rule ids, options, regexes, extends and waivers.",
            discussion:
                "With no path, validates what audit would use (steward.yml, else the default preset).\n\nExample:\n  steward policy validate steward.yml"
        )

        @Argument(help: "Policy files to validate, each on its own.")
        var paths: [String] = []

        func run() async throws {
            let references = paths.isEmpty ? try PolicyResolution.references(explicit: []) : paths
            var failed = false
            for reference in references {
                let policy: Policy
                do {
                    policy = try PolicyLoader().load([reference])
                    _ = try Linter(policy: policy, now: Timestamp(.now))
                } catch {
                    Console.note(error.description)
                    failed = true
                    continue
                }
                let enabled = policy.rules.filter { $0.value.severity != .off }.count
                try Console.out(
                    "\(reference): ok (\(enabled) rules, \(policy.overrides.count) overrides, \(policy.waivers.count) waivers)\n")
            }
            if failed { throw ExitCode(2) }
        }
    }
}
