import ArgumentParser
import StewardCore
import StewardKit

extension Steward {
    /// `steward rules [ID]`: the built-in rules, their options and examples.
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the built-in rules, or show one with its options and examples.",
            discussion: "Example:\n  steward rules near_duplicate_name\n  steward rules --format markdown > docs/rules.md")

        @Argument(help: "A rule id to show in full.")
        var id: String?

        @Option(name: .long, help: "text or markdown.")
        var format: String = "text"

        func validate() throws {
            guard ["text", "markdown"].contains(format) else {
                throw ValidationError("--format must be text or markdown; got '\(format)'.")
            }
        }

        func run() async throws {
            if format == "markdown" {
                try Console.out(RulesCatalog.markdown())
                return
            }
            guard let id else {
                try Console.out(RulesCatalog.text())
                return
            }
            guard let type = RuleRegistry.builtIn.rule(id) else {
                throw StewardError(.usage, "unknown rule '\(id)'; `steward rules` lists them all.")
            }
            try Console.out(RulesCatalog.text(for: type.description))
        }
    }
}
