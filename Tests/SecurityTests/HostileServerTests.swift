import Foundation
import PostHogAPI
import StewardCore
import StewardHistory
import StewardKit
import StewardTestSupport
import Testing

/// A server that means harm, on loopback: redirects to other hosts, numbers that would crash or exhaust a
/// client, bodies that trickle, never end or inflate, echoes of the key. Each test would fail without the
/// defence it names (docs/security.md lists them).
@Suite struct HostileServerTests {
    static let key = "phx_hostile_test_key_0123456789abcdef"

    /// A list response of `names`, with `count` as the server claims it.
    static func page(_ names: [String], count: String? = nil, next: String = "null") -> String {
        let results = names.map { #"{"id": "id-\#($0)", "name": "\#($0)", "tags": []}"# }.joined(separator: ",")
        return #"{"count": \#(count ?? String(names.count)), "next": \#(next), "previous": null, "results": [\#(results)]}"#
    }

    func steward(_ arguments: [String], in directory: URL) async throws -> StewardProcess.Result {
        try await StewardProcess.run(
            arguments, in: directory,
            environment: ["POSTHOG_PERSONAL_API_KEY": Self.key, "POSTHOG_HOST": "", "POSTHOG_PROJECT_ID": ""])
    }

    /// A server that records whether it was reached at all: the other origin of the redirect tests.
    func elsewhere(address: String = "127.0.0.2") throws -> HostileServer {
        try HostileServer(address: address) { _, connection in connection.respond(json: Self.page([])) }
    }

    @Test(arguments: [301, 302, 307, 308])
    func aRedirectToAnotherOriginIsNotFollowedAndTheKeyStaysHome(status: Int) async throws {
        let other = try elsewhere()
        defer { other.stop() }
        let server = try HostileServer { request, connection in
            connection.respond(status: status, headers: ["Location": "http://127.0.0.2:\(other.port)\(request.target)"])
        }
        defer { server.stop() }
        let directory = Fixtures.temporaryDirectory("hostile")
        // When a snapshot and an audit with history read from a server that redirects elsewhere
        let snapshot = try await steward(["snapshot", "--host", server.base, "--project", "1", "--output", "s.json"], in: directory)
        let audit = try await steward(["audit", "--host", server.base, "--project", "1", "--db", "h.sqlite"], in: directory)
        // Then both stop with exit 3 and say why, the other host never hears from Steward, nothing is written as complete
        for result in [snapshot, audit] {
            #expect(result.exitCode == 3, "\(result.standardError)")
            #expect(result.standardError.contains("follows no redirect to another one"), "\(result.standardError)")
            #expect(!result.standardError.contains(Self.key))
        }
        #expect(other.received.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("s.json").path))
        let runs = try HistoryStore.open(at: directory.appendingPathComponent("h.sqlite").path, create: false).runs()
        #expect(runs.map(\.status) == [.failed])
    }

    @Test func aRedirectToPlainHTTPElsewhereIsRefusedWithoutConnecting() async throws {
        let server = try HostileServer { _, connection in
            connection.respond(status: 302, headers: ["Location": "http://203.0.113.7/api/projects/1/event_definitions/"])
        }
        defer { server.stop() }
        let result = try await steward(
            ["snapshot", "--host", server.base, "--project", "1", "--output", "s.json"], in: Fixtures.temporaryDirectory("hostile"))
        #expect(result.exitCode == 3)
        #expect(result.standardError.contains("redirecting to http://203.0.113.7:80"), "\(result.standardError)")
        #expect(server.received.count == 1)
    }

    @Test func aSameOriginRedirectIsFollowedWithTheKey() async throws {
        let server = try HostileServer { request, connection in
            if request.target.hasPrefix("/moved/") {
                connection.respond(json: Self.page(["checkout_started", "signup_completed"]))
            } else {
                connection.respond(status: 307, headers: ["Location": "/moved\(request.target)"])
            }
        }
        defer { server.stop() }
        let directory = Fixtures.temporaryDirectory("hostile")
        let result = try await steward(["snapshot", "--host", server.base, "--project", "1", "--output", "s.json"], in: directory)
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(try SnapshotReader.read(path: directory.appendingPathComponent("s.json").path).definitions.count == 2)
        let moved = server.received.filter { $0.target.hasPrefix("/moved/") }
        #expect(!moved.isEmpty && moved.allSatisfy { $0.headers["authorization"] == "Bearer \(Self.key)" })
    }

    @Test func aNextLinkToAnotherHostIsNeverRequested() async throws {
        let other = try elsewhere()
        defer { other.stop() }
        let server = try HostileServer { _, connection in
            connection.respond(
                json: Self.page(["a_b", "c_d"], next: "\"http://127.0.0.2:\(other.port)/api/projects/1/event_definitions/?offset=2\""))
        }
        defer { server.stop() }
        let result = try await steward(
            ["snapshot", "--host", server.base, "--project", "1", "--output", "s.json"], in: Fixtures.temporaryDirectory("hostile"))
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(other.received.isEmpty)
    }

    @Test(arguments: ["100000000", "9223372036854775807", "9223372036854775808", "-5"])
    func countsFromTheServerNeitherCrashNorPassAsComplete(count: String) async throws {
        let server = try HostileServer { _, connection in connection.respond(json: Self.page([], count: count)) }
        defer { server.stop() }
        let directory = Fixtures.temporaryDirectory("hostile")
        // A count the server cannot mean: Steward neither traps (132), aborts on an allocation (134) nor passes the gate
        let audit = try await steward(["audit", "--host", server.base, "--project", "1", "--no-history"], in: directory)
        #expect(audit.exitCode == 3, "\(audit.exitCode): \(audit.standardError)")
        // And the same number in a file is an input error that names the file
        Fixtures.write(Self.page(["a_b"], count: count), to: "page.json", in: directory)
        let file = try await steward(["audit", "--from", "page.json", "--no-history", "--allow-incomplete"], in: directory)
        #expect([0, 1, 2].contains(file.exitCode), "\(file.exitCode): \(file.standardError)")
        if file.exitCode == 2 { #expect(file.standardError.contains("page.json")) }
    }

    @Test func anIncompleteReadFailsTheAuditUnlessAllowedAndResolvesNothing() async throws {
        let directory = Fixtures.temporaryDirectory("hostile")
        Fixtures.write("rules: { owner_required: { severity: error } }\n", to: "steward.yml", in: directory)
        let full = try HostileServer { _, connection in connection.respond(json: Self.page(["a_b", "c_d"])) }
        defer { full.stop() }
        let first = try await steward(["audit", "--host", full.base, "--project", "1", "--db", "h.sqlite"], in: directory)
        #expect(first.exitCode == 1, "\(first.standardError)")
        // Given a server that claims 50 definitions and lists none
        let empty = try HostileServer { _, connection in connection.respond(json: Self.page([], count: "50")) }
        defer { empty.stop() }
        // Then the audit stops with exit 3 instead of "gate: passed"
        let refused = try await steward(["audit", "--host", empty.base, "--project", "1", "--db", "h.sqlite"], in: directory)
        #expect(refused.exitCode == 3, "\(refused.standardError)")
        #expect(refused.standardError.contains("incomplete") && refused.standardError.contains("--allow-incomplete"))
        // And with --allow-incomplete it is audited, recorded as incomplete, and resolves none of the open findings
        let allowed = try await steward(
            ["audit", "--host", empty.base, "--project", "1", "--db", "h.sqlite", "--allow-incomplete"], in: directory)
        #expect(allowed.exitCode == 0, "\(allowed.standardError)")
        let runs = try HistoryStore.open(at: directory.appendingPathComponent("h.sqlite").path, create: false).runs()
        #expect(runs.map(\.status) == [.incomplete, .failed, .complete])
        #expect(runs.allSatisfy { $0.resolvedFindings == 0 })
    }

    /// A remote source for library-level tests with short limits, so a test proves the mechanism quickly.
    func remote(_ server: HostileServer, configure: (inout RetryPolicy) -> Void) -> DefinitionSource.RemoteOptions {
        var options = DefinitionSource.RemoteOptions(host: server.base, project: "1")
        options.environment = [PersonalAPIKey.environmentVariable: Self.key]
        options.perMinute = 0
        options.perHour = 0
        var retry = RetryPolicy()
        retry.maxAttempts = 2
        retry.baseDelay = 0.01
        configure(&retry)
        options.retry = retry
        return options
    }

    @Test func aBodySentAByteASecondMeetsTheDeadline() async throws {
        let server = try HostileServer { _, connection in
            guard connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n") else { return }
            // Bounded: ends when the client hangs up, or after ten minutes at most.
            for _ in 0..<600 {
                guard connection.write(" ") else { return }
                Thread.sleep(forTimeInterval: 1)
            }
        }
        defer { server.stop() }
        let source = DefinitionSource.remote(remote(server) { $0.requestDeadline = 2 })
        await #expect {
            _ = try await source.load()
        } throws: { error in
            let message = (error as? StewardError)?.message ?? ""
            return (error as? StewardError)?.exitCode == 3 && message.contains("longer than 2 seconds in all")
        }
    }

    @Test func anEndlessResultsArrayIsCutOffAtTheSizeCap() async throws {
        let server = try HostileServer { _, connection in
            guard connection.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n") else {
                return
            }
            let row = String(repeating: #"{"id": "x", "name": "endless_event"},"#, count: 1_000)
            let chunk = String(row.utf8.count, radix: 16) + "\r\n" + row + "\r\n"
            let head = #"{"count": 1, "results": ["#
            guard connection.write(String(head.utf8.count, radix: 16) + "\r\n" + head + "\r\n") else { return }
            // Bounded: about 3.6 GB at most, far past any cap; ends as soon as the client hangs up.
            for _ in 0..<100_000 { guard connection.write(chunk) else { return } }
        }
        defer { server.stop() }
        let source = DefinitionSource.remote(remote(server) { $0.maximumResponseBytes = 4 << 20 })
        await #expect {
            _ = try await source.load()
        } throws: { error in
            (error as? StewardError)?.exitCode == 3 && ((error as? StewardError)?.message.contains("grew past 4 MiB") ?? false)
        }
    }

