import Foundation
import StewardCore

/// `steward snapshot`: every definition with where and when it was read, written atomically.
public enum SnapshotPipeline {
    /// Reads `source` (with saved insights, dashboards and actions unless `usage` is false) and writes the
    /// snapshot to `output`; returns it.
    public static func run(source: DefinitionSource, output: String, usage: Bool = true) async throws(StewardError) -> Snapshot {
        let snapshot = try await source.load(usage: usage)
        do {
            if output == "-" {
                try SnapshotWriter.writeToStandardOutput(snapshot)
            } else {
                try SnapshotWriter.write(snapshot, to: URL(fileURLWithPath: output))
            }
        } catch {
            throw StewardError(.storage, "cannot write \(output): \(AtomicFile.reason(error))")
        }
        return snapshot
    }
}
