import ArgumentParser

extension Steward {
    /// `steward policy …`: work with policy files.
    struct PolicyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy",
            abstract: "Validate policy files or print their JSON Schema.",
            subcommands: [Validate.self, Schema.self])
    }
}