    @Test func aGzipBombIsStoppedAtTheDefaultCapNotInflatedWhole() async throws {
        let bomb = try Self.gzippedZeros(megabytes: 200)
        #expect(bomb.count < 1 << 20)
        let server = try HostileServer { _, connection in
            connection.respond(status: 200, headers: ["Content-Type": "application/json", "Content-Encoding": "gzip"], body: bomb)
        }
        defer { server.stop() }
        let result = try await steward(
            ["snapshot", "--host", server.base, "--project", "1", "--output", "s.json"], in: Fixtures.temporaryDirectory("hostile"))
        #expect(result.exitCode == 3, "\(result.standardError)")
        #expect(result.standardError.contains("grew past 128 MiB"), "\(result.standardError)")
    }

    /// `megabytes` of zero bytes, gzip-compressed by the system's gzip (about a thousandth of the size).
    static func gzippedZeros(megabytes: Int) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c \(megabytes << 20) /dev/zero | gzip -c"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    @Test func aLongThrottleIsAnnouncedOnStandardErrorWithoutATerminal() async throws {
        let throttled = NSLockedValue(false)
        let server = try HostileServer { _, connection in
            let throttledOnce = throttled.withLock { done -> Bool in
                defer { done = true }
                return done
            }
            if throttledOnce {
                connection.respond(json: Self.page(["a_b"]))
            } else {
                connection.respond(status: 429, json: #"{"detail": "Request was throttled."}"#, headers: ["Retry-After": "11"])
            }
        }
        defer { server.stop() }
        let result = try await steward(
            ["snapshot", "--host", server.base, "--project", "1", "--output", "s.json"], in: Fixtures.temporaryDirectory("hostile"))
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardError.contains("waiting 11 seconds"), "\(result.standardError)")
    }

    @Test func errorBodiesThatEchoTheKeyOrPartOfItAreRedacted() async throws {
        let prefix = String(Self.key.prefix(10))
        let server = try HostileServer { request, connection in
            if request.target.contains("limit=1&") || request.target.hasSuffix("limit=1") {
                connection.respond(status: 500, headers: ["Content-Type": "text/html"], body: Data("<h1>boom \(prefix)</h1>".utf8))
            } else {
                connection.respond(status: 400, headers: ["Content-Type": "text/plain"], body: Data("bad key \(Self.key) rejected".utf8))
            }
        }
        defer { server.stop() }
        let directory = Fixtures.temporaryDirectory("hostile")
        // A plain-text 400 quoting the whole key
        let plain = try await steward(["audit", "--host", server.base, "--project", "1", "--db", "h.sqlite"], in: directory)
        #expect(plain.exitCode == 3)
        #expect(plain.standardError.contains("bad key [redacted] rejected"), "\(plain.standardError)")
        // A 500 quoting the key's first ten characters, recorded in history as a failed run
        let echoing = try HostileServer { _, connection in
            connection.respond(status: 500, json: #"{"detail": "internal error for \#(prefix)"}"#)
        }
        defer { echoing.stop() }
        var recorded = AuditPipeline.Options(source: .remote(remote(echoing) { $0.maxAttempts = 1 }))
        recorded.historyPath = directory.appendingPathComponent("h.sqlite").path
        await #expect(throws: StewardError.self) { _ = try await AuditPipeline().run(recorded) }
        let runs = try HistoryStore.open(at: recorded.historyPath!, create: false).runs()
        #expect(runs.count == 2)
        for run in runs {
            #expect(!(run.error ?? "").contains(prefix), "\(run.error ?? "")")
        }
        #expect(runs.first?.error?.contains("internal error for [redacted]") == true, "\(runs.first?.error ?? "")")
    }
}

/// A value behind a lock, for the servers' handlers (they run on threads of their own).
final class NSLockedValue<Value>: @unchecked Sendable {  // every access holds the lock
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
