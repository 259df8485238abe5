import ArgumentParser
import StewardKit

/// `--policy` and `--strict`, shared by every command that lints.
struct PolicyOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A policy file or bundled preset name; repeatable, later ones win. Default: what steward.yml says (policy:, then its own rules), else the 'default' preset.",
            valueName: "path"))
    var policy: [String] = []

    @Flag(name: .long, help: "Treat policy warnings (a policy that enables no rule) as errors (exit 2).")
    var strict = false

    /// The policy references this invocation uses; a policy that enables no rule is said once on stderr
    /// (an error with `--strict`).
    func references() throws -> [String] {
        if policy.isEmpty, try ProjectFile.settings().settings?.isEmpty == true {
            Console.note("note: steward.yml is empty; the default policy applies.")
        }
        let references = try PolicyResolution.references(explicit: policy)
        let loaded = try PolicyResolution.load(explicit: references)
        for warning in try PolicyResolution.warnings(for: loaded, strict: strict) { Console.note("warning: \(warning)") }
        return references
    }
}
