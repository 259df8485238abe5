import ArgumentParser
import StewardCore

/// `--policy`, shared by every command that lints.
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("A policy file or bundled preset name; repeatable, later ones win. Default: steward.yml if present, else the 'default' preset.", valueName: "path"))
    var policy: [String] = []
}

/// `--fail-on` and the hidden `--now`, shared by commands that judge.
struct JudgementOptions: ParsableArguments {
    @Option(name: .long, help: "The lowest severity that makes the exit code 1: error, warning, info or never.")
    var failOn: String = "error"

    @Option(name: .long, help: .hidden)
    var now: String?

    var threshold: Severity {
        failOn == "never" ? .off : Severity(rawValue: failOn) ?? .error
    }

    /// The `--now` instant, when given.
    var explicitInstant: Timestamp? { now.flatMap { Timestamp(iso8601: $0) } }

    /// The `--now` instant, else the current time.
    var instant: Timestamp { explicitInstant ?? Timestamp(.now) }

    func validate() throws {
        guard ["error", "warning", "info", "never"].contains(failOn) else {
            throw ValidationError("--fail-on must be error, warning, info or never; got '\(failOn)'.")
        }
        if let now, Timestamp(iso8601: now) == nil {
            throw ValidationError("--now must be an ISO 8601 date or date-time; got '\(now)'.")
        }
    }
}
