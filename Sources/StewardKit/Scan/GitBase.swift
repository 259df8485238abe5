import Foundation
import StewardCore

/// What a scan's files were at a git revision, for `--new-only`: the files that differ from it (changed,
/// added or untracked) and their text then, read with `git show` so the working tree is never touched.
struct GitBase: Sendable {
    /// Report paths (relative to the scan root) of the files that differ from the revision.
    var changed: Set<String>
    /// The text at the revision of each changed file that existed then, by report path.
    var original: [String: [UInt8]]

    /// Reads what differs between `revision` and the working tree under `root`.
    init(revision: String, root: String) throws(StewardError) {
        let top = try Self.git(["rev-parse", "--show-toplevel"], in: root).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !top.isEmpty else { throw StewardError(.usage, "--new-only needs a git repository; \(root) is not in one.") }
        let standardTop = SourceTree.standardized(top)
        let standardRoot = SourceTree.standardized(root)
        // Paths git prints are from the top of the repository; the report's are from the scan root.
        let prefix = standardRoot == standardTop ? "" : String(standardRoot.dropFirst(standardTop.count + 1)) + "/"
        guard standardRoot == standardTop || standardRoot.hasPrefix(standardTop + "/") else {
            throw StewardError(.usage, "--new-only: the scan root \(root) is not inside the repository at \(top).")
        }
        _ = try Self.git(
            ["rev-parse", "--verify", "--quiet", revision + "^{commit}"], in: root, what: "--diff-base \(revision) is not a commit here")
        let listed =
            try Self.git(["diff", "--name-only", "--no-renames", "-z", revision, "--", "."], in: standardTop)
            + "\0" + (try Self.git(["ls-files", "--others", "--exclude-standard", "-z"], in: standardTop))
        var changed: Set<String> = []
        var original: [String: [UInt8]] = [:]
        for path in listed.split(separator: "\0").map(String.init) where path.hasPrefix(prefix) {
            let shown = String(path.dropFirst(prefix.count))
            changed.insert(shown)
            if let data = try? Self.gitData(["show", "\(revision):\(path)"], in: standardTop) { original[shown] = data }
        }
        self.changed = changed
        self.original = original
    }

    private static func git(_ arguments: [String], in directory: String, what: String? = nil) throws(StewardError) -> String {
        do {
            return String(decoding: try gitData(arguments, in: directory), as: UTF8.self)
        } catch {
            throw StewardError(.usage, "--new-only: \(what ?? "git \(arguments.first ?? "") failed") (\(error.localizedDescription)).")
        }
    }

    struct Failure: LocalizedError {
        var message: String
        var errorDescription: String? { message }
    }

    private static func gitData(_ arguments: [String], in directory: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting, so a large `git show` cannot fill the pipe and stall.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(message: String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return Array(data)
    }
}
