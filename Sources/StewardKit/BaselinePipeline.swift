import Foundation
import StewardCore

/// `steward baseline write`: accept today's findings so a gate can fail only on what comes next.
///
/// A new baseline accepts every current finding. An existing one only shrinks: entries no finding matches
/// are dropped, and findings it does not list are left out unless `addNew` says to accept them.
public struct BaselinePipeline: Sendable {
    /// What writing produced.
    public struct Outcome: Sendable, Equatable {
        /// Entries written.
        public var entries: Int
        /// Entries dropped because no current finding matches them.
        public var removedStale: Int
        /// Current findings not in the baseline that were left out (0 with `addNew` or a new file).
        public var leftOut: Int
        /// Whether the file existed before.
        public var updated: Bool
        /// What was odd about how the definitions were read, to say once.
        public var notes: [String] = []

        /// Creates an outcome.
        public init(entries: Int, removedStale: Int, leftOut: Int, updated: Bool) {
            self.entries = entries
            self.removedStale = removedStale
            self.leftOut = leftOut
            self.updated = updated
        }
    }

    /// Creates a pipeline.
    public init() {}

    /// Lints `source` with the policy and writes the baseline to `path`.
    public func write(
        source: DefinitionSource, policies: [String], now: Timestamp?, path: String, addNew: Bool
    ) async throws(StewardError) -> Outcome {
        let policy = try PolicyResolution.load(explicit: policies)
        let existing = FileManager.default.fileExists(atPath: path) ? try Baseline.load(path: path) : nil
        let snapshot = try await source.load()
        if !snapshot.complete {
            throw StewardError(
                .api, "the definitions are incomplete; a baseline written from them could accept too little. Nothing was written.")
        }
        let result = try Linter.checked(policy: policy, now: now ?? snapshot.fetchedAt ?? Timestamp(.now)).lint(snapshot.definitions)
        let current = Baseline(accepting: result.findings)
        let baseline: Baseline
        var outcome = Outcome(entries: 0, removedStale: 0, leftOut: 0, updated: existing != nil)
        outcome.notes = snapshot.readingNotes
        if let existing {
            let stale = Set(existing.stale(given: result.findings).map(\.key))
            let kept = existing.entries.filter { !stale.contains($0.key) }
            let keptKeys = Set(kept.map(\.key))
            let fresh = current.entries.filter { !keptKeys.contains($0.key) }
            baseline = Baseline(entries: addNew ? kept + fresh : kept)
            outcome.removedStale = stale.count
            outcome.leftOut = addNew ? 0 : fresh.count
        } else {
            baseline = current
        }
        outcome.entries = baseline.entries.count
        try ReportWriter.writeAtomically(String(decoding: baseline.encoded(), as: UTF8.self), to: path)
        return outcome
    }
}
