import ArgumentParser
import StewardCore
import StewardKit

extension Steward {
    /// `steward explain NAME`: why an event gets the findings it gets.
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show which scope, rules, overrides and waivers apply to one event, and each rule's verdict.",
            discussion: "Example:\n  steward explain \"Signed Up\" --from snapshot.json")

        @Argument(help: "The event name.")
        var name: String

        @OptionGroup var policyOptions: PolicyOptions

        @OptionGroup var known: KnownDefinitionsOption

        @OptionGroup var clock: ClockOption
        @OptionGroup var format: TextOrJSONFormat

        func run() async throws {
            let policy = try PolicyResolution.load(explicit: try policyOptions.references())
            let snapshot = try known.snapshot()
            let instant = clock.instant
            let explanation = try Explainer().explain(
                name: name, policy: policy, definitions: snapshot?.definitions ?? [], now: instant, usage: snapshot?.usage?.index)
            try Console.out(format.format == "json" ? explanation.json() : explanation.text())
        }
    }
}
