import ArgumentParser
import StewardKit

extension Steward.PolicyCommand {
    /// `steward policy schema`.
    struct Schema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the JSON Schema of policy files, for editors.")

        func run() async throws {
            try Console.out(PolicySchema.json())
        }
    }
}
