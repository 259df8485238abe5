import Foundation
import StewardCore

/// `steward snapshot`: every definition with where and when it was read, written atomically.
public enum SnapshotPipeline {
    /// Reads `source` and writes the snapshot to `output`; returns it.
    public static func run(source: DefinitionSource, output: String) async throws(StewardError) -> Snapshot {
        let snapshot = try await source.load()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(snapshot)
        } catch {
            throw StewardError(.usage, "cannot encode the snapshot: \(error)")
        }
        do {
            if output == "-" {
                FileHandle.standardOutput.write(data)
            } else {
                try data.write(to: URL(fileURLWithPath: output), options: .atomic)
            }
        } catch {
            throw StewardError(.storage, "cannot write \(output): \(error.localizedDescription)")
        }
        return snapshot
    }
}
