import Foundation
import StewardCore

/// Reports rendered but not yet in place: standard output not yet printed and files written under
/// temporary names beside their final ones. An audit publishes them once its history is recorded, so a
/// report never names a run that history does not have.
public struct StagedReports: Sendable {
    /// Text for standard output.
    public var standardOutput = ""
    /// Each file's temporary path and final path.
    var files: [(temporary: String, path: String)] = []

    /// Moves every file into place (a rename each, so a reader never sees half a report); returns the paths.
    public func publish() throws(StewardError) -> [String] {
        for (index, file) in files.enumerated() where rename(file.temporary, file.path) != 0 {
            let reason = String(cString: strerror(errno))
            for rest in files[index...] { unlink(rest.temporary) }
            throw StewardError(.storage, "cannot write \(file.path): \(reason)")
        }
        return files.map(\.path)
    }

    /// Removes the temporary files; earlier reports stay as they were.
    public func discard() {
        for file in files { unlink(file.temporary) }
    }
}
