import ArgumentParser
import StewardCore
import StewardKit
import StewardReports

extension Steward {
    /// `steward rules [ID]`: the built-in rules, their options and examples.
    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the built-in rules, or show one with its options and examples.",
            discussion: "Example:\n  steward rules near_duplicate_name\n  steward rules --format markdown > docs/rules.md")

        @Argument(help: "A rule id to show in full.")
        var id: String?

        @Option(name: .long, help: "text, json or markdown (markdown: every rule, as docs/rules.md).")
        var format: String = "text"

        func validate() throws {
            guard ["text", "json", "markdown"].contains(format) else {
                throw ValidationError("--format must be text, json or markdown; got '\(format)'.")
            }
        }

        func run() async throws {
            let described = id.flatMap { id in RuleRegistry.builtIn.rule(id)?.description ?? WaiverRules.all.first { $0.identifier == id } }
            if let id, described == nil {
                throw StewardError(.usage, "unknown rule '\(id)'; `steward rules` lists them all.")
            }
            switch (format, described) {
            case ("markdown", _): try Console.out(RulesCatalog.markdown())
            case ("json", _): try Console.out(RulesCatalog.json(only: id))
            case (_, let description?): try Console.out(RulesCatalog.text(for: description))
            case (_, nil): try Console.out(RulesCatalog.text())
            }
        }
    }
}
