import ArgumentParser
import StewardCore
import StewardKit

/// `--fail-on` and the hidden `--now`, shared by commands that judge.
struct JudgementOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The lowest severity that makes the exit code 1: error, warning, info or never (default: fail_on: in steward.yml, else error).")
    var failOn: String?

    @OptionGroup var clock: ClockOption

    /// `--fail-on`, else `fail_on:` in steward.yml, else error.
    func threshold() throws -> Severity {
        let text = try ProjectFile.settings().failOn(flag: failOn).value
        return text == "never" ? .off : Severity(rawValue: text) ?? .error
    }

    func validate() throws {
        if let failOn, !["error", "warning", "info", "never"].contains(failOn) {
            throw ValidationError("--fail-on must be error, warning, info or never; got '\(failOn)'.")
        }
    }
}
