import ArgumentParser
import StewardCore

/// The hidden `--now`: the instant a command judges at (tests and pinned CI runs), refused when it is not a date.
struct ClockOption: ParsableArguments {
    @Option(name: .long, help: .hidden)
    var now: String?

    func validate() throws {
        if let now, Timestamp(iso8601: now) == nil {
            throw ValidationError("--now must be an ISO 8601 date or date-time; got '\(now)'.")
        }
    }

    /// The `--now` instant, when given (validated above).
    var explicitInstant: Timestamp? { now.flatMap { Timestamp(iso8601: $0) } }

    /// The `--now` instant, else the current time.
    var instant: Timestamp { explicitInstant ?? Timestamp(.now) }
}
