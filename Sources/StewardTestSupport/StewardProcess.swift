import Foundation

/// Runs the built `steward` executable as a user would, capturing exit code and output.
public struct StewardProcess: Sendable {
    /// What a run produced.
    public struct Result: Sendable {
        /// The process exit code.
        public var exitCode: Int32
        /// Everything written to standard output.
        public var standardOutput: String
        /// Everything written to standard error.
        public var standardError: String
    }

    /// The package root, found from this file's location.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `steward` binary built beside the running test bundle.
    public static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On Linux the test bundle is an executable in the products folder; elsewhere it may be inside a bundle.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("steward")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/steward")
    }

    /// Runs `steward` with `arguments` in `directory` (default: the package root) and waits for it off the
    /// cooperative thread pool, so servers running in the test process keep being served meanwhile.
    public static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:],
        executable: URL? = nil
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Swift.Result {
                        try runBlocking(arguments, in: directory, environment: environment, executable: executable ?? Self.executable)
                    })
            }
        }
    }

    static func runBlocking(_ arguments: [String], in directory: URL?, environment: [String: String], executable: URL) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // FoundationNetworking's URLSession spins a core while it waits for an answer (measured: 100% CPU
        // against a server that accepts and says nothing). A child waiting on a simulator in this process
        // must not take the CPU that simulator needs to answer it, or slowness feeds on itself: children
        // run at a lower priority than the tests' own servers.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(process.processIdentifier), 10)
        // Read both pipes fully before waiting, so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            exitCode: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }
}
