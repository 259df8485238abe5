import StewardCore

/// What applying, resuming or undoing did, rendered as text or JSON.
public struct FixRunReport: Sendable {
    /// The fix run's id in history.
    public var runID: Int64
    /// Actions by final status.
    public var done = 0, skipped = 0, failed = 0
    /// Why actions were skipped (reason → count), most common first.
    public var skipReasons: [(reason: String, count: Int)] = []
    /// Write requests sent, by endpoint.
    public var requests: [String: Int] = [:]
    /// Things to tell the person (a 402, for one).
    public var notes: [String] = []

    /// A report for run `runID`, counts to be filled in.
    public init(runID: Int64) { self.runID = runID }

    /// The summary a person reads after a run.
    public func text() -> String {
        var lines = ["fix run \(runID): \(done) done, \(skipped) skipped, \(failed) failed"]
        if !requests.isEmpty {
            lines.append("requests: " + requests.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        for (reason, count) in skipReasons.prefix(10) { lines.append("  skipped \(count): \(TerminalText.sanitize(reason))") }
        lines += notes.map { "note: \(TerminalText.sanitize($0))" }
        lines.append("undo it with `steward undo \(runID)`")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"run", "done", "skipped", "failed", "skip_reasons": [{reason, count}], "requests": {endpoint: n}, "notes"}`.
    public func json() -> String {
        struct Reason: Encodable {
            var reason: String
            var count: Int
        }
        struct Body: Encodable {
            var run: Int64
            var done: Int
            var skipped: Int
            var failed: Int
            var skipReasons: [Reason]
            var requests: [String: Int]
            var notes: [String]

            enum CodingKeys: String, CodingKey { case run, done, skipped, failed, skipReasons = "skip_reasons", requests, notes }
        }
        return ViewJSON.encode(
            Body(
                run: runID, done: done, skipped: skipped, failed: failed,
                skipReasons: skipReasons.map { Reason(reason: $0.reason, count: $0.count) },
                requests: requests, notes: notes))
    }
}
