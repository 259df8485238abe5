import ArgumentParser

extension Steward {
    /// `steward baseline write`: accept the current findings so gates fail only on new ones.
    struct BaselineCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "baseline",
            abstract: "Manage the baseline of accepted findings that `audit --baseline` does not fail on.",
            subcommands: [Write.self],
            defaultSubcommand: Write.self)
    }
}
