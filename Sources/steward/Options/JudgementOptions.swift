import ArgumentParser
import StewardCore

/// `--fail-on` and the hidden `--now`, shared by commands that judge.
struct JudgementOptions: ParsableArguments {
    @Option(name: .long, help: "The lowest severity that makes the exit code 1: error, warning, info or never.")
    var failOn: String = "error"

    @OptionGroup var clock: ClockOption

    var threshold: Severity {
        failOn == "never" ? .off : Severity(rawValue: failOn) ?? .error
    }

    func validate() throws {
        guard ["error", "warning", "info", "never"].contains(failOn) else {
            throw ValidationError("--fail-on must be error, warning, info or never; got '\(failOn)'.")
        }
    }
}
