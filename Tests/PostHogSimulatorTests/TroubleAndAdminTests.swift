import Foundation
import Testing

@testable import PostHogSimulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Faults, churn, admin routes and the executable.
@Suite struct TroubleAndAdminTests {
    static let path = "/api/projects/@current/event_definitions/"

    @Test func itListensOnLoopbackOnly() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        guard case .ip4(let host, let port)? = await sim.simulator.server.listeningAddress else {
            Issue.record("not listening on IPv4")
            return
        }
        #expect(host == "127.0.0.1" && port > 0)
    }

    /// The simulator's side of this process's open connections to `port` (TCP sockets bound to it that are not
    /// listening), each with whether Nagle's algorithm is off on it.
    static func serverSides(port: UInt16) -> [Bool] {
        var result: [Bool] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            guard let fd = Int32(entry) else { continue }
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard named == 0, address.sin_family == sa_family_t(AF_INET), UInt16(bigEndian: address.sin_port) == port else { continue }
            var value: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &value, &size) == 0, value == 0 else { continue }
            guard getsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &size) == 0 else { continue }
            result.append(value != 0)
        }
        return result
    }

    @Test func itAnswersWithoutWaitingForTheClientsAcknowledgement() async throws {
        try await withSimulator { sim in
            guard case .ip4(_, let port)? = await sim.simulator.server.listeningAddress else {
                Issue.record("not listening on IPv4")
                return
            }
            // A head and a small body written apart must not wait on a delayed ACK (40 ms a reply on Linux).
            #expect(try await sim.get(Self.path + "?limit=1").status == 200)
            // The connection stays open (keep-alive); the server turns Nagle off once it waits on it.
            var sides = Self.serverSides(port: port)
            var waits = 0
            while sides.isEmpty || sides.contains(false), waits < 6_000 {
                try await Task.sleep(for: .milliseconds(10))
                sides = Self.serverSides(port: port)
                waits += 1
            }
            #expect(!sides.isEmpty && !sides.contains(false), "server-side sockets and whether each has TCP_NODELAY: \(sides)")
        }
    }

    @Test func faultsAreDeterministicForASeed() async throws {
        func statuses(seed: UInt64) async throws -> [Int] {
            var result: [Int] = []
            try await withSimulator({
                $0.seed = seed; $0.faults = try! FaultSpec(spec: "500=0.2,503=0.2,malformed=0.1")
            }) { sim in
                for _ in 0..<30 {
                    let reply = try await sim.get(Self.path + "?limit=1")
                    result.append(reply.status == 200 && reply.json == nil ? -1 : reply.status)
                }
            }
            return result
        }
        let first = try await statuses(seed: 9)
        #expect(first == (try await statuses(seed: 9)))
        #expect(first.contains(500) && first.contains(503) && first.contains(-1) && first.contains(200))
    }

    @Test func droppedAndTruncatedResponsesFailTheClient() async throws {
        try await withSimulator({ $0.faults = try! FaultSpec(spec: "drop=0.5,truncate=0.5") }) { sim in
            var failures = 0
            for _ in 0..<4 {
                do { _ = try await sim.get(Self.path) } catch { failures += 1 }
            }
            #expect(failures == 4)
            let stats = try await sim.get("/_sim/stats").object
            #expect((stats["routes"] as? [String: [String: Int]])?["GET list"]?["0"] == 4)
        }
    }

    @Test func churnCreatesAndDeletesWhileListing() async throws {
        try await withSimulator({ $0.churnPerRequest = 5 }) { sim in
            let before = Set(try await sim.export().map { $0["id"] as! String })
            _ = try await sim.get(Self.path + "?limit=10")
            let after = Set(try await sim.export().map { $0["id"] as! String })
            #expect(after.subtracting(before).count == 5)
            #expect(before.subtracting(after).count >= 1)
        }
    }

    @Test func exportMatchesACrawlAndResetRestores() async throws {
        try await withSimulator { sim in
            let exported = try await sim.export()
            let crawled = try await sim.crawl().results
            #expect(Set(exported.map { $0["id"] as! String }) == Set(crawled.map { $0["id"] as! String }))
            _ = try await sim.send("POST", Self.path, json: ["name": "made_in_test"])
            #expect(try await sim.export().count == 307)
            #expect(try await sim.send("POST", "/_sim/reset").object["definitions"] as? Int == 306)
            #expect(try await sim.export().count == 306)
        }
    }

    @Test func generatedProjectsAreRealisticAndDeterministic() {
        let now = SimHarness.now
        let a = ProjectGenerator(count: 5_000, seed: 4, now: now).generate()
        #expect(a == ProjectGenerator(count: 5_000, seed: 4, now: now).generate())
        #expect(Set(a.map(\.name)).count == 5_000, "names are unique per project")
        #expect(a.contains { $0.name == "$pageview" } && a.contains { $0.name == "Application Opened" })
        let share = { (predicate: (SimDefinition) -> Bool) in Double(a.filter(predicate).count) / Double(a.count) }
        #expect((0.3...0.6).contains(share { $0.ownerID == nil }))
        #expect((0.02...0.2).contains(share { $0.verified == true }))
        #expect((0.01...0.12).contains(share { $0.hidden == true }))
        #expect((0.03...0.12).contains(share { $0.lastSeenAt == nil }))
        #expect(share { $0.name.contains(where: \.isNumber) } > 0.05, "dynamic names come in clusters")
        #expect(a.contains { $0.enforcementMode == "reject" })
        #expect(a.allSatisfy { ($0.createdAt ?? 0) <= ($0.lastSeenAt ?? .max) })
        // The same seed a day later is the same project: same ids and names, times moved by the day
        let day: Int64 = 86_400_000_000
        let later = ProjectGenerator(count: 5_000, seed: 4, now: now + day).generate()
        #expect(later.map(\.id) == a.map(\.id) && later.map(\.name) == a.map(\.name))
        #expect(zip(later, a).allSatisfy { $0.createdAt.map { $0 - day } == $1.createdAt })
    }

    @Test func executablePrintsItsAddressAndStopsOnSIGTERM() async throws {
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(
            "posthog-sim")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--port", "0", "--definitions", "50"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasPrefix("listening on http://127.0.0.1:"))
        let url = URL(
            string: text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "listening on ", with: "") + Self.path)!
        var request = URLRequest(url: url)
        request.setValue("Bearer \(APIKey.localDefault.secret)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await SimHarness.session.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
