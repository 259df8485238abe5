import Foundation

@testable import PostHogSimulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A simulator running in-process on a free port, and a tiny client for it.
struct SimHarness {
    let simulator: Simulator
    let serving: Task<Void, Error>
    let base: String
    static let key = APIKey.localDefault.secret
    /// 2026-06-01T00:00:00Z, so generated data does not depend on the day tests run.
    static let now: Micros = 1_780_272_000_000_000

    static func start(_ configure: (inout SimulatorConfiguration) -> Void = { _ in }) async throws -> SimHarness {
        var configuration = SimulatorConfiguration()
        configuration.definitions = 306
        configuration.now = now
        configuration.ratePerMinute = 0
        configuration.ratePerHour = 0
        configure(&configuration)
        let simulator = try makeSimulator(configuration: configuration)
        let serving = Task { try await simulator.run() }
        try await simulator.waitUntilListening()
        return SimHarness(simulator: simulator, serving: serving, base: await simulator.baseURL)
    }

    func stop() async {
        await simulator.stop()
        serving.cancel()
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var data: Data
        var json: Any? { try? JSONSerialization.jsonObject(with: data) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        // Generous: simulators in this process share two cooperative threads with every other test running.
        configuration.timeoutIntervalForRequest = 180
        return URLSession(configuration: configuration)
    }()

    @discardableResult
    func send(
        _ method: String, _ path: String, json body: Any? = nil, key: String? = SimHarness.key,
        headers: [String: String] = [:]
    ) async throws -> Reply {
        let url = path.hasPrefix("http") ? URL(string: path)! : URL(string: base + path)!
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        var headerMap: [String: String] = [:]
        for (name, value) in http.allHeaderFields { headerMap[String(describing: name).lowercased()] = String(describing: value) }
        return Reply(status: http.statusCode, headers: headerMap, data: data)
    }

    func get(_ path: String, key: String? = SimHarness.key) async throws -> Reply { try await send("GET", path, key: key) }

    /// Every definition, walking `next` from the first page.
    func crawl(_ first: String = "/api/projects/@current/event_definitions/?limit=100") async throws -> (
        pages: [Int], results: [[String: Any]]
    ) {
        var url: String? = first
        var pages: [Int] = []
        var results: [[String: Any]] = []
        while let next = url {
            let reply = try await get(next)
            let page = reply.object["results"] as? [[String: Any]] ?? []
            pages.append(page.count)
            results += page
            url = reply.object["next"] as? String
        }
        return (pages, results)
    }

    /// A definition's id by name, via the export route.
    func export() async throws -> [[String: Any]] {
        try await get("/_sim/export").json as? [[String: Any]] ?? []
    }
}

func envelope(_ reply: SimHarness.Reply) -> [String: String?] {
    var result: [String: String?] = [:]
    for key in ["type", "code", "detail", "attr"] { result[key] = reply.object[key] as? String }
    return result
}

/// Runs `body` against a fresh simulator and always stops it.
func withSimulator(
    _ configure: (inout SimulatorConfiguration) -> Void = { _ in },
    _ body: (SimHarness) async throws -> Void
) async throws {
    let harness = try await SimHarness.start(configure)
    do {
        try await body(harness)
    } catch {
        await harness.stop()
        throw error
    }
    await harness.stop()
}
