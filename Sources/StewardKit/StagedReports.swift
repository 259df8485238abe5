import Foundation
import StewardCore

/// Reports rendered but not yet in place: standard output not yet printed and files written under
/// temporary names beside their final ones. An audit publishes them once its history is recorded, so a
/// report never names a run that history does not have.
public struct StagedReports: Sendable {
    /// Text for standard output.
    public var standardOutput = ""
    /// Each file, written beside its final path.
    var files: [AtomicFile.Staged] = []

    /// Moves every file into place (a rename each, so a reader never sees half a report); returns the paths.
    public func publish() throws(StewardError) -> [String] {
        for (index, file) in files.enumerated() {
            do {
                try file.publish()
            } catch {
                for rest in files[(index + 1)...] { rest.discard() }
                throw StewardError(.storage, "cannot write \(file.path): \(AtomicFile.reason(error))")
            }
        }
        return files.map(\.path)
    }

    /// Removes the staged files; earlier reports stay as they were.
    public func discard() {
        for file in files { file.discard() }
    }
}
