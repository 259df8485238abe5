import Foundation
import StewardTestSupport
import Testing

/// Local inputs and outputs that must fail loudly: key files that are no key, outputs that cannot be written,
/// formats asked twice, and names by the thousand.
@Suite struct LocalFaultTests {
    func folder() -> URL {
        let directory = Fixtures.temporaryDirectory("local")
        Fixtures.write(#"[{"id": "1", "name": "signup_completed"}]"#, to: "defs.json", in: directory)
        return directory
    }

    @Test func aKeyFileThatIsNoKeyIsRefusedBeforeAnyRequest() async throws {
        let server = try HostileServer { _, connection in connection.respond(json: #"{"count": 0, "results": []}"#) }
        defer { server.stop() }
        let directory = folder()
        try Data(count: 20 << 20).write(to: directory.appendingPathComponent("huge.key"))
        Fixtures.write(bytes: Array("phx_abc\u{0}def".utf8), to: "nul.key", in: directory)
        for (file, phrase) in [("huge.key", "larger than 4096 bytes"), ("nul.key", "does not hold one key")] {
            let result = try await StewardProcess.run(
                ["audit", "--host", server.base, "--project", "1", "--api-key-file", file, "--no-history"], in: directory)
            #expect(result.exitCode == 2 && result.standardError.contains(phrase), "\(result.standardError)")
        }
        #expect(server.received.isEmpty)
    }

    @Test func aFormatNamedTwiceIsAUsageError() async throws {
        let result = try await StewardProcess.run(
            ["audit", "--from", "defs.json", "--no-history", "--format", "json,json", "--output-dir", "out"], in: folder())
        #expect(result.exitCode == 2 && result.standardError.contains("--format names 'json' twice"), "\(result.standardError)")
    }

    /// A character device that is always full, like /dev/full, made in the test's own folder (as root, as
    /// CI runs), so a regression could only clobber this copy.
    func fullDevice(in directory: URL) -> String? {
        let path = directory.appendingPathComponent("full").path
        return mknod(path, S_IFCHR | 0o666, dev_t(1 << 8 | 7)) == 0 ? path : nil
    }

    @Test func aFullDeviceAsOutputOrStandardOutputIsAStorageError() async throws {
        let directory = folder()
        guard let device = fullDevice(in: directory) else { return }  // not root: nothing to prove here
        // An output path that is a device is written in place, not renamed over
        let snapshot = try await StewardProcess.run(["snapshot", "--from", "defs.json", "--output", device], in: directory)
        #expect(snapshot.exitCode == 4, "\(snapshot.standardError)")
        var status = stat()
        #expect(stat(device, &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)
        // Standard output on a full device: exit 4 with the reason, for a report and for a listing
        for arguments in [["audit", "--from", "defs.json", "--no-history"], ["rules"]] {
            let process = Process()
            process.executableURL = StewardProcess.executable
            process.arguments = arguments
            process.currentDirectoryURL = directory
            process.standardOutput = try #require(FileHandle(forWritingAtPath: device))
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 4, "\(arguments): \(message)")
            #expect(message.contains("cannot write to standard output: No space left on device"), "\(message)")
        }
    }

    @Test func twentyThousandNamesAreCheckedFromAFile() async throws {
        let directory = folder()
        let verbs = ["viewed", "clicked", "Done"]
        let names: [String] = (0..<20_000).map { (index: Int) -> String in "signup_step_\(index % 500)_\(verbs[index % 3])_\(index / 1_500)"
        }
        Fixtures.write(names.joined(separator: "\n") + "\n", to: "names.txt", in: directory)
        let result = try await StewardProcess.run(["check", "--names-file", "names.txt", "signup_completed"], in: directory)
        let lines = result.standardOutput.split(separator: "\n")
        #expect([0, 1].contains(result.exitCode), "\(result.standardError)")
        #expect(lines.first == "signup_completed: ok")
        let judged: Set<String> = Set(lines.map { (line: Substring) -> String in String(line.prefix { $0 != ":" }) })
        #expect(judged.count == Set(names).count + 1)
    }
}
