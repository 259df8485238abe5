import ArgumentParser
import Foundation
import StewardCore
import StewardKit

/// `--yes` and `--wait`, for the commands that write to PostHog (`fix --apply`, `fix --resume`, `undo`).
struct ApplyOptions: ParsableArguments {
    @Flag(name: .long, help: "Apply without asking (required without a terminal).")
    var yes = false

    @Flag(name: .long, help: "Wait for another Steward applying fixes with the same history instead of stopping (exit 4).")
    var wait = false

    /// The fix pipeline with these options' waiting behaviour.
    var pipeline: FixPipeline {
        var pipeline = FixPipeline()
        pipeline.waitForLock = wait
        pipeline.notice = { Console.note($0) }
        return pipeline
    }

    /// Asks on a terminal; without one, `--yes` is the only way to say yes.
    func confirm(_ question: String) throws {
        if yes { return }
        guard isatty(STDIN_FILENO) != 0 else {
            throw StewardError(.usage, "\(question) Without a terminal to ask on, pass --yes.")
        }
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else {
            throw StewardError(.usage, "nothing was changed.")
        }
    }
}
