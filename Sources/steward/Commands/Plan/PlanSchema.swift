import ArgumentParser
import StewardKit

extension Steward.PlanCommand {
    /// `steward plan schema`.
    struct Schema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the JSON Schema of tracking-plan files, for editors.")

        func run() async throws {
            try Console.out(TrackingPlanSchema.json())
        }
    }
}
